//! `create_contact_group`: one contact group of `From_Account` a call, with its conversations.
//! At most 20 groups (51010); a name of 1 to 32 bytes not taken yet (51011); the conversations
//! in the account's groups at most 1000 together (51008, the whole call); a conversation that
//! names no peer or group gets 50002 as its own result. IDs count up from 1 per account.

use im_proto::recentcontact::create_contact_group::{
    GroupItem, GroupResultItem, Request, Response, ResultContact, ResultItem,
};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::{AccountContacts, Conv, MAX_CONVERSATIONS, MAX_GROUPS};
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::CreateContactGroup;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let [wanted] = request.group_contact_item.as_slice() else {
        let n = request.group_contact_item.len();
        let info = format!("GroupContactItem holds {n} groups: one group a call");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    };
    let name = wanted.group_name.as_str();
    let now = shared.clock.now();
    let mut contacts = shared.contacts.lock();
    let mine = contacts.of_mut(me);
    if !AccountContacts::name_fits(name) || mine.group(name).is_some() {
        let info = format!("GroupName {name:?} must be 1 to 32 bytes and not taken");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_GROUP_NAME_INVALID, info);
    }
    if mine.groups.len() >= MAX_GROUPS {
        let info = format!("{me:?} has {MAX_GROUPS} contact groups already");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_TOO_MANY_GROUPS, info);
    }
    let parsed: Vec<(i64, Option<String>, Option<String>, Result<Conv, String>)> = wanted
        .contact_item
        .iter()
        .map(|c| {
            let conv = Conv::of(c.type_, c.to_account.as_deref(), c.to_group_id.as_deref());
            (c.type_, c.to_account.clone(), c.to_group_id.clone(), conv)
        })
        .collect();
    let mut grouped = mine.grouped().len();
    let fresh: std::collections::BTreeSet<&Conv> = parsed
        .iter()
        .filter_map(|p| p.3.as_ref().ok())
        .filter(|c| !mine.grouped().contains(c))
        .collect();
    grouped += fresh.len();
    if grouped > MAX_CONVERSATIONS {
        let info =
            format!("{grouped} conversations in contact groups, more than {MAX_CONVERSATIONS}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_TOO_MANY_CONVERSATIONS, info);
    }
    let id = mine.add_group(name, now);
    let group = mine.groups.last_mut().expect("just added");
    let results = parsed
        .into_iter()
        .map(|(kind, account, group_id, conv)| {
            let mut contact = ResultContact::new(kind);
            contact.to_account = account;
            contact.to_group_id = group_id;
            let (code, info) = match conv {
                Ok(conv) => {
                    group.members.insert(conv);
                    (ErrorCode::OK, String::new())
                }
                Err(info) => (ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info),
            };
            let mut item = ResultItem::new(contact, code);
            item.result_info = Some(info);
            item
        })
        .collect();
    drop(contacts);
    let created = GroupResultItem::new(GroupItem::new(name, i64::from(id)), results);
    ok::<Response>(|r| r.group_result_item = Some(vec![created]))
}
