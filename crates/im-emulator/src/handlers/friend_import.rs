//! `friend_import`: puts each `To_Account` into `From_Account`'s friend table, one way, with
//! its data (times, lists, remark, custom fields), without any consent or blocklist check. Per
//! item: 30001 for oneself, an existing friend or a malformed custom tag, 30003 for an unknown
//! account, 30010 for a full table, 30011 for a 33rd list.

use im_proto::sns::friend_import::{ImportFriendItem, Request, Response, ResultItem};
use im_proto::{Api, ErrorCode, check_custom_sns_tag};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, failed, from_account, now, ok};
use crate::relations::{Friend, FriendData, Id, Relations, secs};
use crate::shared::Shared;
use crate::state::Store;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(
        Api::FriendImport,
        &store,
        &mut relations,
        &request.from_account,
    ) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let time = now(shared);
    let items: Vec<ResultItem> = request
        .add_friend_item
        .into_iter()
        .map(|item| {
            let to = item.to_account.to_string();
            let (code, info) = import_one(&store, &mut relations, from, item, time);
            ResultItem::new(to, code, info)
        })
        .collect();
    let fail = failed(items.iter().map(|i| (i.to_account.as_str(), i.result_code)));
    ok::<Response>(|r| {
        r.result_item = Some(items);
        r.fail_account = fail;
    })
}

fn import_one(
    store: &Store,
    relations: &mut Relations,
    from: Id,
    item: ImportFriendItem,
    time: u32,
) -> (ErrorCode, &'static str) {
    let to_name = item.to_account.as_str();
    if to_name == relations.name(from) {
        return (
            ErrorCode::SNS_INVALID_PARAMETERS,
            "Err_SNS_FriendImport_Add_Self",
        );
    }
    if !exists(store, to_name) {
        return (ErrorCode::SNS_ACCOUNT_NOT_FOUND, NOT_FOUND_INFO);
    }
    let to = relations.intern(to_name);
    if relations.is_friend(from, to) {
        return (
            ErrorCode::SNS_INVALID_PARAMETERS,
            "Err_SNS_FriendImport_Friend_Exist",
        );
    }
    if relations.friend_count(from) >= im_proto::MAX_FRIENDS {
        return (
            ErrorCode::FRIEND_LIMIT_OWN,
            "Err_SNS_FriendImport_My_Friend_Num_Exceed_Threshold",
        );
    }
    let mut custom = Vec::new();
    for c in item.custom_item.into_iter().flatten() {
        let (tag, value) = (c.tag, c.value);
        if check_custom_sns_tag(&tag).is_err() {
            return (
                ErrorCode::SNS_INVALID_PARAMETERS,
                "Err_SNS_FriendImport_Invalid_CustomItem",
            );
        }
        custom.push((tag, value));
    }
    let mut lists = 0;
    for name in item.group_name.iter().flatten() {
        match relations.list_index(from, name) {
            Some(i) => lists |= 1 << i,
            None => {
                return (
                    ErrorCode::FRIEND_GROUP_LIMIT,
                    "Err_SNS_FriendImport_Group_Num_Exceed_Threshold",
                );
            }
        }
    }
    let data =
        (item.remark.is_some() || item.add_wording.is_some() || !custom.is_empty()).then(|| {
            Box::new(FriendData {
                remark: item.remark.unwrap_or_default(),
                wording: item.add_wording.unwrap_or_default(),
                custom,
            })
        });
    let source = relations.source_id(&item.add_source);
    let add_time = item.add_time.map_or(time, secs);
    relations.add_friend(
        from,
        Friend {
            to,
            add_time,
            source,
            lists,
            data,
        },
    );
    (ErrorCode::OK, "")
}
