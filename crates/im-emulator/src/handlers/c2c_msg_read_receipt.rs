//! `c2c_msg_read_receipt`: `Operator_Account` sends read receipts for messages `Peer_Account`
//! sent it (ZH 269/104121, 2025-12-05): each becomes `IsPeerRead` 1 in the history. Every
//! `C2CMsgInfo` item must name the peer as sender and the operator as recipient, with a
//! well-formed key; a key naming no message is left alone. Refusals: 20001 for an unknown
//! account or an item that does not fit.
//!
//! Sends `C2C.CallbackAfterMsgReadReceipt` (ZH 269/128223 names this API and a client's receipt
//! as triggers) with the messages found (none found: nothing sent), from the caller's origin (a
//! simulated client's `c2c_read_receipt` is this handler on the client's route).

use im_callback::c2c::{C2cAfterMsgReadReceipt, C2cMsgInfo};
use im_proto::ErrorCode;
use im_proto::openim::c2c_msg_read_receipt::{MsgInfo, Request, Response};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::messages::{Flags, MsgKey};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
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
    let mut read = Vec::new();
    for (key, info) in keys.into_iter().zip(&request.c2c_msg_info) {
        if let Some(message) = store.sent_mut(peer, me, key) {
            message.flags.set(Flags::PEER_READ);
            read.push(info);
        }
    }
    drop(store);
    receipts(shared, &request, read, route);
    Answer::json(ErrorCode::OK, &Response::default())
}

/// `C2C.CallbackAfterMsgReadReceipt` for the messages `read` (none: nothing sent).
fn receipts(shared: &Shared, request: &Request, read: Vec<&MsgInfo>, route: Route) {
    if !shared.callbacks.enabled() || read.is_empty() {
        return;
    }
    let mut event = C2cAfterMsgReadReceipt::default();
    event.operator_account = request.operator_account.as_str().to_owned();
    event.peer_account = Some(request.peer_account.as_str().to_owned());
    let items = read.into_iter().map(|info| {
        let mut item = C2cMsgInfo::default();
        item.from_account = Some(info.from_account.as_str().to_owned());
        item.to_account = Some(info.to_account.as_str().to_owned());
        item.msg_key = Some(info.msg_key.clone());
        item.msg_id = info
            .extra
            .get("MsgId")
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        item
    });
    event.c2c_msg_info = Some(items.collect());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, route.origin());
}
