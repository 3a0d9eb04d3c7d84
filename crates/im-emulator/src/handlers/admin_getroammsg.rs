//! `admin_getroammsg`: a conversation's history from `Operator_Account`'s side (ZH 269/42794,
//! read from its mirrors of 2024-07-09), read backwards: an answer holds the newest messages of
//! `[MinTime, MaxTime]` the side sees, at most `MaxCnt` and at most 13 KB of them (always at
//! least one), oldest first; `LastMsgTime` and `LastMsgKey` name its oldest message. When
//! `Complete` is 0 the next request sets `MaxTime` to `LastMsgTime` and `LastMsgKey`, and gets
//! the messages before that one. Recalled messages are included with `MsgFlagBits` 8;
//! `IsPeerRead` is 1 once the recipient sent a read receipt. Refusals: 90008 for an unknown
//! operator, 90003 for an unknown peer, 90001 for a `MaxCnt` below 1.

use im_proto::ErrorCode;
use im_proto::message::MsgBody;
use im_proto::openim::admin_getroammsg::{Request, Response, RoamMessage};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::messages::{Flags, Message, MsgKey};
use crate::shared::Shared;

/// The most message bytes one answer holds.
const PAGE_BYTES: usize = 13 * 1024;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (me, peer) = (
        request.operator_account.as_str(),
        request.peer_account.as_str(),
    );
    if !exists(shared, me) {
        let info = format!("Operator_Account {me:?} does not exist");
        return Answer::fail(ErrorCode::FROM_ACCOUNT_NOT_FOUND, info);
    }
    if !exists(shared, peer) {
        let info = format!("Peer_Account {peer:?} does not exist");
        return Answer::fail(ErrorCode::OPENIM_ACCOUNT_NOT_STRING, info);
    }
    let max_cnt = match usize::try_from(request.max_cnt) {
        Ok(n) if n > 0 => n,
        _ => {
            let info = format!("MaxCnt {} must be at least 1", request.max_cnt);
            return Answer::fail(ErrorCode::OPENIM_JSON_INVALID, info);
        }
    };
    let store = shared.messages.lock();
    let Some((conversation, high)) = store.conversation(me, peer) else {
        return answer(Vec::new(), true);
    };
    let messages = conversation.messages();
    let after = request
        .last_msg_key
        .as_deref()
        .and_then(MsgKey::parse)
        .and_then(|key| conversation.find(key))
        .unwrap_or(messages.len());
    let in_range = |m: &&Message| {
        let time = i128::from(m.time);
        m.visible_to(high)
            && time >= i128::from(request.min_time)
            && time <= i128::from(request.max_time)
    };
    let mut candidates = messages[..after].iter().rev().filter(in_range).peekable();
    let (mut page, mut bytes) = (Vec::new(), 0);
    while page.len() < max_cnt {
        let Some(next) = candidates.peek() else { break };
        let item = roam_message(next, me, peer, high);
        let size = serde_json::to_vec(&item).map_or(0, |v| v.len());
        if !page.is_empty() && bytes + size > PAGE_BYTES {
            break;
        }
        bytes += size;
        page.push(item);
        candidates.next();
    }
    let complete = candidates.peek().is_none();
    drop(store);
    page.reverse();
    answer(page, complete)
}

/// One stored message as the answer lists it, seen from `me` (the higher party when `high`).
fn roam_message(m: &Message, me: &str, peer: &str, high: bool) -> RoamMessage {
    let (from, to) = if m.sent_by_high() == high {
        (me, peer)
    } else {
        (peer, me)
    };
    let mut item = RoamMessage::default();
    item.from_account = from.to_owned();
    item.to_account = to.to_owned();
    item.msg_seq = m.seq;
    item.msg_random = m.random;
    item.msg_time_stamp = i64::try_from(m.time).unwrap_or(i64::MAX);
    item.msg_flag_bits = m.flag_bits();
    item.is_peer_read = Some(m.flags.has(Flags::PEER_READ));
    item.msg_key = m.key().to_string();
    item.msg_body = serde_json::from_slice::<MsgBody>(&m.body).unwrap_or_default();
    item.cloud_custom_data = m.cloud_custom_data.as_deref().map(str::to_owned);
    item
}

fn answer(page: Vec<RoamMessage>, complete: bool) -> Answer {
    let mut response = Response::default();
    response.complete = Some(complete);
    response.msg_cnt = i64::try_from(page.len()).ok();
    if let Some(oldest) = page.first() {
        response.last_msg_time = Some(oldest.msg_time_stamp);
        response.last_msg_key = Some(oldest.msg_key.clone());
    }
    response.msg_list = Some(page);
    Answer::json(ErrorCode::OK, &response)
}
