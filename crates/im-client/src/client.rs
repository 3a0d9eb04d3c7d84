//! `Client` and its builder: configuration, signing, the request loop with retries and limits.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use im_proto::{
    Api, ApiError, Endpoint, Envelope, ErrorCode, Metadata, RetryClass, RetrySafety, UserId,
};
use im_sig::{SecretKey, Signer};
use im_transport::{ErrorKind, HyperTransport, RedactedUri, SharedTransport, TransportError};
use tracing::Instrument;

use crate::Error;
use crate::classify::{Action, Attempt, carries_keys, classify, is_ambiguous, may_resend};
use crate::clock::Clock;
use crate::error::Trace;
use crate::error::{ConfigError, DecodeError, HttpStatusError};
use crate::limits::{EndpointLimits, Limiters, Quotas, RateLimits, Shared};
use crate::region::{BaseUrl, Region};
use crate::retry::RetryPolicy;
use crate::sign::{Credentials, SigCache};

/// The default admin identifier.
pub const DEFAULT_ADMIN: &str = "administrator";

/// The client runtime for the REST APIs of one app (SDKAppID): any declared API through
/// [`Client::call`], any `service/command` through [`Client::call_raw`].
///
/// Cheap to clone: clones share one connection pool, one admin UserSig cache, one set of rate
/// limiters and one set of counters, and can be used from many tasks at once. Build one with
/// [`Client::builder`] or [`Client::from_env`]. Domain crates wrap it in a client of their own
/// that derefs to it (`im_accounts::Client`).
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), im_client::Error> {
/// use im_client::{Client, Region};
///
/// let client = Client::builder()
///     .sdkappid(1_400_000_000)
///     .secret_key("your-secret-key-from-the-console")
///     .region(Region::Singapore)
///     .build()?;
/// let body = serde_json::json!({"UserID": "alice"});
/// client.call_raw("im_open_login_svc", "account_import", &body).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    clock: Clock,
    sig: SigCache,
    base_url: BaseUrl,
    primary_prefix: String,
    backup_prefix: Option<String>,
    failover: bool,
    use_backup: AtomicBool,
    transport: SharedTransport,
    limiters: Limiters,
    retry: RetryPolicy,
    counters: Counters,
    /// Whether any request of this client ever got an HTTP answer.
    answered: AtomicBool,
    /// Set by `stop_sending`: requests not sent yet fail with `Error::Stopped`.
    stopping: AtomicBool,
    /// Wakes the waits (rate limiter, retry delay) when `stopping` is set.
    stop: tokio::sync::Notify,
}

impl Inner {
    /// Runs `wait` unless the client is asked to stop first: `false` when it stopped.
    async fn unless_stopped(&self, wait: impl Future<Output = ()>) -> bool {
        let stopped = self.stop.notified();
        tokio::pin!(stopped);
        stopped.as_mut().enable();
        if self.stopping.load(Ordering::Relaxed) {
            return false;
        }
        tokio::select! {
            () = wait => !self.stopping.load(Ordering::Relaxed),
            () = stopped => false,
        }
    }

    /// Requests not sent yet fail with `Error::Stopped` from now on.
    fn stop_sending(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.stop.notify_waiters();
    }

    /// Waits until a call of `items` items may start under `limits`: [`Error::Quota`] when a
    /// quota refuses it, [`Error::Stopped`] when the client stopped first, or stops now because
    /// the shared budget it requires cannot be used.
    async fn admit(&self, limits: &EndpointLimits, items: u32) -> Result<(), Error> {
        let mut outcome = Ok(true);
        let admitted = self
            .unless_stopped(async {
                outcome = self.limiters.acquire(limits, items).await;
            })
            .await;
        match outcome {
            Err(quota) => Err(Error::Quota(quota)),
            Ok(false) => {
                self.stop_sending();
                Err(Error::Stopped)
            }
            Ok(true) if admitted => Ok(()),
            Ok(true) => Err(Error::Stopped),
        }
    }
}

/// Attempts given to a request that cannot connect while the endpoint never answered (a wrong
/// endpoint, nothing listening): fail in about a second, not after the whole budget.
const UNREACHABLE_ATTEMPTS: u32 = 3;

#[derive(Default)]
struct Counters {
    calls: AtomicU64,
    requests: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
    resigns: AtomicU64,
    failovers: AtomicU64,
}

/// A snapshot of a client's counters (all clones together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientStats {
    /// Calls made (typed or raw), each counting once however many attempts it took.
    pub calls: u64,
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Attempts after the first, over all calls.
    pub retries: u64,
    /// Throttled answers (60007, 60011, 60018, 60019, HTTP 429).
    pub throttled: u64,
    /// Admin UserSigs regenerated because the service rejected one (70001, 70052...).
    pub resigns: u64,
    /// Switches to the backup domain.
    pub failovers: u64,
    /// Times a throttled answer lowered an API's rate (adaptive slow-down).
    pub rate_decreases: u64,
    /// Reservations answered by the shared rate store (0 without one).
    pub store_round_trips: u64,
    /// Calls paced by the fallback because the shared rate store did not answer.
    pub store_fallbacks: u64,
}

/// What one call went through ([`Client::call_with`]), for engines that account for each
/// attempt (the bulk engine's report, its "may have been processed" outcomes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallReport {
    /// Attempts started, the first included.
    pub attempts: u32,
    /// Attempts that were handed to the transport (a stop or a rate-limit wait ended the
    /// others before they left).
    pub sent: u32,
    /// Attempts answered as throttled.
    pub throttled: u32,
    /// An attempt failed in a way the service may still have processed (timeout, connection
    /// closed, HTTP 5xx).
    pub ambiguous: bool,
    /// The last attempt that was handed to the transport: its `random` query value and
    /// number (`None` when none left).
    pub trace: Option<Trace>,
    /// An attempt the service may have processed was not sent again because the window in
    /// which the service deduplicates the request had passed since the first attempt left
    /// ([`RetrySafety::SameRequest`](im_proto::RetrySafety::SameRequest)): the request may
    /// have been processed (`ambiguous` is true too).
    pub window_passed: bool,
}

