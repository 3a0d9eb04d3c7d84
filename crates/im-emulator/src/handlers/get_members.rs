//! `get_members`: a live group's online list, newest joiner first, 250 a page by the join-time
//! cursor (`NextTimestamp`: the last listed member's join stamp, in microseconds, 0 at the
//! end), at most the 1,000 newest (those with `Mark` when given; a member marked 600 only when
//! asked for by that mark). Below the Ultimate edition: the last 30 joiners, in one page.
//! 10007 for a group that is not an AVChatRoom.

use im_proto::Api;
use im_proto::live_group::get_members::{OnlineMember, Request, Response};
use im_proto::live_group::modify_user_info::MARK_HIDDEN;

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, live_group, nick_and_face};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetMembers;

/// Members a page holds (ZH page: a group under 250 members is answered whole).
const PAGE: usize = 250;

/// The newest online members the list holds.
const LISTED: usize = 1000;

/// What an edition below Ultimate gets: the last 30 joiners.
const BELOW_ULTIMATE: usize = 30;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (page, next) = match page(shared, &request) {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let members: Vec<OnlineMember> = page
        .into_iter()
        .map(|(name, join_time)| {
            let (nick, face) = nick_and_face(shared, &name);
            let mut member = OnlineMember::new(name);
            member.join_time = Some(i64::try_from(join_time).unwrap_or(i64::MAX));
            member.nick_name = Some(nick);
            member.avatar = Some(face);
            member
        })
        .collect();
    ok::<Response>(|r| {
        r.member_list = Some(members);
        r.next_timestamp = Some(next);
    })
}

/// The page's members (name, join time) and the next cursor.
fn page(shared: &Shared, request: &Request) -> Result<(Vec<(String, u64)>, u64), Answer> {
    checked(API, request)?;
    let (cap, size) = if shared.edition.has_live_member_list() {
        (LISTED, PAGE)
    } else {
        (BELOW_ULTIMATE, BELOW_ULTIMATE)
    };
    let mut groups = shared.groups.lock();
    let g = live_group(shared, (API, false), &mut groups, &request.group_id)?;
    let Some(live) = g.live.as_deref() else {
        return Ok((Vec::new(), 0));
    };
    let listed: Vec<(u32, u64, u64)> = live
        .online
        .iter()
        .rev()
        .filter(|o| match request.mark {
            Some(mark) => o.has(mark),
            None => !o.has(MARK_HIDDEN),
        })
        .take(cap)
        .filter(|o| request.timestamp == 0 || o.stamp < request.timestamp)
        .map(|o| (o.account, o.stamp, o.join_time()))
        .collect();
    let more = listed.len() > size;
    let chosen = &listed[..listed.len().min(size)];
    let next = match chosen.last() {
        Some(&(_, stamp, _)) if more && size == PAGE => stamp,
        _ => 0,
    };
    let names = chosen
        .iter()
        .map(|&(account, _, time)| (groups.name(account).to_owned(), time))
        .collect();
    Ok((names, next))
}
