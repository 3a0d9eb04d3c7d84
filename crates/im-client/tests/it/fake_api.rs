//! APIs declared by the tests themselves, outside im-proto's table (`Metadata::custom`): a
//! paged read with a day's quota, and sends whose recipients count against a quota of items
//! and that the service deduplicates by a key within a window. im-client has no code for any
//! of them: what it does with them comes from their declarations.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use im_client::Client;
use im_proto::{
    ApiResponse, Cursor, CursorKind, Endpoint, Envelope, Incoming, ItemList, Metadata, Pagination,
    Per, Quota, QuotaCount, Rejection, ResultMapping, RetrySafety,
};
use im_transport::test_util::{FnTransport, json_response};
use im_transport::{Bytes, TransportError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::time::Instant;

/// Days of the fake service start at midnight in Beijing, as the real one's.
pub(crate) const CST: Per = Per::Day {
    utc_offset_minutes: 480,
};

const LIST_QUOTAS: &[Quota] = &[
    Quota::new(10, Per::Second, QuotaCount::Calls),
    Quota::new(3, CST, QuotaCount::Calls),
];
const LIST_CURSORS: &[Cursor] = &[Cursor::new(
    "Cursor",
    "NextCursor",
    CursorKind::String,
    true,
)];

/// `fake_svc/list_things`: things a page at a time (a string cursor, `""` at the end), at most
/// 3 calls a day.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ListThings {
    /// The cursor: absent first, then the previous page's `NextCursor`.
    #[serde(rename = "Cursor", default, skip_serializing_if = "Option::is_none")]
    pub(crate) cursor: Option<String>,
    /// The most things per page.
    #[serde(rename = "Limit", default, skip_serializing_if = "Option::is_none")]
    pub(crate) limit: Option<u64>,
}

/// A page of things.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ThingsPage {
    #[serde(flatten)]
    pub(crate) envelope: Envelope,
    #[serde(rename = "Things", default)]
    pub(crate) things: Vec<String>,
    #[serde(rename = "NextCursor", default)]
    pub(crate) next_cursor: String,
}

impl Endpoint for ListThings {
    type Response = ThingsPage;
    type Incoming = ListThings;

    const METADATA: Metadata = Metadata::custom("fake_svc", "list_things")
        .with_quotas(LIST_QUOTAS)
        .with_pagination(
            Pagination::new()
                .with_cursors(LIST_CURSORS)
                .with_limit("Limit", 50),
        )
        .with_retry(RetrySafety::Always);

    fn item_count(&self) -> usize {
        1
    }
}

/// The answer of a send.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Sent {
    #[serde(flatten)]
    pub(crate) envelope: Envelope,
}

macro_rules! response {
    ($($ty:ty),*) => {$(
        impl ApiResponse for $ty {
            fn envelope(&self) -> &Envelope {
                &self.envelope
            }

            fn from_envelope(envelope: Envelope) -> Self {
                let mut response = Self::default();
                response.envelope = envelope;
                response
            }
        }
    )*};
}
response!(ThingsPage, Sent);

/// Declares a send to `To_Account` (with an optional `MsgRandom`) under `$meta`.
macro_rules! send {
    ($(#[$doc:meta])* $name:ident, $meta:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub(crate) struct $name {
            /// The recipients.
            #[serde(rename = "To_Account")]
            pub(crate) to_account: Vec<String>,
            /// The random number the service deduplicates sends by.
            #[serde(rename = "MsgRandom", default, skip_serializing_if = "Option::is_none")]
            pub(crate) msg_random: Option<u32>,
        }

        impl $name {
            /// A send to `count` recipients.
            #[allow(dead_code, reason = "not every test uses every send")]
            pub(crate) fn to(count: usize, msg_random: Option<u32>) -> Self {
                let to_account = (0..count).map(|i| format!("user{i}")).collect();
                $name { to_account, msg_random }
            }
        }

        impl Endpoint for $name {
            type Response = Sent;
            type Incoming = $name;

            const METADATA: Metadata = $meta;

            fn item_count(&self) -> usize {
                self.to_account.len()
            }
        }
    };
}

macro_rules! incoming {
    ($($ty:ty),*) => {$(
        impl Incoming for $ty {
            fn decode(body: &[u8]) -> Result<Self, Rejection> {
                serde_json::from_slice(body).map_err(Rejection::invalid)
            }
        }
    )*};
}
incoming!(ListThings, SendThings, CountThings, SpreadThings);

