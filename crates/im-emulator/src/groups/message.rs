//! A stored group message.

use super::Id;

/// A message of a group's history.
#[derive(Clone, Debug)]
pub(crate) struct GroupMessage {
    pub(crate) seq: u32,
    /// The sender (`None`-like for a system notification: see `system`).
    pub(crate) from: Id,
    pub(crate) random: u32,
    /// Unix seconds.
    pub(crate) time: u32,
    pub(crate) recalled: bool,
    pub(crate) modified: bool,
    /// A system notification (no sender).
    pub(crate) system: bool,
    /// `MsgBody` as JSON (a system notification: its `Content` as a JSON string).
    pub(crate) body: Box<[u8]>,
}

impl GroupMessage {
    /// A message from `from`; its `MsgSeq` is given when the group stores it.
    pub(crate) fn new(from: Id, random: u32, time: u64, body: Box<[u8]>) -> Self {
        GroupMessage {
            seq: 0,
            from,
            random,
            time: super::clamp_time(time),
            recalled: false,
            modified: false,
            system: false,
            body,
        }
    }
}
