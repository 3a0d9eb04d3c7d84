//! `modify_group_attr`: the given attributes are added or replaced, the group's others kept.
//! Every group type. The request's limits answer 10045 to 10047 and 10048, the group's after
//! the merge 10047 (more than 16 keys) and 10048 (values over 16000 bytes together); 5
//! attribute writes a second per group (10049). Sends `Group.CallbackAfterGroupAttrChanged`
//! (`OptionType` `modify`, the attributes given).

use im_proto::Api;
use im_proto::group::modify_group_attr::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{attr_write, attrs_changed, group_mut, keep_attrs, limits_checked};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyGroupAttr;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    if let Err(answer) = limits_checked(API, &request) {
        return answer;
    }
    let mut groups = shared.groups.lock();
    let g = match group_mut(API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    if let Err(answer) = attr_write(API, g, shared.clock.now()) {
        return answer;
    }
    let mut attrs = g.attrs.clone();
    for item in &request.group_attr {
        match attrs.iter_mut().find(|(k, _)| **k == *item.key) {
            Some((_, value)) => *value = item.value.as_str().into(),
            None => attrs.push((item.key.as_str().into(), item.value.as_str().into())),
        }
    }
    if let Err(answer) = keep_attrs(API, g, attrs) {
        return answer;
    }
    let kind = g.kind.clone();
    drop(groups);
    let given = request.group_attr.into_iter();
    let given = given.map(|item| (item.key, Some(item.value))).collect();
    attrs_changed(
        shared,
        (&request.group_id, &kind),
        ("modify", route.admin),
        given,
    );
    ok::<Response>(|_| {})
}
