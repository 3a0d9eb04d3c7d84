//! A rate budget shared by many processes, in Redis (feature `redis`).
//!
//! One key per SDKAppID and API holds a GCRA "theoretical arrival time" in microseconds of
//! Redis' own clock (`TIME`), so hosts with skewed clocks agree. Each call runs one Lua script
//! that reserves the next cell and answers how long to wait before starting; the caller sleeps
//! that long. The parameters are the local limiter's (`per_second - 2` with a burst of 2): at
//! most `per_second - 1` starts in any second of the store's clock, whatever the number of
//! processes. Each process reserves one cell at a time per API, so no legitimate answer is a
//! wait longer than the API's window (one second) while fewer processes than the rate share a
//! key.
//!
//! What Redis answers is checked: a wait outside 0..=1 s, or an answer that is not the
//! script's, is a fault of the store (a foreign script, a proxy, a broken server), handled as
//! if it did not answer. A key further ahead of Redis' clock than any reservation can put it (a
//! foreign writer, or Redis' clock stepping back after a failover) is reset by the script and
//! reported.
//!
//! The other quotas of an API have keys of their own: a quota of a second or a minute runs the
//! same script with a weight (a call's cells, its items under a quota of items); a quota of a
//! day runs a script counting the day's calls (or items) under a key that expires at the day's
//! end, which refuses, without counting it, a call that would go past the limit.
//!
//! When Redis does not answer within the timeout, is unreachable or refuses the credentials,
//! the call falls back ([`RateFallback`]): by default to a local limiter at an explicit share
//! of the budget; Redis is tried again every few seconds. Never unlimited. Each outage is
//! logged once, and reported once to the [`RateStore::on_event`] observer.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use redis::aio::ConnectionManager;
use tokio::time::Instant;

use super::local::gcra_interval;
use super::redact::redact_url;
use crate::{ConfigError, Error};

/// The window of the APIs' limits (calls per second): no reservation waits longer.
const WINDOW: Duration = Duration::from_secs(1);

/// The Lua script: reserve `ARGV[4]` cells (1 when absent; a call's items under a quota of
/// items), a weighted GCRA: the cost is the cells times the emission interval. It answers
/// `{wait, reset}` in microseconds, `reset` being how far ahead of Redis' clock a key was when
/// the script reset it (0: it did not). `ARGV[3]` is how far ahead a key may legitimately be; a
/// time further ahead, or one that is not a number, is reset to now.
const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local max_ahead = tonumber(ARGV[3])
local cells = tonumber(ARGV[4] or '1')
local tat = tonumber(redis.call('GET', KEYS[1]))
local reset = 0
if tat and (tat ~= tat or tat - now > max_ahead) then
  reset = 1e15
  if tat == tat and tat - now < reset then reset = tat - now end
  tat = now
end
if not tat or tat < now then tat = now end
local start = tat + (cells - 1) * interval - tolerance
if start < now then start = now end
local new_tat = tat + cells * interval
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return {start - now, reset}
";

/// The Lua script of a day's quota: counts `ARGV[1]` against the limit `ARGV[2]` in the day
/// of Redis' clock at `ARGV[3]` seconds east of UTC, atomically. The key expires at the day's
/// end (the next midnight at that offset), so the next day starts from zero; a call that would
/// go past the limit is refused and not counted. It answers `{admitted (1 or 0), used, day's
/// end in Unix seconds}`.
const DAY: &str = r"
local now = tonumber(redis.call('TIME')[1])
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local offset = tonumber(ARGV[3])
local ends = (math.floor((now + offset) / 86400) + 1) * 86400 - offset
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + cost > limit then
  return {0, used, ends}
end
used = redis.call('INCRBY', KEYS[1], cost)
redis.call('EXPIREAT', KEYS[1], ends)
return {1, used, ends}
";

/// A reservation of cells of a GCRA quota in the store.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cells {
    /// The emission interval of one cell.
    pub(crate) interval: Duration,
    /// The burst, in cells.
    pub(crate) burst: u32,
    /// The cells to reserve.
    pub(crate) cost: u32,
    /// The quota's period: no legitimate reservation waits longer.
    pub(crate) window: Duration,
}

