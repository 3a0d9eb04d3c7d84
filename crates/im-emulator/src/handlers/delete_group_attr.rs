//! `delete_group_attr`: removes the given keys. Every group type. A key the group does not have
//! answers 10050 and nothing is removed; a key over 32 bytes 10045; 5 attribute writes a second
//! per group (10049). Sends `Group.CallbackAfterGroupAttrChanged` (`OptionType` `delete`, the
//! keys removed).

use im_proto::group::delete_group_attr::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{attr_write, attrs_changed, group_mut, limits_checked, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DeleteGroupAttr;

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
    let missing = request
        .group_attr
        .iter()
        .find(|item| !g.attrs.iter().any(|(k, _)| **k == *item.key));
    if let Some(item) = missing {
        let info = format!("the group has no attribute {:?}", item.key);
        return refuse(API, ErrorCode::GROUP_ATTR_KEY_NOT_FOUND, info);
    }
    g.attrs
        .retain(|(k, _)| !request.group_attr.iter().any(|item| *item.key == **k));
    let kind = g.kind.clone();
    drop(groups);
    let keys = request.group_attr.into_iter().map(|item| (item.key, None));
    let keys = keys.collect();
    attrs_changed(
        shared,
        (&request.group_id, &kind),
        ("delete", route.admin),
        keys,
    );
    ok::<Response>(|_| {})
}
