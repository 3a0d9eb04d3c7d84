//! `import_group`: a group with its profile as it was elsewhere, its `CreateTime` kept (not in
//! the future: 10004; absent: now), without members but its owner, without delivery. Not for
//! AVChatRoom (10007); the owner must exist (10004); a custom ID follows its type's rules
//! (10004) and is unused (10021).

use im_proto::group::import_group::{Request, Response};
use im_proto::group_types::{ApplyJoinOption, MemberRole};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, max_members, new_group_id, refuse, with_topics};
use crate::groups::{Group, Member, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImportGroup;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match import(shared, &request) {
        Ok(id) => ok::<Response>(|r| r.group_id = Some(id)),
        Err(answer) => answer,
    }
}

fn import(shared: &Shared, request: &Request) -> Result<String, Answer> {
    checked(API, request)?;
    let kind = &request.type_;
    if kind.is_known() && !kind.allows_import() {
        let info = format!("{kind} groups cannot be imported");
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let owner = request.owner_account.as_ref();
    if let Some(o) = owner.filter(|o| !exists(shared, o.as_str())) {
        let info = format!("Owner_Account {:?} does not exist", o.as_str());
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    let now = shared.clock.now();
    let created = match request.create_time {
        None => now,
        Some(t) => match u64::try_from(t) {
            Ok(t) if t <= now => t,
            _ => {
                let info = format!("CreateTime {t} must be a past Unix time in seconds");
                return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
            }
        },
    };
    let max = max_members(shared, API, kind, request.max_member_count)?;
    let mut groups = shared.groups.lock();
    let owner_id = owner.map(|o| groups.intern(o.as_str()));
    let id = new_group_id(
        shared,
        &mut groups,
        (API, kind),
        request.group_id.as_deref(),
        (owner_id, false),
    )?;
    let mut group = Group::new(&id, kind.clone(), &request.name, clamp_time(created));
    group.max_members = max;
    group.topics = with_topics(kind, request.support_topic);
    group.owner = owner_id;
    group.introduction = request.introduction.as_deref().unwrap_or_default().into();
    group.notification = request.notification.as_deref().unwrap_or_default().into();
    group.face_url = request.face_url.as_deref().unwrap_or_default().into();
    group.apply_join = kind.takes_apply_join_option().then(|| {
        request
            .apply_join_option
            .clone()
            .unwrap_or(ApplyJoinOption::NeedPermission)
    });
    for item in request.app_defined_data.iter().flatten() {
        group.set_custom(&item.key, &item.value);
    }
    if let Some(o) = owner_id {
        group
            .members
            .push(Member::new(o, MemberRole::Owner, created));
    }
    groups.insert(group);
    Ok(id)
}
