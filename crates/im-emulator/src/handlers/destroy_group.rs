//! `destroy_group`: dissolves a group of any type, with its members and history; a resend
//! after a success answers 10010 (the group no longer exists).

use im_proto::Api;
use im_proto::group::destroy_group::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::group;
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    if let Err(answer) = group(Api::DestroyGroup, &groups, &request.group_id) {
        return answer;
    }
    groups.remove(&request.group_id);
    ok::<Response>(|_| {})
}
