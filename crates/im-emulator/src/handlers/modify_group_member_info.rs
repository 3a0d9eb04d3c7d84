//! `modify_group_member_info`: one member's role (`Admin` appoints, `Member` dismisses; the
//! owner's role does not change and groups without admins take neither: 10004), `MsgFlag`,
//! `NameCard`, custom fields (an empty value deletes one) and `MuteTime` (seconds from now, 0
//! unmutes; a type that cannot mute: 10007). The account must be a member (10004); not for
//! AVChatRoom (10007). Sends `Group.CallbackAfterMemberFieldChanged` (page 1047/60393: an
//! admin's REST change triggers it) with the `Role` and `NameCard` that changed, when one did
//! (the page's body has no field for `MsgFlag`, custom fields or muting).

use im_proto::group::modify_group_member_info::{Request, Response};
use im_proto::group_types::{MemberRole, MuteUntil};
use im_proto::{Api, ErrorCode};

use im_callback::group::{AfterMemberFieldChanged, GroupType};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, members_of, refuse};
use crate::groups::{clamp_time, role_code};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyGroupMemberInfo;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match modify(shared, &request) {
        Ok(changed) => {
            if shared.callbacks.enabled() && (changed.role.is_some() || changed.name_card.is_some())
            {
                let mut event = AfterMemberFieldChanged::default();
                event.group_id.clone_from(&request.group_id);
                event.group_type = Some(GroupType::from(changed.kind.as_str()));
                event.operator_account = Some(super::sender(shared, None, route).to_owned());
                event.member_account = request.member_account.as_str().to_owned();
                event.role = changed.role;
                event.name_card = changed.name_card;
                event.event_time = Some(shared.clock.now().saturating_mul(1000));
                shared.callbacks.after(event, Origin::rest());
            }
            ok::<Response>(|_| {})
        }
        Err(answer) => answer,
    }
}

/// What a call changed that the callback reports: the group's type, and the new role and
/// name card when they differ from the old ones.
struct Changed {
    kind: im_proto::group_types::GroupType,
    role: Option<String>,
    name_card: Option<String>,
}

fn modify(shared: &Shared, request: &Request) -> Result<Changed, Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let id = groups.intern(request.member_account.as_str());
    let g = members_of(API, &mut groups, &request.group_id)?;
    let (kind, has_admins) = (g.kind.clone(), g.kind.has_admins());
    let Some(m) = g.member_mut(id) else {
        let info = format!(
            "{:?} is not a member of the group",
            request.member_account.as_str()
        );
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    };
    if let Some(role) = &request.role {
        let allowed = matches!(role, MemberRole::Admin | MemberRole::Member) && has_admins;
        if !allowed || m.role() == MemberRole::Owner {
            let info = format!(
                "Role {role} cannot be set here (only Admin or Member, never the owner's, in a group with admins)"
            );
            return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
        }
    }
    if request.mute_time.is_some() && !kind.can_mute() {
        let info = format!("members of a {kind} group cannot be muted");
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let mut changed = Changed {
        kind,
        role: None,
        name_card: None,
    };
    if let Some(role) = &request.role {
        if m.role() != *role {
            changed.role = Some(role.to_string());
        }
        m.role = role_code(role);
    }
    if let Some(flag) = &request.msg_flag {
        m.set_msg_flag(flag);
    }
    if let Some(card) = &request.name_card {
        if m.name_card() != card.as_str() {
            changed.name_card = Some(card.as_str().to_owned());
        }
        m.extra_mut().name_card = card.as_str().into();
    }
    for item in request.app_member_defined_data.iter().flatten() {
        let custom = &mut m.extra_mut().custom;
        let at = custom.iter().position(|(k, _)| **k == *item.key);
        match (at, item.value.is_empty()) {
            (Some(i), true) => drop(custom.remove(i)),
            (Some(i), false) => custom[i].1 = item.value.as_str().into(),
            (None, false) => custom.push((item.key.as_str().into(), item.value.as_str().into())),
            (None, true) => {}
        }
    }
    if let Some(seconds) = request.mute_time {
        let until = MuteUntil::after(shared.clock.now(), u64::from(seconds)).0;
        m.mute_until = clamp_time(until);
    }
    Ok(changed)
}