/// What the store answered for a day's quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DayCount {
    /// Whether the call was counted (else refused: it would go past the limit).
    pub(crate) admitted: bool,
    /// The day's count, this call included when admitted.
    pub(crate) used: u64,
    /// The day's end, Unix seconds of the store's clock.
    pub(crate) ends: i64,
}

/// How long Redis is left alone after it failed, before it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// How long [`RateStore::check`] waits for Redis (connecting included).
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// What a call does when the store does not answer.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum RateFallback {
    /// Use a local limiter at this share of each API's rate (in (0, 1]; e.g. 1/N for N
    /// processes sharing the budget).
    Local {
        /// The share of the budget.
        share: f64,
    },
    /// Wait until the store answers again.
    Wait,
    /// The store is required: the client stops sending, as after
    /// [`Client::stop_sending`](crate::Client::stop_sending). The call that found the store
    /// down, and every request not sent yet, fail with [`Error::Stopped`] without being sent.
    Fail,
}

impl Default for RateFallback {
    /// A local limiter at a quarter of the budget.
    fn default() -> Self {
        RateFallback::Local { share: 0.25 }
    }
}

/// Why the rate store could not be used; its text names the store (credentials masked).
#[derive(Clone, Debug, thiserror::Error)]
#[error("rate store {store}: {problem}")]
pub struct RateStoreError {
    store: Arc<str>,
    problem: Problem,
}

#[derive(Clone, Debug, thiserror::Error)]
enum Problem {
    /// Redis' own error: unreachable, refused credentials, a failing command.
    #[error("{0}")]
    Redis(String),
    /// No answer in time.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// An answer outside the script's rules.
    #[error("{0}: a fault of the store (another script, a proxy or a broken server)")]
    Answer(String),
}

impl RateStoreError {
    /// Whether Redis answered something the script never answers (a fault of the store),
    /// rather than failing to answer.
    pub fn is_bad_answer(&self) -> bool {
        matches!(self.problem, Problem::Answer(_))
    }
}

/// What happened to a store, for [`RateStore::on_event`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum RateStoreEvent {
    /// The store could not be used (once per outage): calls are paced by the fallback until it
    /// answers again (tried every 5 s).
    Unavailable(RateStoreError),
    /// The store answers again after an outage.
    Available,
    /// A key was further ahead of Redis' clock than any reservation can put it, and was reset.
    KeyReset {
        /// The key.
        key: String,
        /// How far ahead it was (capped at about 31 years).
        ahead: Duration,
    },
}

/// The observer of a store's events.
type Observer = Arc<dyn Fn(&RateStoreEvent) + Send + Sync>;

/// A shared rate budget in Redis; cheap to clone.
#[derive(Clone)]
pub struct RateStore {
    connection: ConnectionManager,
    shown: Arc<str>,
    prefix: String,
    timeout: Duration,
    fallback: RateFallback,
    script: Arc<redis::Script>,
    day_script: Arc<redis::Script>,
    health: Arc<Mutex<Health>>,
    observer: Option<Observer>,
}

#[derive(Debug, Default)]
struct Health {
    down_since: Option<Instant>,
    retry_at: Option<Instant>,
    round_trips: u64,
    fallbacks: u64,
    bad_answers: u64,
    key_resets: u64,
}

impl fmt::Debug for RateStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateStore")
            .field("url", &self.shown)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("fallback", &self.fallback)
            .finish_non_exhaustive()
    }
}

/// Counters of a store's use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateStoreStats {
    /// Reservations answered by Redis.
    pub round_trips: u64,
    /// Calls paced by the fallback because Redis did not answer (or answered a fault).
    pub fallbacks: u64,
    /// Answers that broke the script's rules (a wait below zero or over the window, not two
    /// numbers): faults of the store, each handled as no answer.
    pub bad_answers: u64,
    /// Keys found too far ahead of Redis' clock and reset.
    pub key_resets: u64,
}

