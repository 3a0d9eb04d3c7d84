//! The emulator's rate limit per API: a GCRA limiter with a burst of one second, on tokio's
//! clock (a paused test runtime controls it).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
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
