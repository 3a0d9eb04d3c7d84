//! The request pipeline shared by the HTTP server and the in-process transport.
//!
//! Order for the API routes: route (60009), latency and fault injection, rate limit and the
//! quotas of a minute or a day (60007), query and UserSig checks, then the body and the API's
//! semantics (a `lost` fault drops the answer of all that). The HTTP method is not
//! looked at: the service answers a GET with a body as it answers the POST (some SDKs send
//! a read that way).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use im_proto::{Api, AuthQuery, ErrorCode};

use crate::auth::authenticate;
use crate::emulator::MAX_URL_BYTES;
use crate::exchange::{Answer, BodyTooLarge, Incoming, Outcome, Route, json_response};
use crate::faults::FaultKind;
use crate::shared::Shared;
use crate::{control, handlers};

fn bad_gateway() -> http::Response<Bytes> {
    let mut response = http::Response::new(Bytes::from_static(
        b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n",
    ));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}

/// Handles one request from either front end.
pub(crate) async fn handle(shared: &Arc<Shared>, request: Incoming) -> Outcome {
    let url_len = request
        .uri
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if url_len > MAX_URL_BYTES {
        let answer = Answer::fail(
            ErrorCode::HTTP_PARSE_FAILED,
            format!("the request URL is {url_len} bytes, over the {MAX_URL_BYTES} accepted"),
        );
        return Outcome::Respond(json_response(StatusCode::OK, answer.body));
    }
    let path = request.uri.path();
    if path == "/_emulator" || path.starts_with("/_emulator/") {
        // A simulated client's action may wait for a before callback: control::handle_async
        // runs it off the runtime's threads, as the API handlers.
        return Outcome::Respond(control::handle_async(shared, &request).await);
    }
    let Some((api, route)) = api_route(path) else {
        let answer = Answer::fail(
            ErrorCode::RESOURCE_NOT_FOUND,
            format!("requested resource does not exist: {path}"),
        );
        let mut counters = shared.counters.lock();
        counters.unknown_routes += 1;
        *counters
            .unrouted_answers
            .entry(answer.code.get())
            .or_default() += 1;
        drop(counters);
        return Outcome::Respond(json_response(StatusCode::OK, answer.body));
    };
    let answer = match api_pipeline(shared, api, route, request).await {
        Ok(answer) => answer,
        Err(outcome) => return outcome,
    };
    tracing::trace!(api = api.as_str(), code = answer.code.get(), "answered");
    *shared.counters.lock().answers[api]
        .entry(answer.code.get())
        .or_default() += 1;
    Outcome::Respond(json_response(StatusCode::OK, answer.body))
}

/// 72000 for every call while more accounts logged in today than the edition allows.
fn over_daily_active_quota(shared: &Shared) -> Option<Answer> {
    let cap = shared.daily_active_cap?;
    let active = shared.store.read().active_today(shared.clock.now());
    (active > cap).then(|| {
        Answer::fail(
            ErrorCode::DAILY_ACTIVE_QUOTA_EXCEEDED,
            format!("{active} accounts active today, over the edition's quota of {cap}"),
        )
    })
}

/// 60007 (or `code`, the API's own) when a quota of a minute or a day of `api` has no room for
/// this call (its items counted from the body when a quota counts them).
fn over_quota(
    shared: &Shared,
    api: Api,
    request: &Incoming,
    code: Option<ErrorCode>,
) -> Option<Answer> {
    let quotas = shared.quotas.read();
    let windows = &quotas[api];
    if windows.0.is_empty() {
        return None;
    }
    let items = match (&request.body, api.metadata().items) {
        (Ok(body), Some(list)) if windows.counts_items() => item_count(body, list.field),
        _ => 1,
    };
    let refusal = windows.admit(shared.clock.now(), items).err()?;
    Some(Answer::fail(
        code.unwrap_or(ErrorCode::REST_RATE_LIMITED),
        format!("{api}: {refusal}"),
    ))
}

/// The length of the array `field` of a JSON object body (1 when it is no such array).
fn item_count(body: &[u8], field: &str) -> u64 {
    let object: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(body).ok();
    object
        .as_ref()
        .and_then(|o| o.get(field))
        .and_then(serde_json::Value::as_array)
        .map_or(1, |items| items.len() as u64)
}

