//! The inspection and control endpoints under `/_emulator/`, for loopback peers only.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use im_callback::{StateAction, StateReason};
use im_proto::{Api, OnlineStatus, Per, PlatformStatus, QuotaCount, UserId};
use serde_json::{Map, Value, json};

use crate::callbacks::{MAX_AFTER_RETRIES, OnCallbackFailure};
use crate::emulator::{DEFAULT_SECRET_KEY, Emulator};
use crate::exchange::{Incoming, json_response};
use crate::faults::{FaultConfig, FaultKind, FaultRule};
use crate::messages::StoredMessage;
use crate::shared::Shared;
use crate::state::{Account, OnlineState, Revocation};

type Reply = Result<Value, (StatusCode, String)>;

/// Loopback, IPv4-mapped IPv6 included (`::ffff:127.0.0.1`, what a dual-stack listener reports
/// for an IPv4 loopback peer).
fn is_loopback(peer: IpAddr) -> bool {
    peer.to_canonical().is_loopback()
}

/// Handles a control request: the simulated clients' routes (whose actions may wait for a
/// before callback) here, the others in [`handle`].
pub(crate) async fn handle_async(
    shared: &Arc<Shared>,
    request: &Incoming,
) -> http::Response<Bytes> {
    let path = request.uri.path();
    match path.strip_prefix("/_emulator/clients/") {
        Some(rest) if is_loopback(request.peer) => {
            let emulator = Emulator {
                shared: shared.clone(),
            };
            reply(clients(&emulator, request, rest).await)
        }
        _ => handle(shared, request),
    }
}

/// `/_emulator/clients/{UserID}` (`GET`) and `/_emulator/clients/{UserID}/{route}` (`POST`):
/// a view or setting of the client (`Ok`), or one of its actions (`Err`).
async fn clients(emulator: &Emulator, request: &Incoming, rest: &str) -> Reply {
    let (user, action) = rest.split_once('/').unwrap_or((rest, ""));
    let user = percent_encoding::percent_decode_str(user).decode_utf8_lossy();
    if user.is_empty() {
        return Err((StatusCode::NOT_FOUND, "no UserID in the path".to_owned()));
    }
    let action = action.trim_end_matches('/');
    let view = crate::clients_view::Route::parse(action).map(Ok);
    let Some(target) = view.or_else(|| crate::client_actions::Action::parse(action).map(Err))
    else {
        let path = request.uri.path();
        return Err((StatusCode::NOT_FOUND, format!("no control endpoint {path}")));
    };
    let method = target.map_or(Method::POST, |view| view.method());
    if method != request.method {
        return Err((
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "method {} not allowed on {}",
                request.method,
                request.uri.path()
            ),
        ));
    }
    let body = if request.method == Method::GET {
        Map::new()
    } else {
        body(request)?
    };
    match target {
        Ok(view) => view.run(emulator, &user, &body),
        Err(act) => {
            // A before callback blocks its thread for up to its budget.
            let (emulator, user) = (emulator.clone(), user.into_owned());
            tokio::task::spawn_blocking(move || act.run(&emulator, &user, body))
                .await
                .unwrap_or_else(|e| Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string())))
        }
    }
}

