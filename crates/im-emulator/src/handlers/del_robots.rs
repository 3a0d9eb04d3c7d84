//! `del_robots`: clears the special mark 500 of robot accounts in a live group's online list;
//! a robot that is not otherwise online leaves it. 10004 naming an account that is no robot
//! (nothing changed). Ultimate or Enterprise (10007 otherwise); 10007 for a group that is not
//! an AVChatRoom.

use im_proto::Api;
use im_proto::live_group::del_robots::{Request, Response};
use im_proto::live_group::modify_user_info::MARK_ALWAYS_ONLINE;

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, interned, live_group, live_robots};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DelRobots;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match delete(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn delete(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    live_robots(
        shared,
        (API, false),
        &request.group_id,
        &request.member_account,
    )?;
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.member_account);
    let g = live_group(shared, (API, true), &mut groups, &request.group_id)?;
    let live = g.live_mut();
    for id in ids {
        if let Some(entry) = live.entry_mut(id) {
            entry.marks.retain(|&m| m != MARK_ALWAYS_ONLINE);
        }
        live.unpin(id);
    }
    Ok(())
}
