//! Client-side rate limiting per API: the configured rates ([`RateLimits`]), adapted to
//! throttled answers (`adaptive.rs`), paced in process (`local.rs`, governor) or by a budget
//! shared with other processes (`store.rs`, Redis, feature `redis`; `redact.rs` masks the
//! credentials of its URLs).

use std::collections::HashMap;
use std::sync::Arc;
#[cfg(feature = "redis")]
use std::time::Duration;

use im_proto::{Api, ApiMap};
use parking_lot::Mutex;

use crate::clock::Clock;

mod adaptive;
mod local;
#[cfg(feature = "redis")]
mod redact;
#[cfg(feature = "redis")]
mod store;

use adaptive::Adaptive;
use local::{Limiter, Local, limiter, until_ready};
#[cfg(feature = "redis")]
pub use redact::RedactedStoreUrl;
#[cfg(feature = "redis")]
pub use store::{RateFallback, RateStore, RateStoreError, RateStoreEvent, RateStoreStats};

/// Calls per second allowed per API; `None` turns an API's limiter off.
///
/// The defaults are the documented limits ([`Metadata::default_calls_per_second`], the lower
/// figure where sources disagree; `docs/api.md` lists them). Apps whose limit was raised in the
/// console can set higher figures. Calls through [`Client::call_raw`](crate::Client::call_raw)
/// to other APIs share a per-path limiter at [`RateLimits::raw`] calls per second.
///
/// With a budget shared in Redis (`ClientBuilder::rate_store`, feature `redis`), the shared
/// key of an API runs at its documented limit, or at this figure where it is higher (an app
/// whose limit was raised: give every process the same figure); a figure below the documented
/// limit paces only this process and never slows the others sharing the key.
///
/// [`Metadata::default_calls_per_second`]: im_proto::Metadata::default_calls_per_second
///
/// # Examples
///
/// ```
/// use im_client::RateLimits;
/// use im_proto::Api;
///
/// let (raised, other) = (Api::ALL[0], Api::ALL[1]);
/// let limits = RateLimits::default().set(raised, Some(500));
/// assert_eq!(limits.get(raised), Some(500));
/// let documented = other.metadata().default_calls_per_second;
/// assert_eq!(limits.get(other), Some(documented));
/// assert_eq!(RateLimits::off().get(other), None);
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

/// One API's budget: its adaptive rate, its local limiter (the fallback, with a store) and,
/// with a store, what it shares.
struct Budget {
    adaptive: Adaptive,
    local: Local,
    #[cfg(feature = "redis")]
    shared: Option<SharedBudget>,
}

/// One API's part of the shared budget: its key, this process' own pace when it is below the
/// shared rate, and the turn of this process' reservations.
#[cfg(feature = "redis")]
struct SharedBudget {
    key: String,
    own: Option<(u32, Local)>,
    /// One reservation at a time per process and API: the key is never more than one cell
    /// per process ahead of Redis' clock, so a longer wait is a fault.
    turn: tokio::sync::Mutex<()>,
}

/// The live limiters of one client (shared by its clones).
pub(crate) struct Limiters {
    clock: Clock,
    per_api: ApiMap<Option<Budget>>,
    raw_rate: Option<u32>,
    raw: Mutex<HashMap<String, Arc<Limiter>>>,
    #[cfg(feature = "redis")]
    store: Option<RateStore>,
}

impl Limiters {
    pub(crate) fn new(limits: &RateLimits, clock: Clock, shared: Shared) -> Self {
        let now = clock.now();
        #[cfg(not(feature = "redis"))]
        let _ = shared;
        #[cfg_attr(not(feature = "redis"), allow(unused_variables))]
        let budget = |api: Api, rate: u32| {
            #[cfg(feature = "redis")]
            if let Some(store) = &shared.store {
                // The shared key runs at the API's limit: the documented one, or a higher
                // figure given for an app whose limit was raised. A lower figure is this
                // process' own pace only.
                let budget = rate.max(api.metadata().default_calls_per_second);
                return Budget {
                    adaptive: Adaptive::new(budget, now),
                    local: Local::new(budget, clock),
                    shared: Some(SharedBudget {
                        key: store.key(shared.sdkappid, &api.metadata().path()),
                        own: (rate < budget).then(|| (rate, Local::new(rate, clock))),
                        turn: tokio::sync::Mutex::new(()),
                    }),
                };
            }
            Budget {
                adaptive: Adaptive::new(rate, now),
                local: Local::new(rate, clock),
                #[cfg(feature = "redis")]
                shared: None,
            }
        };
        Limiters {
            clock,
            per_api: limits
                .per_api
                .clone()
                .map(|api, rate| rate.map(|r| budget(api, r))),
            raw_rate: limits.raw,
            raw: Mutex::new(HashMap::new()),
            #[cfg(feature = "redis")]
            store: shared.store,
        }
    }

