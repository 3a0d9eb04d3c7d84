//! `follow_delete`: `From_Account` stops following each `To_Account`; unfollowing one not
//! followed succeeds without a change. Per item: 30003 for an unknown account. 30005 for the
//! whole call when following is switched off.

use im_proto::follow::follow_delete::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

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
    ok::<Response>(|r| r.result_item = Some(items))
}
