//! Client-side rate limiting per API, with `governor`.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use im_proto::{Api, ApiMap};
use parking_lot::Mutex;

use crate::clock::Clock;

/// A GCRA limiter on the client's clock, and the queue of its waiters.
///
/// Waiters take turns (a fair async mutex): only the first one sleeps until the next cell, so
/// a bulk job's 64 tasks do not all wake at every cell to find that one of them won it.
struct Limiter {
    gcra: RateLimiter<NotKeyed, InMemoryState, Clock, NoOpMiddleware<Duration>>,
    turn: tokio::sync::Mutex<()>,
}

/// Calls per second allowed per API; `None` turns an API's limiter off.
///
/// The defaults are the documented limits ([`Metadata::default_calls_per_second`], the lower
/// figure where sources disagree; `docs/api.md` lists them). Apps whose limit was raised in the
/// console can set higher figures. Calls through [`Client::call_raw`](crate::Client::call_raw)
/// to other APIs share a per-path limiter at [`RateLimits::raw`] calls per second.
///
/// [`Metadata::default_calls_per_second`]: im_proto::Metadata::default_calls_per_second
///
/// # Examples
///
/// ```
/// use im_accounts::RateLimits;
/// use im_proto::Api;
///
/// let limits = RateLimits::default().set(Api::MultiaccountImport, Some(200));
/// assert_eq!(limits.get(Api::MultiaccountImport), Some(200));
/// assert_eq!(limits.get(Api::Kick), Some(200));
/// assert_eq!(RateLimits::off().get(Api::Kick), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimits {
    per_api: ApiMap<Option<u32>>,
    raw: Option<u32>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            per_api: ApiMap::from_fn(|api| Some(api.metadata().default_calls_per_second)),
            raw: Some(100),
        }
    }
}

impl RateLimits {
    /// No client-side limiting at all (the service will answer 60007 when you go too fast).
    pub fn off() -> Self {
        RateLimits {
            per_api: ApiMap::default(),
            raw: None,
        }
    }

    /// Sets one API's limit (`None`: unlimited). A limit of 0 means unlimited too.
    pub fn set(mut self, api: Api, per_second: Option<u32>) -> Self {
        self.per_api[api] = per_second.filter(|n| *n > 0);
        self
    }

    /// Sets every API's limit to the same figure.
    pub fn all(mut self, per_second: Option<u32>) -> Self {
        for api in Api::ALL {
            self = self.set(api, per_second);
        }
        self
    }

    /// Sets the limit for raw calls to other APIs (per service/command path).
    pub fn raw_limit(mut self, per_second: Option<u32>) -> Self {
        self.raw = per_second.filter(|n| *n > 0);
        self
    }

    /// One API's limit.
    pub fn get(&self, api: Api) -> Option<u32> {
        self.per_api[api]
    }

    /// The limit for raw calls to other APIs.
    pub fn raw(&self) -> Option<u32> {
        self.raw
    }
}

/// A limiter that never lets more than `per_second` calls start in any one-second window.
///
/// GCRA with a burst of `b` admits up to `rate + b - 1` cells in a window of one second. The
/// limiter runs at `per_second - 2` with a burst of 2: at most `per_second - 1` calls in any
/// second by its own clock, which leaves one call of margin for the difference between its
/// clock and the service's, and the spare burst cell absorbs a late timer wake-up (the pace
/// catches up instead of losing the time). The cost is two calls per second of throughput (1 %
/// at 200/s). See docs/ARCHITECTURE.md, "Rate limits".
fn limiter(per_second: u32, clock: Clock) -> Arc<Limiter> {
    let (rate, burst) = match per_second {
        0 | 1 => (1, 1),
        2 | 3 => (per_second - 1, 1),
        _ => (per_second - 2, 2),
    };
    let rate = NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Arc::new(Limiter {
        gcra: RateLimiter::direct_with_clock(Quota::per_second(rate).allow_burst(burst), clock),
        turn: tokio::sync::Mutex::new(()),
    })
}

/// Waits (on tokio's clock, in turn with the other waiters) until `limiter` admits one call.
async fn until_ready(limiter: &Limiter, clock: &Clock) {
    if limiter.gcra.check().is_ok() {
        return;
    }
    let _turn = limiter.turn.lock().await;
    while let Err(not_until) = limiter.gcra.check() {
        let now = governor::clock::Clock::now(clock);
        tokio::time::sleep(not_until.wait_time_from(now)).await;
    }
}

/// The live limiters of one client (shared by its clones).
pub(crate) struct Limiters {
    clock: Clock,
    per_api: ApiMap<Option<Arc<Limiter>>>,
    raw_rate: Option<u32>,
    raw: Mutex<HashMap<String, Arc<Limiter>>>,
}

impl Limiters {
    pub(crate) fn new(limits: &RateLimits, clock: Clock) -> Self {
        Limiters {
            clock,
            per_api: limits
                .per_api
                .clone()
                .map(|_, rate| rate.map(|r| limiter(r, clock))),
            raw_rate: limits.raw,
            raw: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until a call to `api` is allowed.
    pub(crate) async fn acquire(&self, api: Api) {
        if let Some(limiter) = &self.per_api[api] {
            until_ready(limiter, &self.clock).await;
        }
    }

    /// Waits until a raw call to `path` is allowed.
    pub(crate) async fn acquire_raw(&self, path: &str) {
        let Some(rate) = self.raw_rate else { return };
        let limiter = self
            .raw
            .lock()
            .entry(path.to_owned())
            .or_insert_with(|| limiter(rate, self.clock))
            .clone();
        until_ready(&limiter, &self.clock).await;
    }
}

impl std::fmt::Debug for Limiters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiters").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However the calls are timed, no window of one second admits more than the limit.
    #[tokio::test(start_paused = true)]
    async fn no_one_second_window_exceeds_the_limit() {
        let per_second = 50;
        let clock = Clock::new();
        let limiter = limiter(per_second, clock);
        let started = tokio::time::Instant::now();
        let mut times = Vec::new();
        while times.len() < 120 {
            until_ready(&limiter, &clock).await;
            times.push(started.elapsed());
            // Calls arrive at uneven moments, as they do.
            if times.len() % 7 == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(13)).await;
            }
        }
        for (i, t) in times.iter().enumerate() {
            let window_end = *t + std::time::Duration::from_secs(1);
            let in_window = times[i..].iter().take_while(|u| **u < window_end).count();
            assert!(
                in_window <= per_second as usize,
                "{in_window} calls in a second"
            );
        }
    }
}
