//! `group_get_key_values`: a group message's extension key/values (ZH 269/82031), those whose
//! `Seq` is at least `StartSeq`, by `Seq`, at most 200 an answer (`CompleteFlag` 0 when more
//! remain), with `LatestSeq` and `ClearSeq`: the one-to-one messages' store and rules
//! (`messages::Extensions`) on the group message `GroupId` + `MsgSeq`. A message without
//! extensions answers an empty list. Refusals: 10008 on an edition without message
//! extensions, 10004 for a group ID no group can have, 23004 when the group or the message does
//! not exist (an AVChatRoom keeps no messages).

use im_proto::msgext::group_get_key_values::{Extension, Request, Response};
use im_proto::{ErrorCode, group_types::GroupId};

use crate::exchange::{Answer, Route};
use crate::groups::find;
use crate::messages::Extensions;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(refusal) = Extensions::available(shared.edition) {
        return Answer::fail(refusal.code, refusal.info);
    }
    if let Err(err) = GroupId::new(&request.group_id) {
        return Answer::fail(ErrorCode::MSGEXT_INVALID_PARAMETERS, err.to_string());
    }
    let groups = shared.groups.lock();
    let message = groups
        .get(&request.group_id)
        .and_then(|g| find(&g.messages, request.msg_seq));
    let Some(message) = message else {
        let info = format!(
            "no message {} in group {:?}",
            request.msg_seq, request.group_id
        );
        return Answer::fail(ErrorCode::MSGEXT_MSG_NOT_FOUND, info);
    };
    let ext = message.extra.as_ref().map(|e| &e.extensions);
    let (values, complete, latest, clear) = match ext {
        Some(ext) => {
            let (values, complete) = ext.page(request.start_seq.unwrap_or(0));
            (values, complete, ext.latest_seq(), ext.clear_seq())
        }
        None => (Vec::new(), true, 0, 0),
    };
    drop(groups);
    let seq = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
    let mut response = Response::default();
    response.extension_list = Some(
        values
            .into_iter()
            .map(|kv| Extension::new(&*kv.key, &*kv.value, seq(kv.seq)))
            .collect(),
    );
    response.complete_flag = Some(complete);
    response.latest_seq = Some(seq(latest));
    response.clear_seq = Some(seq(clear));
    Answer::json(ErrorCode::OK, &response)
}
