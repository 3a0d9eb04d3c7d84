//! The client for the account, profile and robot APIs of the Tencent Cloud IM ("Chat") server
//! REST APIs.
//!
//! [`Client`] has one typed operation per API: it validates input before anything is sent and
//! maps batch answers to one outcome per requested account. The [`bulk`] operations move
//! millions of accounts at the rate limit with exact accounting and resume, on the generic
//! engine of [`im_client::bulk`]; [`sync`] plans what a sync to a desired state would do.
//!
//! It is built on the generic client runtime [`im_client`] (signing with a cached admin UserSig,
//! per-API rate limits, retries by error class, failover, metrics): [`Client`] is a newtype over
//! [`im_client::Client`] and derefs to it, and [`ClientBuilder`] is the runtime's builder set
//! to build this crate's client. Packets and error codes come from `im-proto`. Tests and local
//! development use `im-emulator`.
//!
//! # Quick start
//!
//! Against the local emulator, called in process (no network, no cloud account): the same
//! client, only its transport differs. This example runs as a doctest.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use im_accounts::Client;
//! use im_emulator::{Emulator, IN_PROCESS_BASE_URL};
//! use im_proto::{AccountProfile, AccountStatus, Gender, Profile, ProfileTag, UserId};
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
//! // Import one account with a nickname, then check it and one that was never imported.
//! let alice = UserId::new("alice")?;
//! client.account_import(AccountProfile::new(alice.clone()).with_nick("Alice")).await?;
//! let checked = client.account_check(&[alice.clone(), UserId::new("bob")?]).await?;
//! assert!(matches!(checked[0].result, Ok(AccountStatus::Imported)));
//! assert!(matches!(checked[1].result, Ok(AccountStatus::NotImported)));
//!
//! // Write profile fields (the others keep their values), then read them back.
//! let profile = Profile::new()
//!     .with_gender(Gender::Female)
//!     .with_birthday(19900101)
//!     .with_custom("Tag_Profile_Custom_Team", "blue");
//! client.set_profile(&alice, &profile).await?;
//! let tags = [
//!     ProfileTag::Nick,
//!     ProfileTag::Gender,
//!     ProfileTag::BirthDay,
//!     ProfileTag::from("Tag_Profile_Custom_Team"),
//! ];
//! let read = client.portrait_get(&[alice.clone()], &tags).await?;
//! let stored = read[0].result.as_ref().expect("alice was imported");
//! assert_eq!(stored, &profile.with_nick("Alice"));
//! # Ok(())
//! # }
//! ```
//!
//! Against the service, build the client from the app's credentials instead
//! ([`Client::from_env`] reads `IM_SDKAPPID`, `IM_SECRET_KEY`, `IM_ADMIN`, `IM_REGION` or
//! `IM_ENDPOINT`):
//!
//! ```no_run
//! # fn run() -> Result<(), im_client::Error> {
//! use im_accounts::Client;
//! use im_client::Region;
//!
//! let client = Client::builder()
//!     .sdkappid(1_400_000_000)
//!     .secret_key(std::fs::read_to_string("secret.key").unwrap().trim())
//!     .region(Region::Singapore)
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! # Operations
//!
//! One typed operation per API, named after its command and taking what the command takes; a
//! few friendlier aliases take another input and call the same command. The former names of
//! renamed operations still work, deprecated, and call the new ones.
//!
//! | Command | Operation | Friendlier alias | Former name (deprecated) |
//! |---|---|---|---|
//! | `account_import` | [`account_import`](Client::account_import) | — | `import_account` |
//! | `multiaccount_import` | [`multiaccount_import`](Client::multiaccount_import) (`AccountList`: UserIDs with nicknames and avatars) | [`import_accounts`](Client::import_accounts) (`Accounts`: UserIDs alone) | `import_profiles` |
//! | `account_check` | [`account_check`](Client::account_check) | — | `check_accounts` |
//! | `account_delete` | [`account_delete`](Client::account_delete) | — | `delete_accounts` |
//! | `kick` | [`kick`](Client::kick) | — | — |
//! | `query_online_status` | [`query_online_status`](Client::query_online_status) | — | — |
//! | `portrait_set` | [`portrait_set`](Client::portrait_set) (the items as given) | [`set_profile`](Client::set_profile) (a `Profile`) | `set_profile_items` |
//! | `portrait_get` | [`portrait_get`](Client::portrait_get) | — | `get_profiles` |
//! | `create_robot` | [`create_robot`](Client::create_robot) | — | `add_robot` |
//! | `delete_robot` | [`delete_robot`](Client::delete_robot) | — | `remove_robot` |
//! | `get_all_robots` | [`get_all_robots`](Client::get_all_robots) | — | `robots` |
//!
//! # Behaviour
//!
//! - **Validation**: UserIDs (non-empty, ≤ 32 bytes, no control characters), item counts per API,
//!   profile values ≤ 500 bytes — the error names the value and the rule, and nothing is sent.
//! - **Batch answers**: one outcome per requested account, in request order; an account absent
//!   from every result list is [`Failure::NoResult`](im_client::Failure::NoResult), never a
//!   success.
//! - **Requests, UserSig, retries, rate limits, secrets**: the runtime's, see [`im_client`]
//!   ([`im_client::RetryPolicy`], [`im_client::RateLimits`]).
//! - **Escape hatch**: [`call_raw`](im_client::Client::call_raw) sends any `service/command` with
//!   a JSON body, and [`call`](im_client::Client::call) any typed [`im_proto::Endpoint`], on this
//!   client too (through `Deref`).
//!
//! # Moved to `im-client`
//!
//! The runtime's types moved to [`im_client`] (re-exported here: `im_accounts::im_client`).
//! Their old paths still work: `im_accounts::Error`, `Failure`, `RetryPolicy`, `RateLimits`,
//! `Region`, `BaseUrl`, `ClientStats`, `RateStore`... are deprecated aliases of the same types
//! (variants, methods and trait impls included: `im_accounts::Region::Singapore` is
//! `im_client::Region::Singapore`); import them from `im_client` instead. A `use` of a variant
//! through an old path (`use im_accounts::Region::Singapore`) needs the new one: a type alias
//! is not a module.
//! `RedactedStoreUrl` is re-exported as it is (a type alias cannot construct a tuple struct).
//! The bulk engine moved to [`im_client::bulk`] too: `bulk::Positions`,
//! `bulk::ParsePositionsError`, `bulk::Counts` and `bulk::Progress` are deprecated aliases of
//! its types; [`bulk`] keeps the account operations and their sugar (`BulkOp`, `BulkItem`,
//! `BulkOutcome`, `BulkOptions`, `BulkRun`, `Report`).
//!
//! # Features
//!
//! Each turns on `im-client`'s feature of the same name:
//!
//! - `ring` (default): im-sig's HMAC-SHA256 through ring (faster; off: pure Rust).
//! - `redis`: [`im_client::RateStore`], a rate budget shared by many processes in Redis
//!   (`ClientBuilder::rate_store`).
//! - `metrics`: every call recorded through the `metrics` facade (`im_accounts_calls_total`...,
//!   see [`im_client`]).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod accounts;
pub mod bulk;
mod ops;
pub mod sync;

