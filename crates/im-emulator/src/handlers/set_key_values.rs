//! `set_key_values`: sets (`OperateType` 1), deletes (2) or clears (3) a one-to-one message's
//! extension key/values (ZH 269/82030, 2025-11-03). One request's writes share one new `Seq`;
//! a key/value whose `Seq`, when given, is not its current one (0 for a new key) fails with
//! 23001 and shows its current state (a `Seq` left out is not checked: the admin's writes are
//! not, the page says). Refusals: 10008 on an edition without message extensions, 23004 when
//! the message does not exist, 23002 when it was not sent with `SupportMessageExtension` 1,
//! 23003 beyond 200 writes a minute on it, 10004 for an `OperateType` other than 1, 2, 3, a
//! missing `ExtensionList`, more than 20 key/values, a key over 100 bytes, a value over 1000,
//! or more than 300 on the message.
//!
//! Sends `C2C.CallbackAfterC2CMsgExtension` (page 1047/76006 names this API and the client as
//! triggers) after a successful write: the message's sender and recipient and key,
//! `OperateType`, the key/values written (a deleted one with an empty value; none for a clear)
//! with their `Seq`, and the message's extension `Seq` after it; nothing when every key/value
//! of a set or delete was refused (23001).

use im_callback::Extension as CallbackExtension;
use im_callback::c2c::C2cAfterMsgExtension;
use im_proto::ErrorCode;
use im_proto::msgext::set_key_values::{Extension, ExtensionResult, Request, Response};

use crate::exchange::{Answer, Route};
use crate::messages::{Extensions, Flags, KeyValue, MsgKey, Write};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let writes = request.extension_list.as_ref().map(|items| {
        items
            .iter()
            .map(|kv| Write {
                key: &kv.key,
                value: &kv.value,
                seq: kv.seq,
            })
            .collect()
    });
    let (operation, writes) =
        match Extensions::request(shared.edition, request.operate_type, writes) {
            Ok(checked) => checked,
            Err(refusal) => return Answer::fail(refusal.code, refusal.info),
        };
    let from = request.from_account.as_ref().map(im_proto::UserId::as_str);
    let to = request.to_account.as_str();
    let now = shared.clock.now();
    let mut store = shared.messages.lock();
    let message = MsgKey::parse(&request.msg_key).and_then(|key| store.received_mut(from, to, key));
    let Some(message) = message else {
        let info = format!("no message {:?} to {to:?}", request.msg_key);
        return Answer::fail(ErrorCode::MSGEXT_MSG_NOT_FOUND, info);
    };
    if !message.flags.has(Flags::EXTENSIBLE) {
        let info = "the message was not sent with SupportMessageExtension 1";
        return Answer::fail(ErrorCode::MSGEXT_NOT_SUPPORTED, info);
    }
    let extensions = message.extensions.get_or_insert_with(Box::default);
    let results = match extensions.apply(operation, &writes, now) {
        Ok(results) => results,
        Err(refusal) => return Answer::fail(refusal.code, refusal.info),
    };
    let latest = extensions.latest_seq();
    let sender = match from {
        Some(from) => Some(from.to_owned()),
        None => MsgKey::parse(&request.msg_key)
            .and_then(|key| store.sender_of(to, key))
            .map(str::to_owned),
    };
    drop(store);
    let message = (sender.unwrap_or_default(), latest);
    extended(shared, &request, message, &results, route);
    let seq = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
    let list = results
        .into_iter()
        .map(|(code, kv)| {
            ExtensionResult::new(code, Extension::new(&*kv.key, &*kv.value, seq(kv.seq)))
        })
        .collect();
    let mut response = Response::default();
    response.extension_list = Some(list);
    Answer::json(ErrorCode::OK, &response)
}

/// `C2C.CallbackAfterC2CMsgExtension` for the key/values `results` wrote (the message's sender
/// and its extension `Seq` after the write in `message`).
fn extended(
    shared: &Shared,
    request: &Request,
    (sender, latest): (String, u64),
    results: &[(ErrorCode, KeyValue)],
    route: Route,
) {
    let wrote = results.iter().any(|(code, _)| *code == ErrorCode::OK);
    if !shared.callbacks.enabled() || !(wrote || request.operate_type == 3) {
        return;
    }
    let mut event = C2cAfterMsgExtension::default();
    event.from_account = sender;
    event.to_account = request.to_account.as_str().to_owned();
    event.msg_key = Some(request.msg_key.clone());
    event.operate_type = Some(request.operate_type);
    let written = results.iter().filter(|(code, _)| *code == ErrorCode::OK);
    let list = written.map(|(_, kv)| {
        let mut item = CallbackExtension::default();
        item.key = kv.key.to_string();
        item.value = Some(kv.value.to_string());
        item.seq = Some(kv.seq);
        item
    });
    event.extension_list = Some(list.collect());
    event.seq = Some(latest);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, route.origin());
}
