//! `kick`: invalidates an account's (or an admin's) UserSigs issued before this second, takes
//! it offline and sends `State.StateChange` `Logout`/`Unregister`.

use im_callback::{StateAction, StateReason};
use im_proto::ErrorCode;
use im_proto::account::kick::{Request, Response};

use super::NOT_EXIST_INFO;
use crate::exchange::{Answer, Route};
use crate::shared::Shared;
use crate::state::Revocation;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let id = request.user_id.as_str();
    let now = shared.clock.now();
    let mut store = shared.store.write();
    if !store.accounts.contains_key(id) && !shared.admins.iter().any(|a| a == id) {
        return Answer::fail(ErrorCode::ACCOUNT_NOT_FOUND, NOT_EXIST_INFO);
    }
    store.revoke(id, now, Revocation::Invalidated);
    store.online.remove(id);
    drop(store);
    let (action, reason) = (StateAction::Logout, StateReason::Unregister);
    shared.callbacks.state_change(id, action, reason, now);
    Answer::json(ErrorCode::OK, &Response::ok())
}
