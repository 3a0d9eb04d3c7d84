//! `friend_add`: adds each `To_Account` to `From_Account`'s friend table (and, `Add_Type_Both`,
//! the default, the reverse). Per item, in this order: 30001 for oneself or an existing
//! friend, 30003 for an unknown account, 30515 / 30525 for a blocklist either way, 30009 when
//! `From_Account` is barred from adding friends, then (without `ForceAddFlags`) the target's
//! `AllowType`: `DenyAny` 30516, `NeedConfirm` (also when unset) a pending request, 30539;
//! 30010 / 30014 for a full table, 30011 for a 33rd list. Sends `Sns.CallbackFriendAdd` (page
//! 1047/34359: a REST `friend_add` triggers it) with the friendships added, `ClientCmd`
//! `friend_add`, the admin that signed the call (empty for a client's request) and
//! `ForceFlag`.
//!
//! A simulated client's request (never a REST call: page 1047/43468) first asks the app
//! (`Sns.CallbackPrevFriendAdd`, from the client's origin): an item its answer refuses gets
//! the answer's code and text and is not added; a failed answer lets every item through.

use im_proto::sns::friend_add::{AddFriendItem, AddType, Request, Response, ResultItem};
use im_proto::{AdminForbidType, AllowType, Api, ErrorCode, ProfileTag, ProfileValue};

use im_callback::sns::{FriendItem, PrevFriendAdd};

use crate::callbacks::{BeforeAnswer, CALLBACK_FAILED};
use crate::exchange::{Answer, Route};
use crate::relation_calls::{
    NOT_FOUND_INFO, exists, failed, from_account, now, ok, pairs, succeeded,
};
use crate::relations::{Friend, FriendData, Id, Relations};
use crate::shared::Shared;
use crate::state::Store;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    // Asked before the locks are taken: the app has up to 2 s.
    let refused = match route.client {
        Some(_) => before_add(shared, &request, route),
        None => Vec::new(),
    };
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(
        Api::FriendAdd,
        &store,
        &mut relations,
        &request.from_account,
    ) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let both = !matches!(request.add_type, Some(AddType::Single));
    let forced = request.force_add_flags == Some(true);
    let time = now(shared);
    let items: Vec<ResultItem> = request
        .add_friend_item
        .iter()
        .map(|item| {
            let to = item.to_account.as_str();
            if let Some(refusal) = refused.iter().find(|r| r.to_account == to) {
                return refusal.clone();
            }
            let (code, info) = add_one(&store, &mut relations, from, item, both, forced, time);
            ResultItem::new(to, code, info)
        })
        .collect();
    drop((store, relations));
    let results = || items.iter().map(|i| (i.to_account.as_str(), i.result_code));
    let added = pairs(
        request.from_account.as_str(),
        succeeded(results()),
        both,
        true,
    );
    if shared.callbacks.enabled() && !added.is_empty() {
        let mut event = im_callback::sns::FriendAdd::default();
        event.pair_list = Some(added);
        event.client_cmd = Some("friend_add".to_owned());
        let admin = super::sender(shared, None, route);
        event.admin_account = Some(route.client.map_or(admin, |_| "").to_owned());
        event.force_flag = Some(u32::from(forced));
        event.event_time = Some(shared.clock.now().saturating_mul(1000));
        shared.callbacks.after(event, route.origin());
    }
    let fail = failed(results());
    ok::<Response>(|r| {
        r.result_item = Some(items);
        r.fail_account = fail;
    })
}

/// `Sns.CallbackPrevFriendAdd` for a client's request: the items the app refused, as
/// answered (every item refused with 80003 when the app failed and the emulator blocks).
fn before_add(shared: &Shared, request: &Request, route: Route) -> Vec<ResultItem> {
    let mut event = PrevFriendAdd::default();
    event.requester_account = Some(request.from_account.as_str().to_owned());
    event.from_account = request.from_account.as_str().to_owned();
    let items = request.add_friend_item.iter().map(|item| {
        let mut wire = FriendItem::default();
        wire.to_account = item.to_account.as_str().to_owned();
        wire.remark.clone_from(&item.remark);
        wire.group_name.clone_from(&item.group_name);
        wire.add_source = Some(item.add_source.clone());
        wire.add_wording.clone_from(&item.add_wording);
        wire
    });
    event.friend_item = Some(items.collect());
    let single = matches!(request.add_type, Some(AddType::Single));
    let add_type = if single {
        "Add_Type_Single"
    } else {
        "Add_Type_Both"
    };
    event.add_type = Some(add_type.to_owned());
    event.force_add_flags = Some(0);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    let answer = shared.callbacks.before(event, &route.origin());
    let accounts = request
        .add_friend_item
        .iter()
        .map(|i| i.to_account.as_str());
    match answer {
        BeforeAnswer::Reply(reply) => accounts
            .filter_map(|to| {
                let item = reply.result_item.iter().find(|i| i.to_account == to)?;
                (!reply.allows(to)).then(|| {
                    let code = ErrorCode::new(item.result_code);
                    ResultItem::new(to, code, item.result_info.clone())
                })
            })
            .collect(),
        BeforeAnswer::Failed { block: true } => accounts
            .map(|to| ResultItem::new(to, CALLBACK_FAILED, "the friend request callback failed"))
            .collect(),
        _ => Vec::new(),
    }
}

