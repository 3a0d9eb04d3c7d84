//! The callbacks the emulator sends, as the service does: to the configured URL, signed with
//! the configured token when each one is *sent*: `RequestTime` (and `Sign` from it) is the wall
//! clock at that moment, which the app compares with its own clock, not the time of the event
//! (`EventTime`, on the emulator's clock, which may be pinned or shifted); from an [`Origin`]
//! (`ClientIP`, `OptPlatform`).
//!
//! Two kinds:
//!
//! - **after** callbacks ([`Callbacks::after`]): queued (up to [`QUEUE`] by default) for one
//!   delivery task that sends them one at a time in the order the events happened, each waited
//!   for at most the timeout, retried only when [`CallbackSettings::after_retries`] says so.
//!   Never on a REST answer's path, so never back-pressure: as the service's after callbacks, an
//!   event the queue has no room for is dropped, but never silently: counted as
//!   [`CallbackStats::dropped`] (and failed), and logged (a warning at the first drop and at
//!   every 1,000th).
//! - **before** callbacks ([`Callbacks::before`]): sent at once and waited for, at most the
//!   command's budget ([`BeforeCallback::BUDGET`], 2 s; or the configured timeout when shorter).
//!   The caller blocks: the service runs the API handlers on a blocking thread whenever
//!   callbacks are configured, so a handler may call it. The answer is the app's typed reply, or
//!   [`BeforeAnswer::Failed`] (timeout, HTTP error, unreadable reply) with whether the
//!   console-like "block" setting ([`OnCallbackFailure::Block`]) refuses the action (80003).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use im_callback::before::{BeforeReply, InviteReply, MessageReply, Verdict as ReplyVerdict};
use im_callback::{
    BeforeCallback, CallbackQuery, Event, KickedDevice, PortraitSet, Reply, RequestOverLimit,
    StateAction, StateChange, StateReason, Token, sign,
};
use im_proto::{Api, ApiMap, ErrorCode, ProfileItem};
use im_transport::{ErrorKind, HyperTransport, Transport};
use parking_lot::Mutex;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use url::Url;

use crate::messages::{self, Verdict};

/// Events waiting for delivery, at most, by default.
pub const QUEUE: usize = 10_000;

/// The default time a delivery waits for the app's answer.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// The most times an after callback is sent again after a failure.
pub const MAX_AFTER_RETRIES: u8 = 3;

/// The code a before callback's action is refused with when the app did not answer in time
/// and the emulator is set to block ([`OnCallbackFailure::Block`]).
pub(crate) const CALLBACK_FAILED: ErrorCode = ErrorCode::MSG_BEFORE_CALLBACK_FAILED;

/// Where a callback comes from: the `ClientIP` and `OptPlatform` of its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    /// `ClientIP`; `None` leaves it out (as `Alert.RequestOverLimit` does).
    pub(crate) client_ip: Option<String>,
    /// `OptPlatform`; `None` leaves it out (as the push result callbacks do).
    pub(crate) platform: Option<String>,
}

impl Origin {
    /// A REST call's: `ClientIP=127.0.0.1`, `OptPlatform=RESTAPI`.
    pub(crate) fn rest() -> Self {
        Origin::client("127.0.0.1", "RESTAPI")
    }

    /// A client's: its IP and platform (`iOS`, `Android`, `Web`, ...).
    pub(crate) fn client(ip: impl Into<String>, platform: impl Into<String>) -> Self {
        Origin {
            client_ip: Some(ip.into()),
            platform: Some(platform.into()),
        }
    }

    /// The over-limit alert's: no `ClientIP`, as documented.
    fn alert() -> Self {
        Origin {
            client_ip: None,
            platform: Some("RESTAPI".to_owned()),
        }
    }

    /// The push result callbacks': neither `ClientIP` nor `OptPlatform` (their pages' URL).
    pub(crate) fn push() -> Self {
        Origin {
            client_ip: None,
            platform: None,
        }
    }
}

/// What the emulator does when a before callback gets no usable answer (no answer within its
/// budget, another HTTP status, a reply that does not read): the console's choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnCallbackFailure {
    /// Go on as if the app allowed it (the service's default).
    #[default]
    Deliver,
    /// Refuse the action with 80003.
    Block,
}

