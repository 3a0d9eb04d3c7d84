//! `account_delete`: deletes each existing account with its relationship chain (friends,
//! blocklists, follows, both ways); 70107 for an unknown one, 70402 for an invalid identifier.

use im_proto::ErrorCode;
use im_proto::account::account_delete::{IncomingRequest, Response, ResultItem};

use super::NOT_EXIST_INFO;
use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest, _route: Route) -> Answer {
    if shared.deletion_disabled {
        return Answer::fail(
            ErrorCode::DELETION_DISABLED,
            "deleting accounts is not allowed on this edition: enable it in the console",
        );
    }
    let mut store = shared.store.write();
    let items: Vec<ResultItem> = request
        .delete_item
        .into_iter()
        .map(|raw| match raw.parse() {
            Err(err) => ResultItem::new(
                raw.into_string(),
                ErrorCode::INVALID_PARAMETERS,
                err.to_string(),
            ),
            Ok(id) if store.delete(id.as_str()) => ResultItem::new(id, ErrorCode::OK, ""),
            Ok(id) => ResultItem::new(id, ErrorCode::ACCOUNT_NOT_FOUND, NOT_EXIST_INFO),
        })
        .collect();
    drop(store);
    let deleted = items.iter().filter(|i| i.result_code == ErrorCode::OK);
    shared
        .relations
        .write()
        .remove_accounts(deleted.map(|i| i.user_id.as_str()));
    Answer::json(ErrorCode::OK, &Response::ok(items))
}
