//! A local emulator of the Tencent Cloud IM ("Chat") server REST API.
//!
//! It serves every API of im-proto's table ([`im_proto::Api::ALL`], legacy paths included) over
//! HTTP on a loopback port, the way the service documents them, so that clients in any language
//! can be tested end to end on a laptop. Requests are decoded and answers encoded only with
//! im-proto's packets (each API's server half), and UserSigs are verified with `im-sig`, so the
//! emulator cannot drift from the toolkit's client. `docs/emulator.md` lists what each API
//! answers.
//!
//! What it does, in the order a request meets it (see `docs/emulator.md` for every code):
//!
//! 1. **Route**: `POST /v4/{service}/{command}` (another method is answered as the POST); an
//!    unknown path answers 60009 — always HTTP 200 with the code in the JSON envelope.
//! 2. **Faults** ([`FaultConfig`]): added latency, then with a probability one of 70169, 70202,
//!    70500, HTTP 502, a closed connection or a stall (and, opt-in, a lost answer: processed,
//!    then the connection closed); reproducible from a seed.
//! 3. **Rate limit** per API (GCRA, documented defaults, burst of one second): 60007.
//! 4. **Query and UserSig**: `sdkappid`, `identifier` (an admin), `usersig` (verified with the
//!    emulator's clock, revocations honoured), `random`, `contenttype`.
//! 5. **Body** and the API's semantics, on an in-memory account store and one-to-one message
//!    store.
//!
//! Inspection and control live under `/_emulator/` (loopback peers only) and on [`Emulator`]
//! itself: accounts, statistics, online states, revocations, faults, rate limits, the clock.
//!
//! Two front ends share one state: the hyper server started by [`Emulator::start`], and the
//! [`InProcessTransport`], an `im_transport::Transport` that calls the service directly, with no
//! socket, for fast tests. The server holds at most 1024 connections (at the cap, the one idle
//! the longest is closed first) and closes idle, silent and slow ones ([`ServeOptions`]); its
//! accept loop, [`serve_http`], serves any handler the same way.
//!
//! # Example
//!
//! ```
//! use im_emulator::Emulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let emulator = Emulator::builder().seed(1).build();
//! let handle = emulator.start_local().await?;
//!
//! // A UserSig for the admin, as a client would generate it from the same key.
//! let usersig = emulator.generate_usersig(emulator.admin(), 86_400);
//! let query = im_proto::AuthQuery::signed(emulator.sdkappid(), emulator.admin(), &usersig, 42);
//! let url = format!(
//!     "{}/{}?{}",
//!     handle.base_url(),
//!     im_proto::Api::AccountImport.metadata().path(),
//!     query.encode(),
//! );
//! # let body = r#"{"UserID":"alice","Nick":"Alice"}"#;
//! # let answer = raw_post(handle.local_addr(), &url, body).await?;
//! // POST {"UserID":"alice","Nick":"Alice"} to `url` with any HTTP client; the answer is
//! assert!(answer.contains(r#""ErrorCode":0"#));
//! assert_eq!(handle.accounts()[0].nick.as_deref(), Some("Alice"));
//! handle.shutdown().await;
//! # Ok(())
//! # }
//! # async fn raw_post(addr: std::net::SocketAddr, url: &str, body: &str) -> std::io::Result<String> {
//! #     use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! #     let path = &url[url.find("/v4/").unwrap()..];
//! #     let mut stream = tokio::net::TcpStream::connect(addr).await?;
//! #     let request = format!(
//! #         "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
//! #         body.len()
//! #     );
//! #     stream.write_all(request.as_bytes()).await?;
//! #     let mut answer = String::new();
//! #     stream.read_to_string(&mut answer).await?;
//! #     Ok(answer)
//! # }
//! ```
//!
//! # Defaults
//!
//! | Setting | Default |
//! |---|---|
//! | SDKAppID | [`DEFAULT_SDKAPPID`] (1400000000) |
//! | secret key | [`DEFAULT_SECRET_KEY`], the official libraries' demo key |
//! | admins | `["administrator"]` |
//! | rate limits | each API's documented default (`Api::metadata().default_calls_per_second`) |
//! | account cap | none |
//! | faults, latency | none; stall 60 s; seed 0 |
//! | clock | the system clock |
//! | request body | at most 1 MiB (larger: 60002) |

#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod callbacks;
mod client_actions;
mod client_groups;
mod client_reads;
mod clients;
mod clients_view;
mod clock;
mod connections;
mod contacts;
mod control;
mod edition;
mod emulator;
mod exchange;
mod faults;
mod group_calls;
mod groups;
mod groups_view;
mod handlers;
mod history;
mod interner;
mod limits;
mod messages;
mod moderation;
mod moderation_calls;
mod push;
mod relation_calls;
mod relations;
mod relations_view;
mod search;
mod server;
mod service;
mod shared;
mod sig_cache;
mod state;
mod stats;
mod transport;

pub use auth::MAX_USERSIG_SKEW_SECS;
pub use callbacks::{
    CallbackSettings, CallbackStats, MAX_AFTER_RETRIES, OnCallbackFailure, QUEUE as CALLBACK_QUEUE,
};
pub use clients_view::ClientError;
pub use connections::{
    DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_TIMEOUT, RequestBody, RequestBodyError, ServeOptions,
    serve_http,
};
pub use edition::{Edition, ParseEditionError};
pub use emulator::{
    DEFAULT_ADMIN, DEFAULT_MAX_BODY_BYTES, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY, Emulator,
    EmulatorBuilder, MAX_URL_BYTES,
};
pub use faults::{FaultConfig, FaultKind, FaultRule, ParseFaultKindError};
pub use groups_view::GroupCounts;
pub use handlers::serves;
pub use messages::StoredMessage;
pub use moderation::{BLOCK_LIBRARY_ID, REVIEW_LIBRARY_ID};
pub use relations_view::{AccountRelations, RelationCounts};
pub use server::EmulatorHandle;
pub use state::{Account, OnlineState, Revocation};
pub use stats::Stats;
pub use transport::{IN_PROCESS_BASE_URL, InProcessTransport};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
