//! `get_group_ban_member`: the accounts banned now with the end of each ban, in the order
//! banned, `Limit` a page (at most and by default 100) from `Offset`; `NextOffset` is 0 on the
//! last page.

use im_proto::Api;
use im_proto::group::get_group_ban_member::{BannedAccount, Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::group;
use crate::relation_calls::ok;
use crate::shared::Shared;

/// The most accounts a page holds.
const MAX_PAGE: u32 = 100;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let now = shared.clock.now();
    let groups = shared.groups.lock();
    let g = match group(Api::GetGroupBanMember, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let banned: Vec<(u32, u64)> = g
        .bans
        .iter()
        .copied()
        .filter(|&(_, until)| until > now)
        .collect();
    let start = usize::try_from(request.offset).unwrap_or(usize::MAX);
    let limit = request
        .limit
        .filter(|&l| l > 0)
        .unwrap_or(MAX_PAGE)
        .min(MAX_PAGE) as usize;
    let page = banned
        .iter()
        .skip(start)
        .take(limit)
        .map(|&(id, until)| BannedAccount::new(groups.name(id), until))
        .collect();
    let end = start.saturating_add(limit);
    let next = if end < banned.len() { end as u64 } else { 0 };
    ok::<Response>(|r| {
        r.banned_account_list = Some(page);
        r.next_offset = Some(next);
    })
}
