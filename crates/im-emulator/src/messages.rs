//! The emulator's one-to-one messages: one conversation per pair of accounts, each message with
//! the key parts the service forms its `MsgKey` from, its flags (recalled, modified, read by the
//! peer, hidden from one side), its body as `MsgBody` JSON bytes, its custom data and its
//! extensions; each side's read mark; sendmsg's 120 s dedup keys; the day's send count of the
//! edition's daily limit. Identifiers are interned, so that a million stored short messages
//! fit in little memory (`cargo xtask bench message-store` measures it).
//!
//! What each API does with the store is its handler's (`handlers/<command>.rs`); a send hands
//! the store the [`Verdict`] of its before-send decision, made before the store was locked.

mod conversation;
mod dedup;
mod extensions;
mod hook;
mod message;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use im_proto::ErrorCode;
use im_proto::message::MsgBody;
use serde_json::Value;

use crate::interner::{Id, Interner};
pub(crate) use conversation::Conversation;
use dedup::Dedup;
pub(crate) use dedup::SendKey;
pub(crate) use extensions::{Extensions, KeyValue, Write};
pub(crate) use hook::Verdict;
pub(crate) use message::{Flags, Message, MsgKey};

/// `MsgLifeTime` when absent, and its maximum: 7 days.
pub(crate) const MAX_LIFE_TIME: u32 = 604_800;

/// The largest send or import request body: "12k" (the sendmsg, batchsendmsg and importmsg
/// pages' 93000, and the usage-limits page 269/9346).
pub(crate) const MAX_BODY_BYTES: usize = 12 * 1024;

/// The day of `now` as the service counts its days (UTC+8), for daily limits.
pub(crate) fn day_of(now: u64) -> u64 {
    (now + 8 * 3600) / 86_400
}

/// `MsgBody` as the JSON bytes a message stores.
pub(crate) fn body_json(body: &MsgBody) -> Arc<[u8]> {
    // A `MsgBody` (strings, numbers and JSON values) always serialises.
    Arc::from(serde_json::to_vec(body).expect("a MsgBody serialises"))
}

/// The checks of a send or import body: the whole request body at most 12 KB (93000), and
/// `MsgBody` a valid message (at least one element, at most one custom element, each element's
/// required fields: 90002).
pub(crate) fn check_body(body: &MsgBody, body_len: usize) -> Result<(), (ErrorCode, String)> {
    if body_len > MAX_BODY_BYTES {
        return Err((
            ErrorCode::MSG_TOO_LARGE,
            format!("the JSON body is {body_len} bytes, more than the {MAX_BODY_BYTES} allowed"),
        ));
    }
    body.check_send()
        .map_err(|err| (ErrorCode::MSG_BODY_INVALID, err.to_string()))
}

/// A message about to be stored.
#[derive(Debug)]
pub(crate) struct NewMessage<'a> {
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) seq: u32,
    pub(crate) random: u32,
    pub(crate) time: u64,
    pub(crate) life_time: u32,
    /// `NO_UNREAD`, `EXTENSIBLE`, `NEEDS_RECEIPT`, `IMPORTED` as the request asks.
    pub(crate) flags: Flags,
    /// `MsgBody` as JSON.
    pub(crate) body: Arc<[u8]>,
    pub(crate) cloud_custom_data: Option<Arc<str>>,
    /// Whether the sender's side holds it too (`SyncOtherMachine` other than 2).
    pub(crate) sync_sender: bool,
}

/// A conversation as one of its parties sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Side {
    pair: (Id, Id),
    /// Whether this party is the higher-numbered one.
    high: bool,
}

/// Every stored one-to-one message, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct MessageStore {
    ids: Interner,
    conversations: HashMap<(Id, Id), Conversation>,
    /// Each account's peers (the conversations it is part of), by interned number.
    peers: Vec<Vec<Id>>,
    dedup: Dedup,
    stored: u64,
    /// The day (see [`MessageStore::count_sends`]) and the messages sent that day.
    sends: (u64, u64),
    /// The state of the `MsgSeq` picked for a send without one.
    picked: u64,
}

