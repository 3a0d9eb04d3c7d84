//! `send_group_system_notification`: an online-only notification to every member or to those
//! `ToMembers_Account` names (every one a member: 10004; an AVChatRoom takes no list: 10004).
//! Nothing is kept but the group's count of notifications (shown by the inspection). A `TopicId`
//! must be a topic of the group (11000 for a group without topics, 10010 for one it lacks).

use im_proto::group::send_group_system_notification::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, history, interned, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::SendGroupSystemNotification;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match notify(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn notify(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let to = interned(
        &mut groups,
        request.to_members_account.as_deref().unwrap_or_default(),
    );
    let g = group_mut(API, &mut groups, &request.group_id)?;
    if !to.is_empty() && !g.kind.stores_members() {
        let info = format!(
            "a {} group's notification goes to every member: no ToMembers_Account",
            g.kind
        );
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    if let Some(i) = to.iter().position(|&id| g.member(id).is_none()) {
        let name = request.to_members_account.as_deref().unwrap_or_default()[i].as_str();
        let info = format!("{name:?} is not a member of the group");
        return Err(refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    history(API, g, request.topic_id.as_deref())?;
    g.notifications = g.notifications.saturating_add(1);
    Ok(())
}