impl Client {
    /// A builder with defaults: admin `administrator`, region China, the hyper transport.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `IM_SDKAPPID`, `IM_SECRET_KEY`, `IM_ADMIN`, `IM_REGION` and
    /// `IM_ENDPOINT`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a variable is missing or malformed (the message names it).
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::<Client>::from_env()?.build()
    }

    /// The SDKAppID.
    pub fn sdkappid(&self) -> u64 {
        self.inner.sig.sdkappid()
    }

    /// The admin identifier requests are signed for.
    pub fn admin(&self) -> &UserId {
        self.inner.sig.admin()
    }

    /// Where requests go.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// Refuses, before anything is sent, a client whose region is not one of `supported`, the
    /// regions that offer `service` (cloud search: China and Singapore). A custom endpoint (an
    /// explicit `--endpoint`, the emulator) names no region and passes.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] with [`ConfigError::RegionUnsupported`](crate::ConfigError::RegionUnsupported)
    /// naming the service, the region and the supported ones.
    pub fn require_region(
        &self,
        service: &'static str,
        supported: &'static [crate::Region],
    ) -> Result<(), Error> {
        match self.inner.base_url {
            BaseUrl::Region(region) if !supported.contains(&region) => {
                Err(Error::Config(crate::ConfigError::RegionUnsupported {
                    service,
                    region,
                    supported,
                }))
            }
            _ => Ok(()),
        }
    }

    /// The retry policy of single calls.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The counters so far.
    pub fn stats(&self) -> ClientStats {
        let c = &self.inner.counters;
        let (store_round_trips, store_fallbacks) = self.inner.limiters.store_stats();
        ClientStats {
            calls: c.calls.load(Ordering::Relaxed),
            requests: c.requests.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            throttled: c.throttled.load(Ordering::Relaxed),
            resigns: c.resigns.load(Ordering::Relaxed),
            failovers: c.failovers.load(Ordering::Relaxed),
            rate_decreases: self.inner.limiters.decreases(),
            store_round_trips,
            store_fallbacks,
        }
    }

    /// Stops sending, for this client and its clones: from now on every request that has not
    /// left yet (waiting for the rate limiter, or for a retry) fails at once with
    /// [`Error::Stopped`], without being sent; requests already sent finish normally. A bulk
    /// run reports the accounts of the unsent chunks as failed with it, which a resumed job
    /// (`--checkpoint`) sends again. For a graceful Ctrl-C.
    pub fn stop_sending(&self) {
        self.inner.stop_sending();
    }

    /// Each rate-limited API's rate now, calls per second: the configured one, or lower after
    /// throttled answers (adaptive slow-down; it climbs back while calls are not throttled).
    pub fn effective_rates(&self) -> Vec<(Api, u32)> {
        self.inner.limiters.effective_rates()
    }

    /// Sends one typed request: validates it, signs, rate-limits, retries per the policy, and
    /// decodes the response. A `FAIL` envelope is returned as [`Error::Api`].
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::InvalidInput`] means nothing was sent.
    pub async fn call<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        self.call_with(request, &self.inner.retry).await.0
    }

    /// [`Client::call`] with an explicit retry policy, also reporting what the call went
    /// through: attempts, those that left, throttled answers, and whether the service may have
    /// processed a request whose answer was lost.
    pub async fn call_with<E: Endpoint>(
        &self,
        request: &E,
        policy: &RetryPolicy,
    ) -> (Result<E::Response, Error>, CallReport) {
        self.call_resuming(request, policy, None).await
    }

    /// [`Client::call_with`]; with `resumed`, the call resends a request an earlier attempt
    /// (of another process, say) sent that long ago without learning the outcome: every
    /// attempt, the first included, leaves only within the window of the request's
    /// [`SameRequest`](im_proto::RetrySafety::SameRequest) declaration counted from that
    /// earlier attempt, or the call ends unsent.
    pub(crate) async fn call_resuming<E: Endpoint>(
        &self,
        request: &E,
        policy: &RetryPolicy,
        resumed: Option<Duration>,
    ) -> (Result<E::Response, Error>, CallReport) {
        if let Err(err) = request.validate() {
            return (Err(err.into()), CallReport::default());
        }
        let body = match serde_json::to_vec(request) {
            Ok(body) => Bytes::from(body),
            Err(err) => {
                return (
                    Err(Error::invalid(format!("cannot encode the request: {err}"))),
                    CallReport::default(),
                );
            }
        };
        let meta = E::METADATA;
        let span = tracing::info_span!(
            "im.call",
            api = meta.command,
            items = request.item_count(),
            attempts = tracing::field::Empty,
            random = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let target = self.declared(const { &E::METADATA }, request.item_count());
        let (result, report) = self
            .execute(target, body, policy, resumed)
            .instrument(span)
            .await;
        let result = result.and_then(|body| {
            serde_json::from_slice::<E::Response>(&body)
                .map_err(|e| traced(Error::Decode(DecodeError::new(e, &body)), &report))
        });
        (result, report)
    }

    /// Sends a raw JSON body to any `service/command` (for REST APIs not typed here) through
    /// the same signing, rate limiting and retries, and returns the whole response object.
    ///
    /// # Errors
    ///
    /// As [`Client::call`]; a `FAIL` envelope is [`Error::Api`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_client::Client) -> Result<(), im_client::Error> {
    /// let body = serde_json::json!({"GroupIdList": ["@TGS#1NVTZEAE4"]});
    /// let answer = client.call_raw("group_open_http_svc", "get_group_info", &body).await?;
    /// println!("{answer}");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn call_raw(
        &self,
        service: &str,
        command: &str,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        let valid = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        if !valid(service) || !valid(command) {
            return Err(Error::invalid(format!(
                "service {service:?} and command {command:?} must be non-empty and use only letters, digits, '_' and '-'"
            )));
        }
        if !body.is_object() {
            return Err(Error::invalid(
                "the body of a REST call must be a JSON object (use {} when the API takes no fields)",
            ));
        }
        let bytes =
            Bytes::from(serde_json::to_vec(body).map_err(|e| Error::invalid(e.to_string()))?);
        let target = match Api::from_path(service, command) {
            Some(api) => self.declared(api.metadata(), count_items(api.metadata(), body)),
            None => Target::Raw {
                service: service.to_owned(),
                command: command.to_owned(),
            },
        };
        let span = tracing::info_span!(
            "im.call",
            api = %format_args!("{service}/{command}"),
            items = tracing::field::Empty,
            attempts = tracing::field::Empty,
            random = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let (result, report) = self
            .execute(target, bytes, &self.inner.retry, None)
            .instrument(span)
            .await;
        let body = result?;
        serde_json::from_slice(&body)
            .map_err(|e| traced(Error::Decode(DecodeError::new(e, &body)), &report))
    }

    /// The target of a call of `items` items to `meta`'s endpoint.
    fn declared(&self, meta: &'static Metadata, items: usize) -> Target {
        Target::Declared {
            limits: self.inner.limiters.endpoint(meta),
            meta,
            items: u32::try_from(items).unwrap_or(u32::MAX),
        }
    }

    /// The request loop: attempts until one is answered `OK` or the classifier and the policy
    /// say stop. Returns the body of the `OK` answer.
    async fn execute(
        &self,
        target: Target,
        body: Bytes,
        policy: &RetryPolicy,
        resumed: Option<Duration>,
    ) -> (Result<Bytes, Error>, CallReport) {
        let inner = &*self.inner;
        inner.counters.calls.fetch_add(1, Ordering::Relaxed);
        let mut call = Call {
            started: inner.clock.now(),
            path: target.path(),
            report: CallReport::default(),
            resigned: false,
            resend: Resend::new(target.retry(), &body),
            last: None,
        };
        if let Some(age) = resumed {
            call.resume(age);
        }
        loop {
            call.report.attempts += 1;
            if call.report.attempts > 1 {
                inner.counters.retries.fetch_add(1, Ordering::Relaxed);
            }
            let (err, generation) = match self.attempt(&target, &body, &mut call).await {
                Ok(answer) => {
                    target.observe(&inner.limiters, false);
                    let elapsed = inner.clock.now() - call.started;
                    record_call(&target, &call.report, None, elapsed);
                    return (Ok(answer), call.report);
                }
                Err(Failed::Attempt(err, generation)) => (err, generation),
                Err(Failed::Late(err)) => return self.not_resent(&target, err, call),
            };
            match self.after_failure(&target, err, generation, policy, &mut call) {
                Ok(wait) if !wait.is_zero() => {
                    // A stop during the wait ends the call at the next attempt, unsent.
                    inner.unless_stopped(tokio::time::sleep(wait)).await;
                }
                Ok(_) => {}
                Err(err) => {
                    let elapsed = inner.clock.now() - call.started;
                    record_call(&target, &call.report, Some(&err), elapsed);
                    return (Err(err), call.report);
                }
            }
        }
    }

    /// After a failed attempt: the wait before the next one (the error kept as the call's
    /// last), or the call's error when it ends here.
    fn after_failure(
        &self,
        target: &Target,
        err: Error,
        generation: u64,
        policy: &RetryPolicy,
        call: &mut Call,
    ) -> Result<Duration, Error> {
        let inner = &*self.inner;
        let report = &mut call.report;
        report.ambiguous |= is_ambiguous(&err);
        let throttled = err.retry_class() == RetryClass::Throttled;
        if throttled {
            report.throttled += 1;
            inner.counters.throttled.fetch_add(1, Ordering::Relaxed);
        }
        target.observe(&inner.limiters, throttled);
        let now = inner.clock.now();
        let action = classify(&Attempt {
            error: &err,
            // The window is checked below, against the time the resend would leave.
            idempotent: call.resend.ever(),
            can_fail_over: self.can_fail_over(),
            resigned: call.resigned,
        });
        let wait = match action {
            Action::NoRetry => None,
            Action::Resign => {
                call.resigned = true;
                inner.sig.invalidate(generation);
                inner.counters.resigns.fetch_add(1, Ordering::Relaxed);
                Some(Duration::ZERO)
            }
            Action::Failover => {
                inner.use_backup.store(true, Ordering::Relaxed);
                inner.counters.failovers.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(error = %err, "primary domain unreachable, switching to the backup domain");
                Some(Duration::ZERO)
            }
            Action::RetryAfter(wait) => Some(wait),
            Action::Retry(kind) => Some(policy.backoff(kind, report.attempts, rand::random())),
        };
        let elapsed = now - call.started;
        let attempts = if never_reached(inner, &err) {
            policy.attempts().min(UNREACHABLE_ATTEMPTS)
        } else {
            policy.attempts()
        };
        let within = |wait: &Duration| {
            report.attempts < attempts && elapsed + *wait <= policy.elapsed_budget()
        };
        let Some(wait) = wait.filter(within) else {
            return Err(err);
        };
        // After an attempt the service may have processed, a resend must leave within the
        // window it deduplicates in (RetrySafety::SameRequest).
        if report.ambiguous && !call.resend.allowed_at(now + wait) {
            return Err(self.not_resending(err, call));
        }
        if !wait.is_zero() {
            tracing::info!(
                attempt = report.attempts,
                random = report.trace.map(|t| t.random),
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                error = %err,
                "retrying"
            );
        }
        call.last = Some(err);
        Ok(wait)
    }

    /// The end of a call whose resend the window of its declaration no longer allows: the
    /// error of its last attempt, which the service may have processed.
    fn not_resent(
        &self,
        target: &Target,
        err: Error,
        mut call: Call,
    ) -> (Result<Bytes, Error>, CallReport) {
        let err = self.not_resending(err, &mut call);
        let elapsed = self.inner.clock.now() - call.started;
        record_call(target, &call.report, Some(&err), elapsed);
        (Err(err), call.report)
    }

    /// Records (report and log) that `err`'s request is not sent again: the window in which
    /// the service deduplicates it has passed since the call's first attempt.
    fn not_resending(&self, err: Error, call: &mut Call) -> Error {
        call.report.window_passed = true;
        let since = call
            .resend
            .first_sent
            .map_or(Duration::ZERO, |at| self.inner.clock.now() - at);
        tracing::warn!(
            attempts = call.report.attempts,
            random = call.report.trace.map(|t| t.random),
            within_secs = call.resend.within_secs(),
            since_first_ms = u64::try_from(since.as_millis()).unwrap_or(u64::MAX),
            error = %err,
            "not resent: the service deduplicates this request only within its window, which has passed since the first attempt; it may have been processed"
        );
        err
    }

    /// Whether a failed attempt may switch to the backup domain.
    fn can_fail_over(&self) -> bool {
        let inner = &*self.inner;
        inner.failover && inner.backup_prefix.is_some() && !inner.use_backup.load(Ordering::Relaxed)
    }

    /// One attempt: waits for the endpoint's limits, signs, sends and reads the answer. A
    /// failure carries the generation of the UserSig it was sent with.
    async fn attempt(
        &self,
        target: &Target,
        body: &Bytes,
        call: &mut Call,
    ) -> Result<Bytes, Failed> {
        let inner = &*self.inner;
        let queued = inner.clock.now();
        let admitted = match target {
            Target::Declared { limits, items, .. } => inner.admit(limits, *items).await,
            Target::Raw { .. } => match inner
                .unless_stopped(inner.limiters.acquire_raw(&call.path))
                .await
            {
                true => Ok(()),
                false => Err(Error::Stopped),
            },
        };
        admitted.map_err(|err| Failed::Attempt(err, 0))?;
        let now = inner.clock.now();
        if call.report.ambiguous
            && !call.resend.allowed_at(now)
            && let Some(err) = call.last.take()
        {
            return Err(Failed::Late(err));
        }
        let waited = now - queued;
        if waited >= RATE_WAIT_SHOWN {
            let waited_ms = u64::try_from(waited.as_millis()).unwrap_or(u64::MAX);
            tracing::info!(waited_ms, "waited for the rate limit");
        }
        let credentials = inner.sig.get().map_err(|err| Failed::Attempt(err, 0))?;
        self.send(target, body, credentials, call).await
    }

    /// Sends one attempt signed with `credentials` and reads the answer.
    async fn send(
        &self,
        target: &Target,
        body: &Bytes,
        credentials: Credentials,
        call: &mut Call,
    ) -> Result<Bytes, Failed> {
        let inner = &*self.inner;
        let prefix = match (
            &inner.backup_prefix,
            inner.use_backup.load(Ordering::Relaxed),
        ) {
            (Some(backup), true) => backup,
            _ => &inner.primary_prefix,
        };
        let random: u32 = rand::random();
        let report = &mut call.report;
        let trace = Trace::new(random, report.attempts);
        let uri = format!("{prefix}/{}?{}", call.path, credentials.query(random));
        let request = http::Request::post(uri)
            .header(CONTENT_TYPE, "application/json")
            .body(body.clone())
            .map_err(|e| {
                let err = Error::Config(ConfigError::RequestUrl(e));
                Failed::Attempt(err, credentials.generation)
            })?;
        tracing::debug!(
            uri = %RedactedUri(request.uri()),
            attempt = report.attempts,
            random,
            body = %crate::error::excerpt(body),
            "POST"
        );
        inner.counters.requests.fetch_add(1, Ordering::Relaxed);
        report.sent += 1;
        report.trace = Some(trace);
        let sent = inner.clock.now();
        call.resend.first_sent.get_or_insert(sent);
        let outcome = inner.transport.send(request).await;
        if outcome.is_ok() {
            inner.answered.store(true, Ordering::Relaxed);
        }
        let latency_ms = u64::try_from((inner.clock.now() - sent).as_millis()).unwrap_or(u64::MAX);
        if let Ok(response) = &outcome {
            tracing::debug!(
                attempt = report.attempts,
                random,
                status = response.status().as_u16(),
                latency_ms,
                body = %crate::error::excerpt(response.body()),
                "answer"
            );
        }
        let answer = read_answer(outcome, &credentials, &inner.clock, target)
            .map_err(|e| e.with_trace(trace));
        match &answer {
            Ok(_) => tracing::debug!(
                attempt = report.attempts,
                random,
                code = 0,
                latency_ms,
                "ok"
            ),
            Err(err) => tracing::debug!(
                attempt = report.attempts,
                random,
                code = err.error_code().map_or(-1, ErrorCode::get),
                latency_ms,
                class = %err.retry_class(),
                error = %err,
                "attempt failed"
            ),
        }
        answer.map_err(|err| Failed::Attempt(err, credentials.generation))
    }
}

/// Whether `err` could not reach any server while this client never got an answer.
fn never_reached(inner: &Inner, err: &Error) -> bool {
    let unreachable = matches!(
        err,
        Error::Transport(t) if matches!(
            t.kind(),
            im_transport::ErrorKind::Connect | im_transport::ErrorKind::Tls
        )
    );
    unreachable && !inner.answered.load(Ordering::Relaxed)
}

/// The answer to one request: the body of an `OK` envelope (or of a `FAIL` one that still lists
/// each account in `failure_items`), or the typed failure. Service texts are stripped of the
/// UserSig the request carried.
fn read_answer(
    outcome: Result<http::Response<Bytes>, TransportError>,
    credentials: &Credentials,
    clock: &Clock,
    target: &Target,
) -> Result<Bytes, Error> {
    let failure_items = target.failure_items();
    let response = outcome.map_err(Error::Transport)?;
    let status = response.status().as_u16();
    let wait = retry_after(response.headers(), clock);
    let body = response.into_body();
    if status != 200 {
        return Err(Error::HttpStatus(
            HttpStatusError::new(status, &body).with_retry_after(wait),
        ));
    }
    let envelope = serde_json::from_slice::<Envelope>(&body).map_err(|e| {
        if e.is_eof() {
            // Cut short on the way (a proxy, a reset): a transport fault like a closed
            // connection, retried like one; the service may have processed the request.
            let what = format!("the answer's JSON ends after {} bytes", body.len());
            Error::Transport(TransportError::new(ErrorKind::ConnectionClosed, what))
        } else {
            Error::Decode(DecodeError::new(e, &body))
        }
    })?;
    match envelope.error() {
        None => Ok(body),
        Some(api) if api.code().is_success() => Err(Error::Decode(DecodeError::new(
            "malformed answer: ActionStatus is FAIL but ErrorCode is 0",
            &body,
        ))),
        Some(_) if failure_items.is_some_and(|field| lists_items(&body, field)) => Ok(body),
        Some(answer) => {
            let err = ApiError::new(answer.code(), credentials.redact(answer.info()))
                .with_display(answer.display_text().map(|d| credentials.redact(d)));
            Err(Error::Api(match target.api() {
                Some(api) => err.with_api(api),
                None => err,
            }))
        }
    }
}

/// Whether `body` has a non-empty array `field`.
fn lists_items(body: &[u8], field: &str) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get(field)?.as_array().map(|items| !items.is_empty()))
        .unwrap_or(false)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date.
fn retry_after(headers: &http::HeaderMap, clock: &Clock) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let at = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(clock.unix_now())))
}

/// Records the call's final attempt count, last `random`, code and latency on its `im.call`
/// span, once, then logs the call's outcome.
fn record_call(target: &Target, report: &CallReport, err: Option<&Error>, elapsed: Duration) {
    #[cfg(feature = "metrics")]
    {
        let api: std::borrow::Cow<'static, str> = match target {
            Target::Declared { meta, .. } => meta.command.into(),
            Target::Raw { service, command } => format!("{service}/{command}").into(),
        };
        crate::metrics::call(api, report.attempts, report.throttled, err, elapsed);
    }
    #[cfg(not(feature = "metrics"))]
    let _ = target;
    let code = err.map_or(0, |e| e.error_code().map_or(-1, ErrorCode::get));
    let elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    let (attempts, random) = (report.attempts, report.trace.map(|t| t.random));
    // The span first, so that the last event shows its final fields.
    let span = tracing::Span::current();
    span.record("attempts", attempts);
    if let Some(random) = random {
        span.record("random", random);
    }
    span.record("code", code);
    span.record("latency_ms", elapsed_ms);
    match err {
        None => tracing::info!(attempts, random, elapsed_ms, "call ok"),
        Some(err) => {
            tracing::info!(attempts, random, code, elapsed_ms, error = %err, "call failed")
        }
    }
}

/// `err`, as the failure of the call's last request that was sent, if any.
fn traced(err: Error, report: &CallReport) -> Error {
    match report.trace {
        Some(trace) => err.with_trace(trace),
        None => err,
    }
}

/// Waits for the rate limiter at least this long are logged (-v).
const RATE_WAIT_SHOWN: Duration = Duration::from_millis(100);

/// What a request is sent to.
enum Target {
    /// A declared endpoint (the table's or a custom one), by its own metadata, with its limits
    /// and the items of the call.
    Declared {
        meta: &'static Metadata,
        limits: Arc<EndpointLimits>,
        items: u32,
    },
    /// A path the toolkit does not know.
    Raw { service: String, command: String },
}

impl Target {
    fn path(&self) -> String {
        match self {
            Target::Declared { meta, .. } => meta.path(),
            Target::Raw { service, command } => format!("v4/{service}/{command}"),
        }
    }

    /// The table's API, if the target is one.
    fn api(&self) -> Option<Api> {
        match self {
            Target::Declared { meta, .. } => meta.api,
            Target::Raw { .. } => None,
        }
    }

    /// The response list that still carries the accounts of a failed answer, if any.
    fn failure_items(&self) -> Option<&'static str> {
        match self {
            Target::Declared { meta, .. } => meta.failure_items,
            Target::Raw { .. } => None,
        }
    }

    /// When a lost request may be repeated: the declaration says; an API the toolkit does not
    /// know is assumed never to be (a repeated message send is a duplicate message).
    fn retry(&self) -> RetrySafety {
        match self {
            Target::Declared { meta, .. } => meta.retry,
            Target::Raw { .. } => RetrySafety::Never,
        }
    }

    /// Feeds an answer (throttled or not) back to the endpoint's adaptive rate.
    fn observe(&self, limiters: &Limiters, throttled: bool) {
        if let Target::Declared { limits, .. } = self {
            limiters.observe(limits, throttled);
        }
    }
}

/// The items of a raw call's body: the length of the declared item list, else 1.
fn count_items(meta: &Metadata, body: &serde_json::Value) -> usize {
    meta.items
        .and_then(|items| body.get(items.field)?.as_array().map(Vec::len))
        .unwrap_or(1)
}

/// One call in progress: what its attempts share.
struct Call {
    started: tokio::time::Instant,
    path: String,
    report: CallReport,
    resigned: bool,
    resend: Resend,
    /// The error of the last attempt, while another one is tried.
    last: Option<Error>,
}

impl Call {
    /// Makes the call the resend of an attempt that left `age` ago and may have been
    /// processed: its window is counted from then, and an attempt that could only leave after
    /// it ends the call unsent.
    fn resume(&mut self, age: Duration) {
        self.report.ambiguous = true;
        self.resend.first_sent = Some(self.started.checked_sub(age).unwrap_or(self.started));
        self.last = Some(Error::invalid(
            "not sent: the window in which the service deduplicates this request, opened by an earlier attempt with the same key, passed before it could leave; it may have been processed",
        ));
    }
}

/// How a failed attempt ends.
enum Failed {
    /// With this error, from a request signed with this UserSig generation.
    Attempt(Error, u64),
    /// Not sent: the window of the request's deduplication passed since the first attempt;
    /// the previous attempt's error.
    Late(Error),
}

/// What the declaration allows of a resend after an attempt the service may have processed.
struct Resend {
    safety: RetrySafety,
    /// The request's body (shared, not copied), read for its key fields only when a resend is
    /// considered: a call that succeeds at once never parses it again.
    body: Bytes,
    /// Whether the body carries every key field of a [`RetrySafety::SameRequest`].
    keyed: std::cell::OnceCell<bool>,
    /// When the call's first attempt left.
    first_sent: Option<tokio::time::Instant>,
}

impl Resend {
    fn new(safety: RetrySafety, body: &Bytes) -> Self {
        Resend {
            safety,
            body: body.clone(),
            keyed: std::cell::OnceCell::new(),
            first_sent: None,
        }
    }

    /// Whether the body carries every key field, read once, on the first question.
    fn keyed(&self) -> bool {
        *self
            .keyed
            .get_or_init(|| carries_keys(self.safety, &self.body))
    }

    /// Whether a resend may ever leave (at once after the first attempt).
    fn ever(&self) -> bool {
        may_resend(self.safety, self.keyed(), Duration::ZERO)
    }

    /// Whether a resend may leave at `at`.
    fn allowed_at(&self, at: tokio::time::Instant) -> bool {
        let since = self
            .first_sent
            .map_or(Duration::ZERO, |first| at.saturating_duration_since(first));
        may_resend(self.safety, self.keyed(), since)
    }

    /// The deduplication window, for a [`RetrySafety::SameRequest`].
    fn within_secs(&self) -> Option<u32> {
        match self.safety {
            RetrySafety::SameRequest { within_secs, .. } => Some(within_secs),
            _ => None,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("sdkappid", &self.sdkappid())
            .field("admin", self.admin())
            .field("base_url", &self.inner.base_url.to_string())
            .field("failover", &self.inner.failover)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`], or a domain crate's client over it (`C`, any type that is
