//! The message model every message API shares (one-to-one, group, imported and official-account
//! messages, and every message callback): a [`MsgBody`] is a list of [`MsgElement`]s, each the
//! wire's `{"MsgType": ..., "MsgContent": {...}}`. The element's kind *is* its variant, so the
//! `MsgType` can never disagree with the content; a kind the model does not know, or a known one
//! whose content does not fit its documented shape, is kept whole as [`RawElem`] and sent back
//! unchanged. Content fields the model does not name are kept in each content's `extra`. The
//! per-message switches of a send, [`SendMsgControl`] and [`ForbidCallbackControl`], keep a
//! value they do not know in their `Other`. A message's key is a [`MsgKey`].
//!
//! Source: the message formats page (<https://cloud.tencent.com/document/product/269/2720>) and
//! the streaming page for `TIMStreamElem`; `docs/api-sources.md` records what was read.
//!
//! ```
//! use im_proto::message::{MsgBody, MsgElement};
//!
//! let body = MsgBody::from(vec![MsgElement::text("hello"), MsgElement::custom("{\"k\":1}")]);
//! let json = serde_json::to_string(&body).unwrap();
//! assert_eq!(
//!     json,
//!     r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello"}},{"MsgType":"TIMCustomElem","MsgContent":{"Data":"{\"k\":1}"}}]"#
//! );
//! let back: MsgBody = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, body);
//! body.check_send().unwrap();
//! ```

mod body;
mod control;
mod elements;
mod key;
mod push;

pub use body::{MsgBody, MsgElement, RawElem, RelayElem, RelayedMsg, SENDABLE_KINDS};
pub use control::{ForbidCallbackControl, SendMsgControl};
pub use elements::{
    CustomElem, Extra, FaceElem, FileElem, ImageElem, ImageInfo, LocationElem, SoundElem,
    StreamChunk, StreamElem, TextElem, VideoFileElem,
};
pub use key::{InvalidMsgKey, MsgKey, MsgKeyParts, MsgKeyRule};
pub use push::{AndroidInfo, ApnsInfo, OfflinePushInfo};