impl OnCallbackFailure {
    /// `deliver` or `block`, as the control API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            OnCallbackFailure::Deliver => "deliver",
            OnCallbackFailure::Block => "block",
        }
    }

    /// Reads `deliver` or `block`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "deliver" => Some(OnCallbackFailure::Deliver),
            "block" => Some(OnCallbackFailure::Block),
            _ => None,
        }
    }
}

/// The callback settings that may change while the emulator runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackSettings {
    /// What a before callback without a usable answer leads to (default: deliver).
    pub on_failure: OnCallbackFailure,
    /// How many times a failed after callback is sent again, at most [`MAX_AFTER_RETRIES`]
    /// (default 0: the service documents no retry of after callbacks).
    pub after_retries: u8,
}

impl CallbackSettings {
    /// As served by `GET /_emulator/callbacks`.
    pub fn to_json(&self) -> Value {
        json!({
            "on_failure": self.on_failure.as_str(),
            "after_retries": self.after_retries,
        })
    }
}

/// The app's answer to a before callback, as the emulator acts on it.
#[derive(Debug)]
pub(crate) enum BeforeAnswer<R> {
    /// No callbacks configured: go on as without them.
    Off,
    /// The app's reply.
    Reply(R),
    /// No usable reply: go on, unless `block` (then refuse with 80003).
    Failed {
        /// The console-like "block" setting is on.
        block: bool,
    },
}

impl<C: BeforeCallback> BeforeAnswer<MessageReply<C>> {
    /// The message store's verdict: allow; refuse (`ErrorCode` 1) with `refused`, the service's
    /// code for it; deny with the app's code and `ErrorInfo`; drop; rewrite; refuse with 80003
    /// after a failure in block mode. A code the page does not document lets the message go.
    pub(crate) fn message_verdict(self, refused: ErrorCode) -> Verdict {
        let reply = match self {
            BeforeAnswer::Off | BeforeAnswer::Failed { block: false } => return Verdict::Allow,
            BeforeAnswer::Failed { block: true } => return blocked(),
            BeforeAnswer::Reply(reply) => reply,
        };
        match reply.verdict() {
            ReplyVerdict::Allow
                if reply.msg_body.is_none() && reply.cloud_custom_data.is_none() =>
            {
                Verdict::Allow
            }
            ReplyVerdict::Allow => Verdict::Rewrite {
                body: reply.msg_body.as_ref().map(messages::body_json),
                cloud_custom_data: reply.cloud_custom_data.map(Into::into),
            },
            ReplyVerdict::Refuse => Verdict::Refuse {
                code: refused,
                info: refusal_info(C::COMMAND, &reply.error_info),
            },
            ReplyVerdict::Deny(code) => Verdict::Refuse {
                code: ErrorCode::new(code),
                info: reply.error_info,
            },
            ReplyVerdict::Drop => Verdict::Drop,
            _ => Verdict::Allow,
        }
    }
}

impl<C: BeforeCallback> BeforeAnswer<BeforeReply<C>> {
    /// `Ok` to go on, or the refusal: (`refused`, the service's code for `ErrorCode` 1), the
    /// app's own code, or 80003 after a failure in block mode.
    pub(crate) fn outcome(self, refused: ErrorCode) -> Result<(), (ErrorCode, String)> {
        let reply = match self {
            BeforeAnswer::Off | BeforeAnswer::Failed { block: false } => return Ok(()),
            BeforeAnswer::Failed { block: true } => return Err(blocked_refusal()),
            BeforeAnswer::Reply(reply) => reply,
        };
        match reply.verdict() {
            ReplyVerdict::Refuse => Err((refused, refusal_info(C::COMMAND, &reply.error_info))),
            ReplyVerdict::Deny(code) => Err((ErrorCode::new(code), reply.error_info)),
            _ => Ok(()),
        }
    }
}

impl<C: BeforeCallback> BeforeAnswer<InviteReply<C>> {
    /// The invitees the app keeps out (`RefusedMembers_Account`), or the refusal of the whole
    /// request as for [`BeforeAnswer::outcome`].
    pub(crate) fn refused_members(
        self,
        refused: ErrorCode,
    ) -> Result<Vec<String>, (ErrorCode, String)> {
        let reply = match self {
            BeforeAnswer::Off | BeforeAnswer::Failed { block: false } => return Ok(Vec::new()),
            BeforeAnswer::Failed { block: true } => return Err(blocked_refusal()),
            BeforeAnswer::Reply(reply) => reply,
        };
        match reply.verdict() {
            ReplyVerdict::Refuse => Err((refused, refusal_info(C::COMMAND, &reply.error_info))),
            ReplyVerdict::Deny(code) => Err((ErrorCode::new(code), reply.error_info)),
            _ => Ok(reply.refused_members_account),
        }
    }
}

