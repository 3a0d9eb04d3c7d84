//! `get_c2c_unread_msg_num` (ZH 269/56043, 2025-11-03): without `Peer_Account`, the account's
//! unread count over all its one-to-one conversations (`AllC2CUnreadMsgNum`); with it, one item
//! per peer (at most 10), a peer that does not exist in `ErrorList` with 70107. A message is
//! unread when the peer sent it after the account's read mark, it is in the account's
//! history, not recalled, and it counts as unread (not `NoUnread`, not a history import, not
//! `MsgLifeTime` 0). Refusals: 90003 for an unknown `To_Account`, 90001 for more than 10 peers.

use im_proto::ErrorCode;
use im_proto::openim::get_c2c_unread_msg_num::{ErrorItem, Request, Response, UnreadItem};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::shared::Shared;

/// The most peers of one request.
const MAX_PEERS: usize = 10;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.to_account.as_str();
    if !exists(shared, me) {
        let info = format!("To_Account {me:?} does not exist");
        return Answer::fail(ErrorCode::OPENIM_ACCOUNT_NOT_STRING, info);
    }
    let mut response = Response::default();
    let Some(peers) = request.peer_account else {
        let total = shared.messages.lock().unread_total(me);
        response.all_c2c_unread_msg_num = Some(i64::try_from(total).unwrap_or(i64::MAX));
        return Answer::json(ErrorCode::OK, &response);
    };
    if peers.len() > MAX_PEERS {
        let info = format!(
            "Peer_Account holds {} accounts, more than {MAX_PEERS}",
            peers.len()
        );
        return Answer::fail(ErrorCode::OPENIM_JSON_INVALID, info);
    }
    let (mut counts, mut errors) = (Vec::new(), Vec::new());
    let store = shared.messages.lock();
    for peer in &peers {
        let peer = peer.as_str();
        if !exists(shared, peer) {
            errors.push(ErrorItem::new(peer, ErrorCode::ACCOUNT_NOT_FOUND));
            continue;
        }
        let unread = store
            .conversation(me, peer)
            .map_or(0, |(conversation, high)| conversation.unread(high));
        counts.push(UnreadItem::new(
            peer,
            i64::try_from(unread).unwrap_or(i64::MAX),
        ));
    }
    drop(store);
    response.c2c_unread_msg_num_list = Some(counts);
    if !errors.is_empty() {
        response.error_list = Some(errors);
    }
    Answer::json(ErrorCode::OK, &response)
}
