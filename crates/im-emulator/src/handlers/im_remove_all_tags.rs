//! `im_remove_all_tags`: removes every tag of up to 100 users (90018 past that).

use im_proto::Api;
use im_proto::all_member_push::im_remove_all_tags::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImRemoveAllTags;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.to_account.len()) {
        return answer;
    }
    let mut push = shared.push.lock();
    for user in &request.to_account {
        push.tags.remove(user.as_str());
    }
    ok::<Response>(|_| {})
}
