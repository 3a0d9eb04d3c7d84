//! `group_set_key_values`: sets (`OperateType` 1), deletes (2) or clears (3) a group message's
//! extension key/values (ZH 269/82032): the one-to-one messages' store and rules
//! (`messages::Extensions`: one request's writes share one new `Seq`, a given `Seq` that is not
//! the key/value's current one fails that item with 23001, at most 20 a request, 300 a message,
//! keys of 100 bytes, values of 1000, 200 writes a minute on a message: 23003) on the group
//! message `GroupId` + `MsgSeq`. Refusals: 10008 on an edition without message extensions,
//! 10004 for a bad `OperateType` or key/value or a group ID no group can have, 23004 when the
//! group or the message does not exist (an AVChatRoom keeps no messages), 23002 when it was not
//! sent with `SupportMessageExtension` 1.
//!
//! Sends `Group.CallbackAfterGroupMsgExtension` (page 1047/76007 names this API
//! and the client as triggers) after a successful write: `GroupId`, `MsgSeq`, `OperateType`,
//! the key/values written (a deleted one with an empty value; none for a clear) with their
//! `Seq`, and the message's extension `Seq` after it; nothing when every key/value of a set or
//! delete was refused (23001).

use im_callback::Extension as CallbackExtension;
use im_callback::group::AfterGroupMsgExtension;
use im_proto::msgext::group_set_key_values::{Extension, ExtensionResult, Request, Response};
use im_proto::{ErrorCode, group_types::GroupId};

use crate::exchange::{Answer, Route};
use crate::messages::{Extensions, KeyValue, Write};
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
    if let Err(err) = GroupId::new(&request.group_id) {
        return Answer::fail(ErrorCode::MSGEXT_INVALID_PARAMETERS, err.to_string());
    }
    let now = shared.clock.now();
    let mut groups = shared.groups.lock();
    let message = groups
        .get_mut(&request.group_id)
        .and_then(|g| g.message_mut(request.msg_seq));
    let Some(message) = message else {
        let info = format!(
            "no message {} in group {:?}",
            request.msg_seq, request.group_id
        );
        return Answer::fail(ErrorCode::MSGEXT_MSG_NOT_FOUND, info);
    };
    if !message.extensible {
        let info = "the message was not sent with SupportMessageExtension 1";
        return Answer::fail(ErrorCode::MSGEXT_NOT_SUPPORTED, info);
    }
    let extensions = &mut message.extra_mut().extensions;
    let results = match extensions.apply(operation, &writes, now) {
        Ok(results) => results,
        Err(refusal) => return Answer::fail(refusal.code, refusal.info),
    };
    let latest = extensions.latest_seq();
    drop(groups);
    extended(shared, &request, latest, &results, route);
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

/// `Group.CallbackAfterGroupMsgExtension` for the key/values `results` wrote (`latest`: the
/// message's extension `Seq` after the write).
fn extended(
    shared: &Shared,
    request: &Request,
    latest: u64,
    results: &[(ErrorCode, KeyValue)],
    route: Route,
) {
    let wrote = results.iter().any(|(code, _)| *code == ErrorCode::OK);
    if !shared.callbacks.enabled() || !(wrote || request.operate_type == 3) {
        return;
    }
    let mut event = AfterGroupMsgExtension::default();
    event.group_id = request.group_id.clone();
    event.msg_seq = Some(u64::from(request.msg_seq));
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
