//! `follow_get_info`: each `To_Account`'s follower, following and mutual-follow counts. Per
//! item: 30003 for an unknown account.

use im_proto::follow::follow_get_info::{FollowInfo, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, follow_refused, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::FollowGetInfo;
    if let Some(refused) = follow_refused(api, shared) {
        return refused;
    }
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    if let Err(answer) = from_account(api, &store, &mut relations, &request.from_account) {
        return answer;
    }
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let items: Vec<FollowInfo> = request
        .to_account
        .iter()
        .map(|to| {
            if !exists(&store, to.as_str()) {
                let code = ErrorCode::FOLLOW_ACCOUNT_NOT_FOUND;
                return FollowInfo::new(to.as_str(), code, NOT_FOUND_INFO, 0, 0, 0);
            }
            let (followers, following, mutual) = relations
                .id(to.as_str())
                .map_or((0, 0, 0), |id| relations.follow_counts(id));
            let (a, b, c) = (count(followers), count(following), count(mutual));
            FollowInfo::new(to.as_str(), ErrorCode::OK, "", a, b, c)
        })
        .collect();
    ok::<Response>(|r| r.follow_info = Some(items))
}
