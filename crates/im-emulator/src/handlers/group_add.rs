//! `group_add`: creates friend lists (`GroupName`) and puts the given friends (`To_Account`)
//! into all of them. The whole call: 30001 for an existing or malformed name, 30011 past 32
//! lists; per item: 32216 for one that is not a friend.

use im_proto::sns::group_add::{Request, Response, ResultItem};
use im_proto::{Api, ErrorCode, check_friend_group_name};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{failed, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::GroupAdd;
    if let Some(Err(err)) = request
        .group_name
        .iter()
        .map(|n| check_friend_group_name(n))
        .find(Result::is_err)
    {
        return Answer::fail_for(api, ErrorCode::SNS_INVALID_PARAMETERS, err.to_string());
    }
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let lists = relations.owner(from).map_or(&[][..], |o| &o.lists[..]);
    if let Some(name) = request.group_name.iter().find(|n| lists.contains(n)) {
        let info = format!("friend list {name:?} already exists");
        return Answer::fail_for(api, ErrorCode::SNS_INVALID_PARAMETERS, info);
    }
    if lists.len() + request.group_name.len() > im_proto::MAX_FRIEND_GROUPS {
        let info = format!(
            "at most {} friend lists per user",
            im_proto::MAX_FRIEND_GROUPS
        );
        return Answer::fail_for(api, ErrorCode::FRIEND_GROUP_LIMIT, info);
    }
    let mut bits = 0u32;
    for name in &request.group_name {
        bits |= relations.list_index(from, name).map_or(0, |i| 1 << i);
    }
    let items: Vec<ResultItem> = request
        .to_account
        .iter()
        .flatten()
        .map(|to| {
            match relations
                .id(to.as_str())
                .and_then(|id| relations.friend_mut(from, id))
            {
                Some(friend) => {
                    friend.lists |= bits;
                    ResultItem::new(to.as_str(), ErrorCode::OK, "")
                }
                None => ResultItem::new(
                    to.as_str(),
                    ErrorCode::FRIEND_GROUP_NOT_FRIEND,
                    "Err_SNS_GroupAdd_ToTinyId_Not_Friend",
                ),
            }
        })
        .collect();
    let seq = relations.owner(from).map_or(0, |o| o.list_seq);
    let fail = failed(items.iter().map(|i| (i.to_account.as_str(), i.result_code)));
    ok::<Response>(|r| {
        r.result_item = (!items.is_empty()).then_some(items);
        r.fail_account = fail;
        r.current_sequence = Some(seq);
    })
}
