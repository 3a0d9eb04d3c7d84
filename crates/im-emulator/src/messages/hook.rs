//! What a send does with a message once its "before send" decision is known: let it through,
//! refuse it with a code, drop it silently (the sender is told it was sent), or rewrite its
//! body and custom data. The decision is made before the message store is locked (a before
//! callback waits up to 2 s for the app); the store applies it.

use std::sync::Arc;

use im_proto::ErrorCode;

/// What happens to an outgoing message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Store it as it is.
    Allow,
    /// Refuse the send with this code (sendmsg's 20006 for a callback refusal).
    Refuse { code: ErrorCode, info: String },
    /// Answer success but store nothing.
    Drop,
    /// Store it with this body (`MsgBody` JSON) and/or custom data instead (`None`: as sent).
    Rewrite {
        body: Option<Arc<[u8]>>,
        cloud_custom_data: Option<Arc<str>>,
    },
}
