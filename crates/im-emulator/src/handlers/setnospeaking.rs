//! `setnospeaking`: sets an account's global mute of one-to-one and of group sends, each in
//! seconds from now on the emulator's clock (0 lifts it, `0xFFFFFFFF` is for good). The mute
//! refuses the account's simulated client sends (20012 one-to-one, 10017 in groups, before any
//! callback); the REST `sendmsg` and `send_group_msg` do not check it (the sendmsg page,
//! 2026-02). A body with neither time is refused (the page: one of them must be given).

use im_proto::ErrorCode;
use im_proto::openconfig::setnospeaking::{FOREVER, Request, Response};

use crate::clients::MuteKind;
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let times = [
        (MuteKind::C2c, request.c2c_time),
        (MuteKind::Group, request.group_time),
    ];
    if times.iter().all(|(_, t)| t.is_none()) {
        let info = "give C2CmsgNospeakingTime or GroupmsgNospeakingTime (or both)";
        return Answer::fail(ErrorCode::BODY_JSON_INVALID, info);
    }
    let now = shared.clock.now();
    let user = request.set_account.as_str();
    let mut store = shared.store.write();
    for (kind, seconds) in times {
        if let Some(seconds) = seconds {
            let until = match seconds {
                0 => 0,
                FOREVER => u64::MAX,
                seconds => now.saturating_add(u64::from(seconds)),
            };
            store.clients.set_mute(user, kind, until);
        }
    }
    ok::<Response>(|_| ())
}
