//! `set_group_attr`: the group's attributes become exactly the given ones. Every group type.
//! The limits answer 10045 to 10048 (a key given twice keeps its last value, so the count is
//! of distinct keys); 5 attribute writes a second per group (10049). Sends
//! `Group.CallbackAfterGroupAttrChanged` (`OptionType` `set`, the attributes the group now has).

use im_proto::Api;
use im_proto::group::set_group_attr::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{attr_write, attrs_changed, group_mut, keep_attrs, limits_checked};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::SetGroupAttr;

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
    let mut attrs: Vec<(Box<str>, Box<str>)> = Vec::new();
    for item in &request.group_attr {
        match attrs.iter_mut().find(|(k, _)| **k == *item.key) {
            Some((_, value)) => *value = item.value.as_str().into(),
            None => attrs.push((item.key.as_str().into(), item.value.as_str().into())),
        }
    }
    let given = attrs
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())));
    let given = given.collect();
    if let Err(answer) = keep_attrs(API, g, attrs) {
        return answer;
    }
    let kind = g.kind.clone();
    drop(groups);
    attrs_changed(
        shared,
        (&request.group_id, &kind),
        ("set", route.admin),
        given,
    );
    ok::<Response>(|_| {})
}