impl fmt::Display for RateFallback {
    /// What the policy does, for messages: "a local limiter at 25% of the budget".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateFallback::Local { share } => {
                write!(f, "a local limiter at {:.0}% of the budget", share * 100.0)
            }
            RateFallback::Wait => f.write_str("waiting for the store"),
            RateFallback::Fail => f.write_str("none: the store is required, sending stops"),
        }
    }
}

impl RateStore {
    /// A store at `url`: `redis://[USER:PASSWORD@]HOST:PORT/DB`, or a Unix socket,
    /// `redis+unix:///PATH?db=N&pass=PASSWORD` (TLS is not built in). The connection is made
    /// on first use (or by [`RateStore::check`]), and remade after a failure. Wherever the URL
    /// shows (errors, logs, `Debug`), its credentials are masked ([`RedactedStoreUrl`]).
    ///
    /// [`RedactedStoreUrl`]: crate::RedactedStoreUrl
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the URL cannot be used.
    pub fn open(url: &str) -> Result<RateStore, Error> {
        let shown = redact_url(url);
        let unusable = |e: redis::RedisError| ConfigError::RateStore {
            url: shown.clone(),
            source: Box::new(e),
        };
        let client = redis::Client::open(url).map_err(unusable)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_millis(500)))
            .set_number_of_retries(1);
        let connection =
            ConnectionManager::new_lazy_with_config(client, config).map_err(unusable)?;
        let mut store = Self::from_connection(connection);
        store.shown = shown.into();
        Ok(store)
    }

    /// A store over a ready connection.
    pub fn from_connection(connection: ConnectionManager) -> RateStore {
        RateStore {
            connection,
            shown: Arc::from("(a ready connection)"),
            prefix: "im-rate".to_owned(),
            timeout: Duration::from_millis(250),
            fallback: RateFallback::default(),
            script: Arc::new(redis::Script::new(RESERVE)),
            day_script: Arc::new(redis::Script::new(DAY)),
            health: Arc::default(),
            observer: None,
        }
    }

    /// The key prefix (default `im-rate`): keys are `{prefix}:{sdkappid}:v4/{service}/{command}`
    /// for an API's calls per second, that key followed by `:minute-items`, `:day-calls`... for
    /// its other quotas.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long a reservation may take before the fallback paces the call (default 250 ms).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// What to do when Redis does not answer (default: a local limiter at a quarter of the
    /// budget).
    pub fn fallback(mut self, fallback: RateFallback) -> Self {
        self.fallback = fallback;
        self
    }

    /// Calls `observer` on each [`RateStoreEvent`]: an outage (once, with its reason), the
    /// store's return, a key reset. It runs on the task of the call that noticed, so it should
    /// be quick (print a line, set a flag). Replaces an earlier observer.
    pub fn on_event(mut self, observer: impl Fn(&RateStoreEvent) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// The fallback policy.
    pub fn fallback_policy(&self) -> RateFallback {
        self.fallback
    }

    /// The counters so far.
    pub fn stats(&self) -> RateStoreStats {
        let health = self.health.lock();
        RateStoreStats {
            round_trips: health.round_trips,
            fallbacks: health.fallbacks,
            bad_answers: health.bad_answers,
            key_resets: health.key_resets,
        }
    }

    /// Connects (if not connected) and pings Redis, within 3 s: before a job, to learn at once
    /// whether the store can be used. A failure counts as an outage (reported to the
    /// observer; calls use the fallback until Redis is tried again, 5 s later); a success ends
    /// one.
    ///
    /// # Errors
    ///
    /// [`RateStoreError`] with the reason: unreachable, credentials refused, no answer.
    pub async fn check(&self) -> Result<(), RateStoreError> {
        let now = Instant::now();
        let mut connection = self.connection.clone();
        let command = redis::cmd("PING");
        let ping = command.query_async::<redis::Value>(&mut connection);
        let problem = match tokio::time::timeout(CHECK_TIMEOUT, ping).await {
            Ok(Ok(_)) => {
                self.up(false);
                return Ok(());
            }
            Ok(Err(err)) => Problem::Redis(err.to_string()),
            Err(_) => Problem::Timeout(CHECK_TIMEOUT),
        };
        Err(self.down(now, problem, false))
    }

    /// How long until Redis is tried again (zero when it is up).
    pub(crate) fn retry_in(&self) -> Duration {
        let now = Instant::now();
        self.health
            .lock()
            .retry_at
            .map_or(Duration::ZERO, |at| at.saturating_duration_since(now))
    }

    /// The key of one API of one app.
    pub(crate) fn key(&self, sdkappid: u64, path: &str) -> String {
        format!("{}:{sdkappid}:{path}", self.prefix)
    }

    /// Reserves one call at `per_second` under `key`: how long to wait before starting it, or
    /// `None` when Redis is down or answered a fault (the caller uses the fallback).
    pub(crate) async fn reserve(&self, key: &str, per_second: u32) -> Option<Duration> {
        let (interval, burst) = gcra_interval(per_second);
        let interval = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX);
        let tolerance = interval * u64::from(burst - 1);
        // The furthest ahead a key may be: then the wait is at most the window.
        let max_ahead = micros(WINDOW).unsigned_abs() + tolerance;
        self.invoke_reserve(key, [interval, tolerance, max_ahead, 1], WINDOW)
            .await
    }

    /// Reserves `cells.cost` cells of a quota of a second or a minute under `key`: how long to
    /// wait before starting the call, or `None` when Redis is down or answered a fault.
    pub(crate) async fn reserve_cells(&self, key: &str, cells: Cells) -> Option<Duration> {
        let interval = u64::try_from(cells.interval.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        let tolerance = interval * u64::from(cells.burst.max(1) - 1);
        // After a reservation that waits the whole window, a key is this far ahead.
        let max_ahead = micros(cells.window).unsigned_abs() + tolerance + interval;
        let args = [interval, tolerance, max_ahead, u64::from(cells.cost.max(1))];
        self.invoke_reserve(key, args, cells.window).await
    }

    /// Whether Redis is left alone after a failure (counted as a fallback).
    fn resting(&self, now: Instant) -> bool {
        let mut health = self.health.lock();
        let resting = health.retry_at.is_some_and(|at| now < at);
        health.fallbacks += u64::from(resting);
        resting
    }

    /// Runs the reservation script with `args` (interval, tolerance, max ahead, cells); a wait
    /// longer than `window` is a fault.
    async fn invoke_reserve(
        &self,
        key: &str,
        args: [u64; 4],
        window: Duration,
    ) -> Option<Duration> {
        let now = Instant::now();
        if self.resting(now) {
            return None;
        }
        let mut connection = self.connection.clone();
        let mut invocation = self.script.key(key);
        for arg in args {
            invocation.arg(arg);
        }
        let call = invocation.invoke_async::<redis::Value>(&mut connection);
        let problem = match tokio::time::timeout(self.timeout, call).await {
            Ok(Ok(answer)) => match self.accept(key, &answer, window) {
                Ok(wait) => {
                    self.up(true);
                    return Some(wait);
                }
                Err(problem) => problem,
            },
            Ok(Err(err)) => Problem::Redis(err.to_string()),
            Err(_) => Problem::Timeout(self.timeout),
        };
        self.down(now, problem, true);
        None
    }

    /// Counts a call of `cost` against a day's `limit` at `offset` seconds east of UTC under
    /// `key`: the store's answer, or `None` when Redis is down or answered a fault.
    pub(crate) async fn count_day(
        &self,
        key: &str,
        cost: u64,
        limit: u64,
        offset: i64,
    ) -> Option<DayCount> {
        let now = Instant::now();
        if self.resting(now) {
            return None;
        }
        let mut connection = self.connection.clone();
        let mut invocation = self.day_script.key(key);
        invocation.arg(cost).arg(limit).arg(offset);
        let call = invocation.invoke_async::<redis::Value>(&mut connection);
        let problem = match tokio::time::timeout(self.timeout, call).await {
            Ok(Ok(answer)) => match day_answer(&answer) {
                Ok(count) => {
                    self.up(true);
                    return Some(count);
                }
                Err(problem) => problem,
            },
            Ok(Err(err)) => Problem::Redis(err.to_string()),
            Err(_) => Problem::Timeout(self.timeout),
        };
        self.down(now, problem, true);
        None
    }

    /// The wait of a reservation's answer, if it follows the script's rules: two numbers, a
    /// wait from zero to the window, a reset of zero or more (reported).
    fn accept(
        &self,
        key: &str,
        answer: &redis::Value,
        window: Duration,
    ) -> Result<Duration, Problem> {
        let (wait, reset) = match answer {
            redis::Value::Array(items) => match items.as_slice() {
                [redis::Value::Int(wait), redis::Value::Int(reset)] => (*wait, *reset),
                _ => return Err(Problem::Answer("an answer other than two numbers".into())),
            },
            _ => return Err(Problem::Answer("an answer other than two numbers".into())),
        };
        let max = micros(window);
        if !(0..=max).contains(&wait) {
            let what = format!("a wait of {wait} µs, outside 0..={max} µs (the quota's window)");
            return Err(Problem::Answer(what));
        }
        if reset < 0 {
            return Err(Problem::Answer(format!("a key reset of {reset} µs")));
        }
        if reset > 0 {
            self.key_reset(key, Duration::from_micros(reset.unsigned_abs()));
        }
        Ok(Duration::from_micros(wait.unsigned_abs()))
    }

    fn key_reset(&self, key: &str, ahead: Duration) {
        self.health.lock().key_resets += 1;
        tracing::warn!(
            store = %self.shown,
            key,
            ahead = ?ahead,
            "rate store key was further ahead of Redis' clock than any reservation puts it (another writer, or Redis' clock stepped back): reset"
        );
        self.emit(&RateStoreEvent::KeyReset {
            key: key.to_owned(),
            ahead,
        });
    }

    fn up(&self, reservation: bool) {
        let back = {
            let mut health = self.health.lock();
            health.round_trips += u64::from(reservation);
            health.retry_at = None;
            health.down_since.take().is_some()
        };
        if back {
            tracing::warn!(store = %self.shown, "rate store reachable again: the shared budget paces calls");
            self.emit(&RateStoreEvent::Available);
        }
    }

    /// Records an outage (or its continuation): Redis is left alone for a while. The first
    /// failure of an outage is logged and reported.
    fn down(&self, now: Instant, problem: Problem, call: bool) -> RateStoreError {
        let error = RateStoreError {
            store: self.shown.clone(),
            problem,
        };
        let first = {
            let mut health = self.health.lock();
            health.fallbacks += u64::from(call);
            health.bad_answers += u64::from(error.is_bad_answer());
            health.retry_at = Some(now + RETRY_AFTER);
            let first = health.down_since.is_none();
            health.down_since.get_or_insert(now);
            first
        };
        if first {
            tracing::warn!(error = %error, fallback = %self.fallback, "rate store unavailable");
            self.emit(&RateStoreEvent::Unavailable(error.clone()));
        }
        error
    }

    fn emit(&self, event: &RateStoreEvent) {
        if let Some(observer) = &self.observer {
            observer(event);
        }
    }
}

/// A day's count, if the answer follows the day script's rules: three numbers, admitted 0 or
/// 1, a count of zero or more, a day's end after 1970.
fn day_answer(answer: &redis::Value) -> Result<DayCount, Problem> {
    let bad = || Problem::Answer("a day's count other than three numbers".into());
    let redis::Value::Array(items) = answer else {
        return Err(bad());
    };
    let [
        redis::Value::Int(admitted),
        redis::Value::Int(used),
        redis::Value::Int(ends),
    ] = items.as_slice()
    else {
        return Err(bad());
    };
    if !matches!(admitted, 0 | 1) || *used < 0 || *ends <= 0 {
        let what = format!("a day's count of admitted {admitted}, used {used}, ending at {ends}");
        return Err(Problem::Answer(what));
    }
    Ok(DayCount {
        admitted: *admitted == 1,
        used: used.unsigned_abs(),
        ends: *ends,
    })
}

/// A duration in whole microseconds.
fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}
