//! The emulator's clock: tokio's time since start added to the system time then (so a paused
//! test runtime moves it; never behind the system clock), plus an offset, or a pinned time.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;
use tokio::time::Instant;

/// The emulator's clock.
#[derive(Debug)]
pub(crate) struct Clock {
    start: Instant,
    start_unix: Duration,
    offset: AtomicI64,
    fixed: Mutex<Option<u64>>,
}

impl Clock {
    pub(crate) fn new(offset: i64, fixed: Option<u64>) -> Self {
        Clock {
            start: Instant::now(),
            start_unix: system_unix(),
            offset: AtomicI64::new(offset),
            fixed: Mutex::new(fixed),
        }
    }

    /// The current Unix time in seconds.
    pub(crate) fn now(&self) -> u64 {
        if let Some(fixed) = *self.fixed.lock() {
            return fixed;
        }
        let anchored = self.start_unix + self.start.elapsed();
        let base = anchored.max(system_unix()).as_secs();
        base.saturating_add_signed(self.offset.load(Ordering::Relaxed))
    }

    /// The offset from the system clock, in seconds.
    pub(crate) fn offset(&self) -> i64 {
        self.offset.load(Ordering::Relaxed)
    }

    /// The pinned time, if any.
    pub(crate) fn fixed(&self) -> Option<u64> {
        *self.fixed.lock()
    }

    /// Shifts the clock by `seconds` from the system clock and unpins it.
    pub(crate) fn set_offset(&self, seconds: i64) {
        self.offset.store(seconds, Ordering::Relaxed);
        *self.fixed.lock() = None;
    }

    /// Pins the clock (any `u64` is a time), or unpins it with `None`.
    pub(crate) fn set_fixed(&self, fixed: Option<u64>) {
        *self.fixed.lock() = fixed;
    }
}

fn system_unix() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_time_can_be_pinned() {
        let clock = Clock::new(0, None);
        clock.set_fixed(Some(u64::MAX));
        assert_eq!(clock.now(), u64::MAX);
        assert_eq!(clock.fixed(), Some(u64::MAX));
        clock.set_offset(-10);
        assert_eq!(clock.fixed(), None);
        assert!(clock.now() < u64::MAX);
    }

    #[tokio::test(start_paused = true)]
    async fn a_paused_runtime_moves_the_clock() {
        let clock = Clock::new(0, None);
        let before = clock.now();
        tokio::time::sleep(Duration::from_secs(7200)).await;
        assert!(clock.now() >= before + 7200);
    }
}
