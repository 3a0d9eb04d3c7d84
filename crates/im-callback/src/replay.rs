//! [`ReplayCache`]: the callbacks already accepted, so that the same one is refused if it comes
//! again within its `RequestTime` window.
//!
//! A `Sign` covers only the token and `RequestTime`, so every callback the service sends in
//! one second carries the same `Sign`: remembering `Sign`s alone would refuse all but the first
//! callback of each second. A callback is therefore remembered by a SHA-256 digest of its
//! `Sign` (case-folded), its `RequestTime` and its body, as long as its window lasts.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

/// How many callbacks a [`ReplayCache::new`] remembers (about 10 MB when full).
pub const DEFAULT_REPLAY_CAPACITY: usize = 100_000;

/// A remembered callback: the digest of its `Sign`, `RequestTime` and body.
type Key = [u8; 32];

/// The callbacks accepted within their window, bounded in number: an opt-in defence against a
/// callback replayed verbatim (by whoever saw it on the way, or a duplicate delivery).
///
/// Give it to a verifier with [`Verifier::replay_cache`](crate::Verifier::replay_cache); then
/// [`Verifier::check_replay`](crate::Verifier::check_replay) (which the tower service calls
/// for every callback it decodes) refuses a repeat with
/// [`VerifyError::Replayed`](crate::VerifyError::Replayed). Clones of the verifier share the
/// cache. A callback is remembered until its window ends (`RequestTime` plus the verifier's
/// window, after which the verifier refuses it as stale anyway); when the cache is full, the
/// oldest entry is forgotten first, so size it above the callbacks the app receives in one
/// window (60 s by default).
///
/// What it cannot do: the `Sign` does not cover the body, so whoever saw one callback's URL
/// can post another body with its `Sign` until the window ends. Only HTTPS (and a short
/// window) keeps that URL secret.
pub struct ReplayCache {
    capacity: usize,
    seen: Mutex<Seen>,
}

/// The remembered callbacks: by key, the end of their window and their entry's number; in the
/// order they were remembered (forgotten ones stay there until they leave).
#[derive(Default)]
struct Seen {
    by_key: HashMap<Key, (u64, u64)>,
    order: VecDeque<(Key, u64, u64)>,
    next: u64,
}

impl ReplayCache {
    /// A cache of up to [`DEFAULT_REPLAY_CAPACITY`] callbacks.
    pub fn new() -> Self {
        const DEFAULT: NonZeroUsize = NonZeroUsize::new(DEFAULT_REPLAY_CAPACITY).unwrap();
        ReplayCache::with_capacity(DEFAULT)
    }

    /// A cache of up to `capacity` callbacks.
    pub fn with_capacity(capacity: NonZeroUsize) -> Self {
        ReplayCache {
            capacity: capacity.get(),
            seen: Mutex::default(),
        }
    }

    /// How many callbacks it remembers at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many callbacks it remembers now.
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    /// Whether it remembers none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Remembers `key` until `until` (Unix seconds), answering its entry's number; `None` if
    /// it is already remembered and its window has not ended at `now`.
    fn insert(&self, key: Key, until: u64, now: u64) -> Option<u64> {
        let mut seen = self.lock();
        seen.drop_old(now, self.capacity);
        if seen.by_key.get(&key).is_some_and(|&(end, _)| end >= now) {
            return None;
        }
        let number = seen.next;
        seen.next += 1;
        seen.by_key.insert(key, (until, number));
        seen.order.push_back((key, number, until));
        Some(number)
    }

    /// Forgets `key` if it is still the entry `number`.
    fn remove(&self, key: &Key, number: u64) {
        let mut seen = self.lock();
        if seen.by_key.get(key).is_some_and(|&(_, n)| n == number) {
            seen.by_key.remove(key);
        }
    }
}

impl Seen {
    /// Drops the oldest entries while their window has ended at `now` or there is no room
    /// for one more.
    fn drop_old(&mut self, now: u64, capacity: usize) {
        while let Some(&(key, number, until)) = self.order.front() {
            if until >= now && self.order.len() < capacity {
                break;
            }
            self.order.pop_front();
            if self.by_key.get(&key).is_some_and(|&(_, n)| n == number) {
                self.by_key.remove(&key);
            }
        }
    }
}

impl Default for ReplayCache {
    fn default() -> Self {
        ReplayCache::new()
    }
}

impl fmt::Debug for ReplayCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayCache")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

/// A callback [`Verifier::check_replay`](crate::Verifier::check_replay) let through (and
/// remembered, with a cache).
///
/// Dropping it keeps the callback remembered; [`Admitted::forget`] lets a repeat through.
#[derive(Debug)]
pub struct Admitted {
    entry: Option<(Arc<ReplayCache>, Key, u64)>,
}

impl Admitted {
    /// Remembers `key` in `cache` until `until`; `None` if it is a repeat.
    pub(crate) fn record(cache: &Arc<ReplayCache>, key: Key, until: u64, now: u64) -> Option<Self> {
        let number = cache.insert(key, until, now)?;
        Some(Admitted {
            entry: Some((cache.clone(), key, number)),
        })
    }

    /// Nothing remembered (no cache, or an unsigned callback).
    pub(crate) fn unrecorded() -> Self {
        Admitted { entry: None }
    }

    /// Forgets the callback again, so that a repeat is let through: call it when the app did
    /// not handle the callback (a failure reply), so that a retry is not refused as a replay.
    pub fn forget(self) {
        if let Some((cache, key, number)) = self.entry {
            cache.remove(&key, number);
        }
    }
}