pub(crate) fn handle(shared: &Arc<Shared>, request: &Incoming) -> http::Response<Bytes> {
    if !is_loopback(request.peer) {
        return reply(Err((
            StatusCode::FORBIDDEN,
            "the /_emulator/ endpoints answer loopback peers only".to_owned(),
        )));
    }
    let emulator = Emulator {
        shared: shared.clone(),
    };
    let path = request.uri.path();
    let name = path.strip_prefix("/_emulator").unwrap_or("");
    if let Some(file) = name.strip_prefix("/history/") {
        return history_file(&emulator, &request.method, file);
    }
    let query = request.uri.query().unwrap_or("");
    let result = match (&request.method, name.trim_end_matches('/')) {
        (&Method::GET, "" | "/config") => Ok(config(&emulator)),
        (&Method::GET, "/accounts") => accounts(&emulator, query),
        (&Method::GET, "/stats") => Ok(emulator.stats().to_json()),
        (&Method::GET, "/messages") => messages(&emulator, query),
        (&Method::POST, "/online") => body(request).and_then(|b| online(&emulator, b)),
        (&Method::POST, "/state") => body(request).and_then(|b| state(&emulator, b)),
        (&Method::POST, "/reset") => {
            emulator.reset();
            Ok(json!({"ok": true}))
        }
        (&Method::POST, "/revoke") => body(request).and_then(|b| revoke(&emulator, b)),
        (&Method::GET, "/faults") => Ok(faults_to_json(&emulator.faults())),
        (&Method::POST, "/faults") => body(request).and_then(|b| {
            let faults = faults_from_json(&b).map_err(bad_request)?;
            emulator.set_faults(faults);
            Ok(faults_to_json(&emulator.faults()))
        }),
        (&Method::GET, "/limits") => Ok(limits_to_json(&emulator)),
        (&Method::POST, "/limits") => body(request).and_then(|b| limits(&emulator, b)),
        (&Method::GET, "/quotas") => Ok(quotas_to_json(&emulator)),
        (&Method::POST, "/quotas") => body(request).and_then(|b| quotas(&emulator, b)),
        (&Method::GET, "/clock") => Ok(clock_to_json(&emulator)),
        (&Method::POST, "/clock") => body(request).and_then(|b| clock(&emulator, b)),
        (&Method::GET, "/usersig") => usersig(&emulator, query),
        (&Method::GET, "/relations") => {
            crate::relations_view::get(&emulator, query_param(query, "user").as_deref())
        }
        (&Method::GET, "/groups") => groups(&emulator, query),
        (&Method::GET, "/push") => Ok(emulator.push_state()),
        (&Method::GET, "/callbacks") => Ok(emulator.callback_settings().to_json()),
        (&Method::POST, "/callbacks") => body(request).and_then(|b| callbacks(&emulator, b)),
        (&Method::POST, "/relations") => {
            body(request).and_then(|b| crate::relations_view::set(&emulator, b))
        }
        (
            _,
            "" | "/config" | "/accounts" | "/stats" | "/messages" | "/online" | "/state" | "/reset"
            | "/revoke" | "/faults" | "/limits" | "/quotas" | "/clock" | "/usersig" | "/relations"
            | "/groups" | "/callbacks" | "/push",
        ) => Err((
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method {} not allowed on {path}", request.method),
        )),
        _ => Err((StatusCode::NOT_FOUND, format!("no control endpoint {path}"))),
    };
    reply(result)
}

/// `GET /_emulator/history/{ChatType}/{MsgTime}.gz`: a seeded message history file, as
/// `get_history` answers its address (404 for a chat type or an hour it would not serve).
fn history_file(emulator: &Emulator, method: &Method, file: &str) -> http::Response<Bytes> {
    if method != Method::GET {
        let info = format!("method {method} not allowed on a history file");
        return reply(Err((StatusCode::METHOD_NOT_ALLOWED, info)));
    }
    match emulator.history_file(file) {
        Some(bytes) => {
            let mut response = http::Response::new(Bytes::from(bytes));
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/gzip"),
            );
            response
        }
        None => reply(Err((
            StatusCode::NOT_FOUND,
            format!("no history file {file}"),
        ))),
    }
}

fn reply(result: Reply) -> http::Response<Bytes> {
    let (status, value) = match result {
        Ok(value) => (StatusCode::OK, value),
        Err((status, message)) => (status, json!({ "error": message })),
    };
    // A `Value` always serialises.
    let body = serde_json::to_vec(&value).expect("JSON values serialise");
    json_response(status, Bytes::from(body))
}

fn bad_request(message: impl Into<String>) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, message.into())
}

fn body(request: &Incoming) -> Result<Map<String, Value>, (StatusCode, String)> {
    let bytes = request
        .body
        .as_ref()
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "body too large".to_owned()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(bad_request("the body must be a JSON object")),
        Err(err) => Err(bad_request(format!("the body is not JSON: {err}"))),
    }
}

