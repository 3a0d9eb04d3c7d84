//! `im_get_attr`: the attributes of up to 100 accounts (90018 past that), one item each in
//! the request's order, `{}` for an account without any.

use im_proto::Api;
use im_proto::all_member_push::im_get_attr::{Request, Response, UserAttrsItem};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImGetAttr;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.to_account.len()) {
        return answer;
    }
    let push = shared.push.lock();
    let items = request
        .to_account
        .iter()
        .map(|user| {
            let attrs = push.attrs.get(user.as_str()).cloned().unwrap_or_default();
            UserAttrsItem::new(user.as_str(), attrs)
        })
        .collect();
    ok::<Response>(|r| r.user_attrs = Some(items))
}
