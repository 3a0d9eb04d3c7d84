//! `change_group_owner`: makes a member the owner; the old owner stays as an ordinary member.
//! Not for AVChatRoom (10007); the new owner must be a member (10004); a `From_Account`, when
//! given, must be the owner (10007). Sends `Group.CallbackAfterChangeGroupOwner` (page
//! 1047/60396: an admin's REST transfer triggers it) with the old and new owner, when the owner
//! changed (making the owner the owner again changes nothing).

use im_proto::group::change_group_owner::{Request, Response};
use im_proto::group_types::MemberRole;
use im_proto::{Api, ErrorCode};

use im_callback::group::{AfterChangeGroupOwner, GroupType};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{group_mut, refuse, stores_members};
use crate::groups::role_code;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ChangeGroupOwner;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match change(shared, &request) {
        Ok(changed) => {
            if let Some((kind, old)) = changed.filter(|_| shared.callbacks.enabled()) {
                let mut event = AfterChangeGroupOwner::default();
                event.group_id.clone_from(&request.group_id);
                event.group_type = Some(GroupType::from(kind.as_str()));
                let operator = request.from_account.as_ref();
                event.operator_account = Some(super::sender(shared, operator, route).to_owned());
                event.old_owner_account = old;
                event.new_owner_account = Some(request.new_owner_account.as_str().to_owned());
                event.event_time = Some(shared.clock.now().saturating_mul(1000));
                shared.callbacks.after(event, Origin::rest());
            }
            ok::<Response>(|_| {})
        }
        Err(answer) => answer,
    }
}

/// The group's type and its previous owner, when the owner changed.
type Changed = Option<(im_proto::group_types::GroupType, Option<String>)>;

fn change(shared: &Shared, request: &Request) -> Result<Changed, Answer> {
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
    let previous = g.owner;
    if let Some(old) = g.owner.and_then(|o| g.member_mut(o)) {
        old.role = role_code(&MemberRole::Member);
    }
    if let Some(m) = g.member_mut(new) {
        m.role = role_code(&MemberRole::Owner);
    }
    g.owner = Some(new);
    g.touch(shared.clock.now());
    if previous == Some(new) {
        return Ok(None);
    }
    let kind = g.kind.clone();
    let old = previous.map(|o| groups.name(o).to_owned());
    Ok(Some((kind, old)))
}
