//! `ban_group_member`: bans up to 20 accounts for `Duration` seconds from now: a banned member
//! leaves the group and cannot join again while banned (add_group_member's `Result` 0); a
//! resend restarts the ban from the later now. Needs the Ultimate or Enterprise edition (the
//! others: 10007; the console switch is taken as on).

use im_proto::group::ban_group_member::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::edition::Edition;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, interned, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::BanGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match ban(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn ban(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    if !matches!(shared.edition, Edition::Ultimate | Edition::Enterprise) {
        let info = format!(
            "banning members needs the Ultimate or Enterprise edition, not {}",
            shared.edition
        );
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let until = shared
        .clock
        .now()
        .saturating_add(u64::from(request.duration));
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.members_account);
    let g = group_mut(API, &mut groups, &request.group_id)?;
    for &id in &ids {
        g.bans.retain(|&(b, _)| b != id);
        g.bans.push((id, until));
    }
    let slot = groups.slot(&request.group_id).expect("found above");
    for id in ids {
        groups.leave(slot, id);
    }
    Ok(())
}
