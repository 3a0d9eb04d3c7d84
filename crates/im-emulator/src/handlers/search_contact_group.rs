//! `search_contact_group`: of the conversations asked (at most 300, else 50002), those of
//! `From_Account` that have a mark or a group, with them, and every contact group of the
//! account. A conversation naming no peer or group is refused with 50002.

use im_proto::recentcontact::search_contact_group::{
    ContactResultItem, GroupItem, Request, Response,
};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::{AccountContacts, Conv};
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::SearchContactGroup;

/// The most conversations of a call.
const MAX_ITEMS: usize = 300;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let n = request.contact_item.len();
    if n > MAX_ITEMS {
        let info = format!("ContactItem holds {n} conversations, more than {MAX_ITEMS}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    }
    let mut asked = Vec::with_capacity(n);
    for c in &request.contact_item {
        match Conv::of(c.type_, c.to_account.as_deref(), c.to_group_id.as_deref()) {
            Ok(conv) => asked.push(conv),
            Err(info) => {
                return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
            }
        }
    }
    let contacts = shared.contacts.lock();
    let empty = AccountContacts::default();
    let mine = contacts.of(me).unwrap_or(&empty);
    let tagged = mine.tagged();
    let found: Vec<ContactResultItem> = asked
        .iter()
        .filter_map(|conv| {
            let &(_, time) = tagged.iter().find(|(c, _)| *c == conv)?;
            let (kind, account, group) = conv.parts();
            let mut item = ContactResultItem::new(kind);
            item.to_account = account;
            item.to_group_id = group;
            if let Some(mark) = mine.marks.get(conv) {
                item.standard_mark = mark.standard_text();
                item.custom_mark = (!mark.custom.is_empty()).then(|| mark.custom.to_string());
            }
            let ids = mine.group_ids(conv);
            item.contact_group_id = (!ids.is_empty()).then_some(ids);
            item.timestamp = Some(time as i64);
            Some(item)
        })
        .collect();
    let groups = mine.groups.iter();
    let groups: Vec<GroupItem> = groups
        .map(|g| GroupItem::new(&*g.name, i64::from(g.id)))
        .collect();
    drop(contacts);
    ok::<Response>(|r| {
        r.contact_result_item = Some(found);
        r.group_item = Some(groups);
    })
}
