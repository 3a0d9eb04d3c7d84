//! `get_all_robots`: the active robots, by UserID (deleted ones are not listed).

use im_proto::ErrorCode;
use im_proto::robot::get_all_robots::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, _request: Request, _route: Route) -> Answer {
    let robots = shared
        .store
        .read()
        .active_robots()
        .map(str::to_owned)
        .collect();
    Answer::json(ErrorCode::OK, &Response::ok(robots))
}
