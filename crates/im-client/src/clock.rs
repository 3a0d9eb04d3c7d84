//! The client's time: tokio's clock, read by the request loop, the rate limiters, the UserSig
//! cache and the bulk engine.
//!
//! Every wait and every elapsed-time budget goes through `tokio::time`, so a test runtime with
//! a paused clock (`#[tokio::test(start_paused = true)]`) controls them all and nothing waits in
//! real time. Unix time (for UserSigs) is the system's, or tokio's time since the client was
//! built added to the system time then, whichever is later: a paused test clock moves it
//! forward, and a monotonic clock that stood still while the machine slept never holds it
//! back.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// The time source of one client (shared by its clones).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    start: Instant,
    start_unix: Duration,
}

impl Clock {
    /// A clock anchored now.
    pub(crate) fn new() -> Self {
        Clock {
            start: Instant::now(),
            start_unix: system_unix(),
        }
    }

    /// Tokio's current instant.
    pub(crate) fn now(&self) -> Instant {
        Instant::now()
    }

    /// The Unix time in seconds.
    pub(crate) fn unix_now(&self) -> u64 {
        let anchored = self.start_unix + self.start.elapsed();
        anchored.max(system_unix()).as_secs()
    }
}

fn system_unix() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// governor reads the same clock: the time since the client was built.
impl governor::clock::Clock for Clock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_paused_clock_moves_unix_time_and_instants() {
        let clock = Clock::new();
        let before = clock.unix_now();
        let at = clock.now();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert_eq!(clock.now() - at, Duration::from_secs(3600));
        assert!(clock.unix_now() >= before + 3600);
        assert!(governor::clock::Clock::now(&clock) >= Duration::from_secs(3600));
    }
}
