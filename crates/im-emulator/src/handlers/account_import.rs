//! `account_import`: imports (or updates) one account; 40601 for an over-long profile value.

use im_proto::account::account_import::{Request, Response};
use im_proto::{Endpoint, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(err) = request.validate() {
        return Answer::fail(ErrorCode::PROFILE_VALUE_TOO_LONG, err.to_string());
    }
    let result = shared.store.write().import(
        request.user_id.as_str(),
        request.nick.as_deref(),
        request.face_url.as_deref(),
        shared.account_cap,
        shared.forbid_reimport,
    );
    match result {
        Ok(()) => Answer::json(ErrorCode::OK, &Response::ok()),
        Err(refusal) => Answer::fail(refusal.error_code(), refusal.to_string()),
    }
}
