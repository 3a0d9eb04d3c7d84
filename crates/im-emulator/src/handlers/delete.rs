//! `delete`: takes a conversation out of `From_Account`'s list until a newer message arrives,
//! and unpins it; `ClearRamble` 1 also clears its history on that side: a one-to-one
//! conversation's messages leave the account's history (the peer keeps them), a group's leave
//! it as the conversation list sees it (no last message before now).

use im_proto::recentcontact::delete::{Request, Response};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::Conv;
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::Delete;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let conv = match Conv::of(
        request.type_,
        request.to_account.as_deref(),
        request.to_groupid.as_deref(),
    ) {
        Ok(conv) => conv,
        Err(info) => {
            return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
        }
    };
    let now = shared.clock.now();
    let clear = request.clear_ramble == Some(true);
    if clear && let Conv::C2c(peer) = &conv {
        shared.messages.lock().clear_side(me, peer);
    }
    let mut contacts = shared.contacts.lock();
    let mine = contacts.of_mut(me);
    mine.pins.remove(&conv);
    if clear && matches!(conv, Conv::Group(_)) {
        mine.cleared.insert(conv.clone(), now);
    }
    mine.deleted.insert(conv, now);
    drop(contacts);
    ok::<Response>(|_| {})
}
