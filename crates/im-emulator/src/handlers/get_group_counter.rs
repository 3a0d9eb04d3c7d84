//! `get_group_counter`: the group's counters, all or those named (a named key the group does not
//! have is left out), in the order first set. Ultimate and Enterprise editions (10059
//! otherwise); not communities (10007).

use im_proto::Api;
use im_proto::group::get_group_counter::{CounterItem, Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{counters_of, named};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetGroupCounter;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    let g = match counters_of(shared, API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let keys = request.group_counter_keys.as_deref();
    let counters: Vec<CounterItem> = g
        .counters
        .iter()
        .filter(|(k, _)| named(keys, k))
        .map(|(k, v)| CounterItem::new(&**k, *v))
        .collect();
    ok::<Response>(|r| r.group_counter = Some(counters))
}
