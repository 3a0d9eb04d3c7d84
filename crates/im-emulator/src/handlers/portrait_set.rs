//! `portrait_set`: sets profile fields of one account (an imported one, a robot or an admin).
//! The item rules (40009, 40610, 40605, 40601) are checked while decoding; here: 40001 for an
//! invalid `From_Account`, 40003 for an account that does not exist, 40009 for a custom tag the
//! app has not configured and cannot register. Custom tags are registered only by a write that
//! succeeds. Every failure carries `"ErrorDisplay":""`. A success sends
//! `Profile.CallbackPortraitSet` (the operator: the first admin).

use im_proto::profile::portrait_set::{IncomingRequest, Response};
use im_proto::{Api, ErrorCode};

use super::PROFILE_NOT_EXIST_INFO;
use crate::exchange::{Answer, Route};
use crate::shared::Shared;

fn fail(code: ErrorCode, info: impl Into<String>) -> Answer {
    Answer::fail_for(Api::PortraitSet, code, info)
}

pub(super) fn handle(shared: &Shared, request: IncomingRequest, route: Route) -> Answer {
    let id = match request.from_account.parse() {
        Ok(id) => id,
        Err(err) => return fail(ErrorCode::PROFILE_INVALID_PARAMETERS, err.to_string()),
    };
    let mut store = shared.store.write();
    if !store.accounts.contains_key(id.as_str()) {
        return fail(ErrorCode::PROFILE_ACCOUNT_NOT_FOUND, PROFILE_NOT_EXIST_INFO);
    }
    let tags = request.profile_item.iter().map(|item| &item.tag);
    let new_tags = match store.custom_tags_writable(tags, shared.custom_tags.as_ref()) {
        Ok(new_tags) => new_tags,
        Err(tag) => {
            return fail(
                ErrorCode::PROFILE_TAG_NOT_FOUND,
                format!("custom tag {tag} is not configured for this app"),
            );
        }
    };
    let items = shared
        .callbacks
        .enabled()
        .then(|| request.profile_item.clone());
    if let Some(stored) = store.accounts.get_mut(id.as_str()) {
        for item in request.profile_item {
            stored.set(item.tag, item.value);
        }
    }
    store.register_custom_tags(new_tags);
    drop(store);
    if let Some(items) = items {
        // The identifier that signed the call.
        let operator = shared.admins.get(route.admin).map_or("", String::as_str);
        let now = shared.clock.now();
        shared
            .callbacks
            .profile_changed(operator, id.as_str(), items, now);
    }
    Answer::json(ErrorCode::OK, &Response::ok())
}
