//! `set_unread_msg_num`: sets a member's unread count (a count above the group's stored
//! messages is that count) for Work, Public and Community groups; Meeting and AVChatRoom groups
//! count no unread: no effect, no error. The account must be a member of a group that keeps
//! members (10004).

use im_proto::group::set_unread_msg_num::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{group_mut, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::SetUnreadMsgNum;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    let id = groups.intern(request.member_account.as_str());
    let g = match group_mut(API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    if !g.kind.counts_unread() {
        return ok::<Response>(|_| {});
    }
    let n = usize::try_from(request.unread_msg_num)
        .unwrap_or(usize::MAX)
        .min(g.messages.len());
    let read = match n {
        0 => g.last_seq,
        n => g.messages[g.messages.len() - n].seq - 1,
    };
    match g.member_mut(id) {
        Some(m) => {
            m.read_seq = read;
            ok::<Response>(|_| {})
        }
        None => {
            let info = format!(
                "{:?} is not a member of the group",
                request.member_account.as_str()
            );
            refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info)
        }
    }
}
