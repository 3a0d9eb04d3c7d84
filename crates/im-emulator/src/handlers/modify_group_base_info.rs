//! `modify_group_base_info`: changes the named profile fields and custom fields (an empty
//! custom value deletes the field) and bumps the profile's version. `MaxMemberNum` at least the
//! member count and at most the edition's cap (10004); `ApplyJoinOption` only for the types that
//! take applications (10007 for the others); a `From_Account`, when given, must be the owner or
//! an admin (10007). Sends `Group.CallbackAfterGroupInfoChanged` (page 1047/34378: a REST call
//! triggers it) with the name, introduction, notification and face URL given, when one was.

use im_proto::group::modify_group_base_info::{Request, Response};
use im_proto::group_types::{MemberRole, OnOff};
use im_proto::{Api, ErrorCode};

use im_callback::group::{AfterGroupInfoChanged, GroupType};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{cap, checked, group_mut, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyGroupBaseInfo;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match modify(shared, &request) {
        Ok(kind) => {
            changed(shared, &request, route, &kind);
            ok::<Response>(|_| {})
        }
        Err(answer) => answer,
    }
}

/// `Group.CallbackAfterGroupInfoChanged` with the profile fields given, if any.
fn changed(
    shared: &Shared,
    request: &Request,
    route: Route,
    kind: &im_proto::group_types::GroupType,
) {
    let fields = [
        &request.name,
        &request.introduction,
        &request.notification,
        &request.face_url,
    ];
    if !shared.callbacks.enabled() || fields.iter().all(|f| f.is_none()) {
        return;
    }
    let mut event = AfterGroupInfoChanged::default();
    event.group_id.clone_from(&request.group_id);
    event.group_type = Some(GroupType::from(kind.as_str()));
    let operator = request.from_account.as_ref().map(|f| f.as_str().to_owned());
    event.operator_account =
        Some(operator.unwrap_or_else(|| super::sender(shared, None, route).to_owned()));
    event.name.clone_from(&request.name);
    event.introduction.clone_from(&request.introduction);
    event.notification.clone_from(&request.notification);
    event.face_url.clone_from(&request.face_url);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}

/// Changes the group; its type.
fn modify(shared: &Shared, request: &Request) -> Result<im_proto::group_types::GroupType, Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let from = request
        .from_account
        .as_ref()
        .map(|f| groups.intern(f.as_str()));
    let g = group_mut(API, &mut groups, &request.group_id)?;
    if from.is_some_and(|f| !matches!(g.role(f), Some(MemberRole::Owner | MemberRole::Admin))) {
        let info = "From_Account is neither the owner nor an admin of the group";
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    if let Some(n) = request.max_member_num {
        let count = u64::try_from(g.members.len()).unwrap_or(u64::MAX);
        if u64::from(n) < count || !cap(shared, &g.kind).admits(u64::from(n)) {
            let info = format!(
                "MaxMemberNum {n} must be between the {count} members and the edition's cap"
            );
            return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
        }
    }
    if request.apply_join_option.is_some() && !g.kind.takes_apply_join_option() {
        let info = format!("a {} group takes no ApplyJoinOption", g.kind);
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let set = |field: &mut Box<str>, value: &Option<String>| {
        if let Some(v) = value {
            *field = v.as_str().into();
        }
    };
    set(&mut g.name, &request.name);
    set(&mut g.introduction, &request.introduction);
    set(&mut g.notification, &request.notification);
    set(&mut g.face_url, &request.face_url);
    if let Some(n) = request.max_member_num {
        g.max_members = n;
    }
    if let Some(option) = &request.apply_join_option {
        g.apply_join = Some(option.clone());
    }
    if let Some(option) = &request.invite_join_option {
        g.invite_join = Some(option.clone());
    }
    if let Some(mute) = &request.mute_all_member {
        g.mute_all = *mute == OnOff::On;
    }
    for item in request.app_defined_data.iter().flatten() {
        g.set_custom(&item.key, &item.value);
    }
    g.touch(shared.clock.now());
    Ok(g.kind.clone())
}
