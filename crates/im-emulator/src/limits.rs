//! The emulator's rate limit per API: a GCRA limiter with a burst of one second.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// One API's rate limit and its limiter.
#[derive(Debug)]
pub(crate) struct Limit {
    pub(crate) per_second: Option<u32>,
    /// `None` with `per_second` `Some(0)`: everything is throttled.
    pub(crate) limiter: Option<Arc<DefaultDirectRateLimiter>>,
}

impl Limit {
    pub(crate) fn new(per_second: Option<u32>) -> Self {
        let limiter = per_second
            .and_then(NonZeroU32::new)
            .map(|n| Arc::new(RateLimiter::direct(Quota::per_second(n).allow_burst(n))));
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
