//! One stored message, kept compact: its key parts, flags, and its body as the JSON bytes of
//! `MsgBody` (shared by every recipient of one batch send), not a parsed tree.

use std::fmt;
use std::sync::Arc;

use super::extensions::Extensions;

/// The parts of a `MsgKey`: the service forms it `{MsgSeq}_{MsgRandom}_{MsgTime}` in every
/// example of its pages, and so does the emulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct MsgKey {
    pub(crate) seq: u32,
    pub(crate) random: u32,
    pub(crate) time: u64,
}

impl MsgKey {
    /// Parses `{MsgSeq}_{MsgRandom}_{MsgTime}`; `None` for anything else (at most 50
    /// characters, as the pages bound a key).
    pub(crate) fn parse(key: &str) -> Option<MsgKey> {
        if key.len() > 50 {
            return None;
        }
        let mut parts = key.split('_');
        let mut next = || {
            parts
                .next()
                .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        };
        let key = MsgKey {
            seq: next()?.parse().ok()?,
            random: next()?.parse().ok()?,
            time: next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(key)
    }
}

impl fmt::Display for MsgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}_{}", self.seq, self.random, self.time)
    }
}

/// A message's flags (one bit each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Flags(u16);

impl Flags {
    /// Sent by the conversation's higher-numbered party (else by the lower one).
    pub(crate) const FROM_HIGH: Flags = Flags(1);
    /// Recalled (`MsgFlagBits` 8).
    pub(crate) const WITHDRAWN: Flags = Flags(1 << 1);
    /// Its body or custom data was overwritten.
    pub(crate) const MODIFIED: Flags = Flags(1 << 2);
    /// The recipient sent a read receipt (`IsPeerRead` 1).
    pub(crate) const PEER_READ: Flags = Flags(1 << 3);
    /// Not in the lower party's history (deleted from that side, or not synced to the sender).
    pub(crate) const HIDDEN_LOW: Flags = Flags(1 << 4);
    /// Not in the higher party's history.
    pub(crate) const HIDDEN_HIGH: Flags = Flags(1 << 5);
    /// Never counted as unread (`NoUnread`, a history import, an online-only message).
    pub(crate) const NO_UNREAD: Flags = Flags(1 << 6);
    /// Sent with `SupportMessageExtension` 1.
    pub(crate) const EXTENSIBLE: Flags = Flags(1 << 7);
    /// Sent with `IsNeedReadReceipt` 1.
    pub(crate) const NEEDS_RECEIPT: Flags = Flags(1 << 8);
    /// Imported (importmsg), not sent.
    pub(crate) const IMPORTED: Flags = Flags(1 << 9);

    /// Whether every bit of `other` is set.
    pub(crate) fn has(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the bits of `other`.
    pub(crate) fn set(&mut self, other: Flags) {
        self.0 |= other.0;
    }

    /// The flag hiding a message from one side: the higher party's when `high`.
    pub(crate) fn hidden(high: bool) -> Flags {
        if high {
            Flags::HIDDEN_HIGH
        } else {
            Flags::HIDDEN_LOW
        }
    }
}

/// One stored message. The conversation it belongs to names its two parties; `FROM_HIGH`
/// says which one sent it.
#[derive(Debug)]
pub(crate) struct Message {
    /// `MsgTimeStamp`, Unix seconds.
    pub(crate) time: u64,
    /// `MsgSeq`.
    pub(crate) seq: u32,
    /// `MsgRandom`.
    pub(crate) random: u32,
    /// `MsgLifeTime`, seconds (604800 when absent).
    pub(crate) life_time: u32,
    pub(crate) flags: Flags,
    /// `MsgBody` as JSON.
    pub(crate) body: Arc<[u8]>,
    /// `CloudCustomData`.
    pub(crate) cloud_custom_data: Option<Arc<str>>,
    /// Its key/value extensions, once one was set.
    pub(crate) extensions: Option<Box<Extensions>>,
}

impl Message {
    /// Its key.
    pub(crate) fn key(&self) -> MsgKey {
        MsgKey {
            seq: self.seq,
            random: self.random,
            time: self.time,
        }
    }

    /// Whether its sender is the conversation's higher-numbered party.
    pub(crate) fn sent_by_high(&self) -> bool {
        self.flags.has(Flags::FROM_HIGH)
    }

    /// Whether the side of the higher party (when `high`) or the lower one sees it.
    pub(crate) fn visible_to(&self, high: bool) -> bool {
        !self.flags.has(Flags::hidden(high))
    }

    /// `MsgFlagBits`: 8 once recalled, else 0.
    pub(crate) fn flag_bits(&self) -> i64 {
        if self.flags.has(Flags::WITHDRAWN) {
            8
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print_as_the_pages_show_them() {
        let key = MsgKey::parse("89541_2574206_1572870301").unwrap();
        assert_eq!(
            key,
            MsgKey {
                seq: 89541,
                random: 2574206,
                time: 1572870301
            }
        );
        assert_eq!(key.to_string(), "89541_2574206_1572870301");
        for bad in [
            "",
            "1_2",
            "1_2_3_4",
            "a_2_3",
            "1__3",
            "-1_2_3",
            "1_2_+3",
            "4294967296_1_1",
        ] {
            assert_eq!(MsgKey::parse(bad), None, "{bad}");
        }
        assert_eq!(MsgKey::parse(&format!("1_2_{}", "9".repeat(60))), None);
    }

    #[test]
    fn flags_combine() {
        let mut flags = Flags::default();
        flags.set(Flags::FROM_HIGH);
        assert!(flags.has(Flags::FROM_HIGH));
        assert!(!flags.has(Flags::WITHDRAWN));
        assert_eq!(Flags::hidden(true), Flags::HIDDEN_HIGH);
        assert_eq!(std::mem::size_of::<Message>(), 64);
    }
}
