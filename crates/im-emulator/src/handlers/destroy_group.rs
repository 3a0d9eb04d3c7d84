//! `destroy_group`: dissolves a group of any type, with its members and history; a resend
//! after a success answers 10010 (the group no longer exists). Sends
//! `Group.CallbackAfterGroupDestroyed` (page 1047/34377: a REST call triggers it) with the
//! group's type, owner, name and members. A group destroyed counts (-1) in the day's net
//! creations of the daily group quota alarm (`create_group`).

use im_callback::MemberAccount;
use im_callback::group::{AfterGroupDestroyed, GroupType};
use im_proto::Api;
use im_proto::group::destroy_group::{Request, Response};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::group;
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut groups = shared.groups.lock();
    if let Err(answer) = group(Api::DestroyGroup, &groups, &request.group_id) {
        return answer;
    }
    let removed = groups.remove(&request.group_id);
    let event = removed.filter(|_| shared.callbacks.enabled()).map(|g| {
        let mut event = AfterGroupDestroyed::default();
        event.group_id.clone_from(&request.group_id);
        event.group_type = Some(GroupType::from(g.kind.as_str()));
        event.owner_account = g.owner.map(|o| groups.name(o).to_owned());
        event.name = Some(g.name.to_string());
        let members = g.members.iter();
        event.member_list = Some(
            members
                .map(|m| MemberAccount::new(groups.name(m.account)))
                .collect(),
        );
        event.event_time = Some(shared.clock.now().saturating_mul(1000));
        event
    });
    drop(groups);
    if let Some(event) = event {
        shared.callbacks.after(event, Origin::rest());
    }
    shared.callbacks.count_groups(-1, shared.clock.now());
    ok::<Response>(|_| {})
}
