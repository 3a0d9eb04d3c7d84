//! `admin_msgwithdraw`: recalls a one-to-one message (ZH 269/38980, 2025-12-05): it stays in both
//! histories with `MsgFlagBits` 8 and no longer counts as unread. Refusals: 90008 for an unknown
//! sender, 90003 for an unknown recipient, 90054 for a key that is not a `MsgKey`, 20022 when
//! `From_Account` sent no such message to `To_Account`, 20023 when it is already recalled.
//! Sends `C2C.CallbackAfterMsgWithDraw` (page 1047/43466: `admin_msgwithdraw` triggers it) with
//! the message's key and the recipient's unread count after the recall.

use im_proto::ErrorCode;
use im_proto::openim::admin_msgwithdraw::{Request, Response};

use im_callback::c2c::C2cAfterMsgWithDraw;

use super::exists;
use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::messages::{Flags, MsgKey};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (from, to) = (request.from_account.as_str(), request.to_account.as_str());
    if !exists(shared, from) {
        let info = format!("From_Account {from:?} does not exist");
        return Answer::fail(ErrorCode::FROM_ACCOUNT_NOT_FOUND, info);
    }
    if !exists(shared, to) {
        let info = format!("To_Account {to:?} does not exist");
        return Answer::fail(ErrorCode::OPENIM_ACCOUNT_NOT_STRING, info);
    }
    let Some(key) = MsgKey::parse(&request.msg_key) else {
        let info = format!("MsgKey {:?} is not a valid message key", request.msg_key);
        return Answer::fail(ErrorCode::MSG_KEY_INVALID, info);
    };
    let mut store = shared.messages.lock();
    let Some(message) = store.sent_mut(from, to, key) else {
        let info = format!("no message {key} from {from:?} to {to:?}");
        return Answer::fail(ErrorCode::MSG_WITHDRAW_NOT_FOUND, info);
    };
    if message.flags.has(Flags::WITHDRAWN) {
        let info = format!("message {key} was already recalled");
        return Answer::fail(ErrorCode::MSG_ALREADY_WITHDRAWN, info);
    }
    message.flags.set(Flags::WITHDRAWN);
    let unread = store.unread_total(to);
    drop(store);
    if shared.callbacks.enabled() {
        let mut event = C2cAfterMsgWithDraw::default();
        event.from_account = from.to_owned();
        event.to_account = to.to_owned();
        event.msg_key = Some(request.msg_key.clone());
        event.unread_msg_num = Some(i64::try_from(unread).unwrap_or(i64::MAX));
        event.event_time = Some(shared.clock.now().saturating_mul(1000));
        shared.callbacks.after(event, Origin::rest());
    }
    Answer::json(ErrorCode::OK, &Response::default())
}