impl MessageStore {
    fn side(&self, me: &str, peer: &str) -> Option<Side> {
        Some(Self::side_of(self.ids.get(me)?, self.ids.get(peer)?))
    }

    fn side_of(me: Id, peer: Id) -> Side {
        Side {
            pair: (me.min(peer), me.max(peer)),
            high: me > peer,
        }
    }

    /// The peers of account `id`.
    fn peers_of(&self, id: Id) -> &[Id] {
        self.peers.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// The interned number of `name` (assigned on first use).
    pub(crate) fn intern(&mut self, name: &str) -> Id {
        self.ids.intern(name)
    }

    /// A `MsgSeq` for a send without one (the service picks a random one).
    pub(crate) fn pick_seq(&mut self, now: u64) -> u32 {
        self.picked = self.picked.wrapping_add(1);
        let mut z = (now ^ self.picked.rotate_left(32)).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        // The high half of a well-mixed 64-bit value.
        (z >> 32) as u32
    }

    /// Sends `message` as `verdict` decided (made before the store was locked): stores it (as
    /// rewritten), or drops it. The key is the message's either way (a dropped message is
    /// answered as sent); a refusal is the verdict's code and text.
    pub(crate) fn send(
        &mut self,
        verdict: Verdict,
        mut message: NewMessage<'_>,
    ) -> Result<MsgKey, (ErrorCode, String)> {
        match verdict {
            Verdict::Allow => Ok(self.store(message)),
            Verdict::Refuse { code, info } => Err((code, info)),
            Verdict::Drop => Ok(MsgKey {
                seq: message.seq,
                random: message.random,
                time: message.time,
            }),
            Verdict::Rewrite {
                body,
                cloud_custom_data,
            } => {
                if let Some(body) = body {
                    message.body = body;
                }
                if cloud_custom_data.is_some() {
                    message.cloud_custom_data = cloud_custom_data;
                }
                Ok(self.store(message))
            }
        }
    }

    /// Stores `message` (no dedup, no check: the handler did those); returns its key.
    pub(crate) fn store(&mut self, message: NewMessage<'_>) -> MsgKey {
        let from = self.ids.intern(message.from);
        let to = self.ids.intern(message.to);
        let side = Self::side_of(from, to);
        let mut flags = message.flags;
        if side.high {
            flags.set(Flags::FROM_HIGH);
        }
        if !message.sync_sender {
            flags.set(Flags::hidden(side.high));
        }
        let stored = Message {
            time: message.time,
            seq: message.seq,
            random: message.random,
            life_time: message.life_time,
            flags,
            body: message.body,
            cloud_custom_data: message.cloud_custom_data,
            extensions: None,
        };
        let key = stored.key();
        let conversation = self.conversations.entry(side.pair).or_insert_with(|| {
            link(&mut self.peers, from, to);
            Conversation::default()
        });
        conversation.insert(stored);
        self.stored += 1;
        key
    }

    /// The conversation of `me` with `peer`, and whether `me` is its higher party.
    pub(crate) fn conversation(&self, me: &str, peer: &str) -> Option<(&Conversation, bool)> {
        let side = self.side(me, peer)?;
        Some((self.conversations.get(&side.pair)?, side.high))
    }

    /// The conversation of `me` with `peer` to change it (created empty when new), and whether
    /// `me` is its higher party.
    pub(crate) fn conversation_mut(&mut self, me: &str, peer: &str) -> (&mut Conversation, bool) {
        let side = Self::side_of(self.ids.intern(me), self.ids.intern(peer));
        let (me, peer) = if side.high {
            (side.pair.1, side.pair.0)
        } else {
            side.pair
        };
        let conversation = self.conversations.entry(side.pair).or_insert_with(|| {
            link(&mut self.peers, me, peer);
            Conversation::default()
        });
        (conversation, side.high)
    }

    /// The message `key` of the conversation of `from` and `to`, sent by `from` to `to`.
    pub(crate) fn sent_mut(&mut self, from: &str, to: &str, key: MsgKey) -> Option<&mut Message> {
        let side = self.side(from, to)?;
        let conversation = self.conversations.get_mut(&side.pair)?;
        let index = conversation.find(key)?;
        conversation
            .get_mut(index)
            .filter(|m| m.sent_by_high() == side.high)
    }

    /// The message `key` sent to `to` by `from`, or by any of `to`'s peers when `from` is not
    /// given.
    pub(crate) fn received_mut(
        &mut self,
        from: Option<&str>,
        to: &str,
        key: MsgKey,
    ) -> Option<&mut Message> {
        if let Some(from) = from {
            return self.sent_mut(from, to, key);
        }
        let me = self.ids.get(to)?;
        let found = self.peers_of(me).iter().find_map(|&peer| {
            let side = Self::side_of(peer, me);
            let at = self.conversations.get(&side.pair)?.find(key)?;
            Some((side, at))
        })?;
        let conversation = self.conversations.get_mut(&found.0.pair)?;
        conversation
            .get_mut(found.1)
            .filter(|m| m.sent_by_high() == found.0.high)
    }

    /// Who sent `to` the message `key`: one of `to`'s peers (the first whose conversation holds
    /// it, as [`MessageStore::received_mut`] finds it).
    pub(crate) fn sender_of(&self, to: &str, key: MsgKey) -> Option<&str> {
        let me = self.ids.get(to)?;
        let peer = self.peers_of(me).iter().copied().find(|&peer| {
            let side = Self::side_of(peer, me);
            let Some(conversation) = self.conversations.get(&side.pair) else {
                return false;
            };
            let found = conversation.find(key);
            found.is_some_and(|at| conversation.messages()[at].sent_by_high() == side.high)
        })?;
        Some(self.ids.name(peer))
    }

    /// Whether the conversation of `a` and `b` holds a message with these key parts, sent by
    /// either (importmsg's duplicate).
    pub(crate) fn holds(&self, a: &str, b: &str, key: MsgKey) -> bool {
        self.conversation(a, b)
            .is_some_and(|(c, _)| c.find(key).is_some())
    }

    /// The message an equal sendmsg stored less than 120 s before `now`.
    pub(crate) fn earlier_send(&mut self, key: &SendKey, now: u64) -> Option<MsgKey> {
        self.dedup.earlier(key, now)
    }

    /// Remembers a sendmsg's dedup key.
    pub(crate) fn remember_send(&mut self, key: SendKey, stored: MsgKey, now: u64) {
        self.dedup.remember(key, stored, now);
    }

    /// Counts `n` more messages sent on `day` (a new day starts from 0), unless that would
    /// take the day's count over `limit`: then counts nothing and returns false.
    pub(crate) fn count_sends(&mut self, day: u64, n: u64, limit: Option<u64>) -> bool {
        if self.sends.0 != day {
            self.sends = (day, 0);
        }
        if limit.is_some_and(|limit| self.sends.1 + n > limit) {
            return false;
        }
        self.sends.1 += n;
        true
    }

    /// `me`'s unread messages over all its conversations.
    pub(crate) fn unread_total(&self, me: &str) -> u64 {
        let Some(id) = self.ids.get(me) else { return 0 };
        self.peers_of(id)
            .iter()
            .filter_map(|&peer| {
                let side = Self::side_of(id, peer);
                Some(self.conversations.get(&side.pair)?.unread(side.high))
            })
            .sum()
    }

    /// `me`'s one-to-one conversations: each peer and the time of the last message in `me`'s
    /// history (`None`: none left).
    pub(crate) fn last_times(&self, me: &str) -> Vec<(&str, Option<u64>)> {
        let Some(id) = self.ids.get(me) else {
            return Vec::new();
        };
        let last = |peer: Id| {
            let side = Self::side_of(id, peer);
            let conversation = self.conversations.get(&side.pair)?;
            let mut visible = conversation.messages().iter().rev();
            visible.find(|m| m.visible_to(side.high)).map(|m| m.time)
        };
        let peers = self.peers_of(id).iter();
        peers
            .map(|&peer| (self.ids.name(peer), last(peer)))
            .collect()
    }

    /// Takes every message of `me`'s conversation with `peer` out of `me`'s history (the
    /// peer's is untouched).
    pub(crate) fn clear_side(&mut self, me: &str, peer: &str) {
        let Some(side) = self.side(me, peer) else {
            return;
        };
        let Some(conversation) = self.conversations.get_mut(&side.pair) else {
            return;
        };
        for at in 0..conversation.messages().len() {
            if let Some(message) = conversation.get_mut(at) {
                message.flags.set(Flags::hidden(side.high));
            }
        }
    }

    /// Marks every conversation of `me` read up to `time` (a read mark never moves back).
    pub(crate) fn mark_all_read(&mut self, me: &str, time: u64) {
        let Some(id) = self.ids.get(me) else { return };
        let peers = self.peers.get(id as usize).cloned().unwrap_or_default();
        for peer in peers {
            let side = Self::side_of(id, peer);
            if let Some(conversation) = self.conversations.get_mut(&side.pair) {
                conversation.mark_read(side.high, time);
            }
        }
    }

    /// How many messages are stored.
    pub(crate) fn len(&self) -> u64 {
        self.stored
    }

    /// How many stored messages `account` sent and received.
    pub(crate) fn counts(&self, account: &str) -> (u64, u64) {
        let Some(id) = self.ids.get(account) else {
            return (0, 0);
        };
        let (mut sent, mut received) = (0, 0);
        for &peer in self.peers_of(id) {
            let side = Self::side_of(id, peer);
            let Some(conversation) = self.conversations.get(&side.pair) else {
                continue;
            };
            for message in conversation.messages() {
                if message.sent_by_high() == side.high {
                    sent += 1;
                }
                if message.sent_by_high() != side.high || id == peer {
                    received += 1;
                }
            }
        }
        (sent, received)
    }

    /// How many accounts received how many stored messages (from `from` only, when given):
    /// received count → accounts; accounts that received none are not counted.
    pub(crate) fn received_histogram(&self, from: Option<&str>) -> BTreeMap<u64, u64> {
        let sender = match from {
            Some(name) => match self.ids.get(name) {
                Some(id) => Some(id),
                None => return BTreeMap::new(),
            },
            None => None,
        };
        let mut received: Vec<u64> = vec![0; self.peers.len()];
        for (&(low, high), conversation) in &self.conversations {
            for message in conversation.messages() {
                let (from, to) = if message.sent_by_high() {
                    (high, low)
                } else {
                    (low, high)
                };
                if sender.is_none_or(|s| s == from)
                    && let Some(count) = received.get_mut(to as usize)
                {
                    *count += 1;
                }
            }
        }
        let mut histogram = BTreeMap::new();
        for count in received.into_iter().filter(|&n| n > 0) {
            *histogram.entry(count).or_default() += 1;
        }
        histogram
    }

    /// Every message of the conversation of `a` and `b`, oldest first, for inspection.
    pub(crate) fn between(&self, a: &str, b: &str) -> Vec<StoredMessage> {
        let Some(side) = self.side(a, b) else {
            return Vec::new();
        };
        let Some(conversation) = self.conversations.get(&side.pair) else {
            return Vec::new();
        };
        let (low, high) = (self.ids.name(side.pair.0), self.ids.name(side.pair.1));
        let view = |m: &Message| StoredMessage::of(m, low, high);
        conversation.messages().iter().map(view).collect()
    }
}

/// Records that `a` and `b` have a conversation (each once in the other's peers).
fn link(peers: &mut Vec<Vec<Id>>, a: Id, b: Id) {
    let needed = a.max(b) as usize + 1;
    if peers.len() < needed {
        peers.resize_with(needed, Vec::new);
    }
    peers[a as usize].push(b);
    if a != b {
        peers[b as usize].push(a);
    }
}

/// A stored one-to-one message, as the inspection views show it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StoredMessage {
    /// `From_Account`.
    pub from: String,
    /// `To_Account`.
    pub to: String,
    /// `MsgSeq`.
    pub msg_seq: u32,
    /// `MsgRandom`.
    pub msg_random: u32,
    /// `MsgTimeStamp`, Unix seconds.
    pub msg_time: u64,
    /// `MsgKey`, `{MsgSeq}_{MsgRandom}_{MsgTime}`.
    pub msg_key: String,
    /// `MsgBody`.
    pub msg_body: Value,
    /// `CloudCustomData`.
    pub cloud_custom_data: Option<String>,
    /// `MsgLifeTime`, seconds.
    pub life_time: u32,
    /// Recalled (`MsgFlagBits` 8).
    pub withdrawn: bool,
    /// Its body or custom data was modified.
    pub modified: bool,
    /// Imported (importmsg), not sent.
    pub imported: bool,
    /// The recipient sent a read receipt for it.
    pub peer_read: bool,
    /// Whether the sender's history holds it (not after `SyncOtherMachine` 2 or a one-sided
    /// delete by the sender).
    pub in_sender_history: bool,
    /// Whether the recipient's history holds it (not after a one-sided delete).
    pub in_recipient_history: bool,
}

