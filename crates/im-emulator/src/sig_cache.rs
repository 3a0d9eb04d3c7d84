//! Verified UserSigs by their string, so each request need not inflate and HMAC again.

use parking_lot::Mutex;
use std::collections::HashMap;

/// What the cache remembers of a UserSig that verified (signature and all).
#[derive(Clone, Debug)]
pub(crate) struct Verified {
    pub(crate) identifier: String,
    pub(crate) time: u64,
    /// `time + expire`: valid while `now <= deadline`.
    pub(crate) deadline: u64,
}

/// Verified UserSigs by their string, so each request need not inflate and HMAC again.
///
/// Only successes are cached; the identifier, expiry and revocation are still checked on every
/// request. The key is fixed for the emulator's lifetime, so an entry never goes stale. When
/// full, the cache is emptied (simple, and a refill costs one verification per UserSig).
#[derive(Debug)]
pub(crate) struct SigCache {
    map: Mutex<HashMap<Box<str>, Verified>>,
    capacity: usize,
}

impl SigCache {
    pub(crate) fn new(capacity: usize) -> Self {
        SigCache {
            map: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    pub(crate) fn get(&self, usersig: &str) -> Option<Verified> {
        self.map.lock().get(usersig).cloned()
    }

    pub(crate) fn insert(&self, usersig: &str, verified: Verified) {
        if self.capacity == 0 {
            return;
        }
        let mut map = self.map.lock();
        if map.len() >= self.capacity {
            map.clear();
        }
        map.insert(usersig.into(), verified);
    }

    pub(crate) fn clear(&self) {
        self.map.lock().clear();
    }
}
