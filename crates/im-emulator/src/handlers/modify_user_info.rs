//! `modify_user_info`: sets (`CommandType` 1) or removes (2) marks of a live group's online
//! members; the special mark 500 also pins an account that is not online. An account that is
//! not online is left out of the answer; none online: 10004. A set that would give the group
//! more than 10 different marks, or a mark more than 1,000 members, is refused whole with
//! 10004 (the page names no code of its own). Ultimate or Enterprise (10007 otherwise); 10007
//! for a group that is not an AVChatRoom.

use im_proto::live_group::modify_user_info::{
    MARK_ALWAYS_ONLINE, MAX_LIVE_GROUP_MARKS, MarkedMember, Request, Response,
};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, live_group, refuse};
use crate::groups::{Id, Live};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyUserInfo;

/// The most members one mark may have.
const MAX_MARKED: usize = 1000;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match modify(shared, &request) {
        Ok(set) => ok::<Response>(|r| {
            r.command_type = Some(request.command_type);
            r.member_list = Some(set);
        }),
        Err(answer) => answer,
    }
}

fn modify(shared: &Shared, request: &Request) -> Result<Vec<MarkedMember>, Answer> {
    checked(API, request)?;
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let ids: Vec<Id> = request
        .member_list
        .iter()
        .map(|m| groups.intern(&m.member_account))
        .collect();
    let g = live_group(shared, (API, true), &mut groups, &request.group_id)?;
    let live = g.live_mut();
    let setting = request.command_type == 1;
    if setting {
        room_for(live, request, &ids)?;
    }
    let mut set = Vec::new();
    for (item, &id) in request.member_list.iter().zip(&ids) {
        let done = if setting {
            add(live, id, &item.marks, now)
        } else {
            remove(live, id, &item.marks)
        };
        if done {
            let mut member = MarkedMember::new(&item.member_account);
            member.marks = Some(item.marks.clone());
            set.push(member);
        }
    }
    if set.is_empty() {
        let info = format!("none of the accounts is online in {}", request.group_id);
        return Err(refuse(API, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info));
    }
    Ok(set)
}

/// 10004 when setting the request's marks would pass the group's 10 marks or a mark's 1,000
/// members.
fn room_for(live: &Live, request: &Request, ids: &[Id]) -> Result<(), Answer> {
    let mut marks = live.marks();
    for mark in request.member_list.iter().flat_map(|m| m.marks.iter()) {
        if !marks.contains(mark) {
            marks.push(*mark);
        }
    }
    if marks.len() > MAX_LIVE_GROUP_MARKS {
        let info = format!(
            "group {} would have {} different marks, at most {MAX_LIVE_GROUP_MARKS} are allowed",
            request.group_id,
            marks.len()
        );
        return Err(refuse(API, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info));
    }
    for mark in marks {
        let mut holders: Vec<Id> = live
            .online
            .iter()
            .filter(|o| o.has(mark))
            .map(|o| o.account)
            .collect();
        for (item, &id) in request.member_list.iter().zip(ids) {
            if item.marks.contains(&mark) && !holders.contains(&id) {
                holders.push(id);
            }
        }
        if holders.len() > MAX_MARKED {
            let info = format!(
                "mark {mark} would be on {} members, at most {MAX_MARKED}",
                holders.len()
            );
            return Err(refuse(API, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info));
        }
    }
    Ok(())
}

/// Adds `marks` to `id` when it is online (or one of them is 500); whether it was set.
fn add(live: &mut Live, id: Id, marks: &[i64], now: u64) -> bool {
    if live.entry(id).is_none() && !marks.contains(&MARK_ALWAYS_ONLINE) {
        return false;
    }
    let entry = live.pin(id, now);
    for &mark in marks {
        if !entry.has(mark) {
            entry.marks.push(mark);
        }
    }
    true
}

/// Removes `marks` from `id` when it is online; whether it was.
fn remove(live: &mut Live, id: Id, marks: &[i64]) -> bool {
    let Some(entry) = live.entry_mut(id) else {
        return false;
    };
    entry.marks.retain(|m| !marks.contains(m));
    live.unpin(id);
    true
}
