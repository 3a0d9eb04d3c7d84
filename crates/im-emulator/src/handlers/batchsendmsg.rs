//! `batchsendmsg`: one message to up to 500 accounts (ZH 269/1612, 2026-02-04), all with the same
//! `MsgSeq`, `MsgRandom`, time and so `MsgKey`. No deduplication: the page documents none
//! that a resend could rely on, so the emulator stores every call (a recipient named twice in one
//! call gets the message once). Refusals of the whole call: 93000, 90007, 90002, 90001 for an
//! empty `To_Account`, 90011 for more than 500, 90026 for a `MsgLifeTime` over 7 days, 90008 for
//! an unknown sender, 60007 over the edition's daily send limit (each recipient counts).
//! A recipient that does not exist is in `ErrorList` with 70107; when no recipient got the
//! message the envelope fails with 90012 (and the `ErrorList`); when some did not, it is
//! `SomeError`. `MsgLifeTime` 0 and `OnlineOnlyFlag` 1 deliver to online recipients only: such a
//! message is not stored. The page says the API triggers no callback: no
//! `C2C.CallbackBeforeSendMsg` nor `C2C.CallbackAfterSendMsg` is sent.

use std::collections::HashSet;

use im_proto::message::SendMsgControl;
use im_proto::openim::batchsendmsg::{FailedRecipient, Request, Response};
use im_proto::{ActionStatus, Envelope, ErrorCode};

use super::{Kind, exists, sender};
use crate::exchange::{Answer, Route};
use crate::messages::{self, Flags, MAX_LIFE_TIME, MsgKey, NewMessage, Verdict};
use crate::shared::Shared;

/// The most recipients of one call.
const MAX_RECIPIENTS: usize = 500;

/// The fields this page gives a code of its own when they do not decode.
pub(super) const REFUSALS: &[(&str, Kind, ErrorCode)] = &[
    ("To_Account", Kind::Array, ErrorCode::OPENIM_JSON_INVALID),
    ("MsgBody", Kind::Array, ErrorCode::MSG_BODY_NOT_ARRAY),
];

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let from = sender(shared, request.from_account.as_ref(), route);
    if let Err((code, info)) = check(shared, &request, from, route) {
        return Answer::fail(code, info);
    }
    let now = shared.clock.now();
    let mut seen = HashSet::new();
    let recipients: Vec<&str> = request
        .to_account
        .iter()
        .map(im_proto::UserId::as_str)
        .filter(|to| seen.insert(*to))
        .collect();
    let (known, unknown): (Vec<&str>, Vec<&str>) = {
        // One look at the accounts for the whole call, before the message lock.
        let accounts = &shared.store.read().accounts;
        recipients
            .iter()
            .partition(|to| accounts.contains_key(**to))
    };
    let mut store = shared.messages.lock();
    let limit = shared.edition.daily_send_limit();
    if !store.count_sends(messages::day_of(now), known.len() as u64, limit) {
        return Answer::fail(
            ErrorCode::REST_RATE_LIMITED,
            format!(
                "the {} edition sends at most {} messages a day",
                shared.edition,
                limit.unwrap_or_default()
            ),
        );
    }
    let seq = match request.msg_seq {
        Some(seq) => seq,
        None => store.pick_seq(now),
    };
    let key = MsgKey {
        seq,
        random: request.msg_random,
        time: now,
    };
    let mut failed: Vec<FailedRecipient> = unknown
        .iter()
        .map(|to| FailedRecipient::new(*to, ErrorCode::ACCOUNT_NOT_FOUND))
        .collect();
    let stored = request.msg_life_time != Some(0) && request.online_only_flag != Some(true);
    let body = messages::body_json(&request.msg_body);
    let cloud = request
        .cloud_custom_data
        .as_deref()
        .map(std::sync::Arc::<str>::from);
    let (life_time, flags) = (
        request.msg_life_time.unwrap_or(MAX_LIFE_TIME),
        flags(&request),
    );
    let sync_sender = request.sync_other_machine != Some(2);
    for to in known {
        let message = NewMessage {
            from,
            to,
            seq,
            random: request.msg_random,
            time: now,
            life_time,
            flags,
            body: body.clone(),
            cloud_custom_data: cloud.clone(),
            sync_sender,
        };
        let sent = if stored {
            store.send(Verdict::Allow, message).map(drop)
        } else {
            Ok(())
        };
        if let Err((code, _)) = sent {
            failed.push(FailedRecipient::new(to, code));
        }
    }
    drop(store);
    answer(key, failed, recipients.len())
}

/// The whole call's checks, before anything is stored.
fn check(
    shared: &Shared,
    request: &Request,
    from: &str,
    route: Route,
) -> Result<(), (ErrorCode, String)> {
    messages::check_body(&request.msg_body, route.body_len)?;
    match request.to_account.len() {
        0 => {
            return Err((
                ErrorCode::OPENIM_JSON_INVALID,
                "To_Account is empty".to_owned(),
            ));
        }
        n if n > MAX_RECIPIENTS => {
            return Err((
                ErrorCode::OPENIM_TOO_MANY_ACCOUNTS,
                format!("To_Account holds {n} accounts, more than {MAX_RECIPIENTS}"),
            ));
        }
        _ => {}
    }
    if let Some(life) = request.msg_life_time.filter(|&l| l > MAX_LIFE_TIME) {
        return Err((
            ErrorCode::MSG_LIFETIME_INVALID,
            format!("MsgLifeTime {life} is more than {MAX_LIFE_TIME} s (7 days)"),
        ));
    }
    if !exists(shared, from) {
        return Err((
            ErrorCode::FROM_ACCOUNT_NOT_FOUND,
            format!("From_Account {from:?} does not exist"),
        ));
    }
    Ok(())
}

fn flags(request: &Request) -> Flags {
    let mut flags = Flags::default();
    let controls = request.send_msg_control.as_deref().unwrap_or_default();
    if controls.contains(&SendMsgControl::NoUnread) {
        flags.set(Flags::NO_UNREAD);
    }
    if request.is_need_read_receipt == Some(true) {
        flags.set(Flags::NEEDS_RECEIPT);
    }
    flags
}

/// `OK` when every recipient got it, `SomeError` when some did not, a failure with 90012 when
/// none did; `ErrorList` names the failed ones.
fn answer(key: MsgKey, failed: Vec<FailedRecipient>, recipients: usize) -> Answer {
    let mut response = Response::default();
    let code = if failed.len() == recipients {
        response.envelope = Envelope::fail(ErrorCode::TO_ACCOUNT_NOT_FOUND, "no recipient exists");
        ErrorCode::TO_ACCOUNT_NOT_FOUND
    } else {
        if !failed.is_empty() {
            response.envelope.action_status = ActionStatus::Other("SomeError".to_owned());
        }
        response.msg_key = Some(key.to_string());
        ErrorCode::OK
    };
    if !failed.is_empty() {
        response.error_list = Some(failed);
    }
    Answer::json(code, &response)
}
