//! `set_visibility`: hides a user (`SetType` 1), a group (2) or a group member (3) from cloud
//! search (`IsDisable` true or 1), or shows it again (false or absent: the page's default).
//! 27003 for a `SetType` other than 1-3 or a missing `UserID` (1, 3) or `GroupID` (2, 3). The
//! object need not exist: the page says nothing of one that does not.

use im_proto::open_search::set_visibility::{Request, Response};
use im_proto::{Endpoint, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::search::{Hidden, SearchKind};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(err) = request.validate() {
        return Answer::fail(ErrorCode::OPEN_SEARCH_INVALID_PARAMETERS, err.to_string());
    }
    let Some(kind) = SearchKind::from_set_type(request.set_type) else {
        let info = format!("SetType {} is not 1, 2 or 3", request.set_type);
        return Answer::fail(ErrorCode::OPEN_SEARCH_INVALID_PARAMETERS, info);
    };
    let user = match kind {
        SearchKind::Groups => String::new(),
        _ => request
            .user_id
            .as_ref()
            .map(|u| u.as_str().to_owned())
            .unwrap_or_default(),
    };
    let group = match kind {
        SearchKind::Users => String::new(),
        _ => request.group_id.clone().unwrap_or_default(),
    };
    let object = Hidden { kind, group, user };
    shared
        .hidden_from_search
        .lock()
        .set(object, request.hides());
    ok::<Response>(|_| ())
}
