//! `clear_group_msg`: marks every message up to `MsgSeq` (all when absent) as cleared, so that
//! the SDKs no longer pull them; nothing is deleted and the App admin still reads them. Work,
//! Public, Meeting and AVChatRoom groups; not communities (10007).

use im_proto::group::clear_group_msg::{Request, Response};
use im_proto::group_types::GroupType;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{group_mut, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ClearGroupMsg;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    let g = match group_mut(API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    if g.kind == GroupType::Community {
        return refuse(
            API,
            ErrorCode::GROUP_PERMISSION_DENIED,
            "a community's history cannot be cleared",
        );
    }
    let up_to = request.msg_seq.unwrap_or(u32::MAX);
    for m in g.messages.iter_mut().take_while(|m| m.seq <= up_to) {
        m.cleared = true;
    }
    ok::<Response>(|_| {})
}
