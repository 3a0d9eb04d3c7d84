//! A rate budget shared by many processes, in Redis (feature `redis`).
//!
//! One key per SDKAppID and API holds a GCRA "theoretical arrival time" in microseconds of
//! Redis' own clock (`TIME`), so hosts with skewed clocks agree. Each call runs one Lua script
//! that reserves the next cell and answers how long to wait before starting; the caller sleeps
//! that long. The parameters are the local limiter's (`per_second - 2` with a burst of 2): at
//! most `per_second - 1` starts in any second of the store's clock, whatever the number of
//! processes.
//!
//! When Redis does not answer within the timeout (or is unreachable), the call falls back
//! ([`RateFallback`]): by default to a local limiter at an explicit share of the budget, logged
//! once; Redis is tried again every few seconds. Never unlimited.

use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use redis::aio::ConnectionManager;
use tokio::time::Instant;

use super::local::gcra_parameters;
use crate::Error;

/// The Lua script: reserve one cell; the wait in microseconds.
const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then tat = now end
local start = tat - tolerance
if start < now then start = now end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return start - now
";

/// `url` with any user and password masked (`redis://***@host:6379/0`).
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// How long Redis is left alone after it failed, before it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(5);

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
}

impl Default for RateFallback {
    /// A local limiter at a quarter of the budget.
    fn default() -> Self {
        RateFallback::Local { share: 0.25 }
    }
}

/// A shared rate budget in Redis; cheap to clone.
#[derive(Clone)]
pub struct RateStore {
    connection: ConnectionManager,
    prefix: String,
    timeout: Duration,
    fallback: RateFallback,
    script: Arc<redis::Script>,
    health: Arc<Mutex<Health>>,
}

#[derive(Debug, Default)]
struct Health {
    down_since: Option<Instant>,
    retry_at: Option<Instant>,
    round_trips: u64,
    fallbacks: u64,
}

impl std::fmt::Debug for RateStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateStore")
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
    /// Calls paced by the fallback because Redis did not answer.
    pub fallbacks: u64,
}

impl RateStore {
    /// A store at `url` (`redis://[USER:PASSWORD@]HOST:PORT/DB`; TLS is not built in); the
    /// connection is made on first use, and remade after a failure.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the URL cannot be used.
    pub fn open(url: &str) -> Result<RateStore, Error> {
        let shown = redact_url(url);
        let client = redis::Client::open(url)
            .map_err(|e| Error::config(format!("rate store {shown}: {e}")))?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_millis(500)))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| Error::config(format!("rate store {shown}: {e}")))?;
        Ok(Self::from_connection(connection))
    }

    /// A store over a ready connection.
    pub fn from_connection(connection: ConnectionManager) -> RateStore {
        RateStore {
            connection,
            prefix: "im-rate".to_owned(),
            timeout: Duration::from_millis(250),
            fallback: RateFallback::default(),
            script: Arc::new(redis::Script::new(RESERVE)),
            health: Arc::default(),
        }
    }

    /// The key prefix (default `im-rate`): keys are `{prefix}:{sdkappid}:{service}/{command}`.
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
        }
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
    /// `None` when Redis is down (the caller uses the fallback).
    pub(crate) async fn reserve(&self, key: &str, per_second: u32) -> Option<Duration> {
        let now = Instant::now();
        {
            let mut health = self.health.lock();
            if health.retry_at.is_some_and(|at| now < at) {
                health.fallbacks += 1;
                return None;
            }
        }
        let (rate, burst) = gcra_parameters(per_second);
        let interval = 1_000_000 / u64::from(rate.max(1));
        let tolerance = interval * u64::from(burst - 1);
        let mut connection = self.connection.clone();
        let mut invocation = self.script.key(key);
        invocation.arg(interval).arg(tolerance);
        let call = invocation.invoke_async::<i64>(&mut connection);
        let answer = tokio::time::timeout(self.timeout, call).await;
        match answer {
            Ok(Ok(wait)) => {
                self.up();
                Some(Duration::from_micros(u64::try_from(wait).unwrap_or(0)))
            }
            Ok(Err(err)) => {
                self.down(now, &err.to_string());
                None
            }
            Err(_) => {
                self.down(now, &format!("no answer within {:?}", self.timeout));
                None
            }
        }
    }

    fn up(&self) {
        let mut health = self.health.lock();
        health.round_trips += 1;
        if health.down_since.take().is_some() {
            tracing::warn!("rate store reachable again: the shared budget paces calls");
        }
        health.retry_at = None;
    }

    fn down(&self, now: Instant, why: &str) {
        let mut health = self.health.lock();
        health.fallbacks += 1;
        if health.down_since.is_none() {
            health.down_since = Some(now);
            let policy = match self.fallback {
                RateFallback::Local { share } => {
                    format!("a local limiter at {:.0}% of the budget", share * 100.0)
                }
                RateFallback::Wait => "waiting for it".to_owned(),
            };
            tracing::warn!(error = %why, "rate store unavailable: pacing calls by {policy}");
        }
        health.retry_at = Some(now + RETRY_AFTER);
    }
}
