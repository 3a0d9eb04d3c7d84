//! `add_group_member`: the App admin adds up to 20 accounts, one `Result` each: 1 added, 2
//! already a member, 3 waiting for approval (the group's `InviteJoinOption` is
//! `NeedPermission`), 0 failed (banned). Not for AVChatRoom (10007); every account must exist
//! (10019); a group the new members would overfill answers 10014 and adds nobody. Sends
//! `Group.CallbackAfterNewMemberJoin` (page 1047/34372: a REST call triggers it) with
//! `JoinType` `Invited` and the members added, when any were. Before that,
//! `Group.CallbackBeforeInviteJoinGroup` (page 1047/34371: "the app admin adds a user to a
//! group through the REST API"), asked before the group store is locked: a refusal of the
//! whole request answers 10016 (or the app's code in [10100, 10200]); the members it keeps out
//! (`RefusedMembers_Account`) get `Result` 0.

use im_proto::group::add_group_member::{AddResult, Request, Response};
use im_proto::group_types::{InviteJoinOption, MemberRole};
use im_proto::{Api, ErrorCode};

use im_callback::MemberAccount;
use im_callback::group::{AfterNewMemberJoin, BeforeInviteJoinGroup, GroupType};

use super::exists;
use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, fits, members_of, refuse};
use crate::groups::Member;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::AddGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let kept_out = match invite(shared, &request, route) {
        Ok(kept_out) => kept_out,
        Err(answer) => return answer,
    };
    match add(shared, &request, &kept_out) {
        Ok((results, kind)) => {
            joined(shared, &request, route, &results, &kind);
            ok::<Response>(|r| r.member_list = Some(results))
        }
        Err(answer) => answer,
    }
}

/// `Group.CallbackAfterNewMemberJoin` for the members added (result 1), if any.
fn joined(
    shared: &Shared,
    request: &Request,
    route: Route,
    results: &[AddResult],
    kind: &im_proto::group_types::GroupType,
) {
    let added: Vec<MemberAccount> = results
        .iter()
        .filter(|r| r.result == 1)
        .map(|r| MemberAccount::new(r.member_account.as_str()))
        .collect();
    if !shared.callbacks.enabled() || added.is_empty() {
        return;
    }
    let mut event = AfterNewMemberJoin::default();
    event.group_id.clone_from(&request.group_id);
    event.group_type = Some(GroupType::from(kind.as_str()));
    event.join_type = Some("Invited".to_owned());
    event.operator_account = Some(super::sender(shared, None, route).to_owned());
    event.new_member_list = Some(added);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}

/// `Group.CallbackBeforeInviteJoinGroup`: the invitees the app keeps out, or its refusal.
fn invite(shared: &Shared, request: &Request, route: Route) -> Result<Vec<String>, Answer> {
    if !shared.callbacks.enabled() {
        return Ok(Vec::new());
    }
    let kind = {
        let mut groups = shared.groups.lock();
        members_of(API, &mut groups, &request.group_id)?
            .kind
            .clone()
    };
    let mut event = BeforeInviteJoinGroup::default();
    event.group_id.clone_from(&request.group_id);
    event.group_type = Some(GroupType::from(kind.as_str()));
    event.operator_account = Some(super::sender(shared, None, route).to_owned());
    let invited = request.member_list.iter();
    event.destination_members = Some(
        invited
            .map(|m| MemberAccount::new(m.member_account.as_str()))
            .collect(),
    );
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared
        .callbacks
        .before(event, &Origin::rest())
        .refused_members(ErrorCode::GROUP_CALLBACK_REFUSED)
        .map_err(|(code, info)| refuse(API, code, info))
}

/// Adds the members (not those `kept_out` by the app); one result each, and the group's type.
fn add(
    shared: &Shared,
    request: &Request,
    kept_out: &[String],
) -> Result<(Vec<AddResult>, im_proto::group_types::GroupType), Answer> {
    checked(API, request)?;
    if let Some(m) = request
        .member_list
        .iter()
        .find(|m| !exists(shared, m.member_account.as_str()))
    {
        let info = format!("account {:?} does not exist", m.member_account.as_str());
        return Err(refuse(API, ErrorCode::GROUP_ACCOUNT_NOT_FOUND, info));
    }
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let ids: Vec<u32> = request
        .member_list
        .iter()
        .map(|m| groups.intern(m.member_account.as_str()))
        .collect();
    let group = members_of(API, &mut groups, &request.group_id)?;
    let approval = group.invite_join == Some(InviteJoinOption::NeedPermission);
    let mut results = Vec::new();
    let mut joining = Vec::new();
    for (m, &id) in request.member_list.iter().zip(&ids) {
        let banned = group.bans.iter().any(|&(b, until)| b == id && until > now);
        let result = if group.member(id).is_some() {
            2
        } else if banned || kept_out.iter().any(|k| k == m.member_account.as_str()) {
            0
        } else if approval {
            3
        } else if joining.contains(&id) {
            2
        } else {
            joining.push(id);
            1
        };
        results.push(AddResult::new(m.member_account.as_str(), result));
    }
    if !fits(shared, group, group.members.len() + joining.len()) {
        let info = format!(
            "{} more members do not fit the group's MaxMemberNum {}",
            joining.len(),
            group.max_members
        );
        return Err(refuse(API, ErrorCode::GROUP_FULL, info));
    }
    let kind = group.kind.clone();
    let slot = groups.slot(&request.group_id).expect("found above");
    for id in joining {
        groups.join(slot, Member::new(id, MemberRole::Member, now));
    }
    Ok((results, kind))
}
