//! `change_group_owner`: makes a member the owner; the old owner stays as an ordinary member.
//! Not for AVChatRoom (10007); the new owner must be a member (10004); a `From_Account`, when
//! given, must be the owner (10007).

use im_proto::group::change_group_owner::{Request, Response};
use im_proto::group_types::MemberRole;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{group_mut, refuse, stores_members};
use crate::groups::role_code;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ChangeGroupOwner;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match change(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn change(shared: &Shared, request: &Request) -> Result<(), Answer> {
    let mut groups = shared.groups.lock();
    let new = groups.intern(request.new_owner_account.as_str());
    let from = request
        .from_account
        .as_ref()
        .map(|f| groups.intern(f.as_str()));
    let g = group_mut(API, &mut groups, &request.group_id)?;
    stores_members(API, g)?;
    if from.is_some_and(|f| g.owner != Some(f)) {
        let info = "From_Account is not the group's owner";
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    if g.member(new).is_none() {
        let info = format!(
            "{:?} is not a member of the group",
            request.new_owner_account.as_str()
        );
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    if let Some(old) = g.owner.and_then(|o| g.member_mut(o)) {
        old.role = role_code(&MemberRole::Member);
    }
    if let Some(m) = g.member_mut(new) {
        m.role = role_code(&MemberRole::Owner);
    }
    g.owner = Some(new);
    g.touch(shared.clock.now());
    Ok(())
}
