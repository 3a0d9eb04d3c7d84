//! `get_group_attr` (served under `v4/group_open_attr_http_svc/`): every custom attribute of the
//! group, in the order first set. Every group type.

use im_proto::Api;
use im_proto::group_attr::get_group_attr::{AttrItem, Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::group;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetGroupAttr;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let groups = shared.groups.lock();
    let g = match group(API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let attrs: Vec<AttrItem> = g
        .attrs
        .iter()
        .map(|(k, v)| AttrItem::new(&**k, &**v))
        .collect();
    ok::<Response>(|r| r.group_attr_ary = Some(attrs))
}
