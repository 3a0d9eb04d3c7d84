//! The limits of one endpoint, built from its declaration: its calls-per-second budget (adaptive,
//! `Budget`), its other quotas of a second or a minute (`Window`) and of a day (`Day`).

use im_proto::{Metadata, Per, QuotaCount};

use super::budget::{Budget, Shared};
use super::day::Day;
use super::quotas::{Period, Quotas, path_of};
use super::window::Window;
use crate::clock::Clock;
use crate::error::QuotaError;

/// What one endpoint's calls go through before they are sent.
pub(crate) struct EndpointLimits {
    /// `service/command`, as quota errors name it.
    pub(crate) api: String,
    /// The calls-per-second rate (none: not limited).
    pub(crate) budget: Option<Budget>,
    /// The other quotas of a second or a minute.
    pub(crate) windows: Vec<Window>,
    /// The quotas of a day.
    pub(crate) days: Vec<Day>,
}

/// What building an endpoint's limits needs.
pub(crate) struct Context<'a> {
    pub(crate) clock: Clock,
    pub(crate) shared: &'a Shared,
    pub(crate) quotas: &'a Quotas,
}

impl Context<'_> {
    /// The limits of `meta`'s endpoint, whose calls per second go at `rate` (none: not
    /// limited).
    pub(crate) fn endpoint(&self, meta: &Metadata, rate: Option<u32>) -> EndpointLimits {
        let mut limits = EndpointLimits {
            api: path_of(meta),
            budget: rate.map(|rate| Budget::new(meta, rate, self.clock, self.shared)),
            windows: Vec::new(),
            days: Vec::new(),
        };
        for quota in self.quotas.enforced(meta) {
            let period = Period::of(quota.per);
            if period == Some(Period::Second) && quota.counts == QuotaCount::Calls {
                // The budget's.
                continue;
            }
            if let Some(window) = Window::new(quota, meta.max_items, self.clock) {
                #[cfg(feature = "redis")]
                let window = self.share_window(meta, window);
                limits.windows.push(window);
            } else if let Some(day) = Day::new(quota) {
                #[cfg(feature = "redis")]
                let day = self.share_day(meta, day);
                limits.days.push(day);
            }
        }
        limits
    }

    /// The calls per second of an endpoint outside the table: its declared quota as enforced,
    /// else `raw` (as a raw call to its path).
    pub(crate) fn custom_rate(&self, meta: &Metadata, raw: Option<u32>) -> Option<u32> {
        meta.quotas
            .iter()
            .find(|q| q.per == Per::Second && q.counts == QuotaCount::Calls)
            .and_then(|q| self.quotas.limit(meta, q))
            .or(raw)
    }

    /// `window`, with its key in the shared store and its fallback limiter, if there is one.
    #[cfg(feature = "redis")]
    fn share_window(&self, meta: &Metadata, mut window: Window) -> Window {
        if let Some(store) = &self.shared.store {
            let key = format!(
                "{}:{}",
                store.key(self.shared.sdkappid, &meta.path()),
                suffix(&window.quota)
            );
            window.shared = Some((key, tokio::sync::Mutex::new(())));
            if let super::RateFallback::Local { share } = store.fallback_policy() {
                let rate = super::budget::share_of(window.rate, share);
                let limiter = super::local::weighted(window.period, rate, window.burst, self.clock);
                window.fallback = Some(limiter);
            }
        }
        window
    }

    /// `day`, with its key in the shared store, if there is one.
    #[cfg(feature = "redis")]
    fn share_day(&self, meta: &Metadata, mut day: Day) -> Day {
        if let Some(store) = &self.shared.store {
            let key = store.key(self.shared.sdkappid, &meta.path());
            day.key = Some(format!("{key}:{}", suffix(&day.quota)));
        }
        day
    }
}

/// The part of a quota's store key after the endpoint's: `minute-items`, `day-calls`.
#[cfg(feature = "redis")]
fn suffix(quota: &im_proto::Quota) -> String {
    let per = match Period::of(quota.per) {
        Some(Period::Second) => "second",
        Some(Period::Minute) => "minute",
        Some(Period::Day) => "day",
        None => "period",
    };
    let counts = match quota.counts {
        QuotaCount::Items => "items",
        _ => "calls",
    };
    format!("{per}-{counts}")
}

impl EndpointLimits {
    /// Refuses a call that carries more items than a quota admits at once.
    pub(crate) fn check_size(&self, items: u32) -> Result<(), QuotaError> {
        self.windows
            .iter()
            .try_for_each(|window| window.check_size(&self.api, items))
    }
}
