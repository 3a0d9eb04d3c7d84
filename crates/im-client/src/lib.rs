//! The generic client runtime of the Tencent Cloud IM ("Chat") server REST APIs.
//!
//! [`Client`] sends any declared API ([`Client::call`] with an [`im_proto::Endpoint`], or
//! [`Client::call_raw`] with a JSON body for any `service/command`): it validates the request
//! before anything is sent, enforces every quota the API declares (per second, per minute
//! counted per call or per item, per day), pacing it with the API's limiters (optionally one
//! budget shared by many processes in Redis), signs it with a cached admin UserSig, retries what
//! the error table and the API's retry safety say is worth retrying, fails over to the backup
//! domain, and decodes the answer into a typed [`Error`] or the response. Everything it knows
//! about an API comes from the request type's own declaration,
//! [`Endpoint::METADATA`](im_proto::Endpoint::METADATA): its path, quotas, item list, pages,
//! retry safety and result lists. An API the table does not declare yet gets the same
//! machinery from a declaration of its own ([`im_proto::Metadata::custom`]).
//!
//! Beyond single calls: [`Client::pages`] reads any declared paged API as a stream, and
//! [`Client::bulk`] runs any declared list API over millions of items ([`bulk`]: chunked at the
//! declared maximum, one [`Outcome`](bulk::Outcome) per input item, duplicates, resume, a
//! write-ahead record of each chunk), its answers mapped back per item as the declaration says
//! ([`results`]).
//!
//! The domain crates build on it: `im-accounts` adds the account, profile and robot
//! operations as methods of its own `Client`, a newtype that derefs to this one, and its bulk
//! operations as [`BulkOperation`](bulk::BulkOperation)s. This crate knows no domain: it is built on `im-proto`'s API table alone (no service's
//! typed modules), `im-sig` (UserSig) and `im-transport` (HTTP; hyper + rustls by default,
//! replaceable).
//!
//! # Quick start
//!
//! Against the local emulator, called in process (no network, no cloud account); this example
//! runs as a doctest:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! use im_client::Client;
//! use im_emulator::{Emulator, IN_PROCESS_BASE_URL};
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
//! // Any declared API by its path, with a JSON body; the answer is the whole response object.
//! let body = serde_json::json!({"CheckItem": [{"UserID": "alice"}]});
//! let answer = client.call_raw("im_open_login_svc", "account_check", &body).await?;
//! assert_eq!(answer["ResultItem"][0]["AccountStatus"], "NotImported");
//! assert_eq!(client.stats().calls, 1);
//! # Ok(())
//! # }
//! ```
//!
//! # Domain clients
//!
//! A domain crate's client is a newtype over [`Client`] that derefs to it, so `call`,
//! `call_raw`, `stats`, `stop_sending`... work on it unchanged, and adds its operations as
//! inherent methods (no trait to import). [`ClientBuilder`] is generic over the client it
//! builds: any type that is `From<Client>`. The domain client's `builder()` returns
//! `ClientBuilder<ItsClient>`, so the same settings build either:
//!
//! ```
//! /// A domain client: the runtime plus operations.
//! #[derive(Clone, Debug)]
//! pub struct Groups(im_client::Client);
//!
//! impl From<im_client::Client> for Groups {
//!     fn from(runtime: im_client::Client) -> Self {
//!         Groups(runtime)
//!     }
//! }
//!
//! impl std::ops::Deref for Groups {
//!     type Target = im_client::Client;
//!     fn deref(&self) -> &im_client::Client {
//!         &self.0
//!     }
//! }
//!
//! impl Groups {
//!     pub fn builder() -> im_client::ClientBuilder<Groups> {
//!         im_client::ClientBuilder::new()
//!     }
//! }
//!
//! # fn main() -> Result<(), im_client::Error> {
//! let groups = Groups::builder().sdkappid(1_400_000_000).secret_key("key").build()?;
//! assert_eq!(groups.sdkappid(), 1_400_000_000); // through Deref
//! # Ok(())
//! # }
//! ```
//!
//! # Behaviour
//!
//! - **Requests**: `POST {base}/v4/{service}/{command}?sdkappid=..&identifier=..&usersig=..&random=..&contenttype=json`
//!   (built by [`im_proto::AuthQuery`]) with every query value percent-encoded, a fresh uniform
//!   `random` per request, a JSON body and `Content-Type: application/json`.
//! - **UserSig**: generated for the admin, cached, shared by clones, renewed before it expires;
//!   a 70001/70052 (or other "resign" code) regenerates it and retries once.
//! - **Validation**: what the request's [`Endpoint::validate`](im_proto::Endpoint::validate)
//!   checks (identifiers, item counts, value lengths): the error names the value and the rule,
//!   and nothing is sent.
//! - **Retries**: exponential backoff with full jitter for transient codes (70169, 70202, 70500,
//!   40006, 60008), HTTP 5xx and transport errors; throttled codes (60007, 60011, 60018, 60019)
//!   wait at least a second; fatal codes never retry. A request that may have been processed
//!   (a timeout, a closed connection, an HTTP 5xx) is sent again as its declared
//!   [`RetrySafety`](im_proto::RetrySafety) says: `Always`, yes; `Never`, no; `SameRequest`,
//!   with the very same body (its key fields unchanged, and present) only while the call's first
//!   attempt left less than the window ago on the client's clock, and not after
//!   ([`CallReport::window_passed`]). See [`RetryPolicy`].
//! - **Rate limits**: one limiter per API at the documented calls per second ([`RateLimits`]),
//!   slowed down by throttled answers and climbing back.
//! - **Quotas**: every other declared quota ([`Quotas`], raised ones configurable): a quota of a
//!   second or a minute paces calls by a weighted GCRA (a call to 500 recipients takes 500 of a
//!   per-item quota; a call more than it admits at once is refused, [`QuotaError::TooLarge`]);
//!   a quota of a day counts calls (or items) per calendar day at its UTC offset and refuses the
//!   call that would go past it before anything is sent ([`QuotaError::Exhausted`], with the
//!   next midnight at that offset). Refusals are [`Error::Quota`], never retried.
//! - **Secrets**: the key and UserSigs never appear in `Debug`, `Display`, errors or logs; URLs are
//!   logged with the `usersig` value masked. Calls emit `tracing` spans named `im.call`.
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
//!   `im_accounts_call_duration_seconds{api}`; `api` is the command word. The names keep the
//!   `im_accounts_` prefix they had before the runtime became its own crate, so dashboards keep
//!   working.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod bulk;
mod classify;
mod client;
mod clock;
mod domain;
mod error;
mod limits;
#[cfg(feature = "metrics")]
mod metrics;
pub mod pages;
mod region;
pub mod results;
mod retry;
mod sign;

pub use client::{CallReport, Client, ClientBuilder, ClientStats, DEFAULT_ADMIN};
pub use error::{
    ConfigError, DecodeError, Error, Failure, FailureKind, HttpStatusError, InvalidInput,
    QuotaError, Trace,
};
pub use limits::{Quotas, RateLimits};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use limits::{
    RateFallback, RateStore, RateStoreError, RateStoreEvent, RateStoreStats, RedactedStoreUrl,
};
pub use pages::{PageCursor, Pages};
pub use region::{BaseUrl, InvalidEndpoint, Region, UnknownRegion};
pub use retry::RetryPolicy;

pub use im_proto;
pub use im_transport;
pub use im_transport::SharedTransport;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
