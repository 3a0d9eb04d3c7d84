//! The client for the friend, friend-list, blocklist and follow APIs of the Tencent Cloud IM
//! ("Chat") server REST API (`v4/sns/...`, `v4/follow/...`).
//!
//! [`Client`] has one typed operation per API, named after its command, mapping each list
//! answer to one outcome per requested account. The relationship pairs of a migration or a
//! moderation job go through the bulk operations ([`FriendImport`], [`FriendAdd`],
//! [`FriendDelete`], [`FriendCheck`], [`BlackListAdd`], [`BlackListDelete`],
//! [`BlackListCheck`], [`FollowAdd`], [`FollowDelete`], [`FollowCheck`]): each is an
//! [`im_client::bulk::BulkOperation`] over [`PairInput`]s of any length, chunked at its API's
//! documented maximum (1000 friends, 20 follows, 100 follow checks), each chunk sent as one
//! call per `From_Account`, with one outcome per pair ([`Success`] or a
//! [`Failure`](im_client::Failure)). The paged reads are streams following each API's own
//! cursor: [`Client::friend_get`] (`NextStartIndex`), [`Client::black_list_get`] (the
//! answer's `StartIndex`), [`Client::follow_get`] (`NextCursor`).
//!
//! It is built on the generic runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it; [`ClientBuilder`] is the runtime's builder set to
//! build it. Tests and local development use `im-emulator`, which keeps the relationship
//! graph.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use futures::StreamExt;
//! use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
//! use im_relations::{Client, FriendImport, Pair, PairInput};
//!
//! let emulator = Emulator::builder().build();
//! for user in ["alice", "bob", "carol"] {
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
//! // Import two friends of alice in bulk: one outcome per pair.
//! let pairs = [Pair::new("alice", "bob"), Pair::new("alice", "carol").with_remark("C")];
//! let mut run = client.bulk_iter(FriendImport, pairs.map(PairInput::from), Default::default());
//! while let Some(outcome) = run.next().await {
//!     assert!(outcome.is_ok(), "{outcome:?}");
//! }
//!
//! // Read them back, a page at a time.
//! let alice = im_proto::UserId::new("alice")?;
//! let friends: Vec<_> = client.friends(&alice).collect().await;
//! assert_eq!(friends.len(), 2);
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
#[macro_use]
mod ops;

pub use client::{Client, ClientBuilder};
pub use ops::*;
