//! `importmsg`: stores one historical (or, during a migration, real-time) message without
//! delivering it (ZH 269/2568, 2025-12-05). Deduplication as the page states it: within the
//! conversation, a message with the same `MsgSeq`, `MsgRandom` and `MsgTimeStamp` (whoever sent
//! it, whatever its content) makes the import a duplicate, answered OK and not stored; the first
//! import wins. `SyncFromOldSystem` 2 (history) is not counted as unread, 5 (real-time) is.
//! Refusals: 93000, 90007, 90005, 90006, 90030 (not 2 or 5), 90002, 90008 for an unknown
//! sender, 90012 for an unknown recipient.

use im_proto::ErrorCode;
use im_proto::openim::importmsg::{Request, Response};

use super::{Kind, exists};
use crate::exchange::{Answer, Route};
use crate::messages::{self, Flags, MAX_LIFE_TIME, MsgKey, NewMessage};
use crate::shared::Shared;

/// The fields this page gives a code of its own when they do not decode.
pub(super) const REFUSALS: &[(&str, Kind, ErrorCode)] = &[
    ("MsgBody", Kind::Array, ErrorCode::MSG_BODY_NOT_ARRAY),
    ("MsgRandom", Kind::Integer, ErrorCode::MSG_RANDOM_INVALID),
    (
        "MsgTimeStamp",
        Kind::Integer,
        ErrorCode::MSG_TIMESTAMP_INVALID,
    ),
    (
        "SyncFromOldSystem",
        Kind::Integer,
        ErrorCode::SYNC_FROM_OLD_SYSTEM_INVALID,
    ),
    (
        "From_Account",
        Kind::String,
        ErrorCode::FROM_ACCOUNT_NOT_FOUND,
    ),
    (
        "To_Account",
        Kind::String,
        ErrorCode::OPENIM_ACCOUNT_NOT_STRING,
    ),
];

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let time = match check(shared, &request, route) {
        Ok(time) => time,
        Err((code, info)) => return Answer::fail(code, info),
    };
    let (from, to) = (request.from_account.as_str(), request.to_account.as_str());
    let mut store = shared.messages.lock();
    let seq = match request.msg_seq {
        Some(seq) => seq,
        None => store.pick_seq(shared.clock.now()),
    };
    let key = MsgKey {
        seq,
        random: request.msg_random,
        time,
    };
    if !store.holds(from, to, key) {
        let mut flags = Flags::IMPORTED;
        if request.sync_from_old_system == 2 {
            flags.set(Flags::NO_UNREAD);
        }
        store.store(NewMessage {
            from,
            to,
            seq,
            random: request.msg_random,
            time,
            life_time: MAX_LIFE_TIME,
            flags,
            body: messages::body_json(&request.msg_body),
            cloud_custom_data: request.cloud_custom_data.as_deref().map(Into::into),
            sync_sender: true,
        });
    }
    Answer::json(ErrorCode::OK, &Response::default())
}

/// The request's checks; the message's time.
fn check(shared: &Shared, request: &Request, route: Route) -> Result<u64, (ErrorCode, String)> {
    messages::check_body(&request.msg_body, route.body_len)?;
    let sync = request.sync_from_old_system;
    if !matches!(sync, 2 | 5) {
        return Err((
            ErrorCode::SYNC_FROM_OLD_SYSTEM_INVALID,
            format!("SyncFromOldSystem {sync} must be 2 or 5"),
        ));
    }
    let time = u64::try_from(request.msg_time_stamp).map_err(|_| {
        (
            ErrorCode::MSG_TIMESTAMP_INVALID,
            format!("MsgTimeStamp {} is not a Unix time", request.msg_time_stamp),
        )
    })?;
    let from = request.from_account.as_str();
    if !exists(shared, from) {
        return Err((
            ErrorCode::FROM_ACCOUNT_NOT_FOUND,
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
    Ok(time)
}