impl StoredMessage {
    fn of(m: &Message, low: &str, high: &str) -> StoredMessage {
        let (from, to) = if m.sent_by_high() {
            (high, low)
        } else {
            (low, high)
        };
        StoredMessage {
            from: from.to_owned(),
            to: to.to_owned(),
            msg_seq: m.seq,
            msg_random: m.random,
            msg_time: m.time,
            msg_key: m.key().to_string(),
            msg_body: serde_json::from_slice(&m.body).unwrap_or(Value::Null),
            cloud_custom_data: m.cloud_custom_data.as_deref().map(str::to_owned),
            life_time: m.life_time,
            withdrawn: m.flags.has(Flags::WITHDRAWN),
            modified: m.flags.has(Flags::MODIFIED),
            imported: m.flags.has(Flags::IMPORTED),
            peer_read: m.flags.has(Flags::PEER_READ),
            in_sender_history: m.visible_to(m.sent_by_high()),
            in_recipient_history: m.visible_to(!m.sent_by_high()),
        }
    }

    /// The JSON form `GET /_emulator/messages` lists.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "From_Account": self.from,
            "To_Account": self.to,
            "MsgSeq": self.msg_seq,
            "MsgRandom": self.msg_random,
            "MsgTimeStamp": self.msg_time,
            "MsgKey": self.msg_key,
            "MsgBody": self.msg_body,
            "CloudCustomData": self.cloud_custom_data,
            "MsgLifeTime": self.life_time,
            "Withdrawn": self.withdrawn,
            "Modified": self.modified,
            "Imported": self.imported,
            "PeerRead": self.peer_read,
            "InSenderHistory": self.in_sender_history,
            "InRecipientHistory": self.in_recipient_history,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(from: &'static str, to: &'static str, seq: u32, time: u64) -> NewMessage<'static> {
        NewMessage {
            from,
            to,
            seq,
            random: 7,
            time,
            life_time: MAX_LIFE_TIME,
            flags: Flags::default(),
            body: Arc::from(&br#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]"#[..]),
            cloud_custom_data: None,
            sync_sender: true,
        }
    }

