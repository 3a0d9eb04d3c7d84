//! A stored group message.

use super::ids::{Id, clamp_time};
use crate::messages::Extensions;

/// A message of a group's history.
#[derive(Clone, Debug)]
pub(crate) struct GroupMessage {
    pub(crate) seq: u32,
    /// The sender (the App admin's id when it sent).
    pub(crate) from: Id,
    pub(crate) random: u32,
    /// Unix seconds.
    pub(crate) time: u32,
    pub(crate) recalled: bool,
    /// Cleared by clear_group_msg: hidden from the SDKs, still read by the App admin.
    pub(crate) cleared: bool,
    /// Its body or custom data was overwritten by modify_group_msg.
    pub(crate) modified: bool,
    /// `MsgBody` as JSON.
    pub(crate) body: Box<[u8]>,
    /// `CloudCustomData`, when the message has some.
    pub(crate) cloud_custom_data: Option<Box<str>>,
    /// Sent with `SupportMessageExtension` 1: its key/values may be set.
    pub(crate) extensible: bool,
    /// Sent with `NeedReadReceipt` 1: its read receipts are kept.
    pub(crate) needs_receipt: bool,
    /// Its extensions and read receipts, once it has some.
    pub(crate) extra: Option<Box<MessageExtra>>,
}

/// What few messages have: extension key/values and explicit read receipts.
#[derive(Clone, Debug, Default)]
pub(crate) struct MessageExtra {
    pub(crate) extensions: Extensions,
    /// The members who sent a read receipt for it (group_msg_receipt, or a client), in order.
    pub(crate) receipts: Vec<Id>,
}

impl GroupMessage {
    /// A message from `from`; its `MsgSeq` is given when the group stores it.
    pub(crate) fn new(from: Id, random: u32, time: u64, body: Box<[u8]>) -> Self {
        GroupMessage {
            seq: 0,
            from,
            random,
            time: clamp_time(time),
            recalled: false,
            cleared: false,
            modified: false,
            body,
            cloud_custom_data: None,
            extensible: false,
            needs_receipt: false,
            extra: None,
        }
    }

    /// Its rarer parts, created on first write.
    pub(crate) fn extra_mut(&mut self) -> &mut MessageExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Whether `member`, who has read its group up to `read_seq`, has read it: a read mark at
    /// or past it, or a read receipt for it. Its sender counts neither as a reader nor as a
    /// non-reader (see [`GroupMessage::counts_reader`]).
    pub(crate) fn read_by(&self, member: Id, read_seq: u32) -> bool {
        read_seq >= self.seq
            || self
                .extra
                .as_ref()
                .is_some_and(|e| e.receipts.contains(&member))
    }

    /// Whether `member` is one of the members its read receipts count: anyone but its sender.
    pub(crate) fn counts_reader(&self, member: Id) -> bool {
        member != self.from
    }
}
