//! `send_group_msg`: a message from `From_Account` (a member, for the types that keep members:
//! 10007 otherwise; an account that does not exist: 10004) or from the App admin, with the next
//! `MsgSeq`. A muted sender, or an ordinary member while the whole group is muted, answers 10017;
//! a group that already took 40 messages this second answers 10023. Dedup: the same sender,
//! `Random` and `MsgBody` within 300 s is the same message (answered with its `MsgSeq` and time,
//! stored once). An AVChatRoom keeps no history and `OnlineOnlyFlag` 1 keeps the message out of
//! it: such a message takes a `MsgSeq` but is not stored. The sender has read what it sent.

use im_proto::group::send_group_msg::{Request, Response};
use im_proto::group_types::MemberRole;
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, message_body, refuse};
use crate::groups::{Group, GroupMessage, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::SendGroupMsg;

/// The dedup window, seconds.
const DEDUP_SECONDS: u64 = 300;

/// The most messages a group takes a second.
const PER_SECOND: usize = 40;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match send(shared, &request, route) {
        Ok((seq, time)) => ok::<Response>(|r| {
            r.msg_seq = Some(seq);
            r.msg_time = Some(i64::from(time));
        }),
        Err(answer) => answer,
    }
}

fn send(shared: &Shared, request: &Request, route: Route) -> Result<(u32, u32), Answer> {
    checked(API, request)?;
    let body = message_body(&request.msg_body).map_err(|(code, info)| refuse(API, code, info))?;
    let from_name = super::sender(shared, request.from_account.as_ref(), route).to_owned();
    if request.from_account.is_some() && !exists(shared, &from_name) {
        let info = format!("From_Account {from_name:?} does not exist");
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let from = groups.intern(&from_name);
    let g = group_mut(API, &mut groups, &request.group_id)?;
    check_sender(g, from, request.from_account.is_some(), now)?;
    let since = clamp_time(now.saturating_sub(DEDUP_SECONDS));
    let recent = g.messages.iter().rev().take_while(|m| m.time >= since);
    if let Some(same) = recent
        .clone()
        .find(|m| m.from == from && m.random == request.random && m.body == body)
    {
        return Ok((same.seq, same.time));
    }
    if recent.filter(|m| u64::from(m.time) == now).count() >= PER_SECOND {
        let info = format!("the group took {PER_SECOND} messages this second");
        return Err(refuse(API, ErrorCode::GROUP_MSG_TOO_FREQUENT, info));
    }
    let time = clamp_time(now);
    let seq = if g.kind.keeps_history() && request.online_only_flag != Some(true) {
        let mut message = GroupMessage::new(from, request.random, now, body);
        message.cloud_custom_data = request.cloud_custom_data.as_deref().map(Box::from);
        g.push_message(message)
    } else {
        g.skip_seq()
    };
    if let Some(m) = g.member_mut(from) {
        m.read_seq = seq;
        m.extra_mut().last_send = time;
    }
    Ok((seq, time))
}

/// 10007 for a sender outside a group that keeps members, 10017 for a muted one.
fn check_sender(g: &Group, from: u32, named: bool, now: u64) -> Result<(), Answer> {
    if !named {
        return Ok(());
    }
    let member = g.member(from);
    if g.kind.stores_members() && member.is_none() {
        let info = "From_Account is not a member of the group";
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let ordinary = member.is_none_or(|m| m.role() == MemberRole::Member);
    if member.is_some_and(|m| m.is_muted_at(now)) || g.mute_all && ordinary {
        let info = "From_Account is muted in this group";
        return Err(refuse(API, ErrorCode::GROUP_SENDER_MUTED, info));
    }
    Ok(())
}