fn refusal_info(command: &str, info: &str) -> String {
    if info.is_empty() {
        format!("refused by the app's {command} callback")
    } else {
        info.to_owned()
    }
}

fn blocked_refusal() -> (ErrorCode, String) {
    (
        CALLBACK_FAILED,
        "the before callback failed or timed out, and the emulator is set to block".to_owned(),
    )
}

fn blocked() -> Verdict {
    let (code, info) = blocked_refusal();
    Verdict::Refuse { code, info }
}

/// Where callbacks go.
#[derive(Clone)]
pub(crate) struct Target {
    /// The configured URL without its fragment; `None` if it is not a URL (every delivery
    /// then fails).
    url: Option<Url>,
    token: Option<Token>,
    timeout: Duration,
    /// After callbacks waiting for delivery, at most.
    queue: usize,
    /// The app's daily net group creation quota, for `Group.CallbackOnDailyGroupQuotaAlarm`.
    group_quota: Option<u64>,
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
            queue: QUEUE,
            group_quota: None,
        }
    }

    /// The app's daily net group creation quota is `quota` (the alarm at 70 %).
    pub(crate) fn with_group_quota(mut self, quota: Option<u64>) -> Self {
        self.group_quota = quota;
        self
    }

    /// At most `queue` after callbacks wait for delivery (at least 1).
    pub(crate) fn with_queue(mut self, queue: usize) -> Self {
        self.queue = queue.max(1);
        self
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
    /// Callbacks to send, before and after ones (queued, or dropped on a full queue).
    pub queued: u64,
    /// Answered with HTTP 200 and a reply that reads (for an after callback, `ErrorCode` 0; a
    /// bare `{"ErrorCode":0}` suffices).
    pub delivered: u64,
    /// Not delivered: no answer within the timeout, another HTTP status, a failure reply, an
    /// unreachable URL or a full queue.
    pub failed: u64,
    /// Of the failed ones, the after callbacks dropped, never sent, because the delivery queue
    /// was full (the app's receiver is slower than the events come).
    pub dropped: u64,
    /// Of the failed ones (and of the attempts retried), those that got no answer in time.
    pub timed_out: u64,
    /// After callbacks sent again after a failure.
    pub retried: u64,
    /// Callbacks by `CallbackCommand`.
    pub by_command: BTreeMap<String, u64>,
}

impl CallbackStats {
    /// Callbacks neither delivered nor failed yet.
    pub fn pending(&self) -> u64 {
        self.queued.saturating_sub(self.delivered + self.failed)
    }

    /// As served in `GET /_emulator/stats` under `"callbacks"`.
    pub fn to_json(&self) -> Value {
        json!({
            "queued": self.queued,
            "delivered": self.delivered,
            "failed": self.failed,
            "dropped": self.dropped,
            "timed_out": self.timed_out,
            "retried": self.retried,
            "by_command": self.by_command,
            "pending": self.pending(),
        })
    }
}

/// An after callback waiting for delivery.
type Queued = (Event, Origin);

/// The emulator's callback sender.
pub(crate) struct Callbacks {
    target: Option<Target>,
    sdkappid: u64,
    settings: Arc<Mutex<CallbackSettings>>,
    queue: OnceLock<mpsc::Sender<Queued>>,
    /// The HTTP client of the before callbacks.
    transport: OnceLock<HyperTransport>,
    /// A runtime to start the delivery task on when an event comes from outside one.
    runtime: OnceLock<Handle>,
    counts: Arc<Mutex<CallbackStats>>,
    /// Per API: the second of the last request counted, the requests in it, and whether its
    /// over-limit alert was sent.
    rates: Mutex<ApiMap<(u64, u64, bool)>>,
    /// The day (of the emulator's clock, UTC) the groups were counted on, its net group
    /// creations, and whether its quota alarm was sent.
    net_groups: Mutex<(u64, i64, bool)>,
}

