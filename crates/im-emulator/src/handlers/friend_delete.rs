//! `friend_delete`: removes each `To_Account` from `From_Account`'s friend table
//! (`Delete_Type_Single`, the default here) or from both tables (`Delete_Type_Both`). Per item:
//! 31704 for one that is not a friend.
//! Sends `Sns.CallbackFriendDelete` (page 1047/34360: a REST call triggers it) with the pairs
//! changed, when any were.

use im_proto::sns::friend_delete::{DeleteType, Request, Response, ResultItem};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{failed, from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(
        Api::FriendDelete,
        &store,
        &mut relations,
        &request.from_account,
    ) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let both = matches!(request.delete_type, Some(DeleteType::Both));
    let items: Vec<ResultItem> = request
        .to_account
        .iter()
        .map(|to| {
            let removed = relations
                .id(to.as_str())
                .filter(|&id| relations.remove_friend(from, id));
            match removed {
                Some(id) => {
                    if both {
                        relations.remove_friend(id, from);
                    }
                    ResultItem::new(to.as_str(), ErrorCode::OK, "")
                }
                None => ResultItem::new(
                    to.as_str(),
                    ErrorCode::FRIEND_NOT_FOUND,
                    "Err_SNS_FriendDelete_Friend_Not_Exist",
                ),
            }
        })
        .collect();
    drop((store, relations));
    let results = || items.iter().map(|i| (i.to_account.as_str(), i.result_code));
    let from = request.from_account.as_str();
    crate::relation_calls::after_pairs(shared, from, results(), both, |pairs, time| {
        let mut event = im_callback::sns::FriendDelete::default();
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