/// `POST /_emulator/callbacks`: `{"on_failure": "deliver"|"block", "after_retries": N}`
/// (either; `after_retries` at most [`MAX_AFTER_RETRIES`]).
fn callbacks(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    let mut settings = emulator.callback_settings();
    for (key, value) in &body {
        match key.as_str() {
            "on_failure" => {
                settings.on_failure = value
                    .as_str()
                    .and_then(OnCallbackFailure::parse)
                    .ok_or_else(|| {
                        bad_request(format!(
                            "on_failure {value} must be \"deliver\" or \"block\""
                        ))
                    })?;
            }
            "after_retries" => {
                settings.after_retries = value
                    .as_u64()
                    .filter(|&n| n <= u64::from(MAX_AFTER_RETRIES))
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(|| {
                        bad_request(format!(
                            "after_retries {value} must be an integer from 0 to {MAX_AFTER_RETRIES}"
                        ))
                    })?;
            }
            other => {
                return Err(bad_request(format!(
                    "unknown field {other:?} (on_failure, after_retries)"
                )));
            }
        }
    }
    emulator.set_callback_settings(settings);
    Ok(emulator.callback_settings().to_json())
}

/// `GET /_emulator/groups?id=..&offset=..&limit=..`.
fn groups(emulator: &Emulator, query: &str) -> Reply {
    let offset = numeric_param(query, "offset")?.unwrap_or(0);
    let limit = numeric_param(query, "limit")?;
    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let id = query_param(query, "id");
    crate::groups_view::get(
        emulator,
        id.as_deref(),
        to_usize(offset),
        limit.map(to_usize),
    )
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_encoding::percent_decode_str(v).decode_utf8_lossy())
    })
}

fn numeric_param(query: &str, name: &str) -> Result<Option<u64>, (StatusCode, String)> {
    query_param(query, name)
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| bad_request(format!("{name} must be a non-negative integer")))
        })
        .transpose()
}

/// The emulator's settings. The key is shown only when it is the public demo key: a key the
/// operator supplied may be a real one, and secrets never leave through an endpoint.
fn config(emulator: &Emulator) -> Value {
    let key = if emulator.secret_key() == DEFAULT_SECRET_KEY {
        Value::from(emulator.secret_key())
    } else {
        Value::Null
    };
    json!({
        "sdkappid": emulator.sdkappid(),
        "secret_key": key,
        "admins": emulator.admins(),
        "now": emulator.now(),
    })
}

fn accounts(emulator: &Emulator, query: &str) -> Reply {
    let offset = numeric_param(query, "offset")?.unwrap_or(0);
    let limit = numeric_param(query, "limit")?;
    let all = emulator.accounts();
    let count = all.len();
    let page: Vec<Value> = all
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX)))
        .map(Account::to_json)
        .collect();
    Ok(json!({"count": count, "accounts": page}))
}

/// `?between=A,B`: the conversation's messages; `?account=A`: what A sent and received;
/// otherwise (`?from=S` optional) the count and the histogram of received messages per account.
fn messages(emulator: &Emulator, query: &str) -> Reply {
    if let Some(pair) = query_param(query, "between") {
        let (a, b) = pair
            .split_once(',')
            .ok_or_else(|| bad_request("between must be two accounts, A,B"))?;
        let list: Vec<Value> = emulator
            .messages_between(a, b)
            .iter()
            .map(StoredMessage::to_json)
            .collect();
        return Ok(json!({"count": list.len(), "messages": list}));
    }
    if let Some(account) = query_param(query, "account") {
        let (sent, received) = emulator.message_counts(&account);
        return Ok(json!({"account": account, "sent": sent, "received": received}));
    }
    let from = query_param(query, "from");
    let histogram: Map<String, Value> = emulator
        .received_histogram(from.as_deref())
        .into_iter()
        .map(|(count, accounts)| (count.to_string(), json!(accounts)))
        .collect();
    Ok(json!({"count": emulator.message_count(), "received": histogram}))
}

fn online(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    let user_id = body
        .get("UserID")
        .or_else(|| body.get("To_Account"))
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("UserID must be a string"))?;
    let status = match body.get("Status").or_else(|| body.get("State")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(parse_status(s)?),
        Some(_) => return Err(bad_request("Status must be a string")),
    };
    let detail = match body.get("Detail") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                let platform = item.get("Platform").and_then(Value::as_str);
                let status = item.get("Status").and_then(Value::as_str);
                match (platform, status) {
                    (Some(platform), Some(status)) => {
                        Ok(PlatformStatus::new(platform, parse_status(status)?))
                    }
                    _ => Err(bad_request(
                        "Detail items must be {\"Platform\": string, \"Status\": string}",
                    )),
                }
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(bad_request("Detail must be an array")),
    };
    let state = match status {
        Some(status) => OnlineState { status, detail },
        None => OnlineState::derived_from(detail),
    };
    emulator.set_online(user_id, state);
    Ok(json!({"ok": true}))
}

