//! `modify_group_msg` (served under `v4/openim/`): overwrites the `MsgBody` and/or
//! `CloudCustomData` of the message `MsgSeq` of a group (ZH 269/74741, 2025-12-05); the old
//! values are gone, the message is marked modified and group_msg_get_simple reads the new
//! values. Its page lists only the openim codes: 90007 for a `MsgBody` that is not an array,
//! 90002 for one that is not a valid message (or is over 12 KB), and 20001 ("the request packet
//! is invalid") for a request that changes nothing, a group that does not exist, an AVChatRoom
//! (no history: "not for AVChatRoom") and a `MsgSeq` naming no stored message (or a recalled
//! one). A `TopicId` is ignored (topics are not modelled). Resending the same values is harmless.

use im_proto::ErrorCode;
use im_proto::openim::modify_group_msg::{Request, Response};

use super::Kind;
use crate::exchange::{Answer, Route};
use crate::group_calls::MAX_MSG_BYTES;
use crate::messages;
use crate::shared::Shared;

/// The fields this page gives a code of its own when they do not decode.
pub(super) const REFUSALS: &[(&str, Kind, ErrorCode)] =
    &[("MsgBody", Kind::Array, ErrorCode::MSG_BODY_NOT_ARRAY)];

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let body = match new_body(&request) {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let invalid = |info: String| Answer::fail(ErrorCode::C2C_REQUEST_INVALID, info);
    let mut groups = shared.groups.lock();
    let Some(g) = groups.get_mut(&request.group_id) else {
        return invalid(format!("group {:?} does not exist", request.group_id));
    };
    if !g.kind.keeps_history() {
        return invalid(format!("a {} group keeps no history to modify", g.kind));
    }
    let seq = request.msg_seq;
    let Some(message) = g.message_mut(seq).filter(|m| !m.recalled) else {
        return invalid(format!("no message {seq} in the group's history to modify"));
    };
    if let Some(body) = body {
        message.body = body;
    }
    if let Some(data) = request.cloud_custom_data.as_deref() {
        message.cloud_custom_data = Some(data.into());
    }
    message.modified = true;
    drop(groups);
    let mut response = Response::default();
    response.envelope.error_info = "succeed".to_owned();
    Answer::json(ErrorCode::OK, &response)
}

/// The new body as stored JSON (`None`: unchanged): 90002 for an invalid one or one over 12 KB,
/// 20001 when the request changes neither the body nor the custom data.
fn new_body(request: &Request) -> Result<Option<Box<[u8]>>, Answer> {
    let Some(body) = &request.msg_body else {
        if request.cloud_custom_data.is_none() {
            let info = "give MsgBody, CloudCustomData or both to modify";
            return Err(Answer::fail(ErrorCode::C2C_REQUEST_INVALID, info));
        }
        return Ok(None);
    };
    if let Err(err) = body.check_send() {
        return Err(Answer::fail(ErrorCode::MSG_BODY_INVALID, err.to_string()));
    }
    let bytes = messages::body_json(body);
    if bytes.len() > MAX_MSG_BYTES {
        let info = format!(
            "MsgBody is {} bytes, more than {MAX_MSG_BYTES}",
            bytes.len()
        );
        return Err(Answer::fail(ErrorCode::MSG_BODY_INVALID, info));
    }
    Ok(Some(Box::from(&*bytes)))
}
