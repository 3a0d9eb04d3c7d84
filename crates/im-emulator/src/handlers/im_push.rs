//! `im_push`: a push to every account, or to those whose tags or attributes meet its condition,
//! recorded with the accounts it reached (`GET /_emulator/push`). The message is not stored:
//! the page keeps it offline for `MsgLifeTime` and never in the roaming history, which the
//! emulator does not model. A `MsgRandom` of the last 7 days is the same task (its `TaskId`,
//! nothing pushed again). The day's pushes and their spacing are the pipeline's, answered with
//! this page's codes (`QUOTA_CODES`: 90047, 90024).
//!
//! Sends `Push.AllMemberPush` (page 1047/67551: the push plugin's results) for a new task: one
//! online push result (`EventType` 2, `PushPlatform` 0, `PushStage` 1 sent, `ErrCode` 0) per
//! recipient with a simulated client logged in, in batches of at most 100 `Events`, with no
//! `ClientIP` or `OptPlatform` in the URL (the page's). Offline push results (`EventType` 1)
//! are not sent: no vendor push channel or device token is modelled.

use im_callback::push::{AllMemberPush, AllMemberPushEvent};
use im_proto::all_member_push::im_push::{Condition, MAX_MSG_LIFE_TIME, Request, Response};
use im_proto::{Api, ErrorCode, MAX_PUSH_TAGS, MAX_PUSH_VALUE_BYTES};

use super::{Kind, QuotaCodes, Refusals};
use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::push::{Push, PushStore};
use crate::relation_calls::ok;
use crate::shared::Shared;
use crate::state::Store;

const API: Api = Api::ImPush;

/// A `MsgRandom` that is not an integer: 90005.
pub(super) const REFUSALS: Refusals = &[(
    "MsgRandom",
    Kind::Integer,
    ErrorCode::PUSH_MSG_RANDOM_INVALID,
)];

/// The day's 100 pushes (90047) and their spacing (90024).
pub(super) const QUOTA_CODES: QuotaCodes = QuotaCodes {
    rate: ErrorCode::PUSH_TOO_FREQUENT,
    day: ErrorCode::PUSH_DAILY_LIMIT,
};

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    if let Some(life) = request.msg_life_time
        && life > MAX_MSG_LIFE_TIME
    {
        let info = format!("MsgLifeTime {life} is over {MAX_MSG_LIFE_TIME} seconds (7 days)");
        return Answer::fail_for(API, ErrorCode::PUSH_LIFETIME_INVALID, info);
    }
    let store = shared.store.read();
    let mut push = shared.push.lock();
    if let Some(condition) = &request.condition
        && let Err((code, info)) = refusal(&push, condition)
    {
        return Answer::fail_for(API, code, info);
    }
    let now = shared.clock.now();
    if let Some(earlier) = push.recent(request.msg_random, now) {
        let id = earlier.task_id.clone();
        return ok::<Response>(|r| r.task_id = Some(id));
    }
    let record = Push {
        task_id: String::new(),
        msg_random: request.msg_random,
        time: now,
        from: super::sender(shared, request.from_account.as_ref(), route).to_owned(),
        msg_life_time: request.msg_life_time.unwrap_or(0),
        condition: serde_json::to_value(&request.condition).unwrap_or_default(),
        msg_body: serde_json::to_value(&request.msg_body).unwrap_or_default(),
        recipients: Vec::new(),
    };
    let id = push.record(record, request.condition.as_ref(), store.listed());
    if shared.callbacks.enabled()
        && let Some(task) = push.pushes.last()
    {
        pushed(shared, &store, task);
    }
    ok::<Response>(|r| r.task_id = Some(id))
}

/// The most results one `Push.AllMemberPush` carries (its page: `Events` 1 to 100).
const MAX_EVENTS: usize = 100;

/// `Push.AllMemberPush`: an online push result for each of `task`'s recipients with a
/// simulated client logged in.
fn pushed(shared: &Shared, store: &Store, task: &Push) {
    let now = shared.clock.now();
    let online = task
        .recipients
        .iter()
        .filter(|user| !store.clients.sessions(user).is_empty());
    let events: Vec<AllMemberPushEvent> = online
        .map(|user| {
            let mut event = AllMemberPushEvent::default();
            event.callback_command = Some("Push.AllMemberPush".to_owned());
            event.event_type = Some(2);
            event.task_id = Some(task.task_id.clone());
            event.task_time = Some(task.time);
            event.event_time = Some(now);
            event.to_account = Some(user.clone());
            event.push_platform = Some(0);
            event.push_stage = Some(1);
            event.err_code = Some(0);
            event.err_info = Some("OK".to_owned());
            event
        })
        .collect();
    for batch in events.chunks(MAX_EVENTS) {
        let mut callback = AllMemberPush::default();
        callback.events = Some(batch.to_vec());
        shared.callbacks.after(callback, Origin::push());
    }
}

/// The page's refusal of a condition: attributes with tags (90039), a tag list over 10
/// (90032), an empty tag (90040) or one over 50 bytes (90020), a tag in both lists (90022), an
/// attribute the app did not name or a value over 50 bytes (90033).
fn refusal(push: &PushStore, c: &Condition) -> Result<(), (ErrorCode, String)> {
    let attrs = [&c.attrs_or, &c.attrs_and];
    let tags = [("TagsOr", &c.tags_or), ("TagsAnd", &c.tags_and)];
    if attrs.iter().any(|a| a.is_some()) && tags.iter().any(|(_, t)| t.is_some()) {
        let info = "attribute and tag conditions cannot be used together".to_owned();
        return Err((ErrorCode::PUSH_ATTRS_WITH_TAGS, info));
    }
    for (name, list) in tags {
        let list = list.as_deref().unwrap_or_default();
        if list.len() > MAX_PUSH_TAGS {
            let info = format!("{name} holds {} tags, over {MAX_PUSH_TAGS}", list.len());
            return Err((ErrorCode::PUSH_TOO_MANY_TAGS, info));
        }
        if list.iter().any(String::is_empty) {
            return Err((
                ErrorCode::PUSH_TAG_EMPTY,
                format!("{name} holds an empty tag"),
            ));
        }
        if let Some(long) = list.iter().find(|t| t.len() > MAX_PUSH_VALUE_BYTES) {
            let info = format!("tag {long:?} is over {MAX_PUSH_VALUE_BYTES} bytes");
            return Err((ErrorCode::PUSH_TAG_TOO_LONG, info));
        }
    }
    if let (Some(or), Some(and)) = (&c.tags_or, &c.tags_and)
        && let Some(both) = and.iter().find(|t| or.contains(t))
    {
        let info = format!("tag {both:?} is in both TagsOr and TagsAnd");
        return Err((ErrorCode::PUSH_TAG_REPEATED, info));
    }
    for (name, value) in attrs.into_iter().flatten().flatten() {
        if !push.attr_defined(name) || value.len() > MAX_PUSH_VALUE_BYTES {
            let info =
                format!("invalid attribute {name:?}: not named by the app, or over 50 bytes");
            return Err((ErrorCode::PUSH_ATTR_INVALID, info));
        }
    }
    Ok(())
}
