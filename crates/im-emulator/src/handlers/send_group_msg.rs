//! `send_group_msg`: a message from `From_Account` (a member, for the types that keep members:
//! 10007 otherwise; an account that does not exist: 10004) or from the App admin, with the next
//! `MsgSeq`. A muted sender, or an ordinary member while the whole group is muted, answers 10017;
//! a group that already took 40 messages this second answers 10023. Dedup: the same sender,
//! `Random` and `MsgBody` within 300 s is the same message (answered with its `MsgSeq` and time,
//! stored once). An AVChatRoom keeps no history and `OnlineOnlyFlag` 1 keeps the message out of
//! it: such a message takes a `MsgSeq` but is not stored. The sender has read what it sent.
//! With `TopicId` the message goes to that topic of a community, in the topic's own history and
//! `MsgSeq` (11000 for a group without topics, 10010 for a topic it lacks). A message keeps
//! whether it supports extensions (`SupportMessageExtension` 1) and asks for read receipts
//! (`NeedReadReceipt` 1).
//!
//! Callbacks (pages 1047/34374 and 34375): `Group.CallbackBeforeSendMsg` once the group and the
//! sender passed their checks, before anything is stored (the store is not locked while the
//! app answers: the checks are made again after), its answer allowing, refusing (10016),
//! denying with the app's code, dropping (the message takes a `MsgSeq` and is not stored) or
//! rewriting `MsgBody` and/or `CloudCustomData` (what the reply leaves out stays as sent; the
//! rewritten message is the one stored and delivered); `Group.CallbackAfterSendMsg` with the message as sent, not for a refused
//! or dropped one nor a duplicate. `ForbidCallbackControl` switches either off for the message.
//! `Group.CallbackSendMsgException` (page 1047/49462) when the send fails for one of the
//! page's reasons the emulator produces: the group does not exist (10010), the sender is muted
//! in the group or the group is muted (10017), the group's messages this second are over the
//! limit (10023); with the message, the code and its text. (A simulated client's send refused
//! by the emulator's own client mute never reaches this handler: no callback, as before.)

use im_callback::group::{
    GroupAfterSendMsg, GroupBeforeSendMsg, GroupType as CallbackGroupType, SendMsgException,
};
use im_proto::group::send_group_msg::{Request, Response};
use im_proto::group_types::{GroupType, MemberRole};
use im_proto::message::ForbidCallbackControl;
use im_proto::{Api, ErrorCode};

use super::{exists, forbids};
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, history_mut, message_body, refuse};
use crate::groups::{Group, GroupMessage, clamp_time};
use crate::messages::Verdict;
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
        Err(answer) => {
            exception(shared, &request, route, &answer);
            answer
        }
    }
}

/// `Group.CallbackSendMsgException` for a send `answer` refused for one of the page's
/// reasons (group not found, sender muted, too many messages).
fn exception(shared: &Shared, request: &Request, route: Route, answer: &Answer) {
    let reasons = [
        ErrorCode::GROUP_NOT_FOUND,
        ErrorCode::GROUP_SENDER_MUTED,
        ErrorCode::GROUP_MSG_TOO_FREQUENT,
    ];
    if !shared.callbacks.enabled() || !reasons.contains(&answer.code) {
        return;
    }
    let info = serde_json::from_slice::<im_proto::Envelope>(&answer.body).ok();
    let sender = Sender {
        name: super::sender(shared, request.from_account.as_ref(), route).to_owned(),
        named: request.from_account.is_some(),
    };
    let mut event = SendMsgException::default();
    event.group_id.clone_from(&request.group_id);
    let groups = shared.groups.lock();
    let kind = groups
        .get(&request.group_id)
        .map(|g| g.kind.as_str().to_owned());
    drop(groups);
    event.group_type = kind.map(|k| CallbackGroupType::from(k.as_str()));
    event.from_account = Some(sender.name.clone());
    event.operator_account = Some(operator(shared, &sender, route));
    event.random = Some(request.random);
    event.online_only_flag = Some(u32::from(request.online_only_flag == Some(true)));
    event.msg_body = Some(request.msg_body.clone());
    event
        .cloud_custom_data
        .clone_from(&request.cloud_custom_data);
    event.error_code = Some(answer.code.get());
    event.error_info = info.map(|e| e.error_info);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, route.origin());
}

