//! `forbid_send_msg`: mutes up to 500 members for `MuteTime` seconds from now (0 unmutes,
//! 4294967295 for ever); a listed account that is not a member is left alone. Not for Work
//! (`Private`) groups (10007). Communities' topics are not modelled: a `TopicId` mutes in the
//! whole community.

use im_proto::group::forbid_send_msg::{Request, Response};
use im_proto::group_types::MuteUntil;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group_mut, interned, refuse};
use crate::groups::clamp_time;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ForbidSendMsg;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match mute(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn mute(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.members_account);
    let g = group_mut(API, &mut groups, &request.group_id)?;
    if !g.kind.can_mute() {
        let info = format!("members of a {} group cannot be muted", g.kind);
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let until = MuteUntil::after(shared.clock.now(), u64::from(request.mute_time)).0;
    for id in ids {
        if let Some(m) = g.member_mut(id) {
            m.mute_until = clamp_time(until);
        }
    }
    Ok(())
}
