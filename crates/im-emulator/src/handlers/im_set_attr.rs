//! `im_set_attr`: sets attributes of up to 100 users (90018 past that); each attribute must be
//! one the app named and each value at most 50 bytes (90033), checked for every user before
//! any is set. An attribute set again takes the new value; the others are kept.

use im_proto::all_member_push::im_set_attr::{Request, Response};
use im_proto::{Api, ErrorCode, MAX_PUSH_VALUE_BYTES};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImSetAttr;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.user_attrs.len()) {
        return answer;
    }
    let mut push = shared.push.lock();
    for item in &request.user_attrs {
        for (name, value) in &item.attrs {
            if !push.attr_defined(name) || value.len() > MAX_PUSH_VALUE_BYTES {
                let info = format!(
                    "invalid attribute {name:?} of {}: not named by the app, or its value over \
                     50 bytes",
                    item.to_account
                );
                return Answer::fail_for(API, ErrorCode::PUSH_ATTR_INVALID, info);
            }
        }
    }
    for item in request.user_attrs {
        let attrs = push.attrs.entry(item.to_account.into()).or_default();
        attrs.extend(item.attrs);
    }
    ok::<Response>(|_| {})
}