/// Who sends: the sender's name and whether the request named it.
struct Sender {
    name: String,
    named: bool,
}

fn send(shared: &Shared, request: &Request, route: Route) -> Result<(u32, u32), Answer> {
    checked(API, request)?;
    let body = message_body(&request.msg_body).map_err(|(code, info)| refuse(API, code, info))?;
    let sender = Sender {
        name: super::sender(shared, request.from_account.as_ref(), route).to_owned(),
        named: request.from_account.is_some(),
    };
    if sender.named && !exists(shared, &sender.name) {
        let info = format!("From_Account {:?} does not exist", sender.name);
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    let now = shared.clock.now();
    // A first look before the app is asked (which may take 2 s): the group, the sender's
    // rights, a duplicate.
    let kind = match look(shared, request, &sender, &body, now)? {
        Ok(kind) => kind,
        Err(same) => return Ok(same),
    };
    let mut data = request.cloud_custom_data.clone();
    let (body, stored) = match before_send(shared, request, &sender, &kind, route) {
        Verdict::Allow => (body, true),
        Verdict::Refuse { code, info } => return Err(refuse(API, code, info)),
        Verdict::Drop => (body, false),
        Verdict::Rewrite {
            body: new,
            cloud_custom_data,
        } => {
            if let Some(new_data) = cloud_custom_data {
                data = Some(new_data.to_string());
            }
            (new.map_or(body, |b| Box::from(&*b)), true)
        }
    };
    let key = store(
        shared,
        request,
        &sender,
        body.clone(),
        data.as_deref(),
        stored,
        now,
    )?;
    if stored {
        let sent = Sent {
            key,
            body: &body,
            data,
        };
        after_send(shared, request, (&sender, route), &kind, sent);
    }
    Ok(key)
}

/// The group's type, or (`Err`) the `MsgSeq` and time of an equal message within 300 s.
fn look(
    shared: &Shared,
    request: &Request,
    sender: &Sender,
    body: &[u8],
    now: u64,
) -> Result<Result<GroupType, (u32, u32)>, Answer> {
    let mut groups = shared.groups.lock();
    let from = groups.intern(&sender.name);
    let g = group_mut(API, &mut groups, &request.group_id)?;
    check_sender(g, from, sender.named, now)?;
    let kind = g.kind.clone();
    let history = history_mut(API, g, request.topic_id.as_deref())?;
    Ok(
        match duplicate(history.messages, from, request.random, body, now) {
            Some(same) => Err(same),
            None => Ok(kind),
        },
    )
}

/// The `MsgSeq` and time of a message of `messages` (a group's or a topic's) that `from` sent
/// with `random` and `body` within 300 s.
fn duplicate(
    messages: &[GroupMessage],
    from: u32,
    random: u32,
    body: &[u8],
    now: u64,
) -> Option<(u32, u32)> {
    let since = clamp_time(now.saturating_sub(DEDUP_SECONDS));
    let recent = messages.iter().rev().take_while(|m| m.time >= since);
    recent
        .clone()
        .find(|m| m.from == from && m.random == random && *m.body == *body)
        .map(|m| (m.seq, m.time))
}

/// Stores the message with its `CloudCustomData` (the app's rewrite of either kept), or, when
/// not `stored`, only takes a `MsgSeq`, checking again what may have changed while the app was
/// asked; its `MsgSeq` and time.
fn store(
    shared: &Shared,
    request: &Request,
    sender: &Sender,
    body: Box<[u8]>,
    data: Option<&str>,
    stored: bool,
    now: u64,
) -> Result<(u32, u32), Answer> {
    let mut groups = shared.groups.lock();
    let from = groups.intern(&sender.name);
    let g = group_mut(API, &mut groups, &request.group_id)?;
    check_sender(g, from, sender.named, now)?;
    let keeps = g.kind.keeps_history();
    let topic = request.topic_id.as_deref();
    let mut history = history_mut(API, g, topic)?;
    if let Some(same) = duplicate(history.messages, from, request.random, &body, now) {
        return Ok(same);
    }
    let since = clamp_time(now.saturating_sub(DEDUP_SECONDS));
    let recent = history
        .messages
        .iter()
        .rev()
        .take_while(|m| m.time >= since);
    if recent.filter(|m| u64::from(m.time) == now).count() >= PER_SECOND {
        let info = format!("the group took {PER_SECOND} messages this second");
        return Err(refuse(API, ErrorCode::GROUP_MSG_TOO_FREQUENT, info));
    }
    let time = clamp_time(now);
    let kept = stored && keeps && request.online_only_flag != Some(true);
    let seq = if kept {
        let mut message = GroupMessage::new(from, request.random, now, body);
        message.cloud_custom_data = data.map(Box::from);
        message.extensible = request.support_message_extension == Some(true);
        message.needs_receipt = request.need_read_receipt == Some(true);
        history.push(message)
    } else {
        history.skip()
    };
    // A member's read mark is the group's own history's; a topic's messages leave it.
    if let Some(m) = g.member_mut(from).filter(|_| topic.is_none()) {
        m.read_seq = seq;
        m.extra_mut().last_send = time;
    }
    Ok((seq, time))
}

/// `Group.CallbackBeforeSendMsg`, unless the request forbids it: the app's verdict (a
/// refusal with `ErrorCode` 1: 10016).
fn before_send(
    shared: &Shared,
    request: &Request,
    sender: &Sender,
    kind: &GroupType,
    route: Route,
) -> Verdict {
    let forbidden = ForbidCallbackControl::ForbidBeforeSendMsgCallback;
    if !shared.callbacks.enabled()
        || forbids(request.forbid_callback_control.as_deref(), &forbidden)
    {
        return Verdict::Allow;
    }
    let mut event = GroupBeforeSendMsg::default();
    event.group_id.clone_from(&request.group_id);
    event.group_type = Some(CallbackGroupType::from(kind.as_str()));
    event.from_account = Some(sender.name.clone());
    event.operator_account = Some(operator(shared, sender, route));
    event.random = Some(request.random);
    event.online_only_flag = Some(u32::from(request.online_only_flag == Some(true)));
    event.msg_body = Some(request.msg_body.clone());
    event
        .cloud_custom_data
        .clone_from(&request.cloud_custom_data);
    event.topic_id.clone_from(&request.topic_id);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared
        .callbacks
        .before(event, &route.origin())
        .message_verdict(ErrorCode::GROUP_CALLBACK_REFUSED)
}

/// The operator of a send: the client's own account for a simulated client's, else the admin
/// the call is signed as.
fn operator(shared: &Shared, sender: &Sender, route: Route) -> String {
    match route.client {
        Some(_) => sender.name.clone(),
        None => super::sender(shared, None, route).to_owned(),
    }
}

/// A message sent: its `MsgSeq` and time, its body (`MsgBody` JSON) and custom data.
struct Sent<'a> {
    key: (u32, u32),
    body: &'a [u8],
    data: Option<String>,
}

/// `Group.CallbackAfterSendMsg` with the message as sent, unless the request forbids it.
fn after_send(
    shared: &Shared,
    request: &Request,
    (sender, route): (&Sender, Route),
    kind: &GroupType,
    sent: Sent<'_>,
) {
    let forbidden = ForbidCallbackControl::ForbidAfterSendMsgCallback;
    if !shared.callbacks.enabled()
        || forbids(request.forbid_callback_control.as_deref(), &forbidden)
    {
        return;
    }
    let mut event = GroupAfterSendMsg::default();
    event.group_id.clone_from(&request.group_id);
    event.group_type = Some(CallbackGroupType::from(kind.as_str()));
    event.from_account = Some(sender.name.clone());
    event.operator_account = Some(operator(shared, sender, route));
    event.random = Some(request.random);
    event.msg_seq = Some(u64::from(sent.key.0));
    event.msg_time = Some(u64::from(sent.key.1));
    event.online_only_flag = Some(u32::from(request.online_only_flag == Some(true)));
    event.msg_body = serde_json::from_slice(sent.body).ok();
    event.cloud_custom_data = sent.data;
    event.topic_id.clone_from(&request.topic_id);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, route.origin());
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
