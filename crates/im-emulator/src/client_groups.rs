//! A simulated client applying to join a group (no REST API does this): the group's type and
//! `ApplyJoinOption` decide, after the app's `Group.CallbackBeforeApplyJoinGroup`.
//!
//! Order: 10015/10010 for a group ID that is invalid or unknown; 10013 for a member already;
//! 10007 for a Work group (it takes no applications, only invitations) or one whose option is
//! `DisableApply`; then the before callback (a refusal answers 10016 or the app's code); then a
//! `FreeAccess` group (and a community, and an AVChatRoom, which keeps no members but puts the
//! client at the head of its online list) lets the client in (10014 when full), sending
//! `Group.CallbackAfterNewMemberJoin` with `JoinType` `Apply`; a `NeedPermission` group answers success with the application pending an admin
//! (not kept: the emulator serves no approval).

use http::StatusCode;
use im_callback::MemberAccount;
use im_callback::group::{AfterNewMemberJoin, BeforeApplyJoinGroup, GroupType as CallbackType};
use im_proto::group_types::{ApplyJoinOption, GroupType, MemberRole};
use im_proto::{Api, Envelope, ErrorCode};
use serde_json::{Map, Value, json};

use crate::clients::Session;
use crate::emulator::Emulator;
use crate::exchange::Answer;
use crate::group_calls::{fits, group, refuse};
use crate::groups::Member;

/// The API whose codes a refusal is answered as (the group service's).
const API: Api = Api::AddGroupMember;

/// What an application leads to, once the group allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Joining {
    /// In at once.
    Free,
    /// Waiting for an admin.
    Pending,
}

/// `user`'s application (from `session`) to the group of the body's `GroupId`.
pub(crate) fn apply(
    emulator: &Emulator,
    user: &str,
    session: Session,
    body: &Map<String, Value>,
) -> Result<Answer, (StatusCode, String)> {
    let id = body.get("GroupId").and_then(Value::as_str);
    let id = id.ok_or_else(|| {
        (
            StatusCode::BAD_REQUEST,
            "GroupId must be a string".to_owned(),
        )
    })?;
    let (kind, joining) = match admissible(emulator, user, id) {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut event = BeforeApplyJoinGroup::default();
    event.group_id = id.to_owned();
    event.group_type = Some(CallbackType::from(kind.as_str()));
    event.requestor_account = user.to_owned();
    event.event_time = Some(emulator.now().saturating_mul(1000));
    let answer = emulator.shared.callbacks.before(event, &session.origin());
    if let Err((code, info)) = answer.outcome(ErrorCode::GROUP_CALLBACK_REFUSED) {
        return Ok(refuse(API, code, info));
    }
    let status = match joining {
        Joining::Pending => "pending",
        Joining::Free => {
            if let Err(answer) = join(emulator, user, id) {
                return Ok(answer);
            }
            joined(emulator, user, (id, &kind), session);
            if kind == GroupType::AvChatRoom {
                entered_live(emulator, user, id, session);
            }
            "joined"
        }
    };
    let mut answer = serde_json::to_value(Envelope::ok()).unwrap_or_default();
    answer["JoinStatus"] = json!(status);
    Ok(Answer::json(ErrorCode::OK, &answer))
}

/// The group's type and what an application to it leads to, or the refusal.
fn admissible(emulator: &Emulator, user: &str, id: &str) -> Result<(GroupType, Joining), Answer> {
    let mut groups = emulator.shared.groups.lock();
    let account = groups.intern(user);
    let g = group(API, &groups, id)?;
    if g.member(account).is_some() {
        let info = format!("{user} is a member of {id} already");
        return Err(refuse(API, ErrorCode::new(10013), info));
    }
    let option = g.apply_join.clone();
    let joining = match (&g.kind, option) {
        (GroupType::Private, _) => {
            let info = "a Work group takes no applications, only invitations";
            return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
        }
        (_, Some(ApplyJoinOption::DisableApply)) => {
            let info = format!("group {id} takes no applications (DisableApply)");
            return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
        }
        (_, Some(ApplyJoinOption::NeedPermission)) => Joining::Pending,
        _ => Joining::Free,
    };
    Ok((g.kind.clone(), joining))
}

/// Puts `user` into group `id` as a member (nothing for a type that keeps no members); 10014
/// when it is full.
fn join(emulator: &Emulator, user: &str, id: &str) -> Result<(), Answer> {
    let now = emulator.now();
    let mut groups = emulator.shared.groups.lock();
    let account = groups.intern(user);
    let g = group(API, &groups, id)?;
    if g.kind == GroupType::AvChatRoom {
        if let Some(live) = groups.get_mut(id) {
            live.live_mut().join(account, now);
        }
        return Ok(());
    }
    if !g.kind.stores_members() || g.member(account).is_some() {
        return Ok(());
    }
    if !fits(&emulator.shared, g, g.members.len() + 1) {
        let info = format!("group {id} is full");
        return Err(refuse(API, ErrorCode::GROUP_FULL, info));
    }
    let Some(slot) = groups.slot(id) else {
        return Ok(());
    };
    groups.join(slot, Member::new(account, MemberRole::Member, now));
    Ok(())
}

/// `user` entered the live group `id`: `Group.CallbackOnMemberStateChange` `Online`/`Join`
/// when its account was not in it yet (one event whatever the devices, as the page says).
fn entered_live(emulator: &Emulator, user: &str, id: &str, session: Session) {
    let first = emulator.shared.store.write().clients.enter_live(user, id);
    if first {
        let now = emulator.now();
        let change = ("Online", "Join");
        let groups = [Box::from(id)];
        (emulator.shared.callbacks).member_state(user, &groups, change, now, &session.origin());
    }
}

/// `Group.CallbackAfterNewMemberJoin` with `JoinType` `Apply`, from the client.
fn joined(emulator: &Emulator, user: &str, (id, kind): (&str, &GroupType), session: Session) {
    let mut event = AfterNewMemberJoin::default();
    event.group_id = id.to_owned();
    event.group_type = Some(CallbackType::from(kind.as_str()));
    event.join_type = Some("Apply".to_owned());
    event.operator_account = Some(user.to_owned());
    event.new_member_list = Some(vec![MemberAccount::new(user)]);
    event.event_time = Some(emulator.now().saturating_mul(1000));
    emulator.shared.callbacks.after(event, session.origin());
}