    /// Waits until a call to `api` is allowed: `false` when it may not be sent at all (the
    /// shared budget is required and its store cannot be used).
    pub(crate) async fn acquire(&self, api: Api) -> bool {
        let Some(budget) = &self.per_api[api] else {
            return true;
        };
        #[cfg(feature = "redis")]
        if let (Some(store), Some(shared)) = (&self.store, &budget.shared) {
            return shared_acquire(store, budget, shared).await;
        }
        budget.local.acquire(budget.adaptive.effective()).await;
        true
    }

    /// Learns from an answer of `api`: throttled or not (the adaptive rate).
    pub(crate) fn observe(&self, api: Api, throttled: bool) {
        if let Some(budget) = &self.per_api[api] {
            budget.adaptive.observe(throttled, self.clock.now());
        }
    }

    /// Each API's rate now (lowered by throttled answers, or this process' own pace where it
    /// is lower), for the APIs that are limited.
    pub(crate) fn effective_rates(&self) -> Vec<(Api, u32)> {
        self.per_api
            .iter()
            .filter_map(|(api, b)| b.as_ref().map(|b| (api, b.effective())))
            .collect()
    }

    /// How many times a throttled answer lowered a rate, over all APIs.
    pub(crate) fn decreases(&self) -> u64 {
        self.per_api
            .iter()
            .filter_map(|(_, b)| b.as_ref())
            .map(|b| b.adaptive.decreases())
            .sum()
    }

    /// The store's (round trips, fallbacks); zeros without one.
    pub(crate) fn store_stats(&self) -> (u64, u64) {
        #[cfg(feature = "redis")]
        if let Some(store) = &self.store {
            let stats = store.stats();
            return (stats.round_trips, stats.fallbacks);
        }
        (0, 0)
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

impl Budget {
    /// The rate calls go at now: the adaptive one, or this process' own where lower.
    fn effective(&self) -> u32 {
        let rate = self.adaptive.effective();
        #[cfg(feature = "redis")]
        if let Some((own, _)) = self.shared.as_ref().and_then(|s| s.own.as_ref()) {
            return rate.min(*own);
        }
        rate
    }
}

/// A call paced by this process' own pace (if lower) and then by the shared budget, or by the
/// fallback when the store cannot be used: `false` when the policy says not to send.
#[cfg(feature = "redis")]
async fn shared_acquire(store: &RateStore, budget: &Budget, shared: &SharedBudget) -> bool {
    if let Some((rate, own)) = &shared.own {
        own.acquire(*rate).await;
    }
    let turn = shared.turn.lock().await;
    loop {
        let rate = budget.adaptive.effective();
        if let Some(wait) = store.reserve(&shared.key, rate).await {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            return true;
        }
        match store.fallback_policy() {
            RateFallback::Wait => {
                tokio::time::sleep(store.retry_in().max(Duration::from_millis(100))).await;
            }
            RateFallback::Local { share } => {
                drop(turn);
                let share = share.clamp(f64::MIN_POSITIVE, 1.0);
                let local = (f64::from(rate) * share).floor().max(1.0) as u32;
                budget.local.acquire(local).await;
                return true;
            }
            RateFallback::Fail => return false,
        }
    }
}

/// What the limiters share with other processes: nothing, or a store.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shared {
    #[cfg(feature = "redis")]
    pub(crate) sdkappid: u64,
    #[cfg(feature = "redis")]
    pub(crate) store: Option<RateStore>,
}

impl std::fmt::Debug for Limiters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiters").finish_non_exhaustive()
    }
}