pub use accounts::{Client, ClientBuilder};
pub use ops::{ItemOutcome, OnlineInfo, StatusOptions};

pub use im_client;
pub use im_proto;
pub use im_transport;
pub use im_transport::SharedTransport;

// The runtime's items, at their paths from before they moved to `im-client`. `#[deprecated]` on
// a `pub use` is ignored, so each type is a deprecated alias: the same type, its variants,
// methods and trait impls included.

/// Moved: [`im_client::DEFAULT_ADMIN`].
#[deprecated(note = "moved to im_client::DEFAULT_ADMIN")]
pub const DEFAULT_ADMIN: &str = im_client::DEFAULT_ADMIN;
/// Moved: [`im_client::ClientStats`].
#[deprecated(note = "moved to im_client::ClientStats")]
pub type ClientStats = im_client::ClientStats;
/// Moved: [`im_client::Error`].
#[deprecated(note = "moved to im_client::Error")]
pub type Error = im_client::Error;
/// Moved: [`im_client::ConfigError`].
#[deprecated(note = "moved to im_client::ConfigError")]
pub type ConfigError = im_client::ConfigError;
/// Moved: [`im_client::DecodeError`].
#[deprecated(note = "moved to im_client::DecodeError")]
pub type DecodeError = im_client::DecodeError;
/// Moved: [`im_client::HttpStatusError`].
#[deprecated(note = "moved to im_client::HttpStatusError")]
pub type HttpStatusError = im_client::HttpStatusError;
/// Moved: [`im_client::InvalidInput`].
#[deprecated(note = "moved to im_client::InvalidInput")]
pub type InvalidInput = im_client::InvalidInput;
/// Moved: [`im_client::Failure`].
#[deprecated(note = "moved to im_client::Failure")]
pub type Failure = im_client::Failure;
/// Moved: [`im_client::FailureKind`].
#[deprecated(note = "moved to im_client::FailureKind")]
pub type FailureKind = im_client::FailureKind;
/// Moved: [`im_client::RateLimits`].
#[deprecated(note = "moved to im_client::RateLimits")]
pub type RateLimits = im_client::RateLimits;
/// Moved: [`im_client::RetryPolicy`].
#[deprecated(note = "moved to im_client::RetryPolicy")]
pub type RetryPolicy = im_client::RetryPolicy;
/// Moved: [`im_client::Region`].
#[deprecated(note = "moved to im_client::Region")]
pub type Region = im_client::Region;
/// Moved: [`im_client::BaseUrl`].
#[deprecated(note = "moved to im_client::BaseUrl")]
pub type BaseUrl = im_client::BaseUrl;
/// Moved: [`im_client::UnknownRegion`].
#[deprecated(note = "moved to im_client::UnknownRegion")]
pub type UnknownRegion = im_client::UnknownRegion;
/// Moved: [`im_client::RateFallback`].
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
#[deprecated(note = "moved to im_client::RateFallback")]
pub type RateFallback = im_client::RateFallback;
/// Moved: [`im_client::RateStore`].
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
#[deprecated(note = "moved to im_client::RateStore")]
pub type RateStore = im_client::RateStore;
/// Moved: [`im_client::RateStoreError`].
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
#[deprecated(note = "moved to im_client::RateStoreError")]
pub type RateStoreError = im_client::RateStoreError;
/// Moved: [`im_client::RateStoreEvent`].
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
#[deprecated(note = "moved to im_client::RateStoreEvent")]
pub type RateStoreEvent = im_client::RateStoreEvent;
/// Moved: [`im_client::RateStoreStats`].
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
#[deprecated(note = "moved to im_client::RateStoreStats")]
pub type RateStoreStats = im_client::RateStoreStats;
/// Moved: [`im_client::RedactedStoreUrl`], re-exported as it is: a tuple struct is not
/// constructed through a type alias, so this one path is not marked deprecated.
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use im_client::RedactedStoreUrl;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
