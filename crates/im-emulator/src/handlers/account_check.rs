//! `account_check`: `Imported` or `NotImported` per item; 70402 for an invalid identifier.

use im_proto::ErrorCode;
use im_proto::account::account_check::{AccountStatus, IncomingRequest, Response, ResultItem};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest, _route: Route) -> Answer {
    let store = shared.store.read();
    let items: Vec<ResultItem> = request
        .check_item
        .into_iter()
        .map(|raw| match raw.parse() {
            Err(err) => ResultItem::failed(
                raw.into_string(),
                ErrorCode::INVALID_PARAMETERS,
                err.to_string(),
            ),
            Ok(id) => {
                let status = if store.accounts.contains_key(id.as_str()) {
                    AccountStatus::Imported
                } else {
                    AccountStatus::NotImported
                };
                ResultItem::new(id.into_string(), status)
            }
        })
        .collect();
    drop(store);
    Answer::json(ErrorCode::OK, &Response::ok(items))
}
