//! `delete_group_msg_by_sender`: marks as recalled the messages `Sender_Account` sent among the
//! group's newest 1000 (nothing is deleted; a resend is safe). An AVChatRoom keeps no history:
//! no effect, no error. With `TopicId`, among that topic's newest 1000 (11000 for a group without
//! topics, 10010 for a topic it lacks).

use im_proto::Api;
use im_proto::group::delete_group_msg_by_sender::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{group_mut, history_mut};
use crate::relation_calls::ok;
use crate::shared::Shared;

/// How many of the newest messages are looked at.
const WINDOW: usize = 1000;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    let sender = groups.account(request.sender_account.as_str());
    let g = match group_mut(Api::DeleteGroupMsgBySender, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let history = match history_mut(Api::DeleteGroupMsgBySender, g, request.topic_id.as_deref()) {
        Ok(history) => history,
        Err(answer) => return answer,
    };
    if let Some(sender) = sender {
        for m in history
            .messages
            .iter_mut()
            .rev()
            .take(WINDOW)
            .filter(|m| m.from == sender)
        {
            m.recalled = true;
        }
    }
    ok::<Response>(|_| {})
}
