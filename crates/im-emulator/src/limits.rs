//! The emulator's rate limit per API: a GCRA limiter with a burst of one second, on tokio's
//! clock (a paused test runtime controls it); and the quotas of a minute or a day, counted in
//! fixed windows of the emulator's clock.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use im_proto::{Api, Per, QuotaCount};
use parking_lot::Mutex;
use tokio::time::Instant;

/// Tokio's time since the limiter was made, as governor reads it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokioClock(Instant);

impl governor::clock::Clock for TokioClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Duration>>;

/// One API's rate limit and its limiter.
#[derive(Debug)]
pub(crate) struct Limit {
    pub(crate) per_second: Option<u32>,
    /// `None` with `per_second` `Some(0)`: everything is throttled.
    limiter: Option<Arc<Limiter>>,
}

impl Limit {
    pub(crate) fn new(per_second: Option<u32>) -> Self {
        let limiter = per_second.and_then(NonZeroU32::new).map(|n| {
            let quota = Quota::per_second(n).allow_burst(n);
            Arc::new(RateLimiter::direct_with_clock(
                quota,
                TokioClock(Instant::now()),
            ))
        });
        Limit {
            per_second,
            limiter,
        }
    }

    /// Whether one more call is allowed now.
    pub(crate) fn admit(&self) -> bool {
        match (&self.limiter, self.per_second) {
            (Some(limiter), _) => limiter.check().is_ok(),
            (None, Some(0)) => false,
            (None, _) => true,
        }
    }
}

/// One quota of a period longer than a second (the table's per-minute and per-day quotas), on
/// the emulator's clock: a fixed window (the minute, or the day at the quota's UTC offset),
/// counting calls or, for a quota counted per item, the items of each call.
#[derive(Debug)]
pub(crate) struct Window {
    pub(crate) per: Per,
    pub(crate) counts: QuotaCount,
    /// `None`: not enforced.
    pub(crate) limit: Option<u32>,
    /// The window's index and what it has used.
    used: Mutex<(u64, u64)>,
}

impl Window {
    pub(crate) fn new(per: Per, counts: QuotaCount, limit: Option<u32>) -> Self {
        Window {
            per,
            counts,
            limit,
            used: Mutex::new((0, 0)),
        }
    }

    /// The index of the window holding `now` (Unix seconds).
    fn index(&self, now: u64) -> u64 {
        match self.per {
            Per::Day { utc_offset_minutes } => {
                let offset = i64::from(utc_offset_minutes) * 60;
                now.saturating_add_signed(offset) / 86_400
            }
            Per::Minute => now / 60,
            _ => now,
        }
    }

    /// What one call of `items` items uses of this quota.
    fn weight(&self, items: u64) -> u64 {
        match self.counts {
            QuotaCount::Items => items,
            _ => 1,
        }
    }

    /// The window's name in an answer's text.
    fn period(&self) -> &'static str {
        match self.per {
            Per::Minute => "a minute",
            Per::Day { .. } => "a day",
            _ => "a second",
        }
    }
}

/// One API's quotas longer than a second.
#[derive(Debug, Default)]
pub(crate) struct Windows(pub(crate) Vec<Window>);

impl Windows {
    /// The declared quotas of `api` longer than a second, each at its declared limit.
    pub(crate) fn declared(api: Api) -> Self {
        let quotas = api.metadata().quotas.iter();
        let longer = quotas.filter(|q| !matches!(q.per, Per::Second));
        Windows(
            longer
                .map(|q| Window::new(q.per, q.counts, Some(q.limit)))
                .collect(),
        )
    }

    /// Sets the limit of the quota of period `per` (`None`: not enforced), adding one when
    /// the API declares none of that period (counting items when the API has an item list),
    /// and starts its count over.
    pub(crate) fn set(&mut self, api: Api, per: Per, limit: Option<u32>) {
        match self.0.iter_mut().find(|w| w.per == per) {
            Some(window) => {
                window.limit = limit;
                *window.used.get_mut() = (0, 0);
            }
            None => {
                let counts = if api.metadata().items.is_some() {
                    QuotaCount::Items
                } else {
                    QuotaCount::Calls
                };
                self.0.push(Window::new(per, counts, limit));
            }
        }
    }

    /// Every quota: its period, what it counts, its limit.
    pub(crate) fn limits(&self) -> Vec<(Per, QuotaCount, Option<u32>)> {
        self.0.iter().map(|w| (w.per, w.counts, w.limit)).collect()
    }

    /// Whether any quota counts items (the caller then counts a call's items).
    pub(crate) fn counts_items(&self) -> bool {
        self.0
            .iter()
            .any(|w| w.limit.is_some() && w.counts == QuotaCount::Items)
    }

    /// Takes one call of `items` items at `now` from every quota, or from none when one of
    /// them has no room left: then the text of the refusal.
    pub(crate) fn admit(&self, now: u64, items: u64) -> Result<(), String> {
        let mut guards: Vec<_> = self.0.iter().map(|w| (w, w.used.lock())).collect();
        for (window, used) in &mut guards {
            let index = window.index(now);
            if used.0 != index {
                **used = (index, 0);
            }
            if let Some(limit) = window.limit
                && used.1 + window.weight(items) > u64::from(limit)
            {
                let unit = match window.counts {
                    QuotaCount::Items => "items",
                    _ => "calls",
                };
                return Err(format!(
                    "over the quota of {limit} {unit} {}",
                    window.period()
                ));
            }
        }
        for (window, used) in &mut guards {
            used.1 += window.weight(items);
        }
        Ok(())
    }
}
