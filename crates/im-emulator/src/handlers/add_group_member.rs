//! `add_group_member`: the App admin adds up to 20 accounts, one `Result` each: 1 added, 2
//! already a member, 3 waiting for approval (the group's `InviteJoinOption` is
//! `NeedPermission`), 0 failed (banned). Not for AVChatRoom (10007); every account must exist
//! (10019); a group the new members would overfill answers 10014 and adds nobody.

use im_proto::group::add_group_member::{AddResult, Request, Response};
use im_proto::group_types::{InviteJoinOption, MemberRole};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, fits, members_of, refuse};
use crate::groups::Member;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::AddGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match add(shared, &request) {
        Ok(results) => ok::<Response>(|r| r.member_list = Some(results)),
        Err(answer) => answer,
    }
}

fn add(shared: &Shared, request: &Request) -> Result<Vec<AddResult>, Answer> {
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
        } else if banned {
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
    let slot = groups.slot(&request.group_id).expect("found above");
    for id in joining {
        groups.join(slot, Member::new(id, MemberRole::Member, now));
    }
    Ok(results)
}
