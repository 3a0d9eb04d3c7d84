//! `unban_group_member`: lifts the bans of up to 20 accounts (an account not banned is left
//! alone); they may join again. Same edition condition as ban_group_member (10007).

use im_proto::group::unban_group_member::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::edition::Edition;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, interned, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::UnbanGroupMember;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match unban(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn unban(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    if !matches!(shared.edition, Edition::Ultimate | Edition::Enterprise) {
        let info = format!(
            "banning members needs the Ultimate or Enterprise edition, not {}",
            shared.edition
        );
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.members_account);
    let g = group_mut(API, &mut groups, &request.group_id)?;
    g.bans.retain(|(b, _)| !ids.contains(b));
    Ok(())
}
