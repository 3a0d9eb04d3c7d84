//! The callbacks the emulator sends, as the service does: to the configured URL, signed with
//! the configured token, one at a time in the order the events happened, each waited for at
//! most the timeout (2 s, the service's). Sending never blocks a REST answer: events queue
//! (up to [`QUEUE`]) for a delivery task, and a full queue drops the event (counted).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use im_callback::{
    CallbackQuery, Event, KickedDevice, PortraitSet, Reply, RequestOverLimit, StateAction,
    StateChange, StateReason, Token, sign,
};
use im_proto::ProfileItem;
use im_proto::{Api, ApiMap};
use im_transport::{HyperTransport, Transport};
use parking_lot::Mutex;
use serde_json::{Value, json};
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use url::Url;

use crate::clients::Session;

/// Events waiting for delivery, at most.
pub(crate) const QUEUE: usize = 10_000;

/// The default time a delivery waits for the app's answer.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// Where callbacks go.
#[derive(Clone)]
pub(crate) struct Target {
    /// The configured URL without its fragment; `None` if it is not a URL (every delivery
    /// then fails).
    url: Option<Url>,
    token: Option<Token>,
    timeout: Duration,
}

impl Target {
    /// Callbacks to `url`, signed with `token` if any. A fragment is dropped: HTTP requests
    /// never carry one, and the signing parameters belong in the query before it.
    pub(crate) fn new(url: &str, token: Option<Token>, timeout: Duration) -> Self {
        let url = match Url::parse(url) {
            Ok(mut url) => {
                url.set_fragment(None);
                Some(url)
            }
            Err(err) => {
                tracing::warn!("the callback URL is not a URL ({err}): every callback will fail");
                None
            }
        };
        Target {
            url,
            token,
            timeout,
        }
    }

    /// The URL of a callback: the configured one, its query kept, with the callback's
    /// parameters appended.
    fn url_for(&self, query: &CallbackQuery) -> Option<Url> {
        let mut url = self.url.clone()?;
        url.query_pairs_mut().extend_pairs(query.pairs());
        Some(url)
    }
}

/// The callbacks the emulator sent since start or the last reset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackStats {
    /// Events to send (queued, or dropped on a full queue).
    pub queued: u64,
    /// Answered with HTTP 200 and a success reply (`ErrorCode` 0).
    pub delivered: u64,
    /// Not delivered: no answer within the timeout, another HTTP status, a failure reply, an
    /// unreachable URL or a full queue.
    pub failed: u64,
    /// Events by `CallbackCommand`.
    pub by_command: BTreeMap<String, u64>,
}

impl CallbackStats {
    /// Events neither delivered nor failed yet.
    pub fn pending(&self) -> u64 {
        self.queued.saturating_sub(self.delivered + self.failed)
    }

    /// As served in `GET /_emulator/stats` under `"callbacks"`.
    pub fn to_json(&self) -> Value {
        json!({
            "queued": self.queued,
            "delivered": self.delivered,
            "failed": self.failed,
            "by_command": self.by_command,
            "pending": self.pending(),
        })
    }
}

/// Who caused a callback, as its URL says: `ClientIP` and `OptPlatform`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) client_ip: String,
    pub(crate) opt_platform: &'static str,
}

impl Origin {
    /// A REST call (from the loopback address: the emulator does not pass the caller's address
    /// to the APIs' semantics).
    pub(crate) fn rest() -> Self {
        Origin {
            client_ip: "127.0.0.1".to_owned(),
            opt_platform: "RESTAPI",
        }
    }

    /// A simulated client's session.
    pub(crate) fn client(session: &Session) -> Self {
        Origin {
            client_ip: session.ip.to_string(),
            opt_platform: session.platform.opt_platform(),
        }
    }
}

/// An event waiting for delivery: when it happened (Unix seconds) and who caused it.
type Queued = (Event, u64, Origin);

/// The emulator's callback sender.
pub(crate) struct Callbacks {
    target: Option<Target>,
    sdkappid: u64,
    queue: OnceLock<mpsc::Sender<Queued>>,
    /// A runtime to start the delivery task on when an event comes from outside one.
    runtime: OnceLock<Handle>,
    counts: Arc<Mutex<CallbackStats>>,
    /// Per API: the second of the last request counted, the requests in it, and whether its
    /// over-limit alert was sent.
    rates: Mutex<ApiMap<(u64, u64, bool)>>,
}

impl Callbacks {
    pub(crate) fn new(target: Option<Target>, sdkappid: u64) -> Self {
        Callbacks {
            target,
            sdkappid,
            queue: OnceLock::new(),
            runtime: OnceLock::new(),
            counts: Arc::default(),
            rates: Mutex::new(ApiMap::default()),
        }
    }

    /// Whether callbacks are configured.
    pub(crate) fn enabled(&self) -> bool {
        self.target.is_some()
    }

    /// Remembers a runtime for events sent from outside one (the server's).
    pub(crate) fn use_runtime(&self, handle: Handle) {
        let _ = self.runtime.set(handle);
    }

    pub(crate) fn counts(&self) -> CallbackStats {
        self.counts.lock().clone()
    }

    pub(crate) fn reset(&self) {
        *self.counts.lock() = CallbackStats::default();
    }

    /// Queues `event`, which a REST call caused at `now` (Unix seconds).
    pub(crate) fn send(&self, event: Event, now: u64) {
        self.send_from(event, now, Origin::rest());
    }