/// `{"UserID": .., "Action": "Login"|"Logout"|"Disconnect", "Reason": ..}`: a simulated client
/// state change (the reason defaults to Register, Unregister and LinkClose).
fn state(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    let text = |name: &str| match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(bad_request(format!("{name} must be a string"))),
    };
    let user_id = text("UserID")?
        .or(text("To_Account")?)
        .ok_or_else(|| bad_request("UserID must be a string"))?;
    let action = StateAction::from(text("Action")?.unwrap_or(""));
    let default_reason = match action {
        StateAction::Login => StateReason::Register,
        StateAction::Logout => StateReason::Unregister,
        StateAction::Disconnect => StateReason::LinkClose,
        _ => {
            return Err(bad_request(
                "Action must be one of Login, Logout, Disconnect",
            ));
        }
    };
    let reason = text("Reason")?.map_or(default_reason, StateReason::from);
    if !reason.is_known() {
        return Err(bad_request(
            "Reason must be one of Register, Unregister, LinkClose, TimeOut",
        ));
    }
    emulator.change_state(user_id, action, reason);
    Ok(json!({"ok": true}))
}

fn parse_status(s: &str) -> Result<OnlineStatus, (StatusCode, String)> {
    match OnlineStatus::from(s) {
        OnlineStatus::Other(_) => Err(bad_request(format!(
            "status {s:?} must be Online, PushOnline or Offline"
        ))),
        status => Ok(status),
    }
}

fn revoke(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    let identifier = body
        .get("identifier")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("identifier must be a string"))?;
    let how = match body.get("code") {
        None | Some(Value::Null) => Revocation::Invalidated,
        Some(code) => code
            .as_i64()
            .and_then(|c| Revocation::try_from(im_proto::ErrorCode::new(c)).ok())
            .ok_or_else(|| bad_request("code must be 70001 or 70052"))?,
    };
    emulator.revoke(identifier, how);
    Ok(json!({"ok": true, "revoked_before": emulator.now()}))
}

fn limits_to_json(emulator: &Emulator) -> Value {
    let map: Map<String, Value> = emulator
        .rate_limits()
        .into_iter()
        .map(|(api, limit)| (api.as_str().to_owned(), json!(limit)))
        .collect();
    Value::Object(map)
}

fn limits(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    let mut changes = Vec::new();
    for (name, value) in &body {
        let limit = match value {
            Value::Null => None,
            v => Some(
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| bad_request(format!("{name}: limit must be null or a u32")))?,
            ),
        };
        if name == "all" {
            changes.extend(Api::ALL.map(|api| (api, limit)));
        } else {
            let api: Api = name
                .parse()
                .map_err(|e: im_proto::UnknownApi| bad_request(e.to_string()))?;
            changes.push((api, limit));
        }
    }
    for (api, limit) in changes {
        emulator.set_rate_limit(api, limit);
    }
    Ok(limits_to_json(emulator))
}

/// The period of a quota as the control API names it.
fn period_name(per: Per) -> &'static str {
    match per {
        Per::Minute => "minute",
        Per::Day { .. } => "day",
        _ => "second",
    }
}

/// `{"batchsendmsg": {"minute": {"limit": 12000, "counts": "items"}}}`: every API with a quota
/// of a minute or a day.
fn quotas_to_json(emulator: &Emulator) -> Value {
    let map: Map<String, Value> = Api::ALL
        .into_iter()
        .filter_map(|api| {
            let quotas = emulator.quotas(api);
            let periods: Map<String, Value> = quotas
                .into_iter()
                .map(|(per, counts, limit)| {
                    let counts = if counts == QuotaCount::Items {
                        "items"
                    } else {
                        "calls"
                    };
                    (
                        period_name(per).to_owned(),
                        json!({"limit": limit, "counts": counts}),
                    )
                })
                .collect();
            (!periods.is_empty()).then(|| (api.as_str().to_owned(), Value::Object(periods)))
        })
        .collect();
    Value::Object(map)
}

