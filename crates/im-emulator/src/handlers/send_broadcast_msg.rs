//! `send_broadcast_msg`: one message from `From_Account` (an existing account: 10004 otherwise)
//! or from the App admin to every AVChatRoom group of the app (ZH 269/77402): it is stored in
//! each live group's history with that group's next `MsgSeq` (so the inspection shows what
//! every live group received), and the answer's `MsgSeq` is the broadcast's own, counted from 1
//! across the app's broadcasts. Dedup: the same sender, `Random` and `MsgBody` within 300 s is
//! the same broadcast (answered with its `MsgSeq`, delivered once). Refusals: 10007 on an
//! edition without the broadcast (Ultimate and Enterprise have it), 10004 for a body a send
//! refuses or one over 12 KB. The rate (1 a second, declared) is the emulator's limiter's:
//! 60007 beyond it, like any API over its rate.

use im_proto::group::send_broadcast_msg::{Request, Response};
use im_proto::group_types::GroupType;
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, message_body, refuse};
use crate::groups::{GroupMessage, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::SendBroadcastMsg;

/// The dedup window, seconds.
const DEDUP_SECONDS: u64 = 300;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match broadcast(shared, &request, route) {
        Ok(seq) => ok::<Response>(|r| r.msg_seq = Some(seq)),
        Err(answer) => answer,
    }
}

fn broadcast(shared: &Shared, request: &Request, route: Route) -> Result<u32, Answer> {
    if !shared.edition.has_live_broadcast() {
        let info = format!(
            "the {} edition has no live group broadcast (Ultimate or Enterprise)",
            shared.edition
        );
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    checked(API, request)?;
    let body = message_body(&request.msg_body)
        .map_err(|(_, info)| refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info))?;
    let sender = super::sender(shared, request.from_account.as_ref(), route).to_owned();
    if request.from_account.is_some() && !exists(shared, &sender) {
        let info = format!("From_Account {sender:?} does not exist");
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let from = groups.intern(&sender);
    let since = clamp_time(now.saturating_sub(DEDUP_SECONDS));
    let recent = &mut groups.broadcasts.recent;
    recent.retain(|m| m.time >= since);
    let same = recent
        .iter()
        .find(|m| m.from == from && m.random == request.random && m.body == body);
    if let Some(same) = same {
        return Ok(same.seq);
    }
    let mut message = GroupMessage::new(from, request.random, now, body);
    message.cloud_custom_data = request.cloud_custom_data.as_deref().map(Box::from);
    groups.broadcasts.last_seq += 1;
    message.seq = groups.broadcasts.last_seq;
    let seq = message.seq;
    for g in groups
        .each_mut()
        .filter(|g| g.kind == GroupType::AvChatRoom)
    {
        g.history_mut().push(message.clone());
    }
    groups.broadcasts.recent.push(message);
    Ok(seq)
}
