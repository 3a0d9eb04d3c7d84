//! `portrait_get`: the requested tags each account (an admin's own included) has set. Per
//! account: 40001 for an invalid UserID, 40003 for one that does not exist (listed in
//! `Fail_Account` too); 40009 for the whole call when a custom tag is not configured (in the
//! fixed list, or registered by a successful write), with `"ErrorDisplay":""`.

use im_proto::profile::portrait_get::{IncomingRequest, Response, UserProfileItem};
use im_proto::{Api, ErrorCode, ProfileItem};

use super::PROFILE_NOT_EXIST_INFO;
use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest, _route: Route) -> Answer {
    let store = shared.store.read();
    if let Err(tag) = store.custom_tags_readable(&request.tag_list, shared.custom_tags.as_ref()) {
        return Answer::fail_for(
            Api::PortraitGet,
            ErrorCode::PROFILE_TAG_NOT_FOUND,
            format!("custom tag {tag} is not configured for this app"),
        );
    }
    let items: Vec<UserProfileItem> = request
        .to_account
        .into_iter()
        .map(|raw| {
            let stored = match raw.parse() {
                Err(err) => {
                    let code = ErrorCode::PROFILE_INVALID_PARAMETERS;
                    return UserProfileItem::failed(raw.into_string(), code, err.to_string());
                }
                Ok(id) => store.accounts.get(id.as_str()),
            };
            let Some(stored) = stored else {
                let code = ErrorCode::PROFILE_ACCOUNT_NOT_FOUND;
                return UserProfileItem::failed(raw.into_string(), code, PROFILE_NOT_EXIST_INFO);
            };
            let fields = request
                .tag_list
                .iter()
                .filter_map(|tag| {
                    stored
                        .get(tag)
                        .map(|v| ProfileItem::new(tag.clone(), v.clone()))
                })
                .collect();
            UserProfileItem::new(raw.into_string(), fields)
        })
        .collect();
    drop(store);
    Answer::json(ErrorCode::OK, &Response::ok(items))
}
