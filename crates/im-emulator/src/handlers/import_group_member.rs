//! `import_group_member`: imports up to 20 members with their role (`Admin` or `Member`), join
//! time and unread count, without notification, one `Result` each: 1 imported, 2 already a
//! member, 0 failed (a `JoinTime` not after the group's creation or not before now, a role
//! other than `Admin`, or no room left under the group's cap). `UnreadMsgNum` above the group's
//! message count is that count. Not for AVChatRoom (10007).

use im_proto::Api;
use im_proto::group::import_group_member::{ImportResult, MemberToImport, Request, Response};
use im_proto::group_types::MemberRole;

use super::exists;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, fits, members_of};
use crate::groups::{Group, Member};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImportGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match import(shared, &request) {
        Ok(results) => ok::<Response>(|r| r.member_list = Some(results)),
        Err(answer) => answer,
    }
}

fn import(shared: &Shared, request: &Request) -> Result<Vec<ImportResult>, Answer> {
    checked(API, request)?;
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let ids: Vec<u32> = request
        .member_list
        .iter()
        .map(|m| groups.intern(m.member_account.as_str()))
        .collect();
    let group = members_of(API, &mut groups, &request.group_id)?;
    let mut added: Vec<Member> = Vec::new();
    let mut results = Vec::new();
    for (item, &id) in request.member_list.iter().zip(&ids) {
        let result = if group.member(id).is_some() || added.iter().any(|m| m.account == id) {
            2
        } else {
            match member(shared, group, item, id, now) {
                Some(m) if fits(shared, group, group.members.len() + added.len() + 1) => {
                    added.push(m);
                    1
                }
                _ => 0,
            }
        };
        results.push(ImportResult::new(item.member_account.as_str(), result));
    }
    let slot = groups.slot(&request.group_id).expect("found above");
    for m in added {
        groups.join(slot, m);
    }
    Ok(results)
}

/// The member `item` imports, `None` when it breaks a rule.
fn member(
    shared: &Shared,
    group: &Group,
    item: &MemberToImport,
    id: u32,
    now: u64,
) -> Option<Member> {
    if !exists(shared, item.member_account.as_str()) {
        return None;
    }
    let role = item.role.clone().unwrap_or(MemberRole::Member);
    if !matches!(role, MemberRole::Admin | MemberRole::Member)
        || role == MemberRole::Admin && !group.kind.has_admins()
    {
        return None;
    }
    let join = match item.join_time {
        None => now,
        Some(t) => u64::try_from(t)
            .ok()
            .filter(|&t| t > u64::from(group.create_time) && t < now)?,
    };
    let mut member = Member::new(id, role, join);
    let unread = item
        .unread_msg_num
        .unwrap_or(0)
        .min(u32::try_from(group.messages.len()).unwrap_or(u32::MAX));
    member.read_seq = group.last_seq.saturating_sub(unread);
    Some(member)
}
