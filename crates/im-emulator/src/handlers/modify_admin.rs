//! `modify_admin`: makes accounts admins of a live group (`CommandType` 1) or no longer (2); an
//! account need not be in the group and stays admin across leaving. A set that would give the
//! group more than 5 admins is refused whole with 10004 (the page names no code of its own);
//! another `CommandType`: 10004. Ultimate or Enterprise (10007 otherwise); 10007 for a group
//! that is not an AVChatRoom.

use im_proto::live_group::modify_admin::{Request, Response};
use im_proto::{Api, Endpoint, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, interned, live_group, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyAdmin;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match modify(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn modify(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    if !matches!(request.command_type, 1 | 2) {
        let info = format!(
            "CommandType {} must be 1 (set) or 2 (cancel)",
            request.command_type
        );
        return Err(refuse(API, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info));
    }
    let max = Request::METADATA
        .items
        .map_or(usize::MAX, |items| items.max);
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.admin_account);
    let g = live_group(shared, (API, true), &mut groups, &request.group_id)?;
    let live = g.live_mut();
    if request.command_type == 2 {
        live.admins.retain(|a| !ids.contains(a));
        return Ok(());
    }
    let mut admins = live.admins.clone();
    for id in ids {
        if !admins.contains(&id) {
            admins.push(id);
        }
    }
    if admins.len() > max {
        let info = format!(
            "group {} would have {} admins, a live group has at most {max}",
            request.group_id,
            admins.len()
        );
        return Err(refuse(API, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info));
    }
    live.admins = admins;
    Ok(())
}