/// `{"batchsendmsg": {"minute": 600000, "day": null}}`: sets quotas (`null`: off); days start
/// at midnight UTC+8.
fn quotas(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    let mut changes = Vec::new();
    for (name, periods) in &body {
        let api: Api = name
            .parse()
            .map_err(|e: im_proto::UnknownApi| bad_request(e.to_string()))?;
        let periods = periods
            .as_object()
            .ok_or_else(|| bad_request(format!("{name} must be an object of periods")))?;
        for (period, limit) in periods {
            let per = match period.as_str() {
                "minute" => Per::Minute,
                "day" => Per::Day {
                    utc_offset_minutes: 480,
                },
                other => {
                    return Err(bad_request(format!(
                        "{name}.{other}: the period must be minute or day"
                    )));
                }
            };
            let limit = match limit {
                Value::Null => None,
                v => Some(
                    v.as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| {
                            bad_request(format!("{name}.{period}: limit must be null or a u32"))
                        })?,
                ),
            };
            changes.push((api, per, limit));
        }
    }
    for (api, per, limit) in changes {
        emulator.set_quota(api, per, limit);
    }
    Ok(quotas_to_json(emulator))
}

fn clock_to_json(emulator: &Emulator) -> Value {
    let (offset, fixed) = emulator.clock();
    json!({"now": emulator.now(), "offset_secs": offset, "fixed_now": fixed})
}

fn clock(emulator: &Emulator, body: Map<String, Value>) -> Reply {
    if let Some(offset) = body.get("offset_secs") {
        let offset = offset
            .as_i64()
            .ok_or_else(|| bad_request("offset_secs must be an integer"))?;
        emulator.set_clock_offset(offset);
    }
    if let Some(fixed) = body.get("fixed_now") {
        let fixed = match fixed {
            Value::Null => None,
            v => Some(
                v.as_u64()
                    .ok_or_else(|| bad_request("fixed_now must be null or a Unix time"))?,
            ),
        };
        emulator.set_fixed_now(fixed);
    }
    Ok(clock_to_json(emulator))
}

fn usersig(emulator: &Emulator, query: &str) -> Reply {
    let identifier = query_param(query, "identifier")
        .map_or_else(|| emulator.admin().to_owned(), |s| s.into_owned());
    let expire = numeric_param(query, "expire")?.unwrap_or(86_400);
    if let Err(err) = UserId::new(identifier.as_str()) {
        return Err(bad_request(err.to_string()));
    }
    if expire == 0 {
        return Err(bad_request("expire must be positive"));
    }
    let usersig = emulator
        .try_generate_usersig(&identifier, expire)
        .map_err(|e| bad_request(format!("cannot sign: {e}")))?;
    Ok(
        json!({"identifier": identifier, "usersig": usersig, "sdkappid": emulator.sdkappid(), "expire": expire}),
    )
}