/// `/v4/{service}/{command}` → the API, legacy paths included, and whether the command word
/// was a legacy one.
fn api_route(path: &str) -> Option<(Api, Route)> {
    let rest = path.strip_prefix("/v4/")?;
    let (service, command) = rest.split_once('/')?;
    let api = Api::from_path(service, command)?;
    let legacy = command != api.metadata().command;
    Some((
        api,
        Route {
            legacy,
            ..Route::default()
        },
    ))
}

/// Everything after routing; `Err` is an outcome that is not a JSON envelope.
async fn api_pipeline(
    shared: &Arc<Shared>,
    api: Api,
    route: Route,
    request: Incoming,
) -> Result<Answer, Outcome> {
    shared.counters.lock().requests[api] += 1;

    // Latency and faults come before any processing, so a faulted request changes no state.
    let n = shared.arrivals.fetch_add(1, Ordering::Relaxed);
    let (decision, stall) = {
        let faults = shared.faults.read();
        (faults.decide(api, n), faults.stall_duration())
    };
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let mut lost = false;
    if let Some(kind) = decision.fault {
        shared.counters.lock().faults[kind.index()] += 1;
        tracing::trace!(
            api = api.as_str(),
            fault = kind.as_str(),
            n,
            "fault injected"
        );
        match kind {
            FaultKind::Code70169 | FaultKind::Code70202 | FaultKind::Code70500 => {
                let code = kind.error_code().unwrap_or(ErrorCode::INTERNAL_ERROR);
                let info = match kind {
                    FaultKind::Code70500 => {
                        "internal server error, please retry later (injected fault)"
                    }
                    _ => "internal server timeout, please retry later (injected fault)",
                };
                return Ok(Answer::fail(code, info));
            }
            FaultKind::Http502 => return Err(Outcome::Respond(bad_gateway())),
            FaultKind::Close => return Err(Outcome::Close),
            FaultKind::Stall => tokio::time::sleep(stall).await,
            // Processed below; the answer is dropped at the end.
            FaultKind::Lost => lost = true,
        }
    }
    let answer = if shared.callbacks.enabled() {
        // A handler may wait for a before callback: off the runtime's threads.
        let on_thread = shared.clone();
        tokio::task::spawn_blocking(move || process(&on_thread, api, route, &request))
            .await
            .unwrap_or_else(|_| Answer::fail(ErrorCode::INTERNAL_ERROR, "the handler panicked"))
    } else {
        process(shared, api, route, &request)
    };
    if lost {
        tracing::trace!(api = api.as_str(), code = answer.code.get(), "answer lost");
        return Err(Outcome::Close);
    }
    Ok(answer)
}

/// The rate limits, the query and UserSig checks, then the body and the API's semantics.
fn process(shared: &Arc<Shared>, api: Api, route: Route, request: &Incoming) -> Answer {
    let (admitted, limit) = {
        let limits = shared.limits.read();
        (limits[api].admit(), limits[api].per_second)
    };
    shared
        .callbacks
        .count_request(api, || shared.clock.now(), limit);
    let own = handlers::quota_codes(api);
    if !admitted {
        shared.counters.lock().throttled += 1;
        return Answer::fail(
            own.map_or(ErrorCode::REST_RATE_LIMITED, |c| c.rate),
            format!("REST API call frequency over the limit for {api}"),
        );
    }

    if let Some(answer) = over_quota(shared, api, request, own.map(|c| c.day)) {
        shared.counters.lock().throttled += 1;
        return answer;
    }

    let query = AuthQuery::parse(request.uri.query().unwrap_or(""));
    let admin = match authenticate(shared, api, &query) {
        Ok(admin) => admin,
        Err(answer) => return answer,
    };
    if let Some(answer) = over_daily_active_quota(shared) {
        return answer;
    }
    let body = match &request.body {
        Ok(body) => body,
        Err(BodyTooLarge) => {
            return Answer::fail(
                ErrorCode::HTTP_PARSE_FAILED,
                format!(
                    "request body is larger than {} bytes",
                    shared.max_body_bytes
                ),
            );
        }
    };
    let route = Route {
        admin,
        body_len: body.len(),
        ..route
    };
    handlers::dispatch(shared, api, route, body)
}
