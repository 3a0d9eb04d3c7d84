//! The client for the content moderation APIs of the Tencent Cloud IM ("Chat") server REST API
//! (`v4/im_msg_audit/...`, `v4/im_msg_audit_mgr/...`).
//!
//! [`Client`] has the typed operations: [`Client::moderate`] (one content, a [`Judgement`]),
//! [`Client::moderate_all`] (texts or image URLs of any number, sent as
//! `batch_content_moderation` calls of 10, one outcome per content), and the cloud keyword
//! libraries: [`Client::libraries`], [`Client::keywords`], [`Client::add_keywords`],
//! [`Client::delete_keywords`]. The pages' limits are checked before anything is sent (a
//! content over 8 KB, a page over 100, an empty word...). Moderation runs in China, Singapore
//! and Seoul only (the INTL pages: Singapore only).
//!
//! It is built on the generic runtime [`im_client`]: [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it; [`ClientBuilder`] is the runtime's builder set to
//! build it. Tests and local development use `im-emulator`, which keeps the keyword libraries
//! and moderates with them.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use im_emulator::{BLOCK_LIBRARY_ID, Emulator, IN_PROCESS_BASE_URL};
//! use im_moderation::{Client, Keyword, Verdict};
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
//! assert_eq!(client.moderate_text("C2C", "cheap watches").await?.verdict, Verdict::Pass);
//! client.add_keywords(BLOCK_LIBRARY_ID, vec![Keyword::new("cheap")]).await?;
//! let judgement = client.moderate_text("C2C", "cheap watches").await?;
//! assert!(judgement.is_blocked());
//! assert_eq!(judgement.keywords, ["cheap"]);
//! # Ok(())
//! # }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
#[macro_use]
mod ops;

pub use client::{Client, ClientBuilder};
pub use ops::*;
