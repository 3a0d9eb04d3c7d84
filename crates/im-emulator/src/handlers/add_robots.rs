//! `add_robots`: pins robot accounts (create_robot's, still active) in a live group's online
//! list with the special mark 500, whatever their online state; 10004 naming an account that
//! is not one (nothing added). Ultimate or Enterprise (10007 otherwise); 10007 for a group that
//! is not an AVChatRoom.

use im_proto::Api;
use im_proto::live_group::add_robots::{Request, Response};
use im_proto::live_group::modify_user_info::MARK_ALWAYS_ONLINE;

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, interned, live_group, live_robots};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::AddRobots;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match add(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn add(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    live_robots(
        shared,
        (API, true),
        &request.group_id,
        &request.member_account,
    )?;
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.member_account);
    let g = live_group(shared, (API, true), &mut groups, &request.group_id)?;
    let live = g.live_mut();
    for id in ids {
        let entry = live.pin(id, now);
        if !entry.has(MARK_ALWAYS_ONLINE) {
            entry.marks.push(MARK_ALWAYS_ONLINE);
        }
    }
    Ok(())
}
