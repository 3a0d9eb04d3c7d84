//! `sendmsg`: one message to one account (ZH 269/2282, 2026-02-04). Refusals: 93000 for a body
//! over 12 KB, 90007/90005/90003/90031/90044 for a field of the wrong type, 90002 for a body
//! that is not a valid message, 90026 for a `MsgLifeTime` over 7 days, 90031 for a
//! `SyncOtherMachine` other than 1 or 2, 20003 for an unknown sender, 90012 for an unknown
//! recipient, 60007 over the edition's daily send limit (the page names no code for it).
//!
//! Deduplication as the page states it: a send whose sender, `MsgSeq`, `MsgRandom` and CRC32
//! of `MsgBody` (its JSON) equal a send's less than 120 s before is answered with the first
//! send's `MsgTime` and `MsgKey` and stores nothing. A send without `MsgSeq` gets a random one
//! and is never a duplicate. `SyncOtherMachine` 2 keeps the message out of the sender's
//! history; `MsgLifeTime` 0 and `NoUnread` keep it out of the unread counts.
//!
//! Callbacks (pages 1047/34364 and 34365): `C2C.CallbackBeforeSendMsg` before the message is
//! stored (its answer allows, refuses with 20006, denies with the app's code, drops, or
//! rewrites the stored message), `C2C.CallbackAfterSendMsg` with the message as stored (not for
//! a refused or dropped one); `ForbidCallbackControl` switches either off for this message. A
//! duplicate within 120 s triggers neither.

use im_callback::c2c::{C2cAfterSendMsg, C2cBeforeSendMsg};
use im_proto::ErrorCode;
use im_proto::message::{ForbidCallbackControl, SendMsgControl};
use im_proto::openim::sendmsg::{Request, Response};

use super::{Kind, exists, forbids, sender};
use crate::exchange::{Answer, Route};
use crate::messages::{self, Flags, MAX_LIFE_TIME, MsgKey, NewMessage, SendKey, Verdict};
use crate::shared::Shared;

/// The fields this page gives a code of its own when they do not decode.
pub(super) const REFUSALS: &[(&str, Kind, ErrorCode)] = &[
    ("MsgBody", Kind::Array, ErrorCode::MSG_BODY_NOT_ARRAY),
    ("MsgRandom", Kind::Integer, ErrorCode::MSG_RANDOM_INVALID),
    (
        "To_Account",
        Kind::String,
        ErrorCode::OPENIM_ACCOUNT_NOT_STRING,
    ),
    (
        "SyncOtherMachine",
        Kind::OptionalInteger,
        ErrorCode::SYNC_OTHER_MACHINE_INVALID,
    ),
    (
        "MsgLifeTime",
        Kind::OptionalInteger,
        ErrorCode::MSG_LIFETIME_NOT_INTEGER,
    ),
];

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let from = sender(shared, request.from_account.as_ref(), route);
    if let Err((code, info)) = check(shared, &request, from, route) {
        return Answer::fail(code, info);
    }
    let now = shared.clock.now();
    let body = messages::body_json(&request.msg_body);
    let (dedup, seq) = {
        let mut store = shared.messages.lock();
        let dedup = request.msg_seq.map(|seq| SendKey {
            sender: store.intern(from),
            seq,
            random: request.msg_random,
            crc32: crc32fast::hash(&body),
        });
        if let Some(earlier) = dedup.as_ref().and_then(|key| store.earlier_send(key, now)) {
            return answer(earlier);
        }
        let seq = request.msg_seq.unwrap_or_else(|| store.pick_seq(now));
        (dedup, seq)
    };
    let key = MsgKey {
        seq,
        random: request.msg_random,
        time: now,
    };
    // The app's verdict, before the store is locked (the callback may take 2 s).
    let verdict = before_send(shared, &request, (from, route), key);
    let message = NewMessage {
        from,
        to: request.to_account.as_str(),
        seq,
        random: request.msg_random,
        time: now,
        life_time: request.msg_life_time.unwrap_or(MAX_LIFE_TIME),
        flags: flags(&request),
        body,
        cloud_custom_data: request.cloud_custom_data.as_deref().map(Into::into),
        sync_sender: request.sync_other_machine != Some(2),
    };
    match store_message(shared, dedup, verdict, message, now) {
        Ok((key, stored)) => {
            if let Some(stored) = stored {
                after_send(shared, &request, (from, route), key, stored);
            }
            answer(key)
        }
        Err((code, info)) => Answer::fail(code, info),
    }
}

/// Stores `message` as `verdict` says, unless an equal send was stored meanwhile (then its
/// key); the key, and the body and custom data stored (`None` when nothing was).
fn store_message(
    shared: &Shared,
    dedup: Option<SendKey>,
    verdict: Verdict,
    message: NewMessage<'_>,
    now: u64,
) -> Result<(MsgKey, Option<Stored>), (ErrorCode, String)> {
    let mut store = shared.messages.lock();
    if let Some(earlier) = dedup.as_ref().and_then(|key| store.earlier_send(key, now)) {
        return Ok((earlier, None));
    }
    if let Verdict::Refuse { code, info } = verdict {
        return Err((code, info));
    }
    let limit = shared.edition.daily_send_limit();
    if !store.count_sends(messages::day_of(now), 1, limit) {
        return Err((
            ErrorCode::REST_RATE_LIMITED,
            format!(
                "the {} edition sends at most {} messages a day",
                shared.edition,
                limit.unwrap_or_default()
            ),
        ));
    }
    let wanted = shared.callbacks.enabled() && verdict != Verdict::Drop;
    let stored = wanted.then(|| Stored::of(&verdict, &message));
    let to = message.to;
    let key = store.send(verdict, message)?;
    if let Some(dedup) = dedup {
        store.remember_send(dedup, key, now);
    }
    let stored = stored.map(|s| Stored {
        unread: store.unread_total(to),
        ..s
    });
    Ok((key, stored))
}

