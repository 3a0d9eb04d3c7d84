//! A stored group message.

use super::ids::{Id, clamp_time};

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
        }
    }
}