/// The profile value of `tag` for `user`, as text.
fn profile_text(store: &Store, user: &str, tag: &ProfileTag) -> Option<String> {
    match store.accounts.get(user)?.get(tag)? {
        ProfileValue::Str(s) => Some(s.clone()),
        _ => None,
    }
}

/// One item: its code and error text (0 and empty when added).
fn add_one(
    store: &Store,
    relations: &mut Relations,
    from: Id,
    item: &AddFriendItem,
    both: bool,
    forced: bool,
    time: u32,
) -> (ErrorCode, &'static str) {
    let to = match admissible(store, relations, from, item, both, forced) {
        Ok(to) => to,
        Err(refusal) => return refusal,
    };
    let forward = !relations.is_friend(from, to);
    let reverse = both && !relations.is_friend(to, from);
    let lists = match room(relations, (from, forward), (to, reverse), item) {
        Ok(lists) => lists,
        Err(refusal) => return refusal,
    };
    let source = relations.source_id(&item.add_source);
    if forward {
        let data = (item.remark.is_some() || item.add_wording.is_some()).then(|| {
            Box::new(FriendData {
                remark: item.remark.clone().unwrap_or_default(),
                wording: item.add_wording.clone().unwrap_or_default(),
                ..FriendData::default()
            })
        });
        let friend = Friend {
            to,
            add_time: time,
            source,
            lists,
            data,
        };
        relations.add_friend(from, friend);
    }
    if reverse {
        let friend = Friend {
            to: from,
            add_time: time,
            source,
            lists: 0,
            data: None,
        };
        relations.add_friend(to, friend);
    }
    (ErrorCode::OK, "")
}

/// The checks of the page's order up to the target's consent: the target, or the refusal
/// (a request that needs consent is recorded pending and refused 30539).
fn admissible(
    store: &Store,
    relations: &mut Relations,
    from: Id,
    item: &AddFriendItem,
    both: bool,
    forced: bool,
) -> Result<Id, (ErrorCode, &'static str)> {
    let to_name = item.to_account.as_str();
    if to_name == relations.name(from) {
        return Err((
            ErrorCode::SNS_INVALID_PARAMETERS,
            "Err_SNS_FriendAdd_Add_Self",
        ));
    }
    if !exists(store, to_name) {
        return Err((ErrorCode::SNS_ACCOUNT_NOT_FOUND, NOT_FOUND_INFO));
    }
    let to = relations.intern(to_name);
    if relations.is_friend(from, to) && (!both || relations.is_friend(to, from)) {
        return Err((
            ErrorCode::SNS_INVALID_PARAMETERS,
            "Err_SNS_FriendAdd_Friend_Exist",
        ));
    }
    if relations.is_blocked(from, to) {
        return Err((
            ErrorCode::FRIEND_ADD_PEER_BLOCKED,
            "Err_SNS_FriendAdd_Peer_In_My_BlackList",
        ));
    }
    if relations.is_blocked(to, from) {
        return Err((
            ErrorCode::FRIEND_ADD_BLOCKED_BY_PEER,
            "Err_SNS_FriendAdd_I_In_Peer_BlackList",
        ));
    }
    let from_name = relations.name(from).to_owned();
    let forbid = profile_text(store, &from_name, &ProfileTag::AdminForbidType);
    if forbid.as_deref() == Some(AdminForbidType::SendOut.as_str()) {
        return Err((
            ErrorCode::FRIEND_ADD_FORBIDDEN,
            "Err_SNS_FriendAdd_Forbidden",
        ));
    }
    if !forced {
        let allow = profile_text(store, to_name, &ProfileTag::AllowType);
        if allow.as_deref() == Some(AllowType::DenyAny.as_str()) {
            return Err((
                ErrorCode::FRIEND_ADD_DENIED_BY_PEER,
                "Err_SNS_FriendAdd_Peer_Deny_Any",
            ));
        }
        if allow.as_deref() != Some(AllowType::AllowAny.as_str()) {
            relations.add_pending(from, to);
            return Err((ErrorCode::FRIEND_ADD_PENDING, "Err_SNS_FriendAdd_Pending"));
        }
    }
    Ok(to)
}

/// Room for the new entries (each side's table, when it gains one) and the friend list the
/// item names (created when new): its bit, or the refusal.
fn room(
    relations: &mut Relations,
    (from, forward): (Id, bool),
    (to, reverse): (Id, bool),
    item: &AddFriendItem,
) -> Result<u32, (ErrorCode, &'static str)> {
    if forward && relations.friend_count(from) >= im_proto::MAX_FRIENDS {
        return Err((
            ErrorCode::FRIEND_LIMIT_OWN,
            "Err_SNS_FriendAdd_My_Friend_Num_Exceed_Threshold",
        ));
    }
    if reverse && relations.friend_count(to) >= im_proto::MAX_FRIENDS {
        return Err((
            ErrorCode::FRIEND_LIMIT_PEER,
            "Err_SNS_FriendAdd_Peer_Friend_Num_Exceed_Threshold",
        ));
    }
    match &item.group_name {
        Some(name) => relations.list_index(from, name).map(|i| 1 << i).ok_or((
            ErrorCode::FRIEND_GROUP_LIMIT,
            "Err_SNS_FriendAdd_Group_Num_Exceed_Threshold",
        )),
        None => Ok(0),
    }
}
