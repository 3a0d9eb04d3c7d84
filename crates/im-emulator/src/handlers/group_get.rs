//! `group_get`: `From_Account`'s friend lists (all, or those named) with their friend counts,
//! and, `Need_Friend_Type_Yes`, their friends (also with `GroupName`, as the page's example
//! shows). A name that is not a list fails the whole call with 30001.

use im_proto::sns::group_get::{NeedFriend, Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::GroupGet;
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let Some(owner) = relations.owner(from) else {
        return ok::<Response>(|r| {
            r.result_item = Some(Vec::new());
            r.current_sequence = Some(0);
        });
    };
    if let Some(name) = request
        .group_name
        .iter()
        .flatten()
        .find(|n| !owner.lists.contains(n))
    {
        let info = format!("friend list {name:?} does not exist");
        return Answer::fail_for(api, ErrorCode::SNS_INVALID_PARAMETERS, info);
    }
    let need = matches!(request.need_friend, Some(NeedFriend::Yes));
    let items: Vec<ResultItem> = owner
        .lists
        .iter()
        .enumerate()
        .filter(|(_, name)| {
            request
                .group_name
                .as_ref()
                .is_none_or(|wanted| wanted.contains(name))
        })
        .map(|(i, name)| {
            let members: Vec<String> = owner
                .friends
                .iter()
                .filter(|f| f.lists & (1 << i) != 0)
                .map(|f| relations.name(f.to).to_owned())
                .collect();
            let mut item =
                ResultItem::new(name.as_str(), i64::try_from(members.len()).unwrap_or(0));
            item.to_account = need.then_some(members);
            item
        })
        .collect();
    let seq = owner.list_seq;
    ok::<Response>(|r| {
        r.result_item = Some(items);
        r.current_sequence = Some(seq);
    })
}
