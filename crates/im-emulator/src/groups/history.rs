//! A message history, a group's or one of its topics' (a topic has its own `MsgSeq` from 1):
//! the stored messages in `MsgSeq` order and the last `MsgSeq` given.

use super::message::GroupMessage;

/// A history to change: the messages and the last `MsgSeq`, borrowed from their owner.
#[derive(Debug)]
pub(crate) struct HistoryMut<'a> {
    pub(crate) messages: &'a mut Vec<GroupMessage>,
    pub(crate) last_seq: &'a mut u32,
}

impl HistoryMut<'_> {
    /// Appends a message with the next `MsgSeq`; returns it.
    pub(crate) fn push(&mut self, mut message: GroupMessage) -> u32 {
        *self.last_seq += 1;
        message.seq = *self.last_seq;
        self.messages.push(message);
        *self.last_seq
    }

    /// Takes the next `MsgSeq` for a message kept out of history.
    pub(crate) fn skip(&mut self) -> u32 {
        *self.last_seq += 1;
        *self.last_seq
    }

    /// The stored message `seq`.
    pub(crate) fn message_mut(&mut self, seq: u32) -> Option<&mut GroupMessage> {
        let i = self.messages.binary_search_by_key(&seq, |m| m.seq).ok()?;
        self.messages.get_mut(i)
    }
}

/// The stored message `seq` of `messages` (in `MsgSeq` order).
pub(crate) fn find(messages: &[GroupMessage], seq: u32) -> Option<&GroupMessage> {
    let i = messages.binary_search_by_key(&seq, |m| m.seq).ok()?;
    messages.get(i)
}
