//! `update_contact_group` (`UpdateType` 1): `UpdateGroupType` 1 renames `OldGroupName` to
//! `NewGroupName` (1 to 32 bytes, not taken: 51011), 2 adds (`ContactOptType` 1) and removes
//! (2) conversations, each with its own result (50002 for one that names no peer or group,
//! 51008 for one past the 1000 grouped conversations). 51009 when the group does not exist.

use im_proto::recentcontact::update_contact_group::{
    ContactResultItem, ContactUpdateItem, Request, Response, ResultContact, UpdateGroupResult,
};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::{AccountContacts, Conv};
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::UpdateContactGroup;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let update = &request.update_group;
    let kind = update.update_group_type;
    if request.update_type != 1 || !(1..=2).contains(&kind) {
        let info = format!(
            "UpdateType {} / UpdateGroupType {kind}: UpdateType is 1, UpdateGroupType 1 or 2",
            request.update_type
        );
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    }
    let now = shared.clock.now();
    let mut contacts = shared.contacts.lock();
    let mine = contacts.of_mut(me);
    let old = update.old_group_name.as_str();
    let Some(at) = mine.group(old) else {
        let info = format!("{me:?} has no contact group {old:?}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_GROUP_NOT_FOUND, info);
    };
    let mut results = Vec::new();
    if kind == 1 {
        let new = update.new_group_name.as_deref().unwrap_or("");
        let taken = mine.group(new).is_some_and(|i| i != at);
        if !AccountContacts::name_fits(new) || taken {
            let info = format!("NewGroupName {new:?} must be 1 to 32 bytes and not taken");
            return Answer::fail_for(API, ErrorCode::RECENTCONTACT_GROUP_NAME_INVALID, info);
        }
        mine.groups[at].name = new.into();
    } else {
        let items = update.contact_update_item.as_deref().unwrap_or(&[]);
        results = items.iter().map(|item| apply(mine, at, item)).collect();
    }
    mine.groups[at].time = now;
    let group = &mine.groups[at];
    let mut result = UpdateGroupResult::new(kind, &*group.name, i64::from(group.id));
    result.old_group_name = Some(old.to_owned());
    result.contact_result_item = Some(results);
    drop(contacts);
    ok::<Response>(|r| {
        r.update_type = Some(1);
        r.update_group_result = Some(result);
    })
}

/// Adds or removes one conversation of group `at`; its result.
fn apply(mine: &mut AccountContacts, at: usize, item: &ContactUpdateItem) -> ContactResultItem {
    let c = &item.contact_item;
    let mut contact = ResultContact::new(c.type_);
    contact.to_account = c.to_account.clone();
    contact.to_group_id = c.to_group_id.clone();
    let outcome = Conv::of(c.type_, c.to_account.as_deref(), c.to_group_id.as_deref())
        .map_err(|info| (ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info))
        .and_then(|conv| match item.contact_opt_type {
            1 if mine.grouping_full(&conv) => Err((
                ErrorCode::RECENTCONTACT_TOO_MANY_CONVERSATIONS,
                "1000 conversations are in contact groups already".to_owned(),
            )),
            1 => {
                mine.groups[at].members.insert(conv);
                Ok(())
            }
            2 => {
                mine.groups[at].members.remove(&conv);
                Ok(())
            }
            other => Err((
                ErrorCode::RECENTCONTACT_INVALID_PARAMETERS,
                format!("ContactOptType {other} is neither 1 (add) nor 2 (remove)"),
            )),
        });
    let (code, info) = outcome.map_or_else(|e| e, |()| (ErrorCode::OK, String::new()));
    let mut result = ContactResultItem::new(item.contact_opt_type, contact, code);
    result.result_info = Some(info);
    result
}
