//! `get_online_member_num` (the community online count): the members of the group whose online
//! state is `Online`. The page's type table lists every type (the 2026 INTL copy: Community only);
//! the emulator answers for any group that keeps members. The service refreshes a community's
//! count every 4 minutes; the emulator counts at the call.

use std::collections::HashSet;

use im_proto::Api;
use im_proto::OnlineStatus;
use im_proto::community::get_online_member_num::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::members_in;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetOnlineMemberNum;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let online: HashSet<String> = shared
        .store
        .read()
        .online
        .iter()
        .filter(|(_, state)| state.status == OnlineStatus::Online)
        .map(|(name, _)| name.clone())
        .collect();
    let groups = shared.groups.lock();
    let group = match members_in(API, &groups, &request.group_id) {
        Ok(group) => group,
        Err(answer) => return answer,
    };
    let count = group
        .members
        .iter()
        .filter(|m| online.contains(groups.name(m.account)))
        .count();
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    ok::<Response>(|r| r.online_member_num = Some(count))
}
