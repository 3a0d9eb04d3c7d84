//! The in-process limiter: governor's GCRA on the client's clock, rebuilt when the adaptive
//! rate changes (at most once a second).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use parking_lot::Mutex;

use crate::clock::Clock;

/// A GCRA limiter on the client's clock, and the queue of its waiters.
///
/// Waiters take turns (a fair async mutex): only the first one sleeps until the next cell, so
/// a bulk job's 64 tasks do not all wake at every cell to find that one of them won it.
pub(crate) struct Limiter {
    gcra: RateLimiter<NotKeyed, InMemoryState, Clock, NoOpMiddleware<Duration>>,
    turn: tokio::sync::Mutex<()>,
}

/// GCRA parameters for "never more than `per_second` calls in any one-second window".
///
/// GCRA with a burst of `b` admits up to `rate + b - 1` cells in a window of one second. The
/// limiter runs at `per_second - 2` with a burst of 2: at most `per_second - 1` calls in any
/// second by its own clock, which leaves one call of margin for the difference between its
/// clock and the service's, and the spare burst cell absorbs a late timer wake-up (the pace
/// catches up instead of losing the time). The cost is two calls per second of throughput (1 %
/// at 200/s). See docs/ARCHITECTURE.md, "Rate limits".
pub(crate) fn gcra_parameters(per_second: u32) -> (u32, u32) {
    match per_second {
        0 | 1 => (1, 1),
        2 | 3 => (per_second - 1, 1),
        _ => (per_second - 2, 2),
    }
}

/// What an API of one call a second keeps between its calls beyond the second: the margin of
/// one call the faster APIs keep would be its whole rate, so it keeps time instead, for a
/// request that reaches the service later than the next one (a listing's two pages a second
/// apart by the client's clock arrived 0.99 s apart and the second was refused).
pub(crate) const ONE_A_SECOND_GUARD: Duration = Duration::from_millis(100);

/// The GCRA emission interval and burst for "never more than `per_second` calls in any
/// one-second window" ([`gcra_parameters`]), [`ONE_A_SECOND_GUARD`] added for 1/s.
pub(crate) fn gcra_interval(per_second: u32) -> (Duration, u32) {
    let (rate, burst) = gcra_parameters(per_second);
    let interval = Duration::from_secs(1) / rate.max(1);
    let guard = if per_second <= 1 {
        ONE_A_SECOND_GUARD
    } else {
        Duration::ZERO
    };
    (interval + guard, burst)
}

/// A limiter that never lets more than `per_second` calls start in any one-second window.
pub(crate) fn limiter(per_second: u32, clock: Clock) -> Arc<Limiter> {
    let (interval, burst) = gcra_interval(per_second);
    weighted(interval, 1, burst, clock)
}

/// A GCRA limiter of `rate` cells per `period` with a burst of `burst` cells.
pub(crate) fn weighted(period: Duration, rate: u32, burst: u32, clock: Clock) -> Arc<Limiter> {
    let interval = (period / rate.max(1)).max(Duration::from_nanos(1));
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(interval)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
        .allow_burst(burst);
    Arc::new(Limiter {
        gcra: RateLimiter::direct_with_clock(quota, clock),
        turn: tokio::sync::Mutex::new(()),
    })
}

/// Waits (on tokio's clock, in turn with the other waiters) until `limiter` admits one call.
pub(crate) async fn until_ready(limiter: &Limiter, clock: &Clock) {
    // One cell always fits the burst.
    let _fits = until_n_ready(limiter, 1, clock).await;
}

/// Waits (on tokio's clock, in turn with the other waiters) until `limiter` admits `cells` at
/// once: `false`, at once, when they exceed its burst and never will be.
pub(crate) async fn until_n_ready(limiter: &Limiter, cells: u32, clock: &Clock) -> bool {
    let Some(cells) = NonZeroU32::new(cells) else {
        return true;
    };
    match limiter.gcra.check_n(cells) {
        Ok(Ok(())) => return true,
        Ok(Err(_)) => {}
        Err(_) => return false,
    }
    let _turn = limiter.turn.lock().await;
    loop {
        match limiter.gcra.check_n(cells) {
            Ok(Ok(())) => return true,
            Ok(Err(not_until)) => {
                let now = governor::clock::Clock::now(clock);
                tokio::time::sleep(not_until.wait_time_from(now)).await;
            }
            Err(_) => return false,
        }
    }
}

/// A limiter whose rate can change: the current rate and its limiter.
pub(crate) struct Local {
    clock: Clock,
    current: Mutex<(u32, Arc<Limiter>)>,
}

impl Local {
    pub(crate) fn new(per_second: u32, clock: Clock) -> Self {
        Local {
            clock,
            current: Mutex::new((per_second, limiter(per_second, clock))),
        }
    }

    /// Waits for a call at `per_second` (a new rate replaces the limiter).
    pub(crate) async fn acquire(&self, per_second: u32) {
        let limiter = {
            let mut current = self.current.lock();
            if current.0 != per_second {
                *current = (per_second, limiter(per_second, self.clock));
            }
            current.1.clone()
        };
        until_ready(&limiter, &self.clock).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API of one call a second is paced a second and the guard apart.
    #[tokio::test(start_paused = true)]
    async fn one_call_a_second_keeps_the_guard() {
        let clock = Clock::new();
        let limiter = limiter(1, clock);
        let started = tokio::time::Instant::now();
        for _ in 0..3 {
            until_ready(&limiter, &clock).await;
        }
        let paced = 2 * (Duration::from_secs(1) + ONE_A_SECOND_GUARD);
        assert!(started.elapsed() >= paced, "{:?}", started.elapsed());
        assert_eq!(gcra_interval(2), (Duration::from_secs(1), 1));
        assert_eq!(gcra_interval(200), (Duration::from_secs(1) / 198, 2));
    }

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
