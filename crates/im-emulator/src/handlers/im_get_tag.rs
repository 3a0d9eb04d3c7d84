//! `im_get_tag`: the tags of up to 100 accounts (90018 past that), one item each in the
//! request's order.

use im_proto::Api;
use im_proto::all_member_push::im_get_tag::{Request, Response, UserTagsItem};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImGetTag;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.to_account.len()) {
        return answer;
    }
    let push = shared.push.lock();
    let items = request
        .to_account
        .iter()
        .map(|user| {
            let tags = push.tags.get(user.as_str());
            let tags = tags
                .map(|t| t.iter().cloned().collect())
                .unwrap_or_default();
            UserTagsItem::new(user.as_str(), tags)
        })
        .collect();
    ok::<Response>(|r| r.user_tags = Some(items))
}