    /// Queues `event`, which `origin` caused at `now` (Unix seconds).
    pub(crate) fn send_from(&self, event: Event, now: u64, origin: Origin) {
        let Some(target) = &self.target else {
            return;
        };
        let mut counts = self.counts.lock();
        counts.queued += 1;
        *counts
            .by_command
            .entry(event.command().to_owned())
            .or_default() += 1;
        let queued = self
            .sender(target)
            .is_some_and(|tx| tx.try_send((event, now, origin)).is_ok());
        if !queued {
            counts.failed += 1;
        }
    }

    /// `State.StateChange` for `user` at `now`.
    pub(crate) fn state_change(
        &self,
        user: &str,
        action: StateAction,
        reason: StateReason,
        now: u64,
    ) {
        self.client_state_change(user, (action, reason), Vec::new(), now, Origin::rest());
    }

    /// `State.StateChange` for `user` at `now`, caused by the client `origin`; a login that
    /// pushed other devices offline names them in `kicked`.
    pub(crate) fn client_state_change(
        &self,
        user: &str,
        (action, reason): (StateAction, StateReason),
        kicked: Vec<KickedDevice>,
        now: u64,
        origin: Origin,
    ) {
        let mut event = StateChange::new(user, action, reason, now.saturating_mul(1000));
        event.kicked_device = kicked;
        self.send_from(Event::StateChange(event), now, origin);
    }

    /// `Profile.CallbackPortraitSet`: `operator` set `items` on `account` at `now`.
    pub(crate) fn profile_changed(
        &self,
        operator: &str,
        account: &str,
        items: Vec<ProfileItem>,
        now: u64,
    ) {
        let event = PortraitSet::new(operator, account, items, now.saturating_mul(1000));
        self.send(Event::PortraitSet(event), now);
    }

    /// Counts a request to `api` at `now` and, the first time in a second that its limit
    /// refused one, sends `Alert.RequestOverLimit` with the requests counted so far.
    pub(crate) fn count_request(
        &self,
        api: Api,
        now: impl FnOnce() -> u64,
        throttled: bool,
        limit: Option<u32>,
    ) {
        if !self.enabled() {
            return;
        }
        let now = now();
        if let Some(request) = self.over_limit(api, now, throttled) {
            let meta = api.metadata();
            let limit = u64::from(limit.unwrap_or(0));
            let event = RequestOverLimit::new(meta.service, meta.command, request, limit);
            self.send(Event::RequestOverLimit(event), now);
        }
    }

    /// Counts a request to `api` at `now`; `Some(requests this second)` once per second when
    /// it was throttled (the over-limit alert to send).
    fn over_limit(&self, api: Api, now: u64, throttled: bool) -> Option<u64> {
        let mut rates = self.rates.lock();
        let (second, count, alerted) = &mut rates[api];
        if *second != now {
            (*second, *count, *alerted) = (now, 0, false);
        }
        *count += 1;
        (throttled && !std::mem::replace(alerted, true)).then_some(*count)
    }

    /// The queue, its delivery task started on first use.
    fn sender(&self, target: &Target) -> Option<&mpsc::Sender<Queued>> {
        if let Some(tx) = self.queue.get() {
            return Some(tx);
        }
        let runtime = Handle::try_current()
            .ok()
            .or_else(|| self.runtime.get().cloned())?;
        let transport = HyperTransport::builder()
            .request_timeout(target.timeout)
            .danger_allow_plain_http(true)
            .build()
            .ok()?;
        let (tx, rx) = mpsc::channel(QUEUE);
        if self.queue.set(tx).is_ok() {
            let delivery = Delivery {
                target: target.clone(),
                sdkappid: self.sdkappid,
                transport,
                counts: self.counts.clone(),
            };
            runtime.spawn(delivery.run(rx));
        }
        self.queue.get()
    }
}

/// The delivery task's state.
struct Delivery {
    target: Target,
    sdkappid: u64,
    transport: HyperTransport,
    counts: Arc<Mutex<CallbackStats>>,
}

impl Delivery {
    /// Delivers the queued events in order until the emulator is gone.
    async fn run(self, mut rx: mpsc::Receiver<Queued>) {
        while let Some((event, now, origin)) = rx.recv().await {
            let ok = self.deliver(&event, now, &origin).await;
            let mut counts = self.counts.lock();
            if ok {
                counts.delivered += 1;
            } else {
                counts.failed += 1;
            }
        }
    }

    /// Posts one event; whether the app answered HTTP 200 with a success reply.
    async fn deliver(&self, event: &Event, now: u64, origin: &Origin) -> bool {
        let Some(request) = self.request(event, now, origin) else {
            return false;
        };
        // The transport's request timeout is the target's.
        match self.transport.send(request).await {
            Ok(response) if response.status() == 200 => {
                serde_json::from_slice::<Reply>(response.body()).is_ok_and(|r| r.is_ok())
            }
            _ => false,
        }
    }

    fn request(&self, event: &Event, now: u64, origin: &Origin) -> Option<http::Request<Bytes>> {
        let mut query = CallbackQuery::default();
        query.sdkappid = Some(self.sdkappid.to_string());
        query.callback_command = Some(event.command().to_owned());
        query.contenttype = Some("json".to_owned());
        // The over-limit alert's URL has no ClientIP (as documented).
        if !matches!(event, Event::RequestOverLimit(_)) {
            query.client_ip = Some(origin.client_ip.clone());
        }
        query.opt_platform = Some(origin.opt_platform.to_owned());
        if let Some(token) = &self.target.token {
            query.sign = Some(sign(token, now));
            query.request_time = Some(now.to_string());
        }
        let url = self.target.url_for(&query)?;
        let body = serde_json::to_vec(&event.to_body()).unwrap_or_default();
        http::Request::post(url.as_str())
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(Bytes::from(body))
            .ok()
    }
}
