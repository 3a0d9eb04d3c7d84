//! The client for the group, member and group message APIs of the Tencent Cloud IM ("Chat")
//! server REST API (`v4/group_open_http_svc/...`), and communities' topics and online count
//! (`v4/million_group_open_http_svc/...`: [`Client::create_topic`], [`Client::topics`],
//! [`Client::destroy_topic`], [`Client::get_online_member_num`]), and live groups
//! (`v4/group_open_avchatroom_http_svc/...`: [`Client::live_members`], the online list as a
//! stream over its time cursor; [`Client::modify_user_info`] with the mark rules checked
//! before sending; [`Client::modify_admin`], at most 5 admins; robots and `check_members`).
//!
//! [`Client`] has one typed operation per API, named after its command, mapping each list
//! answer to one outcome per requested item. The member lists of a migration or a moderation
//! job go through the bulk operations ([`ImportGroupMember`], [`AddGroupMember`],
//! [`DeleteGroupMember`]): each is an [`im_client::bulk::BulkOperation`] over
//! [`MemberInput`]s of any length, chunked at its API's declared per-call maximum (20 imported
//! or added members a call, 100 removed), with one outcome per member ([`Success`] or a
//! [`Failure`](im_client::Failure)); so are [`ForbidSendMsg`], [`BanGroupMember`] and
//! [`UnbanGroupMember`]; [`CreateGroups`] creates groups with their initial members, one call
//! each, never twice when a job is resumed. The paged reads are streams: [`Client::group_ids`] (at
//! `get_appid_group_list`'s 1 call a second), [`Client::group_members`],
//! [`Client::joined_groups`], [`Client::banned_members`], [`Client::group_history`];
//! [`Client::groups_info`] reads any number of profiles in chunks of 50, halving a chunk
//! answered 10018. [`Client::send_group_msg`] keeps one `Random` across its resends, and
//! [`Client::import_group_msgs`] checks the page's time rules before sending chunks of 7.
//! A topic's messages are read and recalled by [`Client::group_history_in`] and
//! [`Client::recall_group_msgs_in`] (a `TopicId` of another group refused before sending);
//! [`Client::broadcast`] reaches every live group at `send_broadcast_msg`'s 1 call a second;
//! the read receipts are [`Client::get_group_msg_receipt`], the paged
//! [`Client::get_group_msg_receipt_detail`] (and [`Client::group_msg_readers`]) and
//! [`Client::group_msg_receipt`].
//!
//! It is built on the generic runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it; [`ClientBuilder`] is the runtime's builder set to
//! build it. Tests and local development use `im-emulator`, which keeps a group model.
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
//! use im_groups::{Client, ImportGroupMember, MemberInput};
//! use im_proto::group::create_group;
//! use im_proto::group_types::GroupType;
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
//! let group = client
//!     .create_group(&create_group::Request::new(GroupType::Public, "book club"))
//!     .await?
//!     .group_id;
//!
//! // Import two members in bulk: one outcome per member.
//! let members = ["bob", "carol"].map(MemberInput::from);
//! let mut run = client.bulk_iter(ImportGroupMember::new(&group), members, Default::default());
//! while let Some(outcome) = run.next().await {
//!     assert!(outcome.is_ok(), "{outcome:?}");
//! }
//! client.destroy_group(&group).await?;
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
#[macro_use]
mod ops;

pub use client::{Client, ClientBuilder};
pub use ops::*;

pub use im_client;
pub use im_proto;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
