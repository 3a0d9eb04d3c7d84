//! `c2c_msg_read_receipt`: `Operator_Account` sends read receipts for messages `Peer_Account`
//! sent it (ZH 269/104121, 2025-12-05): each becomes `IsPeerRead` 1 in the history. Every
//! `C2CMsgInfo` item must name the peer as sender and the operator as recipient, with a
//! well-formed key; a key naming no message is left alone. Refusals: 20001 for an unknown
//! account or an item that does not fit.

use im_proto::ErrorCode;
use im_proto::openim::c2c_msg_read_receipt::{Request, Response};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::messages::{Flags, MsgKey};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (me, peer) = (
        request.operator_account.as_str(),
        request.peer_account.as_str(),
    );
    for account in [me, peer] {
        if !exists(shared, account) {
            let info = format!("account {account:?} does not exist");
            return Answer::fail(ErrorCode::C2C_REQUEST_INVALID, info);
        }
    }
    let mut keys = Vec::with_capacity(request.c2c_msg_info.len());
    for (i, info) in request.c2c_msg_info.iter().enumerate() {
        if info.from_account.as_str() != peer || info.to_account.as_str() != me {
            let text =
                format!("C2CMsgInfo[{i}] must have From_Account {peer:?} and To_Account {me:?}");
            return Answer::fail(ErrorCode::C2C_REQUEST_INVALID, text);
        }
        let Some(key) = MsgKey::parse(&info.msg_key) else {
            let text = format!(
                "C2CMsgInfo[{i}].MsgKey {:?} is not a message key",
                info.msg_key
            );
            return Answer::fail(ErrorCode::C2C_REQUEST_INVALID, text);
        };
        keys.push(key);
    }
    let mut store = shared.messages.lock();
    for key in keys {
        if let Some(message) = store.sent_mut(peer, me, key) {
            message.flags.set(Flags::PEER_READ);
        }
    }
    drop(store);
    Answer::json(ErrorCode::OK, &Response::default())
}
