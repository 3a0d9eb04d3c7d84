//! `get_contact_group`: `From_Account`'s contact groups (every page) and its conversations that
//! have a mark or a group, sorted (one-to-one first, then by name), 100 a page from
//! `StartIndex`; `NextStartIndex` 0 and `CompleteFlag` 1 on the last page.

use im_proto::recentcontact::get_contact_group::{ContactItem, GroupItem, Request, Response};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::AccountContacts;
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetContactGroup;

/// The most conversations of a page.
const PAGE: usize = 100;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let Ok(start) = usize::try_from(request.start_index) else {
        let info = format!("StartIndex {} is negative", request.start_index);
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    };
    let contacts = shared.contacts.lock();
    let empty = AccountContacts::default();
    let mine = contacts.of(me).unwrap_or(&empty);
    let tagged = mine.tagged();
    let page: Vec<ContactItem> = tagged
        .iter()
        .skip(start)
        .take(PAGE)
        .map(|&(conv, time)| {
            let (kind, account, group) = conv.parts();
            let mut item = ContactItem::new(kind);
            item.to_account = account;
            item.to_group_id = group;
            if let Some(mark) = mine.marks.get(conv) {
                item.standard_mark = mark.standard_text();
                item.custom_mark = (!mark.custom.is_empty()).then(|| mark.custom.to_string());
            }
            let ids = mine.group_ids(conv);
            item.contact_group_id = (!ids.is_empty()).then_some(ids);
            item.timestamp = Some(time as i64);
            item
        })
        .collect();
    let groups = mine.groups.iter();
    let groups: Vec<GroupItem> = groups
        .map(|g| GroupItem::new(&*g.name, i64::from(g.id)))
        .collect();
    let next = start.saturating_add(page.len());
    let complete = next >= tagged.len();
    drop(contacts);
    ok::<Response>(|r| {
        r.contact_item = Some(page);
        r.group_item = Some(groups);
        r.complete_flag = Some(i64::from(complete));
        r.next_start_index = Some(if complete { 0 } else { next as i64 });
    })
}
