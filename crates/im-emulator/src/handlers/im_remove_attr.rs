//! `im_remove_attr`: removes named attributes of up to 100 users (90018 past that; 90033 for a
//! name the app did not define, checked before any is removed).

use im_proto::all_member_push::im_remove_attr::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImRemoveAttr;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.user_attrs.len()) {
        return answer;
    }
    let mut push = shared.push.lock();
    let unknown = request
        .user_attrs
        .iter()
        .flat_map(|item| &item.attrs)
        .find(|name| !push.attr_defined(name));
    if let Some(name) = unknown {
        let info = format!("attribute {name:?} is not one the app named");
        return Answer::fail_for(API, ErrorCode::PUSH_ATTR_INVALID, info);
    }
    for item in &request.user_attrs {
        if let Some(attrs) = push.attrs.get_mut(item.to_account.as_str()) {
            for name in &item.attrs {
                attrs.remove(name);
            }
        }
    }
    ok::<Response>(|_| {})
}
