//! `del_contact_group`: deletes one contact group of `From_Account` a call (51009 when it has no
//! group of that name); its conversations stay in the list and keep their marks.

use im_proto::recentcontact::del_contact_group::{GroupItem, Request, Response};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DelContactGroup;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let [name] = request.group_name.as_slice() else {
        let n = request.group_name.len();
        let info = format!("GroupName holds {n} names: one group a call");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    };
    let mut contacts = shared.contacts.lock();
    let mine = contacts.of_mut(me);
    let Some(at) = mine.group(name) else {
        let info = format!("{me:?} has no contact group {name:?}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_GROUP_NOT_FOUND, info);
    };
    let gone = mine.groups.remove(at);
    drop(contacts);
    let item = GroupItem::new(&*gone.name, i64::from(gone.id));
    ok::<Response>(|r| r.group_item = Some(vec![item]))
}
