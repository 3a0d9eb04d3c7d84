//! `top`: pins (`OperationType` 1) or unpins (2) conversations of `From_Account`. A pinned
//! conversation is listed first by `get_list` (a pin on a deleted conversation lists it again);
//! pinning twice keeps the first pin. The page gives no limit on pins.

use im_proto::recentcontact::top::{Request, Response};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::Conv;
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::Top;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let pin = match request.operation_type {
        1 => true,
        2 => false,
        other => {
            let info = format!("OperationType {other} is neither 1 (pin) nor 2 (unpin)");
            return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
        }
    };
    let mut convs = Vec::with_capacity(request.recent_contact_item.len());
    for item in &request.recent_contact_item {
        match Conv::of(
            item.type_,
            item.to_account.as_deref(),
            item.group_id.as_deref(),
        ) {
            Ok(conv) => convs.push(conv),
            Err(info) => {
                return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
            }
        }
    }
    let now = shared.clock.now();
    let mut contacts = shared.contacts.lock();
    let mine = contacts.of_mut(me);
    for conv in convs {
        if pin {
            mine.deleted.remove(&conv);
            mine.pins.entry(conv).or_insert(now);
        } else {
            mine.pins.remove(&conv);
        }
    }
    drop(contacts);
    ok::<Response>(|_| {})
}
