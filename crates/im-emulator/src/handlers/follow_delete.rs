//! `follow_delete`: `From_Account` stops following each `To_Account`; unfollowing one not
//! followed succeeds without a change. Per item: 30003 for an unknown account. 30005 for the
//! whole call when following is switched off. Sends `Follow.CallbackAfterFollowDelete` (page
//! 1047/70356) with the accounts named, when any succeeded.

use im_proto::follow::follow_delete::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, follow_refused, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::FollowDelete;
    if let Some(refused) = follow_refused(api, shared) {
        return refused;
    }
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let items: Vec<ResultItem> = request
        .to_account
        .iter()
        .map(|to| {
            if !exists(&store, to.as_str()) {
                let code = ErrorCode::FOLLOW_ACCOUNT_NOT_FOUND;
                return ResultItem::new(to.as_str(), code, NOT_FOUND_INFO);
            }
            if let Some(id) = relations.id(to.as_str()) {
                relations.unfollow(from, id);
            }
            ResultItem::new(to.as_str(), ErrorCode::OK, "")
        })
        .collect();
    drop((store, relations));
    let results = items.iter().map(|i| (i.to_account.as_str(), i.result_code));
    let unfollowed: Vec<String> = crate::relation_calls::succeeded(results)
        .map(str::to_owned)
        .collect();
    if shared.callbacks.enabled() && !unfollowed.is_empty() {
        let mut event = im_callback::follow::FollowDelete::default();
        event.from_account = request.from_account.as_str().to_owned();
        event.to_account = Some(unfollowed);
        event.event_time = Some(shared.clock.now().saturating_mul(1000));
        shared.callbacks.after(event, Origin::rest());
    }
    ok::<Response>(|r| r.result_item = Some(items))
}
