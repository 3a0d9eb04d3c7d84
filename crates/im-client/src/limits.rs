//! Client-side limits per endpoint, from its declaration: the calls-per-second rates
//! ([`RateLimits`]) adapted to throttled answers (`adaptive.rs`), the other quotas of a second
//! or a minute (`window.rs`, weighted by items) and of a day (`day.rs`), as configured
//! ([`Quotas`], `quotas.rs`), built per endpoint (`endpoint.rs`); paced in process (`local.rs`,
//! governor) or by a budget shared with other processes (`store.rs`, Redis, feature `redis`;
//! `redact.rs` masks the credentials of its URLs).

use std::collections::HashMap;
use std::sync::Arc;
#[cfg(feature = "redis")]
use std::time::Duration;

use im_proto::{Api, ApiMap, Metadata, Per, QuotaCount};
use parking_lot::Mutex;

use crate::clock::Clock;
use crate::error::QuotaError;

mod adaptive;
mod budget;
mod day;
mod endpoint;
mod local;
mod quotas;
#[cfg(feature = "redis")]
mod redact;
#[cfg(feature = "redis")]
mod store;
mod window;

use budget::Budget;
pub(crate) use budget::Shared;
#[cfg(feature = "redis")]
use budget::{SharedBudget, share_of};
use day::Day;
use endpoint::Context;
pub(crate) use endpoint::EndpointLimits;
use local::{Limiter, limiter, until_ready};
pub use quotas::Quotas;
#[cfg(feature = "redis")]
pub use redact::RedactedStoreUrl;
#[cfg(feature = "redis")]
pub use store::{RateFallback, RateStore, RateStoreError, RateStoreEvent, RateStoreStats};
use window::Window;

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

/// The live limits of one client (shared by its clones): the table's APIs', built at once, and
/// the other endpoints', built from their declarations on their first call.
pub(crate) struct Limiters {
    clock: Clock,
    per_api: ApiMap<Arc<EndpointLimits>>,
    custom: Mutex<HashMap<String, Arc<EndpointLimits>>>,
    quotas: Quotas,
    raw_rate: Option<u32>,
    raw: Mutex<HashMap<String, Arc<Limiter>>>,
    shared: Shared,
}

impl Limiters {
    pub(crate) fn new(limits: &RateLimits, quotas: Quotas, clock: Clock, shared: Shared) -> Self {
        let context = Context {
            clock,
            shared: &shared,
            quotas: &quotas,
        };
        let per_api = ApiMap::from_fn(|api| {
            let meta = api.metadata();
            let rate = quotas
                .setting(meta, Per::Second, QuotaCount::Calls)
                .unwrap_or(limits.get(api));
            Arc::new(context.endpoint(meta, rate))
        });
        Limiters {
            clock,
            per_api,
            custom: Mutex::new(HashMap::new()),
            quotas,
            raw_rate: limits.raw,
            raw: Mutex::new(HashMap::new()),
            shared,
        }
    }

    /// The limits of `meta`'s endpoint: the table API's (unless `meta` declares other quotas
    /// than the table's), else the endpoint's by its path, built on first use.
    pub(crate) fn endpoint(&self, meta: &Metadata) -> Arc<EndpointLimits> {
        if let Some(api) = meta.api {
            let table = api.metadata();
            if table.quotas == meta.quotas && table.max_items == meta.max_items {
                return self.per_api[api].clone();
            }
        }
        let mut custom = self.custom.lock();
        let built = custom.entry(path_key(meta)).or_insert_with(|| {
            let context = Context {
                clock: self.clock,
                shared: &self.shared,
                quotas: &self.quotas,
            };
            let rate = context.custom_rate(meta, self.raw_rate);
            Arc::new(context.endpoint(meta, rate))
        });
        built.clone()
    }

