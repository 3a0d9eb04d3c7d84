//! sendmsg's deduplication, exactly as its page states it (ZH 269/2282, 2026-02-04): a send whose
//! sender, `MsgSeq`, `MsgRandom` and CRC32 of the content equal those of a send less than 120 s
//! before (on the emulator's clock) is a duplicate, answered with the first send's result and
//! not stored again. No other API deduplicates this way.

use std::collections::{HashMap, VecDeque};

use super::message::MsgKey;
use crate::interner::Id;

/// How long a send's key holds, in seconds.
pub(crate) const WINDOW_SECS: u64 = 120;

/// The dedup key of one send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SendKey {
    pub(crate) sender: Id,
    pub(crate) seq: u32,
    pub(crate) random: u32,
    pub(crate) crc32: u32,
}

/// The keys of the sends of the last 120 s, with the key of the message each stored.
#[derive(Debug, Default)]
pub(crate) struct Dedup {
    sent: HashMap<SendKey, (u64, MsgKey)>,
    /// The same keys by the second they were sent, oldest first (for expiry).
    order: VecDeque<(u64, SendKey)>,
}

impl Dedup {
    /// The message an equal send stored less than [`WINDOW_SECS`] before `now`.
    pub(crate) fn earlier(&mut self, key: &SendKey, now: u64) -> Option<MsgKey> {
        self.expire(now);
        self.sent
            .get(key)
            .filter(|(at, _)| now < at + WINDOW_SECS)
            .map(|&(_, stored)| stored)
    }

    /// Remembers that the send `key` stored `stored` at `now`.
    pub(crate) fn remember(&mut self, key: SendKey, stored: MsgKey, now: u64) {
        self.sent.insert(key, (now, stored));
        self.order.push_back((now, key));
    }

    /// Forgets the keys whose window has passed (a clock set back keeps them).
    fn expire(&mut self, now: u64) {
        while let Some(&(at, key)) = self.order.front() {
            if now < at + WINDOW_SECS {
                break;
            }
            self.order.pop_front();
            if self.sent.get(&key).is_some_and(|(t, _)| *t == at) {
                self.sent.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_holds_for_120_seconds() {
        let mut dedup = Dedup::default();
        let key = SendKey {
            sender: 1,
            seq: 2,
            random: 3,
            crc32: 4,
        };
        let stored = MsgKey {
            seq: 2,
            random: 3,
            time: 1000,
        };
        assert_eq!(dedup.earlier(&key, 1000), None);
        dedup.remember(key, stored, 1000);
        assert_eq!(dedup.earlier(&key, 1119), Some(stored));
        assert_eq!(dedup.earlier(&SendKey { crc32: 5, ..key }, 1001), None);
        assert_eq!(dedup.earlier(&key, 1120), None);
        assert!(dedup.sent.is_empty() && dedup.order.is_empty());
    }
}
