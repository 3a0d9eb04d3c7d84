//! `delete_group_member`: removes up to 100 members; an account that is not a member still
//! succeeds (a resend is safe), the owner cannot be removed (10004). An AVChatRoom answers
//! 10004 (not 10007: the page says to mute instead).

use im_proto::group::delete_group_member::{Request, Response};
use im_proto::group_types::MemberRole;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group, interned, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DeleteGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match delete(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn delete(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.member_to_del_account);
    let g = group(API, &groups, &request.group_id)?;
    if !g.kind.stores_members() {
        let info = format!("a {} group keeps no members: mute instead", g.kind);
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    if ids.iter().any(|&id| g.role(id) == Some(MemberRole::Owner)) {
        return Err(refuse(
            API,
            ErrorCode::GROUP_INVALID_PARAMETERS,
            "the owner cannot be removed",
        ));
    }
    let slot = groups.slot(&request.group_id).expect("found above");
    for id in ids {
        groups.leave(slot, id);
    }
    Ok(())
}