const TO_ACCOUNT: ItemList = ItemList::new(
    "To_Account",
    100,
    ResultMapping::FailuresOnly {
        list: "ErrorList",
        key: "To_Account",
    },
);
const SEND_QUOTAS: &[Quota] = &[Quota::new(1000, Per::Minute, QuotaCount::Items)];
const MSG_RANDOM: &[&str] = &["MsgRandom"];

send!(
    /// `fake_svc/send_things`: up to 100 recipients a call, 1000 recipients a minute, resent
    /// after a lost answer only with the same `MsgRandom` within 2 s.
    SendThings,
    Metadata::custom("fake_svc", "send_things")
        .with_items(TO_ACCOUNT)
        .with_quotas(SEND_QUOTAS)
        .with_retry(RetrySafety::SameRequest {
            key: MSG_RANDOM,
            within_secs: 2,
        })
);

const COUNT_QUOTAS: &[Quota] = &[
    Quota::new(100, Per::Second, QuotaCount::Calls),
    Quota::new(3, CST, QuotaCount::Calls),
];

send!(
    /// `fake_svc/count_things`: 3 calls a day (100 a second).
    CountThings,
    Metadata::custom("fake_svc", "count_things").with_quotas(COUNT_QUOTAS)
);

const SPREAD_ITEMS: ItemList = ItemList::new("To_Account", 50, ResultMapping::Envelope);
const SPREAD_QUOTAS: &[Quota] = &[Quota::new(300, Per::Second, QuotaCount::Items)];

send!(
    /// `fake_svc/spread_things`: up to 50 recipients a call, 300 recipients a second.
    SpreadThings,
    Metadata::custom("fake_svc", "spread_things")
        .with_items(SPREAD_ITEMS)
        .with_quotas(SPREAD_QUOTAS)
);

/// A request the fake service received: when (tokio's clock) and its body.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) at: Instant,
    pub(crate) path: String,
    pub(crate) body: Bytes,
}

impl Received {
    /// The body as JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// What the fake service received, in order.
pub(crate) type Log = Arc<Mutex<Vec<Received>>>;

/// How the fake service answers the `n`th request (0 first) to a path, with its JSON body.
pub(crate) type Answer = Result<Value, TransportError>;

/// A client of a fake service that answers each request with `answer(n, path, body)` (`OK`
/// added to a JSON answer that has no `ActionStatus`); and the log of what it received.
pub(crate) fn fake_service(
    answer: impl Fn(usize, &str, &Value) -> Answer + Send + Sync + 'static,
    configure: impl FnOnce(im_client::ClientBuilder) -> im_client::ClientBuilder,
) -> (Client, Log) {
    slow_service(Duration::ZERO, answer, configure)
}

/// [`fake_service`], each answer given `delay` after the request arrived (tokio's clock).
pub(crate) fn slow_service(
    delay: Duration,
    answer: impl Fn(usize, &str, &Value) -> Answer + Send + Sync + 'static,
    configure: impl FnOnce(im_client::ClientBuilder) -> im_client::ClientBuilder,
) -> (Client, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let transport = FnTransport::new(move |request: http::Request<Bytes>| {
        let path = request.uri().path().to_owned();
        let body = request.body().clone();
        let value: Value = serde_json::from_slice(&body).unwrap();
        let n = {
            let mut seen = seen.lock().unwrap();
            let n = seen.iter().filter(|r: &&Received| r.path == path).count();
            seen.push(Received {
                at: Instant::now(),
                path: path.clone(),
                body,
            });
            n
        };
        let reply = answer(n, &path, &value).map(|mut reply| {
            if reply.get("ActionStatus").is_none() {
                reply["ActionStatus"] = json!("OK");
                reply["ErrorCode"] = json!(0);
            }
            json_response(reply.to_string())
        });
        async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            reply
        }
    });
    let builder = Client::builder()
        .sdkappid(1_400_000_000)
        .secret_key("key")
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(transport));
    (configure(builder).build().unwrap(), log)
}

/// The fake service's pages of things: "" (or none) → a, b; "p2" → c, d; "p3" → e, the end.
pub(crate) fn things(body: &Value) -> Answer {
    let (things, next) = match body.get("Cursor").and_then(Value::as_str) {
        None | Some("") => (vec!["a", "b"], "p2"),
        Some("p2") => (vec!["c", "d"], "p3"),
        Some("p3") => (vec!["e"], ""),
        Some(other) => panic!("asked with an unknown cursor {other}"),
    };
    Ok(json!({"Things": things, "NextCursor": next}))
}
