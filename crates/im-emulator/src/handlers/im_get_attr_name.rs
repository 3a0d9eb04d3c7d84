//! `im_get_attr_name`: the app's attribute names by number.

use im_proto::all_member_push::im_get_attr_name::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, _request: Request, _route: Route) -> Answer {
    let names = shared
        .push
        .lock()
        .attr_names
        .iter()
        .map(|(n, name)| (n.to_string(), name.clone()))
        .collect();
    ok::<Response>(|r| r.attr_names = Some(names))
}
