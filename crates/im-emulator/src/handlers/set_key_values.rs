//! `set_key_values`: sets (`OperateType` 1), deletes (2) or clears (3) a one-to-one message's
//! extension key/values (ZH 269/82030, 2025-11-03). One request's writes share one new `Seq`;
//! a key/value whose `Seq`, when given, is not its current one (0 for a new key) fails with
//! 23001 and shows its current state (a `Seq` left out is not checked: the admin's writes are
//! not, the page says). Refusals: 10008 on an edition without message extensions, 23004 when
//! the message does not exist, 23002 when it was not sent with `SupportMessageExtension` 1,
//! 23003 beyond 200 writes a minute on it, 10004 for an `OperateType` other than 1, 2, 3, a
//! missing `ExtensionList`, more than 20 key/values, a key over 100 bytes, a value over 1000,
//! or more than 300 on the message.

use im_proto::ErrorCode;
use im_proto::msgext::set_key_values::{Extension, ExtensionResult, Request, Response};

use crate::exchange::{Answer, Route};
use crate::messages::{Extensions, Flags, MsgKey, Write};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if !shared.edition.has_message_extensions() {
        let info = format!("the {} edition has no message extensions", shared.edition);
        return Answer::fail(ErrorCode::MSGEXT_INVALID_REQUEST, info);
    }
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
    let (operation, writes) = match Extensions::request(request.operate_type, writes) {
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
    drop(store);
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
