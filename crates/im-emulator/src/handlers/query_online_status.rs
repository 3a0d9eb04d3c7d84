//! `query_online_status`: a `QueryResult` per existing account (imported, or an admin's), an
//! `ErrorList` item (70107) for the others, unknown or invalid; when every account failed, a
//! `FAIL` envelope with the first item's code and the `ErrorList` all the same, as the service
//! answers. On the legacy path (`v4/openim/querystate`) each `QueryResult` item names its status
//! `State`, as that API's page shows and its SDKs read it (`Detail[]` items keep `Status`).

use im_proto::openim::query_online_status::{ErrorItem, IncomingRequest, QueryResult, Response};
use im_proto::{Envelope, ErrorCode, OnlineStatus};

use serde_json::Value;

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest, route: Route) -> Answer {
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
    let response = Response::ok(results, errors);
    if route.legacy {
        return Answer::json(ErrorCode::OK, &legacy_form(&response));
    }
    Answer::json(ErrorCode::OK, &response)
}

/// The answer as the legacy `querystate` command gives it: `State` for `Status` in every
/// `QueryResult` item.
fn legacy_form(response: &Response) -> Value {
    let mut json = serde_json::to_value(response).unwrap_or(Value::Null);
    let results = json.get_mut("QueryResult").and_then(Value::as_array_mut);
    for result in results.into_iter().flatten() {
        if let Some(item) = result.as_object_mut()
            && let Some(status) = item.remove("Status")
        {
            item.insert("State".to_owned(), status);
        }
    }
    json
}