    #[test]
    fn messages_are_found_from_either_side_and_counted() {
        let mut store = MessageStore::default();
        let key = store.store(text("zed", "amy", 1, 100));
        store.store(text("amy", "zed", 2, 101));
        store.store(text("amy", "bob", 3, 102));
        assert_eq!(key.to_string(), "1_7_100");
        assert!(store.holds("amy", "zed", key));
        assert!(store.holds("zed", "amy", key));
        assert!(store.sent_mut("zed", "amy", key).is_some());
        assert!(
            store.sent_mut("amy", "zed", key).is_none(),
            "amy did not send it"
        );
        let view = store.between("amy", "zed");
        assert_eq!(view.len(), 2);
        assert_eq!((view[0].from.as_str(), view[0].to.as_str()), ("zed", "amy"));
        assert_eq!(view[0].msg_body[0]["MsgContent"]["Text"], "hi");
        assert_eq!(store.counts("amy"), (2, 1));
        let histogram = store.received_histogram(None);
        assert_eq!(histogram.into_iter().collect::<Vec<_>>(), [(1, 3)]);
        let from_amy = store.received_histogram(Some("amy"));
        assert_eq!(from_amy.into_iter().collect::<Vec<_>>(), [(1, 2)]);
        assert!(store.received_histogram(Some("nobody")).is_empty());
        assert_eq!(store.unread_total("amy"), 1);
        assert_eq!(store.unread_total("bob"), 1);
        assert_eq!(store.len(), 3);
        assert!(store.count_sends(5, 10, Some(11)));
        assert!(!store.count_sends(5, 2, Some(11)), "12 > 11");
        assert!(store.count_sends(5, 1, Some(11)));
        assert!(!store.count_sends(5, 1, Some(11)));
        assert!(store.count_sends(6, 1, Some(11)), "a new day");
    }

