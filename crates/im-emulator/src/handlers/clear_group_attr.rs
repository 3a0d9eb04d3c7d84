//! `clear_group_attr`: removes every attribute of the group. Work, Public, Meeting and
//! AVChatRoom groups; not communities (10007, the INTL page's type table). 5 attribute writes a
//! second per group (10049). Sends `Group.CallbackAfterGroupAttrChanged` (`OptionType` `clear`,
//! the keys removed), when the group had attributes.

use im_proto::group::clear_group_attr::{Request, Response};
use im_proto::group_types::GroupType;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{attr_write, attrs_changed, group_mut, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ClearGroupAttr;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    let g = match group_mut(API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    if g.kind == GroupType::Community {
        let info = "a community's attributes cannot be cleared (clear_group_attr's page)";
        return refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info);
    }
    if let Err(answer) = attr_write(API, g, shared.clock.now()) {
        return answer;
    }
    let removed: Vec<_> = g.attrs.drain(..).map(|(k, _)| (k.into(), None)).collect();
    let kind = g.kind.clone();
    drop(groups);
    if !removed.is_empty() {
        attrs_changed(
            shared,
            (&request.group_id, &kind),
            ("clear", route.admin),
            removed,
        );
    }
    ok::<Response>(|_| {})
}
