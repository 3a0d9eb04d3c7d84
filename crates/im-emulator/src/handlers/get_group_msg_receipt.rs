//! `get_group_msg_receipt`: for each requested `MsgSeq`, how many members have read the message
//! and how many have not (every member but its sender counts; a member has read it once its
//! read mark reached it (its own send, an import, set_unread_msg_num) or once it sent a read
//! receipt for it: group_msg_receipt or its client), or `Code` 10062 for a message that does not
//! exist or was not sent with `NeedReadReceipt` 1. Refusals: 10007 on an edition without group
//! read receipts, for AVChatRoom and Community, and for a group of more than 200 members;
//! 10015/10010 for the group.

use im_proto::group::get_group_msg_receipt::{ReceiptCount, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, receipt_message, receipts_in};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetGroupMsgReceipt;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked(API, &request) {
        return answer;
    }
    let groups = shared.groups.lock();
    let g = match receipts_in(shared, API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let list = request
        .msg_seq_list
        .iter()
        .map(|item| match receipt_message(API, g, item.msg_seq) {
            Ok(message) => {
                let read = g.read_states(message).filter(|&(_, read)| read).count();
                let all = g.read_states(message).count();
                let mut result = ReceiptCount::new(ErrorCode::OK, item.msg_seq);
                result.read_num = Some(count(read));
                result.unread_num = Some(count(all - read));
                result
            }
            Err(_) => ReceiptCount::new(ErrorCode::GROUP_RECEIPT_NOT_FOUND, item.msg_seq),
        })
        .collect();
    ok::<Response>(|r| r.group_msg_receipt_list = Some(list))
}
