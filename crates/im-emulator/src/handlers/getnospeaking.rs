//! `getnospeaking`: an account's global mute as the seconds left of each (0 none or over,
//! `0xFFFFFFFF` for good), read on the emulator's clock.

use im_proto::openconfig::getnospeaking::{Request, Response};
use im_proto::openconfig::setnospeaking::FOREVER;

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let now = shared.clock.now();
    let mute = shared
        .store
        .read()
        .clients
        .mute(request.get_account.as_str());
    let left = |until: u64| match until {
        u64::MAX => FOREVER,
        until => u32::try_from(until.saturating_sub(now)).unwrap_or(FOREVER - 1),
    };
    ok::<Response>(|r| {
        r.c2c_time = Some(left(mute.c2c));
        r.group_time = Some(left(mute.group));
    })
}
