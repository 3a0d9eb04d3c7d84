//! `follow_add`: `From_Account` follows each `To_Account` (no consent asked). Per item: 30001
//! for oneself, 30003 for an unknown account, 32100 past 5000 followings; following one
//! already followed succeeds without a change. 30005 for the whole call when following is
//! switched off. Sends `Follow.CallbackAfterFollowAdd` (page 1047/70355) with the accounts
//! followed, when any were.

use im_proto::follow::follow_add::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, follow_refused, from_account, now, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::FollowAdd;
    if let Some(refused) = follow_refused(api, shared) {
        return refused;
    }
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let time = now(shared);
    let items: Vec<ResultItem> = request
        .follow_item
        .iter()
        .map(|item| {
            let name = item.to_account.as_str();
            let (code, info) = if name == relations.name(from) {
                (
                    ErrorCode::FOLLOW_INVALID_PARAMETERS,
                    "cannot follow oneself",
                )
            } else if !exists(&store, name) {
                (ErrorCode::FOLLOW_ACCOUNT_NOT_FOUND, NOT_FOUND_INFO)
            } else {
                let to = relations.intern(name);
                let (_, following, _) = relations.follow_counts(from);
                if relations.follows(from, to) {
                    (ErrorCode::OK, "")
                } else if following >= im_proto::MAX_FOLLOWING {
                    (
                        ErrorCode::FOLLOWING_LIMIT,
                        "the following count reached its limit",
                    )
                } else {
                    relations.follow(from, to, time);
                    (ErrorCode::OK, "")
                }
            };
            ResultItem::new(name, code, info)
        })
        .collect();
    drop((store, relations));
    let results = items.iter().map(|i| (i.to_account.as_str(), i.result_code));
    let followed: Vec<_> = crate::relation_calls::succeeded(results)
        .map(|to| {
            let mut item = im_callback::follow::Followed::default();
            item.to_account = to.to_owned();
            item
        })
        .collect();
    if shared.callbacks.enabled() && !followed.is_empty() {
        let mut event = im_callback::follow::FollowAdd::default();
        event.from_account = request.from_account.as_str().to_owned();
        event.follow_list = Some(followed);
        event.event_time = Some(shared.clock.now().saturating_mul(1000));
        shared.callbacks.after(event, Origin::rest());
    }
    ok::<Response>(|r| r.result_item = Some(items))
}
