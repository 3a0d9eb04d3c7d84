//! `import_group_msg`: imports up to 7 historical messages, without delivery, one `Result` each
//! with the `MsgSeq` it was given: 0 imported; 10004 for a `SendTime` not later than the group's
//! creation and its newest message (the batch's earlier ones included), or not earlier than now,
//! or a sender that does not exist; 80002 for a body over 12 KB. Every member's unread count is
//! 0 afterwards. Not for AVChatRoom (10007). With `TopicId`, into that topic's own history (11000
//! for a group without topics, 10010 for a topic it lacks).

use im_proto::group::import_group_msg::{ImportMsg, ImportMsgResult, Request, Response};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, history_mut, message_body, refuse};
use crate::groups::{GroupMessage, HistoryMut};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImportGroupMsg;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match import(shared, &request) {
        Ok(results) => ok::<Response>(|r| r.import_msg_result = Some(results)),
        Err(answer) => answer,
    }
}

fn import(shared: &Shared, request: &Request) -> Result<Vec<ImportMsgResult>, Answer> {
    checked(API, request)?;
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let senders: Vec<Option<u32>> = request
        .msg_list
        .iter()
        .map(|m| {
            exists(shared, m.from_account.as_str()).then(|| groups.intern(m.from_account.as_str()))
        })
        .collect();
    let g = group_mut(API, &mut groups, &request.group_id)?;
    if !g.kind.allows_import() {
        let info = format!("messages cannot be imported into a {} group", g.kind);
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let created = g.create_time;
    let topic = request.topic_id.as_deref();
    let mut history = history_mut(API, g, topic)?;
    let results = request
        .msg_list
        .iter()
        .zip(senders)
        .map(|(item, from)| one(created, &mut history, item, from, now))
        .collect();
    // Every member's unread count of the group's own history is 0 afterwards.
    if topic.is_none() {
        let last = g.last_seq;
        for m in &mut g.members {
            m.read_seq = last;
        }
    }
    Ok(results)
}

/// Imports one message into `history` (of a group created at `created`), or says why not.
fn one(
    created: u32,
    history: &mut HistoryMut<'_>,
    item: &ImportMsg,
    from: Option<u32>,
    now: u64,
) -> ImportMsgResult {
    let newest = history.messages.last().map_or(0, |m| m.time);
    let after = u64::from(created.max(newest));
    let time = u64::try_from(item.send_time)
        .ok()
        .filter(|&t| t > after && t < now);
    let (Some(time), Some(from)) = (time, from) else {
        return ImportMsgResult::new(0, item.send_time, ErrorCode::GROUP_INVALID_PARAMETERS);
    };
    match message_body(&item.msg_body) {
        Ok(body) => {
            let random = item.random.unwrap_or(0);
            let seq = history.push(GroupMessage::new(from, random, time, body));
            ImportMsgResult::new(seq, item.send_time, ErrorCode::OK)
        }
        Err((code, _)) => ImportMsgResult::new(0, item.send_time, code),
    }
}
