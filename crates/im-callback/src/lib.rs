//! The Tencent Cloud IM ("Chat") service's callbacks (webhooks): what the service posts to the
//! app's callback URL, checked and typed.
//!
//! - [`Verifier`] checks a callback URL's `SdkAppid` and, with callback authentication on,
//!   its `Sign` (the lowercase hex SHA-256 of the token and `RequestTime`, compared in constant
//!   time) and the freshness of `RequestTime` (a 60 s window by default). [`sign`] makes a
//!   `Sign`, as the service (and the emulator) do.
//! - **Callbacks are replayable within their window.** A `Sign` proves the token and
//!   `RequestTime` only: not the body, and nothing in it is unique (every callback of one
//!   second has the same `Sign`). So whoever sees a callback's URL (or an intermediary that
//!   delivers it twice) can post it again, verbatim or with another body, until
//!   `RequestTime` leaves the window. Serve callbacks over HTTPS and keep the window short;
//!   opt in to a [`ReplayCache`] ([`Verifier::replay_cache`], checked by
//!   [`Verifier::check_replay`] and by the tower service) to refuse a callback identical to
//!   one already accepted (same `Sign`, `RequestTime` and body) with
//!   [`VerifyError::Replayed`]. It is bounded ([`DEFAULT_REPLAY_CAPACITY`] by default, the
//!   oldest forgotten first) and std-only (a `Mutex`), with no async runtime.
//! - [`Event::decode`] reads a body by its `CallbackCommand`: each of the 60 documented commands
//!   into its type (one module per family: [`sns`], [`follow`], [`c2c`], [`group`],
//!   [`official`], [`bot`], [`push`], [`moderation`]; `State.StateChange`,
//!   `Profile.CallbackPortraitSet` and `Alert.RequestOverLimit` at the root), fields no type
//!   names kept in its `extra` so that it encodes back unchanged, any other command as a raw
//!   JSON object. One parse when the URL names the command; bounded ([`MAX_BODY_BYTES`]) and
//!   panic-free whatever the bytes. Message bodies are `im_proto::message::MsgBody`.
//! - [`Reply`] is the app's answer to a notification; [`before`] has the typed answers to the 11
//!   before callbacks ([`BeforeCallback`]: the refusal codes each page documents, checked when
//!   the answer is built, and the 2 s the service waits).
//! - With the `tower` feature, `service::CallbackService` does all of it as a
//!   `tower_service::Service` over `http` requests, for hyper or axum.
//!
//! Without features the crate is pure: no I/O, no async runtime, no HTTP.
//!
//! ```
//! use im_callback::{CallbackQuery, Event, Token, Verifier, sign};
//!
//! let token = Token::new("xxxxyyyy");
//! let query = format!(
//!     "SdkAppid=1400000000&CallbackCommand=State.StateChange&contenttype=json&Sign={}&RequestTime=1669872112",
//!     sign(&token, 1669872112)
//! );
//! let verifier = Verifier::new(1400000000, token);
//! let query = CallbackQuery::parse(&query);
//! verifier.verify(&query, 1669872130).expect("signed and fresh");
//! let body = br#"{"CallbackCommand":"State.StateChange","EventTime":1669872112000,
//!     "Info":{"Action":"Logout","To_Account":"alice","Reason":"Unregister"}}"#;
//! let event = Event::decode(query.callback_command.as_deref(), body).unwrap();
//! assert!(matches!(event, Event::StateChange(e) if e.info.to_account == "alice"));
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod before;
pub mod bot;
pub mod c2c;
mod callback;
mod decode;
mod event;
pub mod follow;
#[cfg(feature = "tower")]
mod gate;
pub mod group;
pub mod moderation;
pub mod official;
mod over_limit;
mod portrait;
pub mod push;
mod replay;
mod reply;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod router;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod service;
mod sign;
pub mod sns;
mod state_change;
mod wire;

pub use callback::{
    BeforeCallback, C2C_DENY_CODES, Callback, CallbackReply, CodeRange, DEFAULT_BUDGET,
    DenyCodeError, GROUP_DENY_CODES, SNS_DENY_CODES,
};
pub use decode::{DecodeError, MAX_BODY_BYTES};
pub use event::{COMMANDS, Event, check_answer};
pub use over_limit::RequestOverLimit;
pub use portrait::PortraitSet;
pub use replay::{Admitted, DEFAULT_REPLAY_CAPACITY, ReplayCache};
pub use reply::Reply;
pub use sign::{CallbackQuery, DEFAULT_WINDOW_SECS, Token, Verifier, VerifyError, sign};
pub use state_change::{
    DevicePlatform, KickedDevice, StateAction, StateChange, StateInfo, StateReason,
};
pub use wire::{Extension, Extra, KeyValue, MemberAccount};

/// The `CallbackCommand` of each typed event (every command: [`COMMANDS`]).
pub mod commands {
    use crate::Callback;

    /// `Alert.RequestOverLimit`.
    pub const REQUEST_OVER_LIMIT: &str = <crate::RequestOverLimit as Callback>::COMMAND;
    /// `Profile.CallbackPortraitSet`.
    pub const PORTRAIT_SET: &str = <crate::PortraitSet as Callback>::COMMAND;
    /// `State.StateChange`.
    pub const STATE_CHANGE: &str = <crate::StateChange as Callback>::COMMAND;
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
