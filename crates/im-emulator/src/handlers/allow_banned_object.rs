//! `allow_banned_object`: unbans a chat file `forbid_illegal_object` banned, by the same
//! `RawURL` (a file that is not banned: OK, nothing changes). A `RawURL` that is not an
//! `http://` or `https://` address is refused as `forbid_illegal_object` refuses it.

use im_proto::ErrorCode;
use im_proto::cos_msg::allow_banned_object::{Request, Response};

use super::forbid_illegal_object::is_url;
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if !is_url(&request.raw_url) {
        let info = format!("RawURL {:?} is not a file URL", request.raw_url);
        return Answer::fail(ErrorCode::BODY_JSON_INVALID, info);
    }
    shared.banned_objects.lock().remove(&request.raw_url);
    ok::<Response>(|_| ())
}