/// `From<Client>`, such as `im_accounts::Client`). Only the SDKAppID and the secret key are
/// mandatory.
///
/// Defaults: admin `administrator`, region China (no failover), the hyper transport with a 5 s
/// connect timeout and a 10 s request timeout (a REST call answers in well under a second;
/// a stalled one is better retried than waited for), admin UserSigs valid for 24 hours and
/// renewed 5 minutes before expiry, the documented rate limits, and [`RetryPolicy::default`].
///
/// Start from [`Client::builder`] (or the domain client's `builder()`), which fixes `C`;
/// `ClientBuilder::new()` and `ClientBuilder::from_env()` build whatever client the context
/// asks for (`ClientBuilder::<Client>::new()` when nothing does).
pub struct ClientBuilder<C = Client> {
    settings: Settings,
    client: PhantomData<fn() -> C>,
}

/// What a [`ClientBuilder`] was told, whatever client it builds.
#[derive(Default)]
struct Settings {
    sdkappid: Option<u64>,
    secret_key: Option<SecretKey>,
    admin: Option<String>,
    base_url: Option<BaseUrl>,
    endpoint: Option<String>,
    failover: bool,
    transport: Option<SharedTransport>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    usersig_lifetime: Option<Duration>,
    usersig_refresh_margin: Option<Duration>,
    rate_limits: Option<RateLimits>,
    quotas: Option<Quotas>,
    retry: Option<RetryPolicy>,
    allow_plain_http: bool,
    user_agent: Option<String>,
    proxy: Option<im_transport::Proxy>,
    #[cfg(feature = "redis")]
    rate_store: Option<crate::RateStore>,
    #[cfg(feature = "redis")]
    rate_store_url: Option<String>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings::default(),
            client: PhantomData,
        }
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with the defaults above.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder pre-filled from `IM_SDKAPPID`, `IM_SECRET_KEY`, `IM_ADMIN`, `IM_REGION` and
    /// `IM_ENDPOINT` (each optional here; [`ClientBuilder::build`] reports what is missing).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming a variable whose value cannot be used.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// As [`ClientBuilder::from_env`], reading variables through `var`.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let mut builder = Self::default();
        let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = get("IM_SDKAPPID") {
            let id = v.trim().parse::<u64>().map_err(|e| ConfigError::Env {
                var: "IM_SDKAPPID",
                value: v.clone(),
                source: Box::new(e),
            })?;
            builder = builder.sdkappid(id);
        }
        if let Some(v) = get("IM_SECRET_KEY") {
            // Keys are hex; surrounding whitespace (a newline from a file) is never part of one.
            builder = builder.secret_key(v.trim());
        }
        if let Some(v) = get("IM_ADMIN") {
            builder = builder.admin(v.trim());
        }
        if let Some(v) = get("IM_REGION") {
            let region: Region = v.parse().map_err(|e| ConfigError::Env {
                var: "IM_REGION",
                value: v.clone(),
                source: Box::new(e),
            })?;
            builder = builder.region(region);
        }
        if let Some(v) = get("IM_ENDPOINT") {
            builder = builder.endpoint(v.trim());
        }
        #[cfg(feature = "redis")]
        if let Some(v) = get("IM_RATE_STORE") {
            builder = builder.rate_store_url(v.trim());
        }
        Ok(builder)
    }

    /// Sets the SDKAppID.
    pub fn sdkappid(mut self, sdkappid: u64) -> Self {
        self.settings.sdkappid = Some(sdkappid);
        self
    }

    /// Sets the secret key (used as its text bytes).
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.settings.secret_key = Some(SecretKey::new(key.into()));
        self
    }

    /// Sets the admin identifier requests are signed for (default `administrator`).
    pub fn admin(mut self, admin: impl Into<String>) -> Self {
        self.settings.admin = Some(admin.into());
        self
    }

    /// Sends requests to a region's domains.
    pub fn region(mut self, region: Region) -> Self {
        self.settings.base_url = Some(BaseUrl::Region(region));
        self.settings.endpoint = None;
        self
    }

    /// Sends requests to a custom base URL such as `http://127.0.0.1:41234` (checked by
    /// [`ClientBuilder::build`]).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.settings.endpoint = Some(url.into());
        self.settings.base_url = None;
        self
    }

    /// Sets where requests go.
    pub fn base_url(mut self, base_url: BaseUrl) -> Self {
        self.settings.base_url = Some(base_url);
        self.settings.endpoint = None;
        self
    }

    /// Switches to the backup domain when the primary cannot be reached: DNS or connect
    /// failure, a timeout, or a TLS failure (what DNS hijacking, the reason the backup domains
    /// exist, usually produces). Off by default.
    pub fn failover(mut self, on: bool) -> Self {
        self.settings.failover = on;
        self
    }

    /// Uses this transport instead of the default hyper one (timeouts set here then do not
    /// apply; configure them on the transport).
    pub fn transport(mut self, transport: SharedTransport) -> Self {
        self.settings.transport = Some(transport);
        self
    }

    /// The default transport's connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// The default transport's timeout for a whole request, body included.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.request_timeout = Some(timeout);
        self
    }

    /// How long each admin UserSig is valid (default 24 hours).
    pub fn usersig_lifetime(mut self, lifetime: Duration) -> Self {
        self.settings.usersig_lifetime = Some(lifetime);
        self
    }

    /// How long before expiry the admin UserSig is renewed (default 5 minutes).
    pub fn usersig_refresh_margin(mut self, margin: Duration) -> Self {
        self.settings.usersig_refresh_margin = Some(margin);
        self
    }

    /// Sets the client-side rate limits.
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.settings.rate_limits = Some(limits);
        self
    }

    /// Sets the quotas enforced before sending (default: every endpoint's declared ones, see
    /// [`Quotas`]).
    pub fn quotas(mut self, quotas: Quotas) -> Self {
        self.settings.quotas = Some(quotas);
        self
    }

    /// Sets the retry policy of single calls.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = Some(policy);
        self
    }

    /// Allows plain `http://` to hosts other than loopback. Dangerous: the UserSig then crosses
    /// the network unencrypted.
    pub fn danger_allow_plain_http(mut self, allow: bool) -> Self {
        self.settings.allow_plain_http = allow;
        self
    }

    /// The default transport's `User-Agent`.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.settings.user_agent = Some(agent.into());
        self
    }

    /// Sends `https://` requests through a proxy (`im_transport::Proxy::from_env()` reads
    /// `HTTPS_PROXY`/`ALL_PROXY` and `NO_PROXY` as curl does). Default: direct. The timeouts,
    /// user agent and plain-http rule still apply; ignored with a custom transport.
    pub fn proxy(mut self, proxy: im_transport::Proxy) -> Self {
        self.settings.proxy = Some(proxy);
        self
    }

    /// Paces calls by a rate budget in Redis shared with every process that uses the same
    /// store and SDKAppID (feature `redis`), instead of this process' own limiters. Each API's
    /// shared key runs at its documented limit, or at the [`RateLimits`] figure where that is
    /// higher (a raised limit); a lower figure paces only this process.
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    pub fn rate_store(mut self, store: crate::RateStore) -> Self {
        self.settings.rate_store = Some(store);
        self
    }

    /// As [`ClientBuilder::rate_store`], with a store at `url` (`redis://HOST:PORT/DB`;
    /// `IM_RATE_STORE` in [`ClientBuilder::from_env`]), connected on first use. Its
    /// credentials never show ([`RedactedStoreUrl`](crate::RedactedStoreUrl)).
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    pub fn rate_store_url(mut self, url: impl Into<String>) -> Self {
        self.settings.rate_store_url = Some(url.into());
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the missing or bad setting.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        self.settings.build().map(C::from)
    }
}

