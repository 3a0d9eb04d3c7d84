//! `friend_get_list`: the requested fields (`TagList`: friend fields, standard or custom) of
//! each `To_Account` in `From_Account`'s table. Per item: 30001
//! `Err_SNS_FriendGetList_Friend_Not_Exist` for one that is not a friend.

use im_proto::sns::friend_get_list::{InfoItem, Request, Response, SnsProfileItem};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{failed, friend_values, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let api = Api::FriendGetList;
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let items: Vec<InfoItem> = request
        .to_account
        .iter()
        .map(|to| {
            let friend = relations
                .id(to.as_str())
                .and_then(|id| relations.friend(from, id));
            let Some(friend) = friend else {
                let code = ErrorCode::SNS_INVALID_PARAMETERS;
                return InfoItem::new(to.as_str(), code, "Err_SNS_FriendGetList_Friend_Not_Exist");
            };
            let fields = friend_values(&relations, from, friend)
                .into_iter()
                .filter(|(tag, _)| request.tag_list.contains(tag))
                .map(|(tag, value)| SnsProfileItem::new(tag, value))
                .collect();
            let mut item = InfoItem::new(to.as_str(), ErrorCode::OK, "");
            item.sns_profile_item = Some(fields);
            item
        })
        .collect();
    let fail = failed(items.iter().map(|i| (i.to_account.as_str(), i.result_code)));
    ok::<Response>(|r| {
        r.info_item = Some(items);
        r.fail_account = fail;
    })
}
