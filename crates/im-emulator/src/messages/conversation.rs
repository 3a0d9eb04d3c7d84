//! One conversation (a pair of accounts): its messages sorted as the service sorts history (by
//! time, then by `MsgSeq` within a second), and each side's read mark.

use super::message::{Flags, Message, MsgKey};

/// The messages of two accounts, and how far each has read.
#[derive(Debug, Default)]
pub(crate) struct Conversation {
    messages: Vec<Message>,
    /// Per side (lower party, higher party): every message of the other party sent at or
    /// before this second is read.
    read: [u64; 2],
}

impl Conversation {
    /// Every message, oldest first.
    pub(crate) fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// Stores `message` in order; returns its position.
    pub(crate) fn insert(&mut self, message: Message) -> usize {
        let order = (message.time, message.seq);
        let at = self.messages.partition_point(|m| (m.time, m.seq) <= order);
        // Most conversations hold few messages: grow by one at first (a Vec's first
        // allocation holds four), then by doubling.
        if self.messages.len() == self.messages.capacity() && self.messages.len() < 4 {
            self.messages.reserve_exact(1);
        }
        self.messages.insert(at, message);
        at
    }

    /// The position of the message with this key (the first, should two share it).
    pub(crate) fn find(&self, key: MsgKey) -> Option<usize> {
        let start = self.messages.partition_point(|m| m.time < key.time);
        self.messages[start..]
            .iter()
            .take_while(|m| m.time == key.time)
            .position(|m| m.seq == key.seq && m.random == key.random)
            .map(|i| start + i)
    }

    /// The message at `index`, to change it.
    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut Message> {
        self.messages.get_mut(index)
    }

    /// Marks the side of the higher party (when `high`) or the lower one as having read every
    /// message sent up to `time` (a read mark never moves back).
    pub(crate) fn mark_read(&mut self, high: bool, time: u64) {
        let mark = &mut self.read[usize::from(high)];
        *mark = (*mark).max(time);
    }

    /// How many messages the side of the higher party (when `high`) or the lower one has not
    /// read: sent by the other party, in that side's history, counted as unread, not recalled,
    /// and after its read mark.
    pub(crate) fn unread(&self, high: bool) -> u64 {
        let mark = self.read[usize::from(high)];
        let start = self.messages.partition_point(|m| m.time <= mark);
        let counted = self.messages[start..].iter().filter(|m| {
            m.sent_by_high() != high
                && m.visible_to(high)
                && !m.flags.has(Flags::NO_UNREAD)
                && !m.flags.has(Flags::WITHDRAWN)
        });
        counted.count() as u64
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn message(time: u64, seq: u32, from_high: bool) -> Message {
        let flags = if from_high {
            Flags::FROM_HIGH
        } else {
            Flags::default()
        };
        Message {
            time,
            seq,
            random: seq + 100,
            life_time: 0,
            flags,
            body: Arc::from(&b"[]"[..]),
            cloud_custom_data: None,
            extensions: None,
        }
    }

    #[test]
    fn history_is_sorted_by_time_then_seq_and_found_by_key() {
        let mut c = Conversation::default();
        c.insert(message(10, 5, false));
        c.insert(message(9, 7, false));
        c.insert(message(10, 1, true));
        let order: Vec<(u64, u32)> = c.messages().iter().map(|m| (m.time, m.seq)).collect();
        assert_eq!(order, [(9, 7), (10, 1), (10, 5)]);
        let key = MsgKey {
            seq: 5,
            random: 105,
            time: 10,
        };
        assert_eq!(c.find(key), Some(2));
        assert_eq!(c.find(MsgKey { random: 1, ..key }), None);
    }

    #[test]
    fn unread_counts_the_other_partys_messages_after_the_mark() {
        let mut c = Conversation::default();
        c.insert(message(10, 1, false));
        c.insert(message(11, 2, false));
        c.insert(message(12, 3, true));
        assert_eq!(c.unread(true), 2, "the high side received two");
        assert_eq!(c.unread(false), 1);
        c.mark_read(true, 10);
        assert_eq!(c.unread(true), 1);
        c.mark_read(true, 5);
        assert_eq!(c.unread(true), 1, "a mark never moves back");
        c.get_mut(1).unwrap().flags.set(Flags::WITHDRAWN);
        assert_eq!(c.unread(true), 0);
    }
}
