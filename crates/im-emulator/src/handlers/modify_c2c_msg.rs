//! `modify_c2c_msg`: overwrites the `MsgBody` and/or `CloudCustomData` of the message
//! `From_Account` sent to `To_Account` (ZH 269/74740, 2024-09-27), in both histories; the old
//! values are gone. Refusals: 90007 for a `MsgBody` that is not an array, 90002 for one that is
//! not a valid message, 20003 for an unknown account, 20001 for a key naming no message of that
//! sender (or a recalled one) and for a request that changes nothing.

use im_proto::ErrorCode;
use im_proto::openim::modify_c2c_msg::{Request, Response};

use super::{Kind, exists};
use crate::exchange::{Answer, Route};
use crate::messages::{self, Flags, MsgKey};
use crate::shared::Shared;

/// The fields this page gives a code of its own when they do not decode.
pub(super) const REFUSALS: &[(&str, Kind, ErrorCode)] = &[(
    "To_Account",
    Kind::String,
    ErrorCode::OPENIM_ACCOUNT_NOT_STRING,
)];

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (from, to) = (request.from_account.as_str(), request.to_account.as_str());
    for account in [from, to] {
        if !exists(shared, account) {
            let info = format!("account {account:?} does not exist");
            return Answer::fail(ErrorCode::C2C_ACCOUNT_INVALID, info);
        }
    }
    if let Some(body) = &request.msg_body
        && let Err(err) = body.check_send()
    {
        return Answer::fail(ErrorCode::MSG_BODY_INVALID, err.to_string());
    }
    if request.msg_body.is_none() && request.cloud_custom_data.is_none() {
        let info = "give MsgBody, CloudCustomData or both to modify";
        return Answer::fail(ErrorCode::C2C_REQUEST_INVALID, info);
    }
    let key = MsgKey::parse(&request.msg_key);
    let mut store = shared.messages.lock();
    let message = key.and_then(|key| store.sent_mut(from, to, key));
    let Some(message) = message.filter(|m| !m.flags.has(Flags::WITHDRAWN)) else {
        let info = format!(
            "no message {:?} from {from:?} to {to:?} to modify",
            request.msg_key
        );
        return Answer::fail(ErrorCode::C2C_REQUEST_INVALID, info);
    };
    if let Some(body) = &request.msg_body {
        message.body = messages::body_json(body);
    }
    if let Some(data) = request.cloud_custom_data.as_deref() {
        message.cloud_custom_data = Some(data.into());
    }
    message.flags.set(Flags::MODIFIED);
    drop(store);
    let mut response = Response::default();
    response.envelope.error_info = "succeed".to_owned();
    Answer::json(ErrorCode::OK, &response)
}
