//! One endpoint's calls-per-second budget, and what the limiters share with other processes: a
//! leaf of `limits`, built by `endpoint.rs` and paced by `limits.rs`.

use im_proto::Metadata;

use super::adaptive::Adaptive;
use super::local::Local;
#[cfg(feature = "redis")]
use super::store::RateStore;
use crate::clock::Clock;

/// One endpoint's calls-per-second budget: its adaptive rate, its local limiter (the fallback,
/// with a store) and, with a store, what it shares.
pub(crate) struct Budget {
    pub(super) adaptive: Adaptive,
    pub(super) local: Local,
    #[cfg(feature = "redis")]
    pub(super) shared: Option<SharedBudget>,
}

/// One API's part of the shared budget: its key, this process' own pace when it is below the
/// shared rate, and the turn of this process' reservations.
#[cfg(feature = "redis")]
pub(super) struct SharedBudget {
    pub(super) key: String,
    pub(super) own: Option<(u32, Local)>,
    /// One reservation at a time per process and API: the key is never more than one cell
    /// per process ahead of Redis' clock, so a longer wait is a fault.
    pub(super) turn: tokio::sync::Mutex<()>,
}

impl Budget {
    /// The budget of `meta`'s endpoint at `rate` calls per second.
    #[cfg_attr(not(feature = "redis"), allow(unused_variables))]
    pub(super) fn new(meta: &Metadata, rate: u32, clock: Clock, shared: &Shared) -> Budget {
        let now = clock.now();
        #[cfg(feature = "redis")]
        if let Some(store) = &shared.store {
            // The shared key runs at the API's limit: the documented one, or a higher figure
            // given for an app whose limit was raised. A lower figure is this process' own
            // pace only.
            let budget = rate.max(meta.default_calls_per_second);
            return Budget {
                adaptive: Adaptive::new(budget, now),
                local: Local::new(budget, clock),
                shared: Some(SharedBudget {
                    key: store.key(shared.sdkappid, &meta.path()),
                    own: (rate < budget).then(|| (rate, Local::new(rate, clock))),
                    turn: tokio::sync::Mutex::new(()),
                }),
            };
        }
        Budget {
            adaptive: Adaptive::new(rate, now),
            local: Local::new(rate, clock),
            #[cfg(feature = "redis")]
            shared: None,
        }
    }

    /// The rate calls go at now: the adaptive one, or this process' own where lower.
    pub(super) fn effective(&self) -> u32 {
        let rate = self.adaptive.effective();
        #[cfg(feature = "redis")]
        if let Some((own, _)) = self.shared.as_ref().and_then(|s| s.own.as_ref()) {
            return rate.min(*own);
        }
        rate
    }
}

/// `share` of `rate` (in (0, 1]), at least 1.
#[cfg(feature = "redis")]
pub(super) fn share_of(rate: u32, share: f64) -> u32 {
    let share = share.clamp(f64::MIN_POSITIVE, 1.0);
    (f64::from(rate) * share).floor().max(1.0) as u32
}

/// What the limiters share with other processes: nothing, or a store.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shared {
    #[cfg(feature = "redis")]
    pub(crate) sdkappid: u64,
    #[cfg(feature = "redis")]
    pub(crate) store: Option<RateStore>,
}
