//! A fake of the message service: it stores what `sendmsg` and `batchsendmsg` deliver, per
//! side of each conversation, answers `admin_getroammsg` from it, and can lose answers or
//! delay them, so that tests see what the client sent and what each recipient holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use im_messages::Client;
use im_transport::test_util::{FnTransport, json_response};
use im_transport::{ErrorKind, TransportError};
use serde_json::{Value, json};
use tokio::time::Instant;

pub(crate) const ADMIN: &str = "administrator";

/// One stored message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stored {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) seq: u32,
    pub(crate) random: u32,
    pub(crate) time: i64,
}

/// One request the fake received.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub(crate) command: String,
    pub(crate) body: Value,
    pub(crate) at: Instant,
}

/// What the fake does with the next requests of a command.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fault {
    /// Stores the message, then the answer is lost (a timeout).
    StoreThenLose,
    /// Answers the code without storing.
    Code(i64),
    /// Waits this long, then answers the code without storing.
    SlowCode(Duration, i64),
}

#[derive(Default)]
pub(crate) struct State {
    /// Each side's history: (whose side, the other party) to messages.
    pub(crate) sides: HashMap<(String, String), Vec<Stored>>,
    pub(crate) seen: Vec<Seen>,
    pub(crate) faults: HashMap<String, Vec<Fault>>,
}

pub(crate) type Shared = Arc<Mutex<State>>;

impl State {
    /// The messages `who` holds from `peer` (from `who`'s side).
    pub(crate) fn held(&self, who: &str, peer: &str) -> Vec<Stored> {
        let side = self.sides.get(&(who.to_owned(), peer.to_owned()));
        side.into_iter()
            .flatten()
            .filter(|m| m.from == peer)
            .cloned()
            .collect()
    }

    /// The requests of `command`.
    pub(crate) fn requests(&self, command: &str) -> Vec<Seen> {
        self.seen
            .iter()
            .filter(|s| s.command == command)
            .cloned()
            .collect()
    }

    /// Stores a message on the recipient's side and, unless `sync` is 2, the sender's.
    pub(crate) fn store(&mut self, message: Stored, sync: Option<u64>) {
        let recipient = (message.to.clone(), message.from.clone());
        self.sides
            .entry(recipient)
            .or_default()
            .push(message.clone());
        if sync != Some(2) {
            let sender = (message.from.clone(), message.to.clone());
            self.sides.entry(sender).or_default().push(message);
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn ok(extra: Value) -> Value {
    let mut answer = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""});
    answer
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    answer
}

fn key(seq: u32, random: u32, time: i64) -> String {
    format!("{seq}_{random}_{time}")
}

/// The message of `body` from its sender (or the admin) to `to`.
fn message(body: &Value, to: &str) -> Stored {
    Stored {
        from: body["From_Account"].as_str().unwrap_or(ADMIN).to_owned(),
        to: to.to_owned(),
        seq: body["MsgSeq"].as_u64().unwrap() as u32,
        random: body["MsgRandom"].as_u64().unwrap() as u32,
        time: now(),
    }
}

/// Delivers a send: one recipient, or every listed one (`nobody*` accounts do not exist).
fn deliver(state: &mut State, command: &str, body: &Value) -> Value {
    let sync = body["SyncOtherMachine"].as_u64();
    let time = now();
    let (seq, random) = (
        body["MsgSeq"].as_u64().unwrap() as u32,
        body["MsgRandom"].as_u64().unwrap() as u32,
    );
    if command == "sendmsg" {
        let to = body["To_Account"].as_str().unwrap();
        state.store(message(body, to), sync);
        return ok(json!({"MsgKey": key(seq, random, time), "MsgTime": time}));
    }
    let mut errors = Vec::new();
    for to in body["To_Account"].as_array().unwrap() {
        let to = to.as_str().unwrap();
        if to.starts_with("nobody") {
            errors.push(json!({"To_Account": to, "ErrorCode": 70107}));
        } else {
            state.store(message(body, to), sync);
        }
    }
    ok(json!({"MsgKey": key(seq, random, time), "ErrorList": errors}))
}

/// The history of one side, in the request's time range, in one page.
fn roam(state: &State, body: &Value) -> Value {
    let side = (
        body["Operator_Account"].as_str().unwrap().to_owned(),
        body["Peer_Account"].as_str().unwrap().to_owned(),
    );
    let (min, max) = (
        body["MinTime"].as_i64().unwrap(),
        body["MaxTime"].as_i64().unwrap(),
    );
    let list: Vec<Value> = state
        .sides
        .get(&side)
        .into_iter()
        .flatten()
        .filter(|m| m.time >= min && m.time <= max)
        .map(|m| {
            json!({
                "From_Account": m.from, "To_Account": m.to, "MsgSeq": m.seq,
                "MsgRandom": m.random, "MsgTimeStamp": m.time, "MsgFlagBits": 0,
                "MsgKey": key(m.seq, m.random, m.time),
                "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x"}}],
            })
        })
        .collect();
    ok(json!({"Complete": 1, "MsgCnt": list.len(), "MsgList": list}))
}

fn code(code: i64) -> Value {
    json!({"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": "fault"})
}

/// The fake's answer to one request, and how long it waits first.
fn answer(state: &mut State, command: &str, body: &Value) -> (Result<Value, ()>, Duration) {
    let fault = state
        .faults
        .get_mut(command)
        .and_then(|f| (!f.is_empty()).then(|| f.remove(0)));
    match (fault, command) {
        (Some(Fault::Code(c)), _) => (Ok(code(c)), Duration::ZERO),
        (Some(Fault::SlowCode(wait, c)), _) => (Ok(code(c)), wait),
        (Some(Fault::StoreThenLose), _) => {
            if command.ends_with("sendmsg") {
                deliver(state, command, body);
            }
            (Err(()), Duration::ZERO)
        }
        (None, "sendmsg" | "batchsendmsg") => (Ok(deliver(state, command, body)), Duration::ZERO),
        (None, "admin_getroammsg") => (Ok(roam(state, body)), Duration::ZERO),
        (None, _) => (Ok(ok(json!({}))), Duration::ZERO),
    }
}

/// A client of a new fake service, and the service's state.
pub(crate) fn service(
    configure: impl FnOnce(im_messages::ClientBuilder) -> im_messages::ClientBuilder,
) -> (Client, Shared) {
    let state: Shared = Arc::default();
    let shared = state.clone();
    let transport = FnTransport::new(move |request: http::Request<im_transport::Bytes>| {
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        let command = request.uri().path().rsplit('/').next().unwrap().to_owned();
        let (reply, wait) = {
            let mut state = shared.lock().unwrap();
            state.seen.push(Seen {
                command: command.clone(),
                body: body.clone(),
                at: Instant::now(),
            });
            answer(&mut state, &command, &body)
        };
        async move {
            tokio::time::sleep(wait).await;
            match reply {
                Ok(reply) => Ok(json_response(reply.to_string())),
                Err(()) => Err(TransportError::new(
                    ErrorKind::Timeout,
                    "the answer was lost",
                )),
            }
        }
    });
    let builder = Client::builder()
        .sdkappid(1_400_000_000)
        .secret_key("key")
        .admin(ADMIN)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(transport))
        .retry_policy(
            im_messages::im_client::RetryPolicy::default()
                .max_attempts(5)
                .base_delay(Duration::from_millis(10))
                .max_delay(Duration::from_millis(50))
                .max_elapsed(Duration::from_secs(600)),
        );
    (configure(builder).build().unwrap(), state)
}