    #[test]
    fn the_before_send_seam_can_refuse_drop_or_rewrite() {
        let mut store = MessageStore::default();
        let refuse = Verdict::Refuse {
            code: ErrorCode::C2C_CALLBACK_REFUSED,
            info: "no".to_owned(),
        };
        let err = store.send(refuse, text("amy", "bob", 1, 100)).unwrap_err();
        assert_eq!(err.0, ErrorCode::C2C_CALLBACK_REFUSED);
        let key = store.send(Verdict::Drop, text("amy", "bob", 2, 100));
        assert_eq!(key.unwrap().to_string(), "2_7_100");
        assert_eq!(
            store.len(),
            0,
            "refused and dropped messages are not stored"
        );
        let rewrite = Verdict::Rewrite {
            body: Some(Arc::from(&b"[]"[..])),
            cloud_custom_data: Some(Arc::from("new")),
        };
        store.send(rewrite, text("amy", "bob", 3, 100)).unwrap();
        store
            .send(Verdict::Allow, text("amy", "bob", 4, 100))
            .unwrap();
        let only_data = Verdict::Rewrite {
            body: None,
            cloud_custom_data: Some(Arc::from("data only")),
        };
        store.send(only_data, text("amy", "bob", 5, 100)).unwrap();
        let view = store.between("amy", "bob");
        assert_eq!(view.len(), 3);
        assert_eq!(
            view[2].msg_body[0]["MsgType"], "TIMTextElem",
            "the body as sent"
        );
        assert_eq!(view[2].cloud_custom_data.as_deref(), Some("data only"));
        assert_eq!(view[0].msg_body, serde_json::json!([]));
        assert_eq!(view[0].cloud_custom_data.as_deref(), Some("new"));
        assert_eq!(view[1].msg_body[0]["MsgType"], "TIMTextElem");
        assert_ne!(store.pick_seq(1), store.pick_seq(1));
    }

    #[test]
    fn a_message_not_synced_to_the_sender_is_only_in_the_recipients_history() {
        let mut store = MessageStore::default();
        store.store(NewMessage {
            sync_sender: false,
            ..text("amy", "bob", 1, 100)
        });
        let view = &store.between("bob", "amy")[0];
        assert!(!view.in_sender_history);
        assert!(view.in_recipient_history);
    }
}
