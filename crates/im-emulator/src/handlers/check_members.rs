//! `check_members`: the requested accounts that are in a live group's online list (beyond the
//! 1,000 newest too), in the request's order. Ultimate or Enterprise (10007 otherwise); 10007
//! for a group that is not an AVChatRoom.

use im_proto::Api;
use im_proto::live_group::check_members::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, live_group};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::CheckMembers;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match present(shared, &request) {
        Ok(found) => ok::<Response>(|r| r.member_account = Some(found)),
        Err(answer) => answer,
    }
}

fn present(shared: &Shared, request: &Request) -> Result<Vec<String>, Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let ids: Vec<Option<u32>> = request
        .member_account
        .iter()
        .map(|a| groups.account(a.as_str()))
        .collect();
    let g = live_group(shared, (API, true), &mut groups, &request.group_id)?;
    let live = g.live.as_deref();
    let found = request
        .member_account
        .iter()
        .zip(ids)
        .filter(|(_, id)| id.is_some_and(|id| live.is_some_and(|l| l.entry(id).is_some())))
        .map(|(account, _)| account.as_str().to_owned())
        .collect();
    Ok(found)
}
