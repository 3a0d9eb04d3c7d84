//! `modify_c2c_msg`: overwrites the `MsgBody` and/or `CloudCustomData` of the message
//! `From_Account` sent to `To_Account` (ZH 269/74740, 2024-09-27), in both histories; the old
//! values are gone. Refusals: 90007 for a `MsgBody` that is not an array, 90002 for one that is
//! not a valid message, 20003 for an unknown account, 20001 for a key naming no message of that
//! sender (or a recalled one) and for a request that changes nothing. Sends
//! `C2C.CallbackAfterModifyMsg` (page 269/128224: an admin's `modify_c2c_msg` triggers it) with
//! the message as edited and the signing admin as operator, when its body or custom data
//! changed.

use im_proto::ErrorCode;
use im_proto::openim::modify_c2c_msg::{Request, Response};

use std::sync::Arc;

use im_callback::c2c::C2cAfterModifyMsg;

use super::{Kind, exists};
use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::messages::{self, Flags, MsgKey};
use crate::shared::Shared;

/// The fields this page gives a code of its own when they do not decode.
pub(super) const REFUSALS: &[(&str, Kind, ErrorCode)] = &[(
    "To_Account",
    Kind::String,
    ErrorCode::OPENIM_ACCOUNT_NOT_STRING,
)];

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
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
    let before = (Arc::clone(&message.body), message.cloud_custom_data.clone());
    if let Some(body) = &request.msg_body {
        message.body = messages::body_json(body);
    }
    if let Some(data) = request.cloud_custom_data.as_deref() {
        message.cloud_custom_data = Some(data.into());
    }
    message.flags.set(Flags::MODIFIED);
    let changed = before != (Arc::clone(&message.body), message.cloud_custom_data.clone());
    let edited = changed.then(|| Edited {
        key: message.key(),
        body: Arc::clone(&message.body),
        cloud_custom_data: message.cloud_custom_data.clone(),
    });
    drop(store);
    if let Some(message) = edited.filter(|_| shared.callbacks.enabled()) {
        modified(shared, &request, route, &message);
    }
    let mut response = Response::default();
    response.envelope.error_info = "succeed".to_owned();
    Answer::json(ErrorCode::OK, &response)
}

/// A message as edited, taken under the messages lock for the callback sent after it.
struct Edited {
    key: MsgKey,
    body: Arc<[u8]>,
    cloud_custom_data: Option<Arc<str>>,
}

/// `C2C.CallbackAfterModifyMsg` for `message` as edited.
fn modified(shared: &Shared, request: &Request, route: Route, message: &Edited) {
    let mut event = C2cAfterModifyMsg::default();
    event.cloud_custom_data = message.cloud_custom_data.as_deref().map(str::to_owned);
    event.msg_body = serde_json::from_slice(&message.body).ok();
    event.operator_account = Some(super::sender(shared, None, route).to_owned());
    event.from_account = request.from_account.as_str().to_owned();
    event.to_account = request.to_account.as_str().to_owned();
    event.msg_random = Some(message.key.random);
    event.msg_seq = Some(message.key.seq);
    event.msg_time = Some(message.key.time);
    event.msg_key = Some(message.key.to_string());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}