impl Callbacks {
    pub(crate) fn new(target: Option<Target>, sdkappid: u64, settings: CallbackSettings) -> Self {
        Callbacks {
            target,
            sdkappid,
            settings: Arc::new(Mutex::new(settings)),
            queue: OnceLock::new(),
            transport: OnceLock::new(),
            runtime: OnceLock::new(),
            counts: Arc::default(),
            rates: Mutex::new(ApiMap::default()),
            net_groups: Mutex::new((0, 0, false)),
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

    /// The settings in force.
    pub(crate) fn settings(&self) -> CallbackSettings {
        *self.settings.lock()
    }

    /// Changes the settings (`after_retries` capped at [`MAX_AFTER_RETRIES`]).
    pub(crate) fn set_settings(&self, mut settings: CallbackSettings) {
        settings.after_retries = settings.after_retries.min(MAX_AFTER_RETRIES);
        *self.settings.lock() = settings;
    }

    /// Counts one callback of `command` to send.
    fn count(&self, command: &str) {
        let mut counts = self.counts.lock();
        counts.queued += 1;
        *counts.by_command.entry(command.to_owned()).or_default() += 1;
    }

    /// Queues after callback `event` from `origin`: sent in order, off the caller's path.
    pub(crate) fn after(&self, event: impl Into<Event>, origin: Origin) {
        let Some(target) = &self.target else {
            return;
        };
        let event = event.into();
        self.count(event.command());
        let queued = self
            .sender(target)
            .is_some_and(|tx| tx.try_send((event, origin)).is_ok());
        if !queued {
            let mut counts = self.counts.lock();
            counts.failed += 1;
            counts.dropped += 1;
            let dropped = counts.dropped;
            drop(counts);
            if dropped % 1000 == 1 {
                tracing::warn!(
                    dropped,
                    queue = target.queue,
                    "after callback dropped: the delivery queue is full (the receiver is slower than the events)"
                );
            }
        }
    }

    /// Sends before callback `event` from `origin` and waits for the app's reply, at most the
    /// command's budget (or the configured timeout when shorter). Blocks the calling thread:
    /// call it from an API handler, which the service runs on a blocking thread whenever
    /// callbacks are configured ([`BeforeAnswer::Off`] when they are not), or a simulated
    /// client's action (`/_emulator/clients/...`), which always runs on one. Never call it with
    /// a store locked.
    pub(crate) fn before<C>(&self, event: C, origin: &Origin) -> BeforeAnswer<C::Reply>
    where
        C: BeforeCallback + Into<Event>,
        C::Reply: DeserializeOwned,
    {
        let Some(target) = &self.target else {
            return BeforeAnswer::Off;
        };
        self.count(C::COMMAND);
        let budget = C::BUDGET.min(target.timeout);
        let event: Event = event.into();
        let answer = self
            .post_and_wait(target, &event, origin, budget)
            .and_then(|body| serde_json::from_slice::<C::Reply>(&body).map_err(|_| Failure::Other));
        let mut counts = self.counts.lock();
        match answer {
            Ok(reply) => {
                counts.delivered += 1;
                BeforeAnswer::Reply(reply)
            }
            Err(failure) => {
                counts.failed += 1;
                counts.timed_out += u64::from(failure == Failure::TimedOut);
                drop(counts);
                tracing::debug!(command = C::COMMAND, ?failure, "before callback failed");
                BeforeAnswer::Failed {
                    block: self.settings().on_failure == OnCallbackFailure::Block,
                }
            }
        }
    }

    /// Posts `event` on the runtime and waits for the answer's body (HTTP 200) on this thread.
    fn post_and_wait(
        &self,
        target: &Target,
        event: &Event,
        origin: &Origin,
        budget: Duration,
    ) -> Result<Bytes, Failure> {
        let runtime = self.runtime_handle().ok_or(Failure::Other)?;
        let transport = self.transport(target).ok_or(Failure::Other)?.clone();
        let poster = Poster {
            target: target.clone(),
            sdkappid: self.sdkappid,
        };
        let (event, origin) = (event.clone(), origin.clone());
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        runtime.spawn(async move {
            let posted = tokio::time::timeout(budget, poster.post(&transport, &event, &origin));
            let _ = tx.send(posted.await.unwrap_or(Err(Failure::TimedOut)));
        });
        // The task enforces the budget; this bound only guards against a runtime that cannot
        // run it (a caller on a single-threaded runtime's own thread).
        rx.recv_timeout(budget + Duration::from_secs(1))
            .unwrap_or(Err(Failure::TimedOut))
    }

    fn runtime_handle(&self) -> Option<Handle> {
        Handle::try_current()
            .ok()
            .or_else(|| self.runtime.get().cloned())
    }

    fn transport(&self, target: &Target) -> Option<&HyperTransport> {
        if let Some(transport) = self.transport.get() {
            return Some(transport);
        }
        let transport = HyperTransport::builder()
            .request_timeout(target.timeout)
            .danger_allow_plain_http(true)
            .build()
            .ok()?;
        let _ = self.transport.set(transport);
        self.transport.get()
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
        self.after(event, origin);
    }

    /// `Group.CallbackOnMemberStateChange` (page 1047/48734): `user` came `Online` or went
    /// `Offline` (`EventType`) in each live group of `groups`, for `cause` (`EventCause`:
    /// `Join`, `Quit`, `HeartbeatInterrupt`).
    pub(crate) fn member_state(
        &self,
        user: &str,
        groups: &[Box<str>],
        (event_type, cause): (&str, &str),
        now: u64,
        origin: &Origin,
    ) {
        for group in groups {
            let mut event = im_callback::group::OnMemberStateChange::default();
            event.group_id = group.to_string();
            event.event_type = Some(event_type.to_owned());
            event.event_cause = Some(cause.to_owned());
            event.member_list = Some(vec![im_callback::MemberAccount::new(user)]);
            event.event_time = Some(now.saturating_mul(1000));
            self.after(event, origin.clone());
        }
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
        self.after(event, Origin::rest());
    }

    /// Counts `delta` groups created (1) or destroyed (-1) at `now` (Unix seconds) in the day's
    /// net creations and, the first time in a day a creation takes them past 70 % of the
    /// configured quota (page 1047/57455), sends `Group.CallbackOnDailyGroupQuotaAlarm`.
    pub(crate) fn count_groups(&self, delta: i64, now: u64) {
        let Some(quota) = self.target.as_ref().and_then(|t| t.group_quota) else {
            return;
        };
        let day = now / 86_400;
        let mut net = self.net_groups.lock();
        if net.0 != day {
            *net = (day, 0, false);
        }
        net.1 = net.1.saturating_add(delta);
        let used = u64::try_from(net.1).unwrap_or(0);
        let over = used.saturating_mul(10) > quota.saturating_mul(7);
        if delta <= 0 || !over || std::mem::replace(&mut net.2, true) {
            return;
        }
        drop(net);
        let mut event = im_callback::group::OnDailyGroupQuotaAlarm::default();
        event.quota_used = Some(used);
        event.quota = Some(quota);
        event.event_time = Some(now.saturating_mul(1000));
        self.after(event, Origin::rest());
    }

    /// Counts a request to `api` at `now` and, the first time in a second that the requests
    /// counted exceed 80 % of its limit (the page's threshold), sends `Alert.RequestOverLimit`
    /// with the requests counted so far.
    pub(crate) fn count_request(&self, api: Api, now: impl FnOnce() -> u64, limit: Option<u32>) {
        if !self.enabled() {
            return;
        }
        let Some(limit) = limit else { return };
        let now = now();
        if let Some(request) = self.over_limit(api, now, u64::from(limit)) {
            let meta = api.metadata();
            let event = RequestOverLimit::new(meta.service, meta.command, request, limit.into());
            self.after(event, Origin::alert());
        }
    }

    /// Counts a request to `api` at `now`; `Some(requests this second)` once per second when
    /// they exceed 80 % of `limit` (the over-limit alert to send).
    fn over_limit(&self, api: Api, now: u64, limit: u64) -> Option<u64> {
        let mut rates = self.rates.lock();
        let (second, count, alerted) = &mut rates[api];
        if *second != now {
            (*second, *count, *alerted) = (now, 0, false);
        }
        *count += 1;
        let over = count.saturating_mul(5) > limit.saturating_mul(4);
        (over && !std::mem::replace(alerted, true)).then_some(*count)
    }

    /// The queue, its delivery task started on first use.
    fn sender(&self, target: &Target) -> Option<&mpsc::Sender<Queued>> {
        if let Some(tx) = self.queue.get() {
            return Some(tx);
        }
        let runtime = self.runtime_handle()?;
        let transport = HyperTransport::builder()
            .request_timeout(target.timeout)
            .danger_allow_plain_http(true)
            .build()
            .ok()?;
        let (tx, rx) = mpsc::channel(target.queue);
        if self.queue.set(tx).is_ok() {
            let delivery = Delivery {
                poster: Poster {
                    target: target.clone(),
                    sdkappid: self.sdkappid,
                },
                transport,
                counts: self.counts.clone(),
                settings: self.settings.clone(),
            };
            runtime.spawn(delivery.run(rx));
        }
        self.queue.get()
    }
}

/// Why a callback was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// No answer within the timeout.
    TimedOut,
    /// Another HTTP status, a reply that does not read or fails, an unreachable URL.
    Other,
}

/// Builds and posts callbacks.
struct Poster {
    target: Target,
    sdkappid: u64,
}

impl Poster {
    /// Posts `event`, signed now; the answer's body when the app answered HTTP 200.
    async fn post(
        &self,
        transport: &HyperTransport,
        event: &Event,
        origin: &Origin,
    ) -> Result<Bytes, Failure> {
        let request = self.request(event, origin).ok_or(Failure::Other)?;
        match transport.send(request).await {
            Ok(response) if response.status() == 200 => Ok(response.into_body()),
            Ok(_) => Err(Failure::Other),
            Err(err) if err.kind() == ErrorKind::Timeout => Err(Failure::TimedOut),
            Err(_) => Err(Failure::Other),
        }
    }

