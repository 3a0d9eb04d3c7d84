//! `modify_group_base_info`: changes the named profile fields and custom fields (an empty
//! custom value deletes the field) and bumps the profile's version. `MaxMemberNum` at least the
//! member count and at most the edition's cap (10004); `ApplyJoinOption` only for the types that
//! take applications (10007 for the others); a `From_Account`, when given, must be the owner or
//! an admin (10007).

use im_proto::group::modify_group_base_info::{Request, Response};
use im_proto::group_types::{MemberRole, OnOff};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{cap, checked, group_mut, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyGroupBaseInfo;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match modify(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn modify(shared: &Shared, request: &Request) -> Result<(), Answer> {
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
    Ok(())
}
