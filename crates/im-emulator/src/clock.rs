//! The emulator's clock: the system clock plus an offset, or a pinned time.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) const NOT_FIXED: u64 = u64::MAX;

/// The emulator's clock: the system clock plus an offset, or a pinned time.
#[derive(Debug)]
pub(crate) struct Clock {
    pub(crate) offset: AtomicI64,
    pub(crate) fixed: AtomicU64,
}

impl Clock {
    pub(crate) fn now(&self) -> u64 {
        let fixed = self.fixed.load(Ordering::Relaxed);
        if fixed != NOT_FIXED {
            return fixed;
        }
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let offset = self.offset.load(Ordering::Relaxed);
        system.saturating_add_signed(offset)
    }
}
