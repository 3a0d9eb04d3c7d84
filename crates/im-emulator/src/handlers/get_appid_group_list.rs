//! `get_appid_group_list`: the app's group IDs in creation order, `Limit` a page (at most and
//! by default 10,000), from the `Next` cursor (0 first, then the previous answer's, until an
//! answer's is 0), filtered by `GroupType`; `TotalCount` counts every group of the filter,
//! whatever the page.

use im_proto::group::get_appid_group_list::{GroupIdItem, Request, Response};

use crate::exchange::{Answer, Route};
use crate::groups::Slot;
use crate::relation_calls::ok;
use crate::shared::Shared;

/// The most IDs a page holds.
const MAX_PAGE: u64 = 10_000;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let limit = request
        .limit
        .filter(|&l| l > 0)
        .unwrap_or(MAX_PAGE)
        .min(MAX_PAGE);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let start = Slot::try_from(request.next.unwrap_or(0)).unwrap_or(Slot::MAX);
    let groups = shared.groups.lock();
    let kind = request.group_type.as_ref();
    let wanted = |g: &crate::groups::Group| kind.is_none_or(|k| *k == g.kind);
    let total = groups.starting_at(0).filter(|(_, g)| wanted(g)).count();
    let mut page = groups.starting_at(start).filter(|(_, g)| wanted(g));
    let list: Vec<GroupIdItem> = page
        .by_ref()
        .take(limit)
        .map(|(_, g)| GroupIdItem::new(&*g.id))
        .collect();
    let next = page.next().map_or(0, |(slot, _)| u64::from(slot));
    ok::<Response>(|r| {
        r.total_count = Some(u64::try_from(total).unwrap_or(u64::MAX));
        r.group_id_list = Some(list);
        r.next = Some(next);
    })
}
