//! `del_robots`: clears the special mark 500 of robot accounts in a live group's online list;
//! a robot that is not otherwise online leaves it. 10004 naming an account that is no robot
//! (nothing changed). Ultimate or Enterprise (10007 otherwise); 10007 for a group that is not
//! an AVChatRoom.

use im_proto::live_group::del_robots::{Request, Response};
use im_proto::live_group::modify_user_info::MARK_ALWAYS_ONLINE;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, interned, live_group, refuse};
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
    live_group(
        shared,
        (API, true),
        &mut shared.groups.lock(),
        &request.group_id,
    )?;
    {
        let store = shared.store.read();
        let not_robot = request.member_account.iter().find(|account| {
            store
                .account(account.as_str())
                .and_then(|a| a.robot)
                .is_none()
        });
        if let Some(account) = not_robot {
            let info = format!("{account} is not a robot account");
            return Err(refuse(API, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info));
        }
    }
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
