//! `im_remove_tag`: removes tags of up to 100 users (90018 past that); a tag a user does not
//! hold is no error.

use im_proto::Api;
use im_proto::all_member_push::im_remove_tag::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImRemoveTag;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.user_tags.len()) {
        return answer;
    }
    let mut push = shared.push.lock();
    for item in &request.user_tags {
        if let Some(tags) = push.tags.get_mut(item.to_account.as_str()) {
            for tag in &item.tags {
                tags.remove(tag);
            }
        }
    }
    ok::<Response>(|_| {})
}
