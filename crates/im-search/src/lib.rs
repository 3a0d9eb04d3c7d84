//! The client for the cloud search APIs of the Tencent Cloud IM ("Chat") server REST API
//! (`v4/im_open_search/...`).
//!
//! [`Client`] has the typed operations: [`Client::set_visibility`] and its forms
//! [`Client::hide_user`], [`Client::hide_group`], [`Client::hide_member`] (hide an object from
//! a search, or show it again), and [`Client::hidden`] (the objects hidden from one search, a
//! stream read a page at a time over the string cursor until `IsFinish`). Cloud search runs in
//! China and Singapore only ([`SEARCH_REGIONS`]): a client of another region is refused before
//! anything is sent, with [`im_client::ConfigError::RegionUnsupported`]; an explicit endpoint
//! (the emulator's) is not a region and is allowed. The APIs are limited to 2 calls a second,
//! which the runtime paces. The three searches themselves (`v4/user_search/search`,
//! `v4/group_search/search`, `v4/group_member_search/search`) are not declared yet.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use futures::TryStreamExt;
//! use im_emulator::{Emulator, IN_PROCESS_BASE_URL};
//! use im_search::{Client, SearchKind};
//!
//! let emulator = Emulator::builder().build();
//! let client = Client::builder()
//!     .sdkappid(emulator.sdkappid())
//!     .secret_key(emulator.secret_key())
//!     .admin(emulator.admin())
//!     .endpoint(IN_PROCESS_BASE_URL)
//!     .transport(Arc::new(emulator.in_process_transport()))
//!     .build()?;
//!
//! client.hide_user(&"spammer".parse()?, true).await?;
//! let hidden: Vec<_> = client.hidden(SearchKind::Users).try_collect().await?;
//! assert_eq!(hidden[0].user_id.as_deref(), Some("spammer"));
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
#[macro_use]
mod ops;

pub use client::{Client, ClientBuilder};
pub use ops::*;
