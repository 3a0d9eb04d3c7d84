//! `query_online_status`: a `QueryResult` per imported account, an `ErrorList` item for the
//! others (70107 unknown, 70402 invalid).

use im_proto::query_online_status::{ErrorItem, IncomingRequest, QueryResult, Response};
use im_proto::{ErrorCode, OnlineStatus};

use crate::exchange::Answer;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest) -> Answer {
    let need_detail = request.is_need_detail.unwrap_or(false);
    let store = shared.store.read();
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for raw in request.to_account {
        let id = raw.as_str();
        if raw.parse().is_err() {
            errors.push(ErrorItem::new(id, ErrorCode::INVALID_PARAMETERS));
        } else if !store.accounts.contains_key(id) {
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
    Answer::json(ErrorCode::OK, &Response::ok(results, errors))
}
