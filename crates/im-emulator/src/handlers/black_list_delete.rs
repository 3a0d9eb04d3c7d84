//! `black_list_delete`: takes each `To_Account` out of `From_Account`'s blocklist (a former
//! friendship is not restored). Per item: 30001 for one not blocked.
//! Sends `Sns.CallbackBlackListDelete` (page 1047/34362: a REST call triggers it) with the pairs
//! changed, when any were.

use im_proto::sns::black_list_delete::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{failed, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let api = Api::BlackListDelete;
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let items: Vec<ResultItem> = request
        .to_account
        .iter()
        .map(|to| {
            let unblocked = relations
                .id(to.as_str())
                .is_some_and(|id| relations.unblock(from, id));
            if unblocked {
                ResultItem::new(to.as_str(), ErrorCode::OK, "")
            } else {
                let code = ErrorCode::SNS_INVALID_PARAMETERS;
                ResultItem::new(to.as_str(), code, "Err_SNS_BlackListDelete_Not_Exist")
            }
        })
        .collect();
    drop((store, relations));
    let results = || items.iter().map(|i| (i.to_account.as_str(), i.result_code));
    let from = request.from_account.as_str();
    crate::relation_calls::after_pairs(shared, from, results(), false, |pairs, time| {
        let mut event = im_callback::sns::BlackListDelete::default();
        event.pair_list = Some(pairs);
        event.event_time = Some(time);
        event
    });
    let fail = failed(results());
    ok::<Response>(|r| {
        r.result_item = Some(items);
        r.fail_account = fail;
    })
}
