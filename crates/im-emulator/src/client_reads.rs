//! A simulated client's read reports that no REST API makes: a group conversation read up to a
//! `MsgSeq` (`group_read`), and every unread message cleared, one-to-one and group
//! (`read_all`, which sends `C2C.CallbackAfterMsgReadAll`, ZH 269/128225: "an app user clears
//! every unread message on the client"). The one-to-one read report and read receipt are the
//! REST APIs' own handlers on the client's route (`client_actions`).

use http::StatusCode;
use im_callback::c2c::{C2cAfterMsgReadAll, GroupReadInfo};
use im_proto::{Api, ErrorCode};
use serde_json::{Map, Value, json};

use crate::clients::Session;
use crate::emulator::Emulator;
use crate::exchange::Answer;
use crate::group_calls::{group, refuse};

/// The API whose codes a refusal is answered as (the member unread count's).
const API: Api = Api::SetUnreadMsgNum;

type Reply = Result<Answer, (StatusCode, String)>;

/// `user` reads the group of the body's `GroupId` up to its `MsgSeq` (absent: the latest
/// message): 10015/10010 for an invalid or unknown group, 10007 for a group `user` is not a
/// member of; a read mark never moves back. Answers the member's `UnreadMsgNum` after it.
pub(crate) fn group_read(emulator: &Emulator, user: &str, body: &Map<String, Value>) -> Reply {
    let bad = |what: &str| (StatusCode::BAD_REQUEST, what.to_owned());
    let id = body.get("GroupId").and_then(Value::as_str);
    let id = id.ok_or_else(|| bad("GroupId must be a string"))?;
    let seq = match body.get("MsgSeq") {
        None => None,
        Some(seq) => {
            let seq = seq.as_u64().and_then(|s| u32::try_from(s).ok());
            Some(seq.ok_or_else(|| bad("MsgSeq must be an unsigned 32-bit integer"))?)
        }
    };
    let mut groups = emulator.shared.groups.lock();
    if let Err(answer) = group(API, &groups, id) {
        return Ok(answer);
    }
    let account = groups.account(user);
    let g = groups.get_mut(id).expect("found just above");
    let Some(member) = account.and_then(|a| g.member(a)) else {
        let info = format!("{user:?} is not a member of group {id:?}");
        return Ok(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    };
    let read = seq
        .unwrap_or(g.last_seq)
        .min(g.last_seq)
        .max(member.read_seq);
    let unread = g.unread(read);
    if let Some(member) = account.and_then(|a| g.member_mut(a)) {
        member.read_seq = read;
    }
    let answer = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
        "UnreadMsgNum": unread});
    Ok(Answer::json(ErrorCode::OK, &answer))
}

/// `user` clears every unread message: each one-to-one conversation read up to now, each
/// joined group with unread messages up to its latest `MsgSeq`; then
/// `C2C.CallbackAfterMsgReadAll` from the client with the groups cleared.
pub(crate) fn read_all(emulator: &Emulator, user: &str, session: Session) -> Reply {
    let now = emulator.now();
    emulator.shared.messages.lock().mark_all_read(user, now);
    let cleared = clear_groups(emulator, user);
    if emulator.shared.callbacks.enabled() {
        let mut event = C2cAfterMsgReadAll::default();
        event.report_account = user.to_owned();
        event.event_time = Some(now.saturating_mul(1000));
        let groups = cleared.into_iter().map(|(id, seq)| {
            let mut info = GroupReadInfo::default();
            info.group_id = id;
            info.msg_seq = Some(u64::from(seq));
            info
        });
        event.group_read_info = Some(groups.collect());
        emulator.shared.callbacks.after(event, session.origin());
    }
    let answer = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""});
    Ok(Answer::json(ErrorCode::OK, &answer))
}

/// Marks every joined group of `user` that has unread messages read; those groups and the
/// `MsgSeq` read up to.
fn clear_groups(emulator: &Emulator, user: &str) -> Vec<(String, u32)> {
    let mut groups = emulator.shared.groups.lock();
    let Some(account) = groups.account(user) else {
        return Vec::new();
    };
    let unread: Vec<String> = groups
        .joined(account)
        .iter()
        .filter_map(|&slot| groups.at(slot))
        .filter(|g| g.kind.counts_unread())
        .filter(|g| g.member(account).is_some_and(|m| g.unread(m.read_seq) > 0))
        .map(|g| g.id.to_string())
        .collect();
    let mut cleared = Vec::with_capacity(unread.len());
    for id in unread {
        let Some(g) = groups.get_mut(&id) else {
            continue;
        };
        let seq = g.last_seq;
        if let Some(member) = g.member_mut(account) {
            member.read_seq = seq;
            cleared.push((id, seq));
        }
    }
    cleared
}