    /// The request of `event`: `RequestTime` and `Sign` made now, at the wall clock.
    fn request(&self, event: &Event, origin: &Origin) -> Option<http::Request<Bytes>> {
        let mut query = CallbackQuery::default();
        query.sdkappid = Some(self.sdkappid.to_string());
        query.callback_command = Some(event.command().to_owned());
        query.contenttype = Some("json".to_owned());
        query.client_ip.clone_from(&origin.client_ip);
        query.opt_platform.clone_from(&origin.platform);
        if let Some(token) = &self.target.token {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            query.sign = Some(sign(token, now));
            query.request_time = Some(now.to_string());
        }
        let url = self.target.url_for(&query)?;
        let body = serde_json::to_vec(&Value::Object(event.to_wire_body())).unwrap_or_default();
        http::Request::post(url.as_str())
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(Bytes::from(body))
            .ok()
    }
}

/// The delivery task's state.
struct Delivery {
    poster: Poster,
    transport: HyperTransport,
    counts: Arc<Mutex<CallbackStats>>,
    settings: Arc<Mutex<CallbackSettings>>,
}

impl Delivery {
    /// Delivers the queued events in order until the emulator is gone.
    async fn run(self, mut rx: mpsc::Receiver<Queued>) {
        while let Some((event, origin)) = rx.recv().await {
            let retries = self.settings.lock().after_retries;
            let mut outcome = self.deliver(&event, &origin).await;
            for _ in 0..retries {
                if outcome.is_ok() {
                    break;
                }
                self.count_outcome(outcome, true);
                outcome = self.deliver(&event, &origin).await;
            }
            self.count_outcome(outcome, false);
        }
    }

    /// Counts an attempt's outcome: a retried failure as retried, the last one as delivered
    /// or failed.
    fn count_outcome(&self, outcome: Result<(), Failure>, retried: bool) {
        let mut counts = self.counts.lock();
        match (outcome, retried) {
            (Ok(()), _) => counts.delivered += 1,
            (Err(failure), retried) => {
                counts.timed_out += u64::from(failure == Failure::TimedOut);
                if retried {
                    counts.retried += 1;
                } else {
                    counts.failed += 1;
                }
            }
        }
    }

    /// Posts one event: delivered when the app answered HTTP 200 with a success reply (a bare
    /// `{"ErrorCode":0}` is one).
    async fn deliver(&self, event: &Event, origin: &Origin) -> Result<(), Failure> {
        let body = self.poster.post(&self.transport, event, origin).await?;
        match serde_json::from_slice::<Reply>(&body) {
            Ok(reply) if reply.is_ok() => Ok(()),
            _ => Err(Failure::Other),
        }
    }
}
