//! `black_list_add`: puts each `To_Account` into `From_Account`'s blocklist, which ends any
//! friendship between the two, both ways (the console's "keep friends" switch, off by
//! default, keeps it). Per item: 30001 for oneself or one already blocked, 30003 for an
//! unknown account, 30013 when the blocklist holds 1000.
//! Sends `Sns.CallbackBlackListAdd` (page 1047/34361: a REST call triggers it) with the pairs
//! changed, when any were.

use im_proto::sns::black_list_add::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, failed, from_account, now, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let api = Api::BlackListAdd;
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let time = now(shared);
    let items: Vec<ResultItem> = request
        .to_account
        .iter()
        .map(|to| {
            let name = to.as_str();
            let (code, info) = if name == relations.name(from) {
                (
                    ErrorCode::SNS_INVALID_PARAMETERS,
                    "Err_SNS_BlackListAdd_Add_Self",
                )
            } else if !exists(&store, name) {
                (ErrorCode::SNS_ACCOUNT_NOT_FOUND, NOT_FOUND_INFO)
            } else {
                let id = relations.intern(name);
                let count = relations.owner(from).map_or(0, |o| o.blocked.len());
                if relations.is_blocked(from, id) {
                    (
                        ErrorCode::SNS_INVALID_PARAMETERS,
                        "Err_SNS_BlackListAdd_Already_Exist",
                    )
                } else if count >= im_proto::MAX_BLACKLIST {
                    (
                        ErrorCode::BLACKLIST_LIMIT,
                        "Err_SNS_BlackListAdd_Num_Exceed_Threshold",
                    )
                } else {
                    relations.block(from, id, time);
                    (ErrorCode::OK, "")
                }
            };
            ResultItem::new(name, code, info)
        })
        .collect();
    drop((store, relations));
    let results = || items.iter().map(|i| (i.to_account.as_str(), i.result_code));
    let from = request.from_account.as_str();
    crate::relation_calls::after_pairs(shared, from, results(), false, |pairs, time| {
        let mut event = im_callback::sns::BlackListAdd::default();
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
