//! `friend_check`: the relation of `From_Account` with each `To_Account`.
//! `CheckResult_Type_Single` reads only `From_Account`'s table (`AWithB` or `NoRelation`),
//! `CheckResult_Type_Both` both tables (`BothWay`, `AWithB`, `BWithA`, `NoRelation`). Pending
//! requests are not friends. Per item: 30003 for an unknown account (with `NoRelation`).

use im_proto::sns::friend_check::{CheckType, InfoItem, Relation, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{NOT_FOUND_INFO, exists, failed, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(
        Api::FriendCheck,
        &store,
        &mut relations,
        &request.from_account,
    ) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let both = matches!(request.check_type, CheckType::Both);
    let items: Vec<InfoItem> = request
        .to_account
        .iter()
        .map(|to| {
            if !exists(&store, to.as_str()) {
                let code = ErrorCode::SNS_ACCOUNT_NOT_FOUND;
                return InfoItem::new(to.as_str(), Relation::NoRelation, code, NOT_FOUND_INFO);
            }
            let id = relations.id(to.as_str());
            let a_with_b = id.is_some_and(|id| relations.is_friend(from, id));
            let b_with_a = both && id.is_some_and(|id| relations.is_friend(id, from));
            let relation = match (a_with_b, b_with_a) {
                (true, true) => Relation::BothWay,
                (true, false) => Relation::AWithB,
                (false, true) => Relation::BWithA,
                (false, false) => Relation::NoRelation,
            };
            InfoItem::new(to.as_str(), relation, ErrorCode::OK, "")
        })
        .collect();
    let fail = failed(items.iter().map(|i| (i.to_account.as_str(), i.result_code)));
    ok::<Response>(|r| {
        r.info_item = Some(items);
        r.fail_account = fail;
    })
}
