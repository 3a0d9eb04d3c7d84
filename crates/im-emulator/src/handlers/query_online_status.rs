//! `query_online_status`: a `QueryResult` per imported account, an `ErrorList` item (70107) for
//! the others, unknown or invalid; when every account failed, a `FAIL` envelope with the first
//! item's code and the `ErrorList` all the same, as the service answers.

use im_proto::query_online_status::{ErrorItem, IncomingRequest, QueryResult, Response};
use im_proto::{Envelope, ErrorCode, OnlineStatus};

use crate::exchange::Answer;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest) -> Answer {
    let need_detail = request.is_need_detail.unwrap_or(false);
    let store = shared.store.read();
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for raw in request.to_account {
        let id = raw.as_str();
        // An invalid identifier can never have been imported: 70107 too (the documentation
        // shows no other per-account code).
        if raw.parse().is_err() || !store.accounts.contains_key(id) {
            errors.push(ErrorItem::new(id, ErrorCode::ACCOUNT_NOT_FOUND));
        } else {
            let mut result = QueryResult::new(id, OnlineStatus::Offline);
            if let Some(state) = store.online.get(id) {
                result.status = state.status.clone();
                if need_detail && !state.detail.is_empty() {
                    result.detail = Some(state.detail.clone());
                }
            }
            results.push(result);
        }
    }
    drop(store);
    if results.is_empty() {
        let code = errors
            .first()
            .map_or(ErrorCode::ACCOUNT_NOT_FOUND, |e| e.error_code);
        let mut response = Response::ok(Vec::new(), errors);
        response.envelope = Envelope::fail(code, "no account could be queried");
        response.query_result = None;
        return Answer::json(code, &response);
    }
    Answer::json(ErrorCode::OK, &Response::ok(results, errors))
}
