//! `group_msg_get_simple`: a group's history backwards by `MsgSeq`: the newest `ReqMsgNumber`
//! messages (at most 20), or those at or below `ReqMsgSeq`, newest first. Recalled messages come
//! back only with `WithRecalledMsg` 1 (`IsPlaceMsg` 2); cleared ones still come back (the App
//! admin reads them). `IsFinished` 1 when nothing older remains. Not for AVChatRoom (10007). A
//! message's `CloudCustomData` (as sent, or as modify_group_msg set it) comes back with it.
//! With `TopicId`, the history of that topic of a community (11000 for a group without topics,
//! 10010 for a topic it lacks).

use im_proto::group::group_msg_get_simple::{HistoryMsg, Request, Response};
use im_proto::message::MsgBody;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group, history, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GroupMsgGetSimple;

/// The most messages an answer holds.
const MAX: usize = 20;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked(API, &request) {
        return answer;
    }
    let groups = shared.groups.lock();
    let g = match group(API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    if !g.kind.keeps_history() {
        let info = format!("a {} group keeps no history", g.kind);
        return refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info);
    }
    let messages = match history(API, g, request.topic_id.as_deref()) {
        Ok(messages) => messages,
        Err(answer) => return answer,
    };
    let top = request.req_msg_seq.unwrap_or(u32::MAX);
    let recalled = request.with_recalled_msg == Some(true);
    let number = usize::try_from(request.req_msg_number)
        .unwrap_or(MAX)
        .min(MAX);
    let mut older = messages
        .iter()
        .rev()
        .skip_while(|m| m.seq > top)
        .filter(|m| recalled || !m.recalled);
    let list: Vec<HistoryMsg> = older
        .by_ref()
        .take(number)
        .map(|m| {
            let body: MsgBody = serde_json::from_slice(&m.body).unwrap_or_default();
            let mut item = HistoryMsg::new(
                groups.name(m.from),
                body,
                m.random,
                m.seq,
                i64::from(m.time),
            );
            item.is_place_msg = Some(if m.recalled { 2 } else { 0 });
            if let Some(data) = &m.cloud_custom_data {
                item.extra.insert("CloudCustomData".into(), (**data).into());
            }
            item
        })
        .collect();
    let finished = older.next().is_none();
    ok::<Response>(|r| {
        r.group_id = Some(request.group_id.clone());
        r.is_finished = Some(u32::from(finished));
        r.rsp_msg_list = Some(list);
    })
}
