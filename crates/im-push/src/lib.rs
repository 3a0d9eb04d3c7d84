//! The client for the push-to-all APIs of the Tencent Cloud IM ("Chat") server REST API
//! (`v4/all_member_push/...`): pushes to every user or to those holding tags or attributes,
//! and the users' push attributes and tags.
//!
//! [`Client`] has one typed operation per API, named after its command:
//!
//! - [`Client::im_push`]: the push. Its declared quotas are enforced by the runtime before
//!   anything is sent: **100 pushes a day** (the 101st fails with
//!   [`QuotaError::Exhausted`](im_client::QuotaError), naming the quota and when it resets, the
//!   next midnight at UTC+8, and sends nothing) and **one a second** (pushes are paced 1.1 s
//!   apart, so the service's "more than a second apart" holds: no 90024). With a Redis rate
//!   store ([`ClientBuilder::rate_store`](im_client::ClientBuilder)) the day's count is shared
//!   by every process of the app. `MsgLifeTime` over 7 days and a condition breaking its rules
//!   (attributes with tags, more than 10 tags, a tag of 0 or more than 50 bytes, a tag in both
//!   lists) are refused as [`Error::InvalidInput`](im_client::Error) before sending.
//! - The app's attribute names ([`Client::im_set_attr_name`], [`Client::im_get_attr_name`]).
//! - The users' attributes and tags, for any number of users: the lists are split into calls of
//!   100 (the declared maximum), sent in order ([`Client::im_get_attr`],
//!   [`Client::im_set_attr`], [`Client::im_remove_attr`], [`Client::im_get_tag`],
//!   [`Client::im_add_tag`], [`Client::im_remove_tag`], [`Client::im_remove_all_tags`]).
//!
//! It is built on the generic runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it; [`ClientBuilder`] is the runtime's builder set to
//! build it. Tests and local development use `im-emulator`, which keeps the attributes and
//! tags and records each push with the accounts it reached.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
//! use im_push::{Client, Push};
//! use im_proto::all_member_push::im_add_tag::UserTagsItem;
//! use im_proto::UserId;
//!
//! let emulator = Emulator::builder().build();
//! for user in ["alice", "bob"] {
//!     emulator.insert_account(Account::new(user));
//! }
//! let client = Client::builder()
//!     .sdkappid(emulator.sdkappid())
//!     .secret_key(emulator.secret_key())
//!     .admin(emulator.admin())
//!     .endpoint(IN_PROCESS_BASE_URL)
//!     .transport(Arc::new(emulator.in_process_transport()))
//!     .build()?;
//!
//! // Tag alice, then push to the holders of the tag.
//! let alice = UserId::new("alice")?;
//! client.im_add_tag(vec![UserTagsItem::new(alice, vec!["gold".into()])]).await?;
//! let task = client.im_push(&Push::text("hi, gold members").tags_or(["gold"]).build()).await?;
//! assert!(task.is_some());
//! let pushes = emulator.push_state()["pushes"].clone();
//! assert_eq!(pushes[0]["recipients"], serde_json::json!(["alice"]));
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod ops;

pub use client::{Client, ClientBuilder};
pub use ops::*;