/// What a send stored, for its after callback.
struct Stored {
    /// `MsgBody` JSON.
    body: std::sync::Arc<[u8]>,
    cloud_custom_data: Option<std::sync::Arc<str>>,
    /// The recipient's unread messages after it.
    unread: u64,
}

impl Stored {
    fn of(verdict: &Verdict, message: &NewMessage<'_>) -> Self {
        let (body, data) = match verdict {
            Verdict::Rewrite {
                body,
                cloud_custom_data,
            } => (body.as_ref(), cloud_custom_data.as_ref()),
            _ => (None, None),
        };
        Stored {
            body: body.unwrap_or(&message.body).clone(),
            cloud_custom_data: data.or(message.cloud_custom_data.as_ref()).cloned(),
            unread: 0,
        }
    }
}

/// `C2C.CallbackBeforeSendMsg`, unless the request forbids it: the app's verdict (refusal
/// with `ErrorCode` 1: 20006).
fn before_send(
    shared: &Shared,
    request: &Request,
    (from, route): (&str, Route),
    key: MsgKey,
) -> Verdict {
    let forbidden = ForbidCallbackControl::ForbidBeforeSendMsgCallback;
    if !shared.callbacks.enabled()
        || forbids(request.forbid_callback_control.as_deref(), &forbidden)
    {
        return Verdict::Allow;
    }
    let mut event = C2cBeforeSendMsg::default();
    event.from_account = from.to_owned();
    event.to_account = request.to_account.as_str().to_owned();
    event.msg_seq = Some(key.seq);
    event.msg_random = Some(key.random);
    event.msg_time = Some(key.time);
    event.msg_key = Some(key.to_string());
    event.online_only_flag = Some(0);
    event.msg_body = Some(request.msg_body.clone());
    event
        .cloud_custom_data
        .clone_from(&request.cloud_custom_data);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared
        .callbacks
        .before(event, &route.origin())
        .message_verdict(ErrorCode::C2C_CALLBACK_REFUSED)
}

/// `C2C.CallbackAfterSendMsg` with the message as stored, unless the request forbids it.
fn after_send(
    shared: &Shared,
    request: &Request,
    (from, route): (&str, Route),
    key: MsgKey,
    stored: Stored,
) {
    let forbidden = ForbidCallbackControl::ForbidAfterSendMsgCallback;
    if !shared.callbacks.enabled()
        || forbids(request.forbid_callback_control.as_deref(), &forbidden)
    {
        return;
    }
    let mut event = C2cAfterSendMsg::default();
    event.from_account = from.to_owned();
    event.to_account = request.to_account.as_str().to_owned();
    event.msg_seq = Some(key.seq);
    event.msg_random = Some(key.random);
    event.msg_time = Some(key.time);
    event.msg_key = Some(key.to_string());
    event.online_only_flag = Some(0);
    event.send_msg_result = Some(0);
    event.error_info = Some("send msg succeed".to_owned());
    event.unread_msg_num = i64::try_from(stored.unread).ok();
    event.msg_body = serde_json::from_slice(&stored.body).ok();
    event.cloud_custom_data = stored.cloud_custom_data.map(|data| data.to_string());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, route.origin());
}

/// The request's checks, before anything is stored.
fn check(
    shared: &Shared,
    request: &Request,
    from: &str,
    route: Route,
) -> Result<(), (ErrorCode, String)> {
    messages::check_body(&request.msg_body, route.body_len)?;
    if let Some(life) = request.msg_life_time.filter(|&l| l > MAX_LIFE_TIME) {
        return Err((
            ErrorCode::MSG_LIFETIME_INVALID,
            format!("MsgLifeTime {life} is more than {MAX_LIFE_TIME} s (7 days)"),
        ));
    }
    if let Some(sync) = request.sync_other_machine.filter(|s| !matches!(s, 1 | 2)) {
        return Err((
            ErrorCode::SYNC_OTHER_MACHINE_INVALID,
            format!("SyncOtherMachine {sync} must be 1 or 2"),
        ));
    }
    if !exists(shared, from) {
        return Err((
            ErrorCode::C2C_ACCOUNT_INVALID,
            format!("From_Account {from:?} does not exist"),
        ));
    }
    let to = request.to_account.as_str();
    if !exists(shared, to) {
        return Err((
            ErrorCode::TO_ACCOUNT_NOT_FOUND,
            format!("To_Account {to:?} does not exist"),
        ));
    }
    Ok(())
}

/// The stored flags the request asks for.
fn flags(request: &Request) -> Flags {
    let mut flags = Flags::default();
    let controls = request.send_msg_control.as_deref().unwrap_or_default();
    if request.msg_life_time == Some(0) || controls.contains(&SendMsgControl::NoUnread) {
        flags.set(Flags::NO_UNREAD);
    }
    if request.support_message_extension == Some(true) {
        flags.set(Flags::EXTENSIBLE);
    }
    if request.is_need_read_receipt == Some(true) {
        flags.set(Flags::NEEDS_RECEIPT);
    }
    flags
}

fn answer(key: MsgKey) -> Answer {
    let mut response = Response::default();
    response.msg_time = i64::try_from(key.time).ok();
    response.msg_key = Some(key.to_string());
    Answer::json(ErrorCode::OK, &response)
}
