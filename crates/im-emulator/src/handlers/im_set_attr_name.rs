//! `im_set_attr_name`: names the app's attributes by number, "0" to "9" (90033 for another
//! number or a name that is empty or over 50 bytes); a number named again is renamed.

use im_proto::all_member_push::im_set_attr_name::{Request, Response};
use im_proto::{Api, ErrorCode, MAX_PUSH_ATTRS, MAX_PUSH_VALUE_BYTES};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImSetAttrName;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut named = Vec::with_capacity(request.attr_names.len());
    for (number, name) in &request.attr_names {
        let n = number
            .parse::<u8>()
            .ok()
            .filter(|&n| usize::from(n) < MAX_PUSH_ATTRS && number.len() == 1);
        let Some(n) = n else {
            let info = format!("attribute number {number:?} is not \"0\" to \"9\"");
            return Answer::fail_for(API, ErrorCode::PUSH_ATTR_INVALID, info);
        };
        if name.is_empty() || name.len() > MAX_PUSH_VALUE_BYTES {
            let info = format!("attribute name {name:?} must be 1 to 50 bytes");
            return Answer::fail_for(API, ErrorCode::PUSH_ATTR_INVALID, info);
        }
        named.push((n, name.clone()));
    }
    shared.push.lock().attr_names.extend(named);
    ok::<Response>(|_| {})
}
