//! The seam of a "before send" decision: every stored send (sendmsg, batchsendmsg) asks it
//! before the message is stored, and it may let the message through, refuse it with a code,
//! drop it silently (the sender is told it was sent), or rewrite its body and custom data. The
//! default lets everything through; the callbacks issue answers it with the app's
//! `C2C.CallbackBeforeSendMsg` reply.

use std::sync::Arc;

use im_proto::ErrorCode;

/// The message a send is about to store.
#[derive(Clone, Copy, Debug)]
#[expect(
    dead_code,
    reason = "read by the before-send callback once it answers the hook (issue 32)"
)]
pub(crate) struct Outgoing<'a> {
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) seq: u32,
    pub(crate) random: u32,
    /// `MsgBody` as JSON.
    pub(crate) body: &'a [u8],
    pub(crate) cloud_custom_data: Option<&'a str>,
}

/// What happens to an outgoing message.
#[derive(Clone, Debug, PartialEq, Eq)]
// Only `Allow` is built until the before-send callback answers the hook (issue 32); the tests
// build the others.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) enum Verdict {
    /// Store it as it is.
    Allow,
    /// Refuse the send with this code (sendmsg's 20006 for a callback refusal).
    Refuse { code: ErrorCode, info: String },
    /// Answer success but store nothing.
    Drop,
    /// Store it with this body (`MsgBody` JSON) and custom data instead.
    Rewrite {
        body: Arc<[u8]>,
        cloud_custom_data: Option<Arc<str>>,
    },
}

/// Decides, before a send is stored, what happens to it.
pub(crate) trait BeforeSend: Send + Sync {
    /// The verdict for `message`.
    fn check(&self, message: &Outgoing<'_>) -> Verdict;
}

/// Lets every message through: the emulator's default.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AllowAll;

impl BeforeSend for AllowAll {
    fn check(&self, _message: &Outgoing<'_>) -> Verdict {
        Verdict::Allow
    }
}
