//! `friend_delete_all`: empties `From_Account`'s friend table (`Delete_Type_Single`, the
//! default) and, `Delete_Type_Both`, removes `From_Account` from every former friend's table.
//! The friend lists stay (emptied); the blocklist is untouched; no callback.

use im_proto::Api;
use im_proto::sns::friend_delete_all::{DeleteType, Request, Response};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let api = Api::FriendDeleteAll;
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let gone = relations.clear_friends(from);
    if matches!(request.delete_type, Some(DeleteType::Both)) {
        for to in gone {
            relations.remove_friend(to, from);
        }
    }
    ok::<Response>(|_| {})
}
