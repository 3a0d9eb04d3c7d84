//! The quotas of a second or a minute other than the calls-per-second rate (items per minute,
//! calls per minute, items per second): a weighted GCRA limiter each, a call taking one cell
//! per call or one per item.
//!
//! A quota of `L` per period runs at `L - b` cells per period with a burst of `b`, the largest
//! call (the endpoint's item maximum for a quota of items, 2 for one of calls) but at most
//! `L - 1`: GCRA admits at most `rate + burst - 1` cells in any window of one period, so no
//! window sees more than `L - 1` by the limiter's clock, the margin the calls-per-second
//! limiter keeps too. A call of more items than the burst (a quota below the item maximum)
//! can never be admitted: it is refused ([`QuotaError::TooLarge`]). A call of more items than
//! the declared maximum (sent unchecked: the service refuses it for its size) counts as the
//! largest call.

use std::sync::Arc;
use std::time::Duration;

use im_proto::{Per, Quota, QuotaCount};

use super::local::{Limiter, until_n_ready, weighted};
use crate::clock::Clock;
use crate::error::QuotaError;

/// `(rate, burst)` in cells per period for a quota of `limit` whose largest call takes
/// `largest` cells.
pub(crate) fn window_parameters(limit: u32, largest: u32) -> (u32, u32) {
    let burst = largest.max(2).min(limit.saturating_sub(1)).max(1);
    let rate = limit.saturating_sub(burst).max(1);
    (rate, burst)
}

/// One quota of a second or a minute, as enforced.
#[cfg_attr(
    not(feature = "redis"),
    allow(
        dead_code,
        reason = "the shared store's reservations read the period and rate"
    )
)]
pub(crate) struct Window {
    pub(crate) quota: Quota,
    pub(crate) period: Duration,
    pub(crate) rate: u32,
    pub(crate) burst: u32,
    /// The most items of a call the service processes (the declared maximum).
    max_items: u32,
    local: Arc<Limiter>,
    /// This process' limiter when a shared store does not answer (at its share of the rate).
    #[cfg(feature = "redis")]
    pub(crate) fallback: Option<Arc<Limiter>>,
    /// The shared store's key and this process' turn of its reservations.
    #[cfg(feature = "redis")]
    pub(crate) shared: Option<(String, tokio::sync::Mutex<()>)>,
}

impl Window {
    /// The limiter of `quota` (a second's or a minute's; `None` for another period), whose
    /// largest call carries `max_items` items.
    pub(crate) fn new(quota: Quota, max_items: usize, clock: Clock) -> Option<Window> {
        let period = match quota.per {
            Per::Second => Duration::from_secs(1),
            Per::Minute => Duration::from_secs(60),
            _ => return None,
        };
        let max_items = u32::try_from(max_items).unwrap_or(u32::MAX);
        let largest = match quota.counts {
            QuotaCount::Items => max_items,
            _ => 1,
        };
        let (rate, burst) = window_parameters(quota.limit, largest);
        Some(Window {
            quota,
            period,
            rate,
            burst,
            max_items,
            local: weighted(period, rate, burst, clock),
            #[cfg(feature = "redis")]
            fallback: None,
            #[cfg(feature = "redis")]
            shared: None,
        })
    }

    /// The cells a call of `items` items takes: its items for a quota of items (the burst for
    /// a call above the declared maximum, which the service refuses for its size), else 1.
    pub(crate) fn cost(&self, items: u32) -> u32 {
        match self.quota.counts {
            QuotaCount::Items if items > self.max_items => self.burst,
            QuotaCount::Items => items,
            _ => 1,
        }
    }

    /// Refuses a call whose cost exceeds the burst: it could never be admitted.
    pub(crate) fn check_size(&self, api: &str, items: u32) -> Result<(), QuotaError> {
        if self.cost(items) <= self.burst {
            return Ok(());
        }
        Err(QuotaError::TooLarge {
            api: api.to_owned(),
            quota: self.quota,
            items: u64::from(items),
            admits: u64::from(self.burst),
        })
    }

    /// Waits until this process' limiter admits the call (`limiter`: the fallback's, if given).
    pub(crate) async fn local(&self, limiter: Option<&Limiter>, items: u32, clock: &Clock) {
        let limiter = limiter.unwrap_or(&self.local);
        // The size was checked: the cost fits the burst.
        let _fits = until_n_ready(limiter, self.cost(items), clock).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_keep_one_of_margin_and_fit_the_largest_call() {
        for (limit, largest, expected) in [
            (12_000, 500, (11_500, 500)),
            (10, 1, (8, 2)),
            (3, 1, (1, 2)),
            (2, 1, (1, 1)),
            (1, 1, (1, 1)),
            (100, 500, (1, 99)),
            (1000, 100, (900, 100)),
        ] {
            let (rate, burst) = window_parameters(limit, largest);
            assert_eq!(
                (rate, burst),
                expected,
                "{limit} per period, calls of {largest}"
            );
            if limit > 1 {
                assert!(
                    rate + burst < limit + 1,
                    "{limit}: at most limit - 1 a window"
                );
            }
        }
    }

    /// Calls of 100 items under 1000 items a minute: no minute sees more than 999 items,
    /// however the calls are timed, and a call of 101 items is refused.
    #[tokio::test(start_paused = true)]
    async fn items_are_weighted_and_no_window_exceeds_the_quota() {
        let clock = Clock::new();
        let quota = Quota::new(1000, Per::Minute, QuotaCount::Items);
        let window = Window::new(quota, 100, clock).unwrap();
        assert!(window.check_size("x/y", 100).is_ok());
        // Above the declared maximum: the service refuses it for its size; it counts as 100.
        assert!(window.check_size("x/y", 101).is_ok());
        assert_eq!(window.cost(101), 100);
        // A quota below the item maximum: a call above what it admits at once is refused.
        let low = Quota::new(50, Per::Minute, QuotaCount::Items);
        let low = Window::new(low, 100, clock).unwrap();
        assert!(low.check_size("x/y", 49).is_ok());
        let err = low.check_size("x/y", 50).unwrap_err();
        assert!(
            matches!(
                err,
                QuotaError::TooLarge {
                    items: 50,
                    admits: 49,
                    ..
                }
            ),
            "{err:?}"
        );
        let started = tokio::time::Instant::now();
        let mut sent = Vec::new();
        for i in 0..40u32 {
            let items = if i % 3 == 0 { 100 } else { 37 };
            window.local(None, items, &clock).await;
            sent.push((started.elapsed(), items));
            if i % 5 == 0 {
                tokio::time::sleep(Duration::from_millis(700)).await;
            }
        }
        for (i, (at, _)) in sent.iter().enumerate() {
            let end = *at + Duration::from_secs(60);
            let in_window: u32 = sent[i..]
                .iter()
                .take_while(|(t, _)| *t < end)
                .map(|(_, n)| n)
                .sum();
            assert!(
                in_window <= 999,
                "{in_window} items in a minute from {at:?}"
            );
        }
        // Weighted: 40 calls of up to 100 items took minutes, not the instant 40 cells would.
        assert!(
            started.elapsed() >= Duration::from_secs(60),
            "{:?}",
            started.elapsed()
        );
    }
}
