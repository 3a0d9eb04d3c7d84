//! `follow_check`: the follow relation of `From_Account` with each `To_Account`, as
//! `FollowType`: 0 none, 1 `To_Account` follows `From_Account`, 2 `From_Account` follows
//! `To_Account`, 3 mutual. Per item: 30003 for an unknown account.

use im_proto::follow::follow_check::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode, FollowRelation};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, follow_refused, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::FollowCheck;
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
                return ResultItem::new(to.as_str(), code, NOT_FOUND_INFO, FollowRelation::None);
            }
            let id = relations.id(to.as_str());
            let i_follow = id.is_some_and(|id| relations.follows(from, id));
            let follows_me = id.is_some_and(|id| relations.follows(id, from));
            let relation = FollowRelation::of(i_follow, follows_me);
            ResultItem::new(to.as_str(), ErrorCode::OK, "", relation)
        })
        .collect();
    ok::<Response>(|r| r.result_item = Some(items))
}
