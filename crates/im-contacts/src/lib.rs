//! The client for the recent-contact APIs of the Tencent Cloud IM ("Chat") server REST API
//! (`v4/recentcontact/...`).
//!
//! [`Client`] has one typed operation per API, named after its command: an account's
//! conversation list as a stream over its four-field cursor ([`Client::get_list`],
//! [`Client::conversations`]: `TimeStamp`, `StartIndex`, `TopTimeStamp`, `TopStartIndex` until
//! `CompleteFlag`), [`Client::delete`] with or without the history, [`Client::top`] (pin and
//! unpin), and the contact groups and marks ([`Client::create_contact_group`],
//! [`Client::rename_contact_group`], [`Client::update_contact_group_members`],
//! [`Client::get_contact_group`], [`Client::del_contact_group`],
//! [`Client::search_contact_group`], [`Client::mark_contact`]), their documented limits (names
//! of 1 to 32 bytes, 1000 grouped conversations, 100 mark changes, 300 conversations searched,
//! mark bits 0 to 63) checked before sending.
//!
//! It is built on the generic runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it; [`ClientBuilder`] is the runtime's builder set to
//! build it. Tests and local development use `im-emulator`, which derives the conversation
//! lists from its message and group stores.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use futures::TryStreamExt;
//! use im_contacts::{Client, Conversation};
//! use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
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
//! client.top(&alice, &[Conversation::c2c("bob")?], true).await?;
//! let listed: Vec<_> = client.conversations(&alice).try_collect().await?;
//! assert_eq!(listed.len(), 1);
//! assert_eq!(listed[0].top_flag, 1);
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod conversation;
mod ops;

pub use client::{Client, ClientBuilder};
pub use conversation::{Conversation, MAX_GROUP_NAME_BYTES, MAX_GROUPED_CONVERSATIONS};
pub use ops::*;
