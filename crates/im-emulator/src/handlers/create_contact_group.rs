//! `create_contact_group`: one contact group of `From_Account` a call, with its conversations.
//! At most 20 groups (51010); a name of 1 to 32 bytes not taken yet (51011); the conversations
//! in the account's groups at most 1000 together (51008, the whole call); a conversation that
//! names no peer or group gets 50002 as its own result. IDs count up from 1 per account.

use std::collections::BTreeSet;

use im_proto::recentcontact::create_contact_group::{
    ContactItem, GroupItem, GroupResultItem, Request, Response, ResultContact, ResultItem,
};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::{AccountContacts, Conv, MAX_CONVERSATIONS, MAX_GROUPS};
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::CreateContactGroup;

/// A requested conversation: as the answer repeats it, and as the state names it.
struct Parsed {
    contact: ResultContact,
    conv: Result<Conv, String>,
}

fn parse(c: &ContactItem) -> Parsed {
    let mut contact = ResultContact::new(c.type_);
    contact.to_account = c.to_account.clone();
    contact.to_group_id = c.to_group_id.clone();
    let conv = Conv::of(c.type_, c.to_account.as_deref(), c.to_group_id.as_deref());
    Parsed { contact, conv }
}

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
    let parsed: Vec<Parsed> = wanted.contact_item.iter().map(parse).collect();
    let grouped = mine.grouped();
    let fresh: BTreeSet<&Conv> = parsed
        .iter()
        .filter_map(|p| p.conv.as_ref().ok())
        .filter(|c| !grouped.contains(c))
        .collect();
    let total = grouped.len() + fresh.len();
    drop(fresh);
    drop(grouped);
    if total > MAX_CONVERSATIONS {
        let info =
            format!("{total} conversations in contact groups, more than {MAX_CONVERSATIONS}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_TOO_MANY_CONVERSATIONS, info);
    }
    let id = mine.add_group(name, now);
    let group = mine.groups.last_mut().expect("just added");
    let results = parsed
        .into_iter()
        .map(|p| {
            let (code, info) = match p.conv {
                Ok(conv) => {
                    group.members.insert(conv);
                    (ErrorCode::OK, String::new())
                }
                Err(info) => (ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info),
            };
            let mut item = ResultItem::new(p.contact, code);
            item.result_info = Some(info);
            item
        })
        .collect();
    drop(contacts);
    let created = GroupResultItem::new(GroupItem::new(name, i64::from(id)), results);
    ok::<Response>(|r| r.group_result_item = Some(vec![created]))
}
