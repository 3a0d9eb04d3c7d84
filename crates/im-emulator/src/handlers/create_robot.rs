//! `create_robot`: creates a robot, or updates the profile of an existing one (creating it again
//! creates no second robot; one deleted before is active again). 10008 when the app already has
//! 20 active robots, 10004 when the UserID is an ordinary account's.

use im_proto::robot::create_robot::{MAX_ROBOTS, Request, Response};
use im_proto::{ErrorCode, ProfileTag};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let id = request.user_id.as_str();
    let mut store = shared.store.write();
    let existing = store.accounts.get(id).map(|stored| stored.robot);
    match existing {
        Some(None) => {
            return Answer::fail(
                ErrorCode::ROBOT_INVALID_PARAMETERS,
                format!("{id} is an ordinary account, not a robot"),
            );
        }
        Some(Some(true)) => {}
        Some(Some(false)) | None if store.active_robots().count() >= MAX_ROBOTS => {
            return Answer::fail(
                ErrorCode::ROBOT_INVALID_REQUEST,
                format!("the app already has the maximum of {MAX_ROBOTS} robots"),
            );
        }
        Some(Some(false)) | None => {}
    }
    store.deleted.remove(id);
    let stored = store.accounts.entry(id.to_owned()).or_default();
    stored.robot = Some(true);
    let fields = [
        (ProfileTag::Nick, request.nick),
        (ProfileTag::Image, request.face_url),
        (ProfileTag::SelfSignature, request.self_signature),
    ];
    for (tag, value) in fields {
        if let Some(value) = value {
            stored.set(tag, value.into());
        }
    }
    drop(store);
    Answer::json(ErrorCode::OK, &Response::ok())
}
