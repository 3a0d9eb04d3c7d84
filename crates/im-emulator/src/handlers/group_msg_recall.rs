//! `group_msg_recall`: recalls up to 10 messages by `MsgSeq`, one `RetCode` each: 0 recalled
//! (a recalled message stays recalled, so a resend is safe), 10030 no such message. Recalled
//! messages stay in history, marked. With `TopicId`, messages of that topic of a community
//! (11000 for a group without topics, 10010 for a topic it lacks). Sends `Group.CallbackAfterRecallMsg` (page 1047/46979: an
//! admin's REST recall triggers it) with the messages this call recalled, when it recalled any.

use im_proto::group::group_msg_recall::{RecallResult, Request, Response};
use im_proto::{Api, ErrorCode};

use im_callback::group::{AfterRecallMsg, GroupType, MsgSeqItem};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, history_mut};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GroupMsgRecall;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match recall(shared, &request) {
        Ok((results, kind, recalled)) => {
            if shared.callbacks.enabled() && !recalled.is_empty() {
                let mut event = AfterRecallMsg::default();
                event.operator_account = Some(super::sender(shared, None, route).to_owned());
                event.group_type = Some(GroupType::from(kind.as_str()));
                event.group_id.clone_from(&request.group_id);
                event.msg_seq_list = Some(recalled);
                event.topic_id.clone_from(&request.topic_id);
                event.event_time = Some(shared.clock.now().saturating_mul(1000));
                shared.callbacks.after(event, Origin::rest());
            }
            ok::<Response>(|r| r.recall_ret_list = Some(results))
        }
        Err(answer) => answer,
    }
}

/// Marks the messages recalled: one result each, the group's type, and the messages this call
/// recalled (not those recalled before).
fn recall(
    shared: &Shared,
    request: &Request,
) -> Result<
    (
        Vec<RecallResult>,
        im_proto::group_types::GroupType,
        Vec<MsgSeqItem>,
    ),
    Answer,
> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let g = group_mut(API, &mut groups, &request.group_id)?;
    let kind = g.kind.clone();
    let mut history = history_mut(API, g, request.topic_id.as_deref())?;
    let mut recalled = Vec::new();
    let results = request
        .msg_seq_list
        .iter()
        .map(|item| {
            let code = match history.message_mut(item.msg_seq) {
                Some(m) => {
                    if !m.recalled {
                        let mut seq = MsgSeqItem::default();
                        seq.msg_seq = u64::from(item.msg_seq);
                        recalled.push(seq);
                    }
                    m.recalled = true;
                    ErrorCode::OK
                }
                None => ErrorCode::GROUP_RECALL_MSG_NOT_FOUND,
            };
            RecallResult::new(item.msg_seq, code)
        })
        .collect();
    Ok((results, kind, recalled))
}