/// The key of a callback: SHA-256 over its case-folded `Sign`, its `RequestTime` and its body
/// (each but the last preceded by its length, so that no two inputs share a key).
pub(crate) fn key(sign: &str, request_time: u64, body: &[u8]) -> Key {
    let sign = sign.trim().to_ascii_lowercase();
    let mut hash = Sha256::new();
    hash.update((sign.len() as u64).to_be_bytes());
    hash.update(sign.as_bytes());
    hash.update(request_time.to_be_bytes());
    hash.update(body);
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CallbackQuery, Token, Verifier, VerifyError, sign};

    const T: u64 = 1_669_872_112;

    fn query(time: u64) -> CallbackQuery {
        CallbackQuery::parse(&format!(
            "SdkAppid=1&CallbackCommand=State.StateChange&Sign={}&RequestTime={time}",
            sign(&Token::new("t"), time)
        ))
    }

    fn verifier(capacity: usize) -> Verifier {
        let cache = ReplayCache::with_capacity(NonZeroUsize::new(capacity).unwrap());
        Verifier::new(1, Token::new("t")).replay_cache(cache)
    }

    fn check(v: &Verifier, q: &CallbackQuery, body: &[u8], now: u64) -> Result<(), &'static str> {
        v.verify(q, now).map_err(|e| e.label())?;
        v.check_replay(q, body, now)
            .map(drop)
            .map_err(|e| e.label())
    }

    #[test]
    fn a_repeat_within_the_window_is_refused() {
        let v = verifier(100);
        let q = query(T);
        assert_eq!(check(&v, &q, b"a", T), Ok(()));
        assert_eq!(check(&v, &q, b"a", T + 60), Err("replayed"));
        assert_eq!(check(&v, &q, b"a", T + 61), Err("stale"));
        // Another callback of the same second (same Sign), another second: let through.
        assert_eq!(check(&v, &q, b"b", T + 1), Ok(()));
        assert_eq!(check(&v, &query(T + 1), b"a", T + 1), Ok(()));
        // The Sign in another case or with spaces is the same Sign.
        let mut upper = q.clone();
        upper.sign = q.sign.as_ref().map(|s| format!(" {} ", s.to_uppercase()));
        assert_eq!(check(&v, &upper, b"a", T + 2), Err("replayed"));
        // The error names the time and the rule, never the Sign.
        let err = v.check_replay(&q, b"a", T + 3).unwrap_err();
        assert_eq!(
            err,
            VerifyError::Replayed {
                request_time: T,
                window: 60
            }
        );
        let text = err.to_string();
        assert!(
            text.contains(&T.to_string()) && text.contains("60 s"),
            "{text}"
        );
        assert!(!text.contains(q.sign.as_deref().unwrap()), "{text}");
        // Clones share the cache.
        assert_eq!(check(&v.clone(), &q, b"a", T + 4), Err("replayed"));
    }

    #[test]
    fn forgotten_callbacks_are_let_through_again() {
        let v = verifier(100);
        let q = query(T);
        let admitted = v.check_replay(&q, b"a", T).unwrap();
        assert!(v.check_replay(&q, b"a", T).is_err());
        admitted.forget();
        let again = v.check_replay(&q, b"a", T).unwrap();
        assert!(v.check_replay(&q, b"a", T).is_err());
        drop(again);
        assert!(v.check_replay(&q, b"a", T).is_err());
    }

    #[test]
    fn the_cache_is_bounded_oldest_first_and_expires() {
        let cache = Arc::new(ReplayCache::with_capacity(NonZeroUsize::new(3).unwrap()));
        let key = |n: u8| super::key("s", T, &[n]);
        for n in 0..3 {
            assert!(cache.insert(key(n), T + 60, T).is_some());
        }
        assert_eq!(cache.len(), 3);
        // Full: the oldest goes first.
        assert!(cache.insert(key(3), T + 60, T).is_some());
        assert_eq!(cache.len(), 3);
        assert!(
            cache.insert(key(0), T + 60, T).is_some(),
            "forgotten when full"
        );
        assert!(cache.insert(key(3), T + 60, T).is_none());
        // Entries whose window ended leave.
        assert!(cache.insert(key(9), T + 200, T + 61).is_some());
        assert_eq!(cache.len(), 1);
        // A thousand callbacks never hold more than the capacity.
        for n in 0..1000u32 {
            let k = super::key("s", T, &n.to_be_bytes());
            assert!(cache.insert(k, T + 60, T).is_some());
            assert!(cache.lock().order.len() <= 3 && cache.len() <= 3);
        }
        // A forgotten entry's place is reused; its stale position never removes a newer one.
        let number = cache.insert(key(7), T + 60, T).unwrap();
        cache.remove(&key(7), number);
        assert!(cache.insert(key(7), T + 60, T).is_some());
        cache.remove(&key(7), number);
        assert!(cache.insert(key(7), T + 60, T).is_none());
    }

    #[test]
    fn unsigned_or_uncached_callbacks_are_not_remembered() {
        let q = query(T);
        let plain = Verifier::new(1, Token::new("t"));
        for _ in 0..2 {
            assert!(plain.check_replay(&q, b"a", T).is_ok());
        }
        let open = Verifier::without_sign(1).replay_cache(ReplayCache::new());
        let unsigned = CallbackQuery::parse("SdkAppid=1&CallbackCommand=State.StateChange");
        for _ in 0..2 {
            assert!(open.check_replay(&unsigned, b"a", T).is_ok());
            assert!(open.check_replay(&q, b"a", T).is_ok());
        }
        assert_eq!(ReplayCache::new().capacity(), DEFAULT_REPLAY_CAPACITY);
        assert!(ReplayCache::default().is_empty());
        assert!(format!("{:?}", ReplayCache::new()).contains("capacity: 100000"));
    }
}
