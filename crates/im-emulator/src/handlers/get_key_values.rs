//! `get_key_values`: a one-to-one message's extension key/values (ZH 269/82029, 2025-11-03),
//! those whose `Seq` is at least `StartSeq`, by `Seq`, at most 200 an answer (`CompleteFlag` 0
//! when more remain), with `LatestSeq` and `ClearSeq`. A message without extensions answers an
//! empty list. Refusals: 10008 on an edition without message extensions (Ultimate and
//! Enterprise have them), 23004 when the message does not exist.

use im_proto::ErrorCode;
use im_proto::msgext::get_key_values::{Extension, Request, Response};

use crate::exchange::{Answer, Route};
use crate::messages::{Extensions, MsgKey};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(refusal) = Extensions::available(shared.edition) {
        return Answer::fail(refusal.code, refusal.info);
    }
    let from = request.from_account.as_ref().map(im_proto::UserId::as_str);
    let to = request.to_account.as_str();
    let mut store = shared.messages.lock();
    let message = MsgKey::parse(&request.msg_key).and_then(|key| store.received_mut(from, to, key));
    let Some(message) = message else {
        let info = format!("no message {:?} to {to:?}", request.msg_key);
        return Answer::fail(ErrorCode::MSGEXT_MSG_NOT_FOUND, info);
    };
    let mut response = Response::default();
    let (values, complete, latest, clear) = match &message.extensions {
        Some(ext) => {
            let (values, complete) = ext.page(request.start_seq.unwrap_or(0));
            (values, complete, ext.latest_seq(), ext.clear_seq())
        }
        None => (Vec::new(), true, 0, 0),
    };
    drop(store);
    let seq = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
    let list = values
        .into_iter()
        .map(|kv| Extension::new(&*kv.key, &*kv.value, seq(kv.seq)))
        .collect();
    response.extension_list = Some(list);
    response.complete_flag = Some(complete);
    response.latest_seq = Some(seq(latest));
    response.clear_seq = Some(seq(clear));
    Answer::json(ErrorCode::OK, &response)
}