fn rule_to_json(rule: &FaultRule) -> Value {
    json!({
        "probability": rule.probability_value(),
        "kinds": rule.kind_set().iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "latency_ms": duration_ms(rule.fixed_latency()),
        "jitter_ms": duration_ms(rule.jitter()),
    })
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The JSON form of a [`FaultConfig`], as `GET /_emulator/faults` serves and `POST` takes it.
pub(crate) fn faults_to_json(faults: &FaultConfig) -> Value {
    let mut value = rule_to_json(faults.default_rule());
    let per_api: Map<String, Value> = faults
        .api_rules()
        .iter()
        .map(|(api, rule)| (api.as_str().to_owned(), rule_to_json(rule)))
        .collect();
    value["per_api"] = Value::Object(per_api);
    value["stall_ms"] = json!(duration_ms(faults.stall_duration()));
    value["seed"] = json!(faults.seed_value());
    value
}

fn rule_from_json(value: &Map<String, Value>, path: &str) -> Result<FaultRule, String> {
    let mut rule = FaultRule::new();
    if let Some(p) = value.get("probability") {
        let p = p
            .as_f64()
            .filter(|p| (0.0..=1.0).contains(p))
            .ok_or_else(|| format!("{path}probability must be a number in [0, 1]"))?;
        rule = rule.probability(p);
    }
    if let Some(kinds) = value.get("kinds") {
        let kinds = kinds
            .as_array()
            .ok_or_else(|| format!("{path}kinds must be an array of strings"))?
            .iter()
            .map(|k| {
                k.as_str()
                    .ok_or_else(|| format!("{path}kinds must be an array of strings"))?
                    .parse::<FaultKind>()
                    .map_err(|e| format!("{path}kinds: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        rule = rule.kinds(kinds);
    }
    let ms = |name: &str| -> Result<Duration, String> {
        match value.get(name) {
            None | Some(Value::Null) => Ok(Duration::ZERO),
            Some(v) => v
                .as_u64()
                .map(Duration::from_millis)
                .ok_or_else(|| format!("{path}{name} must be a non-negative integer")),
        }
    };
    Ok(rule.latency(ms("latency_ms")?, ms("jitter_ms")?))
}

/// Parses the JSON form of a [`FaultConfig`]; absent fields take their defaults.
pub(crate) fn faults_from_json(value: &Map<String, Value>) -> Result<FaultConfig, String> {
    let mut faults = FaultConfig::new().rule(rule_from_json(value, "")?);
    if let Some(per_api) = value.get("per_api").filter(|v| !v.is_null()) {
        let per_api = per_api
            .as_object()
            .ok_or("per_api must be an object keyed by API name")?;
        let mut rules = BTreeMap::new();
        for (name, rule) in per_api {
            let api: Api = name
                .parse()
                .map_err(|e: im_proto::UnknownApi| e.to_string())?;
            let rule = rule
                .as_object()
                .ok_or_else(|| format!("per_api.{name} must be an object"))?;
            rules.insert(api, rule_from_json(rule, &format!("per_api.{name}."))?);
        }
        for (api, rule) in rules {
            faults = faults.api_rule(api, rule);
        }
    }
    if let Some(stall) = value.get("stall_ms").filter(|v| !v.is_null()) {
        let stall = stall
            .as_u64()
            .ok_or("stall_ms must be a non-negative integer")?;
        faults = faults.stall(Duration::from_millis(stall));
    }
    if let Some(seed) = value.get("seed").filter(|v| !v.is_null()) {
        faults = faults.seed(seed.as_u64().ok_or("seed must be a u64")?);
    }
    Ok(faults)
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use super::*;

    #[test]
    fn loopback_peers_include_ipv4_mapped_ones() {
        for peer in ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"] {
            assert!(is_loopback(peer.parse().unwrap()), "{peer}");
        }
        for peer in ["10.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "0.0.0.0"] {
            assert!(!is_loopback(peer.parse().unwrap()), "{peer}");
        }
    }
    use crate::exchange::Outcome;
    use crate::service;

    fn get(emulator: &Emulator, path: &str, peer: IpAddr) -> http::Response<Bytes> {
        let incoming = Incoming {
            method: Method::GET,
            uri: path.parse().unwrap(),
            body: Ok(Bytes::new()),
            peer,
        };
        handle(&emulator.shared, &incoming)
    }

    #[test]
    fn only_loopback_peers_are_served() {
        let emulator = Emulator::builder().build();
        let outside = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        assert_eq!(
            get(&emulator, "/_emulator/stats", outside).status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get(&emulator, "/_emulator/config", outside).status(),
            StatusCode::FORBIDDEN
        );
        for peer in [
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9)),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ] {
            assert_eq!(
                get(&emulator, "/_emulator/stats", peer).status(),
                StatusCode::OK
            );
        }
    }

    #[tokio::test]
    async fn api_routes_serve_any_peer() {
        let emulator = Emulator::builder().build();
        let incoming = Incoming {
            method: Method::POST,
            uri: format!("/{}", Api::AccountCheck.metadata().path())
                .parse()
                .unwrap(),
            body: Ok(Bytes::from_static(b"{}")),
            peer: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
        };
        match service::handle(&emulator.shared, incoming).await {
            Outcome::Respond(response) => {
                assert_eq!(response.status(), StatusCode::OK);
                let body: Value = serde_json::from_slice(response.body()).unwrap();
                assert_eq!(body["ErrorCode"], 60012);
            }
            Outcome::Close => panic!("closed"),
        }
    }

    #[test]
    fn faults_json_round_trip() {
        let faults = FaultConfig::new()
            .seed(9)
            .stall(Duration::from_millis(1500))
            .rule(FaultRule::new().probability(0.25).kinds([FaultKind::Close]))
            .api_rule(
                Api::Kick,
                FaultRule::new().latency(Duration::from_millis(3), Duration::from_millis(4)),
            );
        let json = faults_to_json(&faults);
        let back = faults_from_json(json.as_object().unwrap()).unwrap();
        assert_eq!(back, faults);
    }
}