impl Settings {
    /// What the limiters share with other processes.
    fn shared(&self, sdkappid: u64) -> Result<Shared, Error> {
        #[cfg(feature = "redis")]
        {
            let store = match (&self.rate_store, &self.rate_store_url) {
                (Some(store), _) => Some(store.clone()),
                (None, Some(url)) => Some(crate::RateStore::open(url)?),
                (None, None) => None,
            };
            Ok(Shared { sdkappid, store })
        }
        #[cfg(not(feature = "redis"))]
        {
            let _ = sdkappid;
            Ok(Shared::default())
        }
    }

    /// Checks the configuration and builds the runtime client.
    fn build(mut self) -> Result<Client, Error> {
        let sdkappid = self.sdkappid.ok_or(ConfigError::Missing {
            setting: "the SDKAppID",
            how: "call ClientBuilder::sdkappid, or set IM_SDKAPPID for ClientBuilder::from_env",
        })?;
        let shared = self.shared(sdkappid)?;
        let key = self.secret_key.take().ok_or(ConfigError::Missing {
            setting: "the secret key",
            how: "call ClientBuilder::secret_key, or set IM_SECRET_KEY for ClientBuilder::from_env",
        })?;
        if key.expose_secret().is_empty() {
            return Err(ConfigError::EmptySecretKey.into());
        }
        let admin_text = self
            .admin
            .take()
            .unwrap_or_else(|| DEFAULT_ADMIN.to_owned());
        let admin = UserId::new(admin_text).map_err(ConfigError::Admin)?;
        let base_url = match (self.endpoint.take(), self.base_url.take()) {
            (Some(url), _) => BaseUrl::custom(&url).map_err(ConfigError::Endpoint)?,
            (None, Some(base)) => base,
            (None, None) => BaseUrl::default(),
        };
        let lifetime = self
            .usersig_lifetime
            .unwrap_or(Duration::from_secs(24 * 3600));
        if lifetime.as_secs() == 0 {
            return Err(ConfigError::ZeroUsersigLifetime.into());
        }
        let margin = self
            .usersig_refresh_margin
            .unwrap_or(Duration::from_secs(300));
        let signer = Signer::new(sdkappid, key);
        let clock = Clock::new();
        // Fail now, not on the first call, if the key or admin cannot sign.
        signer
            .generate_at(admin.as_str(), lifetime.as_secs(), clock.unix_now())
            .map_err(|source| ConfigError::Signing {
                admin: admin.clone(),
                source,
            })?;
        let limits = self.rate_limits.take().unwrap_or_default();
        let quotas = self.quotas.take().unwrap_or_default();
        let failover = self.failover;
        let retry = self.retry.take().unwrap_or_default();
        let transport = self.transport(&base_url)?;
        Ok(Client {
            inner: Arc::new(Inner {
                clock,
                sig: SigCache::new(clock, signer, admin, lifetime, margin),
                primary_prefix: base_url.primary_prefix(),
                backup_prefix: base_url.backup_prefix(),
                base_url,
                failover,
                use_backup: AtomicBool::new(false),
                transport,
                limiters: Limiters::new(&limits, quotas, clock, shared),
                answered: AtomicBool::new(false),
                stopping: AtomicBool::new(false),
                stop: tokio::sync::Notify::new(),
                retry,
                counters: Counters::default(),
            }),
        })
    }

