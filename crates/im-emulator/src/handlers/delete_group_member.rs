//! `delete_group_member`: removes up to 100 members; an account that is not a member still
//! succeeds (a resend is safe), the owner cannot be removed (10004). An AVChatRoom answers
//! 10004 (not 10007: the page says to mute instead). Sends `Group.CallbackAfterMemberExit`
//! (page 1047/34373: a REST call triggers it) with `ExitType` `Kicked` and the members that
//! left, when any did.

use im_proto::group::delete_group_member::{Request, Response};
use im_proto::group_types::MemberRole;
use im_proto::{Api, ErrorCode};

use im_callback::MemberAccount;
use im_callback::group::{AfterMemberExit, GroupType};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group, interned, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DeleteGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match delete(shared, &request) {
        Ok((kind, left)) => {
            if shared.callbacks.enabled() && !left.is_empty() {
                let mut event = AfterMemberExit::default();
                event.group_id.clone_from(&request.group_id);
                event.group_type = Some(GroupType::from(kind.as_str()));
                event.exit_type = Some("Kicked".to_owned());
                event.operator_account = Some(super::sender(shared, None, route).to_owned());
                event.exit_member_list = Some(left);
                event.event_time = Some(shared.clock.now().saturating_mul(1000));
                shared.callbacks.after(event, Origin::rest());
            }
            ok::<Response>(|_| {})
        }
        Err(answer) => answer,
    }
}

/// Removes the members; the group's type and the members that left.
fn delete(
    shared: &Shared,
    request: &Request,
) -> Result<(im_proto::group_types::GroupType, Vec<MemberAccount>), Answer> {
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
    let kind = g.kind.clone();
    let slot = groups.slot(&request.group_id).expect("found above");
    let mut left = Vec::new();
    for id in ids {
        if groups.leave(slot, id) {
            left.push(MemberAccount::new(groups.name(id)));
        }
    }
    Ok((kind, left))
}
