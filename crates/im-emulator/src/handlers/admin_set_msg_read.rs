//! `admin_set_msg_read`: marks `Report_Account`'s conversation with `Peer_Account` as read up to
//! `MsgReadTime` (decimal Unix seconds, a string on the page; absent: now): every message the
//! peer sent at or before that second stops counting as unread (INTL 1047/38996, 2025-02-28). A
//! read mark never moves back. Refusals: 90008 for an unknown `Report_Account`, 90003 for an
//! unknown `Peer_Account`, 90001 for a `MsgReadTime` that is not decimal seconds.
//!
//! Sends `C2C.CallbackAfterMsgReport` (page 1047/43465 names this API and a client's read report
//! as triggers): the reader, the peer, `LastReadTime` the read mark given (or now) and
//! `UnreadMsgNum` the reader's unread one-to-one messages after it, from the caller's origin (a
//! simulated client's `c2c_read` is this handler on the client's route).

use im_callback::c2c::C2cAfterMsgReport;
use im_proto::ErrorCode;
use im_proto::openim::admin_set_msg_read::{Request, Response};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let (me, peer) = (
        request.report_account.as_str(),
        request.peer_account.as_str(),
    );
    if !exists(shared, me) {
        let info = format!("Report_Account {me:?} does not exist");
        return Answer::fail(ErrorCode::FROM_ACCOUNT_NOT_FOUND, info);
    }
    if !exists(shared, peer) {
        let info = format!("Peer_Account {peer:?} does not exist");
        return Answer::fail(ErrorCode::OPENIM_ACCOUNT_NOT_STRING, info);
    }
    let time = match request.msg_read_time.as_deref() {
        None => shared.clock.now(),
        Some(text) => match text.trim().parse::<u64>() {
            Ok(time) => time,
            Err(_) => {
                let info = format!("MsgReadTime {text:?} is not a Unix time in seconds");
                return Answer::fail(ErrorCode::OPENIM_JSON_INVALID, info);
            }
        },
    };
    let mut store = shared.messages.lock();
    let (conversation, high) = store.conversation_mut(me, peer);
    conversation.mark_read(high, time);
    if shared.callbacks.enabled() {
        let mut event = C2cAfterMsgReport::default();
        event.report_account = me.to_owned();
        event.peer_account = peer.to_owned();
        event.last_read_time = Some(time);
        event.unread_msg_num = Some(i64::try_from(store.unread_total(me)).unwrap_or(i64::MAX));
        event.event_time = Some(shared.clock.now().saturating_mul(1000));
        drop(store);
        shared.callbacks.after(event, route.origin());
    }
    Answer::json(ErrorCode::OK, &Response::default())
}