    /// Waits until a call of `items` items may start under `limits`: refused when a quota
    /// refuses it (counting nothing of the day's), `Ok(false)` when it may not be sent at all
    /// (the shared budget is required and its store cannot be used).
    pub(crate) async fn acquire(
        &self,
        limits: &EndpointLimits,
        items: u32,
    ) -> Result<bool, QuotaError> {
        limits.check_size(items)?;
        for day in &limits.days {
            if !self.take_day(limits, day, items).await? {
                return Ok(false);
            }
        }
        if let Some(budget) = &limits.budget
            && !self.pace(budget).await
        {
            return Ok(false);
        }
        for window in &limits.windows {
            if !self.pace_window(window, items).await {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Waits for the calls-per-second budget: `false` when the store it requires cannot be
    /// used.
    async fn pace(&self, budget: &Budget) -> bool {
        #[cfg(feature = "redis")]
        if let (Some(store), Some(shared)) = (&self.shared.store, &budget.shared) {
            return shared_acquire(store, budget, shared).await;
        }
        budget.local.acquire(budget.adaptive.effective()).await;
        true
    }

    /// Waits for a quota of a second or a minute: `false` when the store it requires cannot
    /// be used.
    async fn pace_window(&self, window: &Window, items: u32) -> bool {
        #[cfg(feature = "redis")]
        if let (Some(store), Some((key, turn))) = (&self.shared.store, &window.shared) {
            return shared_window(store, window, key, turn, items, &self.clock).await;
        }
        window.local(None, items, &self.clock).await;
        true
    }

    /// Counts a call against a day's quota: refused when it would go past it, `Ok(false)` when
    /// the store it requires cannot be used.
    async fn take_day(
        &self,
        limits: &EndpointLimits,
        day: &Day,
        items: u32,
    ) -> Result<bool, QuotaError> {
        #[cfg(feature = "redis")]
        if let (Some(store), Some(key)) = (&self.shared.store, &day.key) {
            return shared_day(store, limits, day, key, items, &self.clock).await;
        }
        let unix = i64::try_from(self.clock.unix_now()).unwrap_or(i64::MAX);
        day.take(&limits.api, items, u64::from(day.quota.limit), unix)?;
        Ok(true)
    }

    /// Learns from an answer of an endpoint: throttled or not (the adaptive rate).
    pub(crate) fn observe(&self, limits: &EndpointLimits, throttled: bool) {
        if let Some(budget) = &limits.budget {
            budget.adaptive.observe(throttled, self.clock.now());
        }
    }

    /// Each API's rate now (lowered by throttled answers, or this process' own pace where it
    /// is lower), for the APIs that are limited.
    pub(crate) fn effective_rates(&self) -> Vec<(Api, u32)> {
        self.per_api
            .iter()
            .filter_map(|(api, l)| l.budget.as_ref().map(|b| (api, b.effective())))
            .collect()
    }

    /// How many times a throttled answer lowered a rate, over all endpoints.
    pub(crate) fn decreases(&self) -> u64 {
        let custom = self.custom.lock();
        self.per_api
            .iter()
            .map(|(_, l)| l)
            .chain(custom.values())
            .filter_map(|l| l.budget.as_ref())
            .map(|b| b.adaptive.decreases())
            .sum()
    }

    /// The store's (round trips, fallbacks); zeros without one.
    pub(crate) fn store_stats(&self) -> (u64, u64) {
        #[cfg(feature = "redis")]
        if let Some(store) = &self.shared.store {
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

/// The key of an endpoint outside the table: its path, and the quotas it declares (two
/// declarations of one path with other quotas do not share their limits).
fn path_key(meta: &Metadata) -> String {
    format!("{} {:?} {}", meta.path(), meta.quotas, meta.max_items)
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
            RateFallback::Wait => wait_for(store).await,
            RateFallback::Local { share } => {
                drop(turn);
                budget.local.acquire(share_of(rate, share)).await;
                return true;
            }
            RateFallback::Fail => return false,
        }
    }
}

/// A call's cells of a quota of a second or a minute reserved in the shared store, or paced by
/// the fallback when the store cannot be used: `false` when the policy says not to send.
#[cfg(feature = "redis")]
async fn shared_window(
    store: &RateStore,
    window: &Window,
    key: &str,
    turn: &tokio::sync::Mutex<()>,
    items: u32,
    clock: &Clock,
) -> bool {
    let cost = window.cost(items);
    if cost == 0 {
        return true;
    }
    let cells = store::Cells {
        interval: window.period / window.rate.max(1),
        burst: window.burst,
        cost,
        window: window.period,
    };
    let turn = turn.lock().await;
    loop {
        if let Some(wait) = store.reserve_cells(key, cells).await {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            return true;
        }
        match store.fallback_policy() {
            RateFallback::Wait => wait_for(store).await,
            RateFallback::Local { .. } => {
                drop(turn);
                window.local(window.fallback.as_deref(), items, clock).await;
                return true;
            }
            RateFallback::Fail => return false,
        }
    }
}

/// A call counted against a day's quota in the shared store, or by this process' share of it
/// when the store cannot be used: refused when it would go past it, `Ok(false)` when the
/// policy says not to send.
#[cfg(feature = "redis")]
async fn shared_day(
    store: &RateStore,
    limits: &EndpointLimits,
    day: &Day,
    key: &str,
    items: u32,
    clock: &Clock,
) -> Result<bool, QuotaError> {
    let limit = u64::from(day.quota.limit);
    let unix = || i64::try_from(clock.unix_now()).unwrap_or(i64::MAX);
    loop {
        if let Some(count) = store
            .count_day(key, day.cost(items), limit, day.offset())
            .await
        {
            if !count.admitted {
                return Err(day.exhausted(&limits.api, count.used, day.cost(items), count.ends));
            }
            day.record(items, unix());
            return Ok(true);
        }
        match store.fallback_policy() {
            RateFallback::Wait => wait_for(store).await,
            RateFallback::Local { share } => {
                let share = u64::from(share_of(day.quota.limit, share));
                day.take(&limits.api, items, share, unix())?;
                return Ok(true);
            }
            RateFallback::Fail => return Ok(false),
        }
    }
}

/// Waits until the store is tried again (at least 100 ms).
#[cfg(feature = "redis")]
async fn wait_for(store: &RateStore) {
    tokio::time::sleep(store.retry_in().max(Duration::from_millis(100))).await;
}

impl std::fmt::Debug for Limiters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiters").finish_non_exhaustive()
    }
}
