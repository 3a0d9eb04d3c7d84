//! `delete_c2c_msg_ramble`: one-sided delete (ZH 269/101439, 2025-12-05): the messages of
//! `MsgKeyList` (at most 30) leave `Operator_Account`'s history and stay in `Peer_Account`'s. A
//! well-formed key naming no message is left alone; a malformed one is listed in
//! `InvalidMsgKeyList` (doocs' answer field). The page's code table was not readable: an
//! unknown account and more than 30 keys answer the service's generic 90001.

use im_proto::ErrorCode;
use im_proto::openim::delete_c2c_msg_ramble::{Request, Response};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::messages::{Flags, MsgKey};
use crate::shared::Shared;

/// The most keys of one request.
const MAX_KEYS: usize = 30;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (me, peer) = (
        request.operator_account.as_str(),
        request.peer_account.as_str(),
    );
    for account in [me, peer] {
        if !exists(shared, account) {
            let info = format!("account {account:?} does not exist");
            return Answer::fail(ErrorCode::OPENIM_JSON_INVALID, info);
        }
    }
    let count = request.msg_key_list.len();
    if count > MAX_KEYS {
        let info = format!("MsgKeyList holds {count} keys, more than {MAX_KEYS}");
        return Answer::fail(ErrorCode::OPENIM_JSON_INVALID, info);
    }
    let mut invalid = Vec::new();
    let mut store = shared.messages.lock();
    let (conversation, high) = store.conversation_mut(me, peer);
    for text in request.msg_key_list {
        let Some(key) = MsgKey::parse(&text) else {
            invalid.push(text);
            continue;
        };
        let found = conversation.find(key);
        if let Some(message) = found.and_then(|at| conversation.get_mut(at)) {
            message.flags.set(Flags::hidden(high));
        }
    }
    drop(store);
    let mut response = Response::default();
    if !invalid.is_empty() {
        response.invalid_msg_key_list = Some(invalid);
    }
    Answer::json(ErrorCode::OK, &response)
}
