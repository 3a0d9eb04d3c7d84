//! `create_group`: a group of `Type` with an optional owner, custom `GroupId`, profile, custom
//! fields and up to 100 initial members (only `Admin` may be given as a role, and only to types
//! with admins). The owner and the members must exist (10004); an AVChatRoom takes no members
//! (10007); a custom ID follows its type's rules (10004) and is unused (10021, or 10025 when the
//! caller already owns it); `MaxMemberCount` at most the edition's cap (10004); the group with
//! its owner and members must fit it. `ApplyJoinOption` is kept for the types that take
//! applications (`NeedPermission` when absent) and ignored for the others.
//!
//! Callbacks (pages 1047/34368 and 34369): `Group.CallbackBeforeCreateGroup` once the request
//! passed its checks, before anything is stored (a refusal with `ErrorCode` 1 answers 10016, a
//! code in [10100, 10200] answers that code), `Group.CallbackAfterCreateGroup` once it exists.
//! `Operator_Account` is the admin that signed the call. A group created counts in the day's
//! net creations (`Group.CallbackOnDailyGroupQuotaAlarm` past 70 % of a configured quota).

use im_callback::MemberAccount;
use im_callback::group::{AfterCreateGroup, BeforeCreateGroup, GroupType};
use im_proto::group::create_group::{Request, Response};
use im_proto::group_types::{ApplyJoinOption, MemberRole};
use im_proto::{Api, ErrorCode};

use super::{exists, sender};
use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, fits, max_members, new_group_id, refuse, with_topics};
use crate::groups::{Group, Member, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::CreateGroup;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let operator = sender(shared, None, route);
    let created = check(shared, &request).and_then(|max| {
        before_create(shared, &request, operator)?;
        create(shared, &request, max)
    });
    match created {
        Ok(id) => {
            after_create(shared, &request, operator, &id);
            shared.callbacks.count_groups(1, shared.clock.now());
            ok::<Response>(|r| r.group_id = Some(id))
        }
        Err(answer) => answer,
    }
}

/// `Group.CallbackBeforeCreateGroup`: the app's answer (refusal with `ErrorCode` 1: 10016).
fn before_create(shared: &Shared, request: &Request, operator: &str) -> Result<(), Answer> {
    if !shared.callbacks.enabled() {
        return Ok(());
    }
    let mut event = BeforeCreateGroup::default();
    event.operator_account = Some(operator.to_owned());
    event.owner_account = request
        .owner_account
        .as_ref()
        .map(|o| o.as_str().to_owned());
    event.group_type = Some(GroupType::from(request.type_.as_str()));
    event.name = Some(request.name.clone());
    event.member_list = Some(members_of(request));
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared
        .callbacks
        .before(event, &Origin::rest())
        .outcome(ErrorCode::GROUP_CALLBACK_REFUSED)
        .map_err(|(code, info)| refuse(API, code, info))
}

/// `Group.CallbackAfterCreateGroup` for the group `id` just created.
fn after_create(shared: &Shared, request: &Request, operator: &str, id: &str) {
    if !shared.callbacks.enabled() {
        return;
    }
    let mut event = AfterCreateGroup::default();
    event.group_id = id.to_owned();
    event.operator_account = Some(operator.to_owned());
    event.owner_account = request
        .owner_account
        .as_ref()
        .map(|o| o.as_str().to_owned());
    event.group_type = Some(GroupType::from(request.type_.as_str()));
    event.name = Some(request.name.clone());
    event.introduction.clone_from(&request.introduction);
    event.notification.clone_from(&request.notification);
    event.member_list = Some(members_of(request));
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}

/// The request's first members, as the callbacks list them.
fn members_of(request: &Request) -> Vec<MemberAccount> {
    let members = request.member_list.as_deref().unwrap_or_default();
    members
        .iter()
        .map(|m| MemberAccount::new(m.member_account.as_str()))
        .collect()
}

/// The request's checks, before the group store is locked: the group's member cap.
fn check(shared: &Shared, request: &Request) -> Result<u32, Answer> {
    checked(API, request)?;
    let kind = &request.type_;
    let members = request.member_list.as_deref().unwrap_or_default();
    if !kind.stores_members() && !members.is_empty() {
        let info = format!("a {kind} group takes no MemberList");
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let owner = request.owner_account.as_ref();
    let accounts = owner
        .into_iter()
        .chain(members.iter().map(|m| &m.member_account));
    if let Some(missing) = accounts.clone().find(|a| !exists(shared, a.as_str())) {
        let info = format!("account {:?} does not exist", missing.as_str());
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    if let Some(m) = members.iter().find(|m| {
        m.role
            .as_ref()
            .is_some_and(|r| *r != MemberRole::Admin || !kind.has_admins())
    }) {
        let info = format!(
            "member {:?}: only Admin may be given, in a group with admins",
            m.member_account.as_str()
        );
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    max_members(shared, API, kind, request.max_member_count)
}

/// Creates the group, with at most `max` members.
fn create(shared: &Shared, request: &Request, max: u32) -> Result<String, Answer> {
    let kind = &request.type_;
    let members = request.member_list.as_deref().unwrap_or_default();
    let owner = request.owner_account.as_ref();
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let owner_id = owner.map(|o| groups.intern(o.as_str()));
    let id = new_group_id(
        shared,
        &mut groups,
        (API, kind),
        request.group_id.as_deref(),
        (owner_id, true),
    )?;
    let mut group = Group::new(&id, kind.clone(), &request.name, clamp_time(now));
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
    group.invite_join = request.invite_join_option.clone();
    for item in request.app_defined_data.iter().flatten() {
        group.set_custom(&item.key, &item.value);
    }
    if let Some(o) = owner_id.filter(|_| kind.stores_members()) {
        group.members.push(Member::new(o, MemberRole::Owner, now));
    }
    for m in members {
        let account = groups.intern(m.member_account.as_str());
        if group.member(account).is_some() {
            continue;
        }
        let mut member = Member::new(account, m.role.clone().unwrap_or(MemberRole::Member), now);
        for item in m.app_member_defined_data.iter().flatten() {
            member
                .extra_mut()
                .custom
                .push((item.key.as_str().into(), item.value.as_str().into()));
        }
        group.members.push(member);
    }
    if !fits(shared, &group, group.members.len()) {
        let info = format!(
            "{} members do not fit MaxMemberCount {max}",
            group.members.len()
        );
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    groups.insert(group);
    Ok(id)
}
