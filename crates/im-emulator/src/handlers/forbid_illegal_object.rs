//! `forbid_illegal_object`: bans a chat file by its `RawURL` (kept until
//! `allow_banned_object`; banning it again changes nothing). A `RawURL` that is not an
//! `http://` or `https://` address is refused with the service's code for a body that does not
//! fit (the page documents none of its own).

use im_proto::ErrorCode;
use im_proto::cos_msg::forbid_illegal_object::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if !is_url(&request.raw_url) {
        let info = format!("RawURL {:?} is not a file URL", request.raw_url);
        return Answer::fail(ErrorCode::BODY_JSON_INVALID, info);
    }
    shared.banned_objects.lock().insert(request.raw_url);
    ok::<Response>(|_| ())
}

/// Whether `raw` is an `http://` or `https://` address with something after the scheme.
pub(super) fn is_url(raw: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| {
        raw.strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    })
}
