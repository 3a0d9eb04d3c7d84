//! `group_msg_recall`: recalls up to 10 messages by `MsgSeq`, one `RetCode` each: 0 recalled
//! (a recalled message stays recalled, so a resend is safe), 10030 no such message. Recalled
//! messages stay in history, marked.

use im_proto::group::group_msg_recall::{RecallResult, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GroupMsgRecall;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked(API, &request) {
        return answer;
    }
    let mut groups = shared.groups.lock();
    let g = match group_mut(API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let results = request
        .msg_seq_list
        .iter()
        .map(|item| {
            let code = match g.message_mut(item.msg_seq) {
                Some(m) => {
                    m.recalled = true;
                    ErrorCode::OK
                }
                None => ErrorCode::GROUP_RECALL_MSG_NOT_FOUND,
            };
            RecallResult::new(item.msg_seq, code)
        })
        .collect();
    ok::<Response>(|r| r.recall_ret_list = Some(results))
}
