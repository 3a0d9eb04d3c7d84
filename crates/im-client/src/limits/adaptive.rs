//! Adaptive slow-down (AIMD): a throttled answer lowers an API's effective rate, calm raises
//! it back, so that a client converges below the service's real limit even when other
//! traffic shares it.
//!
//! - **Decrease** (at most once a second, however many throttled answers a second brings):
//!   the rate times 0.7, and the ceiling it may climb back to becomes 0.9 of the rate at which
//!   the throttling happened (never above the previous ceiling).
//! - **Increase**: each second without a throttled answer, the rate grows by a twentieth of
//!   the configured rate (at least 1), up to the ceiling.
//! - **Recovery**: each 30 s without a throttled answer, the ceiling grows by 1 % (at least 1),
//!   up to the configured rate, so a limit that was raised (or traffic that went away) is
//!   found again.
//!
//! Each decrease lowers the ceiling, so the oscillation dies out below the real limit: the
//! throttled answers stop.

use std::time::Duration;

use parking_lot::Mutex;
use tokio::time::Instant;

const DECREASE: f64 = 0.7;
const CEILING_AFTER_THROTTLE: f64 = 0.9;
const STEP_EVERY: Duration = Duration::from_secs(1);
const RECOVER_EVERY: Duration = Duration::from_secs(30);

/// One API's adaptive rate.
#[derive(Debug)]
pub(crate) struct Adaptive {
    configured: u32,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    effective: f64,
    ceiling: f64,
    last_decrease: Option<Instant>,
    last_increase: Instant,
    last_recovery: Instant,
    decreases: u64,
}

impl Adaptive {
    pub(crate) fn new(configured: u32, now: Instant) -> Self {
        let rate = f64::from(configured.max(1));
        Adaptive {
            configured: configured.max(1),
            state: Mutex::new(State {
                effective: rate,
                ceiling: rate,
                last_decrease: None,
                last_increase: now,
                last_recovery: now,
                decreases: 0,
            }),
        }
    }

    /// The rate to use now, calls per second.
    pub(crate) fn effective(&self) -> u32 {
        self.state.lock().effective.floor().max(1.0) as u32
    }

    /// How many times the rate was lowered.
    pub(crate) fn decreases(&self) -> u64 {
        self.state.lock().decreases
    }

    /// Learns from one answer at `now`: throttled or not.
    pub(crate) fn observe(&self, throttled: bool, now: Instant) {
        let mut s = self.state.lock();
        if throttled {
            let recent = s
                .last_decrease
                .is_some_and(|at| now.duration_since(at) < STEP_EVERY);
            if !recent {
                s.ceiling = (s.ceiling.min(s.effective) * CEILING_AFTER_THROTTLE).max(1.0);
                s.effective = (s.effective * DECREASE).max(1.0);
                s.last_decrease = Some(now);
                s.last_increase = now;
                s.last_recovery = now;
                s.decreases += 1;
            }
            return;
        }
        let configured = f64::from(self.configured);
        if now.duration_since(s.last_recovery) >= RECOVER_EVERY && s.ceiling < configured {
            s.ceiling = (s.ceiling + (s.ceiling / 100.0).max(1.0)).min(configured);
            s.last_recovery = now;
        }
        if now.duration_since(s.last_increase) >= STEP_EVERY && s.effective < s.ceiling {
            let step = (configured / 20.0).max(1.0);
            s.effective = (s.effective + step).min(s.ceiling);
            s.last_increase = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service that throttles every call above `limit` per second: the adaptive rate ends
    /// below it, and stays there.
    #[test]
    fn converges_below_the_real_limit_and_stops_being_throttled() {
        let start = Instant::now();
        let adaptive = Adaptive::new(200, start);
        let limit = 50;
        let mut throttled_seconds = Vec::new();
        for second in 0..120u64 {
            let now = start + Duration::from_secs(second);
            let rate = adaptive.effective();
            let throttled = rate > limit;
            adaptive.observe(throttled, now);
            // The other calls of that second.
            adaptive.observe(throttled, now + Duration::from_millis(500));
            if throttled {
                throttled_seconds.push(second);
            }
        }
        let last = *throttled_seconds.last().unwrap();
        assert!(
            last < 60,
            "still throttled at {last} s: {throttled_seconds:?}"
        );
        let rate = adaptive.effective();
        assert!(rate <= limit && rate >= limit * 3 / 4, "{rate}");
    }

    #[test]
    fn one_decrease_per_second_and_never_above_the_configured_rate() {
        let start = Instant::now();
        let adaptive = Adaptive::new(100, start);
        for ms in 0..10 {
            adaptive.observe(true, start + Duration::from_millis(ms * 50));
        }
        assert_eq!(adaptive.decreases(), 1);
        assert_eq!(adaptive.effective(), 70);
        for second in 1..400 {
            adaptive.observe(false, start + Duration::from_secs(second));
        }
        assert_eq!(
            adaptive.effective(),
            100,
            "recovered to the configured rate"
        );
        let low = Adaptive::new(1, start);
        low.observe(true, start);
        assert_eq!(low.effective(), 1);
    }
}
