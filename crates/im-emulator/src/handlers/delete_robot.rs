//! `delete_robot`: marks a robot invalid (its UserID and profile stay; it is no longer listed
//! and no longer counts toward the cap). Deleting it again is OK; 10004 for a UserID that is not
//! a robot.

use im_proto::ErrorCode;
use im_proto::robot::delete_robot::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let id = request.robot_account.as_str();
    let mut store = shared.store.write();
    match store.accounts.get_mut(id) {
        Some(stored) if stored.robot.is_some() => stored.robot = Some(false),
        _ => {
            return Answer::fail(
                ErrorCode::ROBOT_INVALID_PARAMETERS,
                format!("robot {id} does not exist"),
            );
        }
    }
    store.online.remove(id);
    drop(store);
    Answer::json(ErrorCode::OK, &Response::ok())
}