    /// The transport given, or the default one built from the settings.
    fn transport(self, base_url: &BaseUrl) -> Result<SharedTransport, Error> {
        if let Some(transport) = self.transport {
            return Ok(transport);
        }
        if !self.allow_plain_http {
            check_plain_http(base_url)?;
        }
        let mut builder = HyperTransport::builder()
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(5)))
            .request_timeout(self.request_timeout.unwrap_or(Duration::from_secs(10)))
            .danger_allow_plain_http(self.allow_plain_http);
        if let Some(agent) = self.user_agent {
            builder = builder.user_agent(agent);
        }
        if let Some(proxy) = self.proxy {
            builder = builder.proxy(proxy);
        }
        Ok(Arc::new(builder.build().map_err(ConfigError::Transport)?))
    }
}

/// Refuses a plain `http://` base URL (or backup) to anything but loopback, before any request:
/// the UserSig would cross the network unencrypted.
fn check_plain_http(base_url: &BaseUrl) -> Result<(), Error> {
    let BaseUrl::Custom { primary, backup } = base_url else {
        return Ok(());
    };
    for uri in std::iter::once(primary).chain(backup) {
        if uri.scheme_str() == Some("http")
            && !im_transport::is_loopback_host(uri.host().unwrap_or_default())
        {
            return Err(ConfigError::PlainHttp {
                endpoint: uri.to_string(),
            }
            .into());
        }
    }
    Ok(())
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.settings;
        let mut debug = f.debug_struct("ClientBuilder");
        debug
            .field("sdkappid", &settings.sdkappid)
            .field(
                "secret_key",
                &settings.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field("admin", &settings.admin)
            .field("base_url", &settings.base_url)
            .field("endpoint", &settings.endpoint);
        #[cfg(feature = "redis")]
        debug.field("rate_store", &settings.rate_store).field(
            "rate_store_url",
            &settings
                .rate_store_url
                .as_deref()
                .map(crate::RedactedStoreUrl),
        );
        debug.finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resumed call (a chunk sent again with the key an earlier run recorded) counts its
    /// window from the earlier attempt: recorded 200 s ago, nothing leaves (the first attempt
    /// included); recorded 100 s ago, it is sent once, and its answer lost 30 s later is not
    /// resent (130 s); an ordinary call would resend it.
    #[tokio::test(start_paused = true)]
    async fn a_resumed_call_keeps_to_the_window_of_the_earlier_attempt() {
        use std::sync::atomic::AtomicUsize;

        use im_proto::message::MsgBody;
        use im_proto::openim::sendmsg;
        use im_transport::test_util::FnTransport;
        use im_transport::{ErrorKind, TransportError};

        let sent = Arc::new(AtomicUsize::new(0));
        let counter = sent.clone();
        let transport = FnTransport::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                Err(TransportError::new(
                    ErrorKind::Timeout,
                    "the answer was lost",
                ))
            }
        });
        let client = Client::builder()
            .sdkappid(1)
            .secret_key("k")
            .endpoint("http://127.0.0.1:9")
            .transport(Arc::new(transport))
            .build()
            .unwrap();
        let to = UserId::new("b").unwrap();
        let mut request = sendmsg::Request::new(to, 7, MsgBody::text("hi"));
        request.msg_seq = Some(9);
        let policy = RetryPolicy::default()
            .max_attempts(5)
            .max_elapsed(Duration::from_secs(600));
        let ago = |secs| Some(Duration::from_secs(secs));
        let (result, report) = client.call_resuming(&request, &policy, ago(200)).await;
        assert!(matches!(result, Err(Error::InvalidInput(_))), "{result:?}");
        assert!(report.window_passed && report.sent == 0, "{report:?}");
        assert_eq!(sent.load(Ordering::SeqCst), 0);
        let (result, report) = client.call_resuming(&request, &policy, ago(100)).await;
        assert!(result.is_err() && report.window_passed, "{report:?}");
        assert_eq!((report.sent, sent.load(Ordering::SeqCst)), (1, 1));
        let (_, report) = client.call_with(&request, &policy).await;
        assert!(report.sent >= 2, "an ordinary call resends: {report:?}");
    }

    #[test]
    fn env_configuration() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let client = ClientBuilder::<Client>::from_vars(vars(&[
            ("IM_SDKAPPID", "1400000000"),
            ("IM_SECRET_KEY", "k"),
            ("IM_ADMIN", "boss"),
            ("IM_REGION", "sgp"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.sdkappid(), 1_400_000_000);
        assert_eq!(client.admin(), "boss");
        assert_eq!(client.base_url(), &BaseUrl::Region(Region::Singapore));

        let client = ClientBuilder::<Client>::from_vars(vars(&[
            ("IM_SDKAPPID", "1"),
            ("IM_SECRET_KEY", "k"),
            ("IM_ENDPOINT", "http://127.0.0.1:9"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url().to_string(), "http://127.0.0.1:9");
        assert_eq!(client.admin(), DEFAULT_ADMIN);

        let err = ClientBuilder::<Client>::from_vars(vars(&[("IM_SDKAPPID", "abc")])).unwrap_err();
        assert!(err.to_string().contains("IM_SDKAPPID=\"abc\""), "{err}");
        let err = ClientBuilder::<Client>::from_vars(vars(&[("IM_REGION", "mars")])).unwrap_err();
        assert!(err.to_string().contains("mars"), "{err}");
        let err = ClientBuilder::<Client>::from_vars(vars(&[("IM_SECRET_KEY", "k")]))
            .unwrap()
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("SDKAppID is not set"), "{err}");
        let err = ClientBuilder::<Client>::from_vars(vars(&[("IM_SDKAPPID", "1")]))
            .unwrap()
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("secret key is not set"), "{err}");
    }

    #[test]
    fn bad_settings_are_named() {
        let base = || Client::builder().sdkappid(1).secret_key("k");
        let err = base().admin("").build().unwrap_err();
        assert!(err.to_string().contains("admin identifier"), "{err}");
        let err = base().endpoint("ftp://x").build().unwrap_err();
        assert!(err.to_string().contains("ftp://x"), "{err}");
        let err = base().secret_key("").build().unwrap_err();
        assert!(err.to_string().contains("secret key is empty"), "{err}");
        let err = base().endpoint("http://10.0.0.1:8080").build().unwrap_err();
        assert!(err.to_string().contains("plain http"), "{err}");
        assert!(base().endpoint("http://127.0.0.2:1").build().is_ok());
        assert!(base().endpoint("http://[::1]:1").build().is_ok());
        assert!(base().endpoint("http://localhost:1").build().is_ok());
        assert!(
            base()
                .endpoint("http://10.0.0.1:8080")
                .danger_allow_plain_http(true)
                .build()
                .is_ok()
        );
        let client = base().build().unwrap();
        let debug = format!("{client:?} {:?}", Client::builder().secret_key("topsecret"));
        assert!(!debug.contains("topsecret"), "{debug}");
    }

    /// Each configuration error is its own variant, with the cause kept as its source: the
    /// chain reads once, each cause after the setting it concerns.
    #[test]
    fn configuration_errors_are_typed_with_their_causes() {
        use std::error::Error as _;
        let config = |err: Error| match err {
            Error::Config(config) => config,
            other => panic!("not a configuration error: {other}"),
        };
        let env = config(
            ClientBuilder::<Client>::from_vars(|name: &str| {
                (name == "IM_SDKAPPID").then(|| "12x".to_owned())
            })
            .unwrap_err(),
        );
        assert!(
            matches!(
                env,
                ConfigError::Env {
                    var: "IM_SDKAPPID",
                    ..
                }
            ),
            "{env:?}"
        );
        let cause = env.source().expect("the parse error is kept");
        assert_eq!(cause.to_string(), "invalid digit found in string");
        assert_eq!(
            env.message(),
            "IM_SDKAPPID=\"12x\" cannot be used: invalid digit found in string"
        );

        let base = || Client::builder().sdkappid(1).secret_key("k");
        let admin = config(base().admin("").build().unwrap_err());
        assert!(matches!(admin, ConfigError::Admin(_)), "{admin:?}");
        assert!(admin.source().is_some());
        let endpoint = config(base().endpoint("not a url").build().unwrap_err());
        let ConfigError::Endpoint(invalid) = &endpoint else {
            panic!("{endpoint:?}")
        };
        assert_eq!(invalid.url(), "not a url");
        assert!(endpoint.source().is_some(), "the URL parser's error");
        let missing = config(Client::builder().secret_key("k").build().unwrap_err());
        assert!(
            matches!(
                missing,
                ConfigError::Missing {
                    setting: "the SDKAppID",
                    ..
                }
            ),
            "{missing:?}"
        );
        assert!(missing.source().is_none());
        let wrapped = base().usersig_lifetime(Duration::ZERO).build().unwrap_err();
        assert!(wrapped.source().is_none());
        assert!(matches!(config(wrapped), ConfigError::ZeroUsersigLifetime));
    }
}
