//! The client for the Tencent Cloud IM ("Chat") server REST APIs.
//!
//! [`Client`] signs every request with a cached admin UserSig, validates input before anything
//! is sent, paces calls with a per-API rate limiter, retries what the error table says is worth
//! retrying, and maps batch answers to one outcome per requested account. The [`bulk`] engine
//! moves millions of accounts at the rate limit with exact accounting and resume.
//!
//! It is built on `im-proto` (packets and error codes), `im-sig` (UserSig) and `im-transport`
//! (HTTP; hyper + rustls by default, replaceable). Tests and local development use `im-emulator`.
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
//! # fn run() -> Result<(), im_accounts::Error> {
//! use im_accounts::{Client, Region};
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
//! - **Requests**: `POST {base}/v4/{service}/{command}?sdkappid=..&identifier=..&usersig=..&random=..&contenttype=json`
//!   (built by [`im_proto::AuthQuery`]) with every query value percent-encoded, a fresh uniform
//!   `random` per request, a JSON body and `Content-Type: application/json`.
//! - **UserSig**: generated for the admin, cached, shared by clones, renewed before it expires;
//!   a 70001/70052 (or other "resign" code) regenerates it and retries once.
//! - **Validation**: UserIDs (non-empty, ≤ 32 bytes, no control characters), item counts per API,
//!   profile values ≤ 500 bytes — the error names the value and the rule, and nothing is sent.
//! - **Retries**: exponential backoff with full jitter for transient codes (70169, 70202, 70500,
//!   40006, 60008), HTTP 5xx and transport errors; throttled codes (60007, 60011, 60018, 60019)
//!   wait at least a second; fatal codes never retry. See [`RetryPolicy`].
//! - **Rate limits**: one limiter per API at the documented defaults ([`RateLimits`]).
//! - **Secrets**: the key and UserSigs never appear in `Debug`, `Display`, errors or logs; URLs are
//!   logged with the `usersig` value masked. Calls emit `tracing` spans named `im.call`.
//! - **Escape hatch**: [`Client::call_raw`] sends any `service/command` with a JSON body, and
//!   [`Client::call`] any typed [`im_proto::Endpoint`].
//!
//! # Features
//!
//! - `ring` (default): im-sig's HMAC-SHA256 through ring (faster; off: pure Rust).
//! - `redis`: `RateStore`, a rate budget shared by many processes in Redis
//!   (`ClientBuilder::rate_store`).
//! - `metrics`: every call recorded through the `metrics` facade, for the recorder the
//!   application installs (a Prometheus exporter, say): `im_accounts_calls_total{api,outcome}`,
//!   `im_accounts_attempts_total{api}`, `im_accounts_retries_total{api}`,
//!   `im_accounts_throttled_total{api}`, `im_accounts_failures_total{api,code}` (the service's
//!   code, or `transport`, `http_{status}`, `decode`...) and the histogram
//!   `im_accounts_call_duration_seconds{api}`; `api` is the command word.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod bulk;
mod classify;
mod client;
mod clock;
mod error;
mod limits;
#[cfg(feature = "metrics")]
mod metrics;
mod ops;
mod region;
mod retry;
mod sign;
pub mod sync;

pub use client::{Client, ClientBuilder, ClientStats, DEFAULT_ADMIN};
pub use error::{
    ConfigError, DecodeError, Error, Failure, FailureKind, HttpStatusError, InvalidInput,
};
pub use limits::RateLimits;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use limits::{
    RateFallback, RateStore, RateStoreError, RateStoreEvent, RateStoreStats, RedactedStoreUrl,
};
pub use ops::{ItemOutcome, OnlineInfo, StatusOptions};
pub use region::{BaseUrl, Region, UnknownRegion};
pub use retry::RetryPolicy;

pub use im_proto;
pub use im_transport;
pub use im_transport::SharedTransport;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
