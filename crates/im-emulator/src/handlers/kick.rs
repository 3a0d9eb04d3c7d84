//! `kick`: invalidates an account's (or an admin's) UserSigs issued before this second, takes
//! it offline and, for each simulated client it logged out, sends `State.StateChange`
//! `Logout`/`Unregister` with that client's `ClientIP` and `OptPlatform` (one from the REST
//! origin for an account online only by a set online state); an account that was not online
//! sends none.

use im_callback::{StateAction, StateReason};
use im_proto::account::kick::{Request, Response};
use im_proto::{ErrorCode, OnlineStatus};

use super::NOT_EXIST_INFO;
use crate::callbacks::Origin;
use crate::clients::Session;
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
    let was_online = store
        .online
        .remove(id)
        .is_some_and(|s| s.status != OnlineStatus::Offline);
    let sessions = store.clients.logout(id, None);
    let live = store.clients.left_live(id);
    drop(store);
    let mut origins: Vec<Origin> = sessions.iter().map(Session::origin).collect();
    if origins.is_empty() && was_online {
        origins.push(Origin::rest());
    }
    let change = (StateAction::Logout, StateReason::Unregister);
    for origin in origins {
        (shared.callbacks).client_state_change(id, change.clone(), Vec::new(), now, origin);
    }
    let origin = sessions.last().map_or_else(Origin::rest, Session::origin);
    (shared.callbacks).member_state(id, &live, ("Offline", "Quit"), now, &origin);
    Answer::json(ErrorCode::OK, &Response::ok())
}
