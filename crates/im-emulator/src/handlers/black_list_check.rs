//! `black_list_check`: the blocklist relation of `From_Account` with each `To_Account`:
//! `BlackCheckResult_Type_Single` reads only `From_Account`'s blocklist (`AWithB` or `NO`),
//! `BlackCheckResult_Type_Both` both (`BothWay`, `AWithB`, `BWithA`, `NO`). Per item: 30003 for
//! an unknown account.

use im_proto::sns::black_list_check::{
    BlackCheckType, BlackListCheckItem, BlackRelation, Request, Response,
};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, failed, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let api = Api::BlackListCheck;
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let both = matches!(request.check_type, BlackCheckType::Both);
    let items: Vec<BlackListCheckItem> = request
        .to_account
        .iter()
        .map(|to| {
            if !exists(&store, to.as_str()) {
                let code = ErrorCode::SNS_ACCOUNT_NOT_FOUND;
                return BlackListCheckItem::new(
                    to.as_str(),
                    BlackRelation::No,
                    code,
                    NOT_FOUND_INFO,
                );
            }
            let id = relations.id(to.as_str());
            let a = id.is_some_and(|id| relations.is_blocked(from, id));
            let b = both && id.is_some_and(|id| relations.is_blocked(id, from));
            let relation = match (a, b) {
                (true, true) => BlackRelation::BothWay,
                (true, false) => BlackRelation::AWithB,
                (false, true) => BlackRelation::BWithA,
                (false, false) => BlackRelation::No,
            };
            BlackListCheckItem::new(to.as_str(), relation, ErrorCode::OK, "")
        })
        .collect();
    let fail = failed(items.iter().map(|i| (i.to_account.as_str(), i.result_code)));
    ok::<Response>(|r| {
        r.black_list_check_item = Some(items);
        r.fail_account = fail;
    })
}
