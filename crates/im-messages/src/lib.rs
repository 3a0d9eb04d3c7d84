//! The client for the one-to-one (C2C) message APIs of the Tencent Cloud IM ("Chat") server
//! REST APIs.
//!
//! [`Client`] has one typed operation per API: it checks the message before anything is sent
//! (the body's rules, `MsgLifeTime`, the 12 KB of a request) and maps list answers to one
//! outcome per recipient. [`BatchSendMsg`], [`SendMsg`] and [`ImportMsg`] send to millions
//! through the generic bulk engine ([`im_client::bulk`]): chunks of 500 recipients under both
//! quotas of `batchsendmsg`, exact accounting, and a resume that never delivers twice.
//!
//! It is built on the generic client runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it, and [`ClientBuilder`] is the runtime's builder set
//! to build this crate's client. Packets, the message model ([`im_proto::message`]) and error
//! codes come from `im-proto`.
//!
//! # Exactly once
//!
//! - **`sendmsg`**: the service deduplicates a send on its sender, `MsgSeq`, `MsgRandom` and
//!   content for 120 s. Each message gets its own `MsgSeq` and `MsgRandom`, at random (never
//!   fixed per process); after a lost answer the client resends the very same body, and only
//!   within 120 s of its first attempt (the declaration's retry safety).
//! - **`batchsendmsg`**: no such window; a call whose answer was lost is never resent. A bulk
//!   job records each chunk's `MsgSeq` and `MsgRandom` before it leaves
//!   ([`BulkOptions::before_send`](im_client::bulk::BulkOptions::before_send)); resumed, it
//!   looks for the message in each unsettled recipient's history (`admin_getroammsg` from the
//!   recipient's side) and sends again only to those that lack it.
//! - **`importmsg`**: deduplicated by the service on `MsgSeq`, `MsgRandom` and `MsgTimeStamp`:
//!   resent with the same keys.
//!
//! # Operations
//!
//! One typed operation per API, named after its command; a few friendlier forms choose the
//! keys or read every page.
//!
//! | Command | Operation | Friendlier form |
//! |---|---|---|
//! | `sendmsg` | [`sendmsg`](Client::sendmsg) | [`send`](Client::send) (a [`Message`], new keys), bulk [`SendMsg`] |
//! | `batchsendmsg` | [`batchsendmsg`](Client::batchsendmsg) | [`batch_send`](Client::batch_send), bulk [`BatchSendMsg`] |
//! | `importmsg` | [`importmsg`](Client::importmsg) | bulk [`ImportMsg`] |
//! | `admin_getroammsg` | [`admin_getroammsg`](Client::admin_getroammsg) (a [`Stream`](futures::Stream) of messages) | [`history`](Client::history) |
//! | `admin_msgwithdraw` | [`admin_msgwithdraw`](Client::admin_msgwithdraw) | — |
//! | `admin_set_msg_read` | [`admin_set_msg_read`](Client::admin_set_msg_read) | — |
//! | `get_c2c_unread_msg_num` | [`get_c2c_unread_msg_num`](Client::get_c2c_unread_msg_num) | [`unread_total`](Client::unread_total) |
//! | `modify_c2c_msg` | [`modify_c2c_msg`](Client::modify_c2c_msg) | — |
//! | `delete_c2c_msg_ramble` | [`delete_c2c_msg_ramble`](Client::delete_c2c_msg_ramble) | — |
//! | `c2c_msg_read_receipt` | [`c2c_msg_read_receipt`](Client::c2c_msg_read_receipt) | — |
//! | `get_key_values` | [`get_key_values`](Client::get_key_values) (every page) | — |
//! | `set_key_values` | [`set_key_values`](Client::set_key_values) (matched by `Extension.Key`) | [`clear_key_values`](Client::clear_key_values) |
//! | `group_get_key_values` | [`group_get_key_values`](Client::group_get_key_values) (a group message's, every page) | — |
//! | `group_set_key_values` | [`group_set_key_values`](Client::group_set_key_values) (key and value sizes checked first) | [`group_clear_key_values`](Client::group_clear_key_values) |
//!
//! # Features
//!
//! Each turns on `im-client`'s feature of the same name: `ring` (default), `redis` (a rate
//! budget shared by many processes, `im_client::RateStore`), `metrics`.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod messages;
mod ops;

pub use messages::{Client, ClientBuilder};
pub use ops::*;

pub use im_client;
pub use im_proto;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
