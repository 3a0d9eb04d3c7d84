//! `delete_group_counter`: deletes the named counters (a key the group does not have is
//! ignored), or every counter when none is named. Ultimate and Enterprise editions (10059
//! otherwise); not communities (10007).

use im_proto::Api;
use im_proto::group::delete_group_counter::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{counters_of, named};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DeleteGroupCounter;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    let g = match counters_of(shared, API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let keys = request.group_counter_keys.as_deref();
    g.counters.retain(|(k, _)| !named(keys, k));
    ok::<Response>(|_| {})
}
