//! The client for the global mute and operations APIs of the Tencent Cloud IM ("Chat") server
//! REST API (`v4/openconfigsvr/...`, `v4/open_msg_svc/...`).
//!
//! [`Client`] has one typed operation per API, named after its command:
//! [`Client::setnospeaking`] (and [`Client::set_mute`], taking [`MuteDuration`]s),
//! [`Client::getnospeaking`] (a [`GlobalMute`]), [`Client::getappinfo`] (the app's daily
//! operations data) and [`Client::get_history`] (the download addresses of one hour's message
//! files, at the page's 10 calls a second through the runtime's limiter), and the chat-file
//! moderation of `v4/im_cos_msg/...`: [`Client::forbid_illegal_object`] and
//! [`Client::allow_banned_object`].
//!
//! It is built on the generic runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it; [`ClientBuilder`] is the runtime's builder set to
//! build it. Tests and local development use `im-emulator`.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
//! use im_operations::{Client, MuteDuration};
//!
//! let emulator = Emulator::builder().build();
//! emulator.insert_account(Account::new("alice"));
//! let client = Client::builder()
//!     .sdkappid(emulator.sdkappid())
//!     .secret_key(emulator.secret_key())
//!     .admin(emulator.admin())
//!     .endpoint(IN_PROCESS_BASE_URL)
//!     .transport(Arc::new(emulator.in_process_transport()))
//!     .build()?;
//!
//! let alice = im_proto::UserId::new("alice")?;
//! let hour = MuteDuration::For(Duration::from_secs(3600));
//! client.set_mute(&alice, Some(hour), Some(MuteDuration::Forever)).await?;
//! let mute = client.getnospeaking(&alice).await?;
//! assert_eq!(mute.group, MuteDuration::Forever);
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod ops;

pub use client::{Client, ClientBuilder};
pub use ops::*;
