//! The seam between the Tencent Cloud IM protocol and the network.
//!
//! The client in `im-accounts` builds an [`http::Request`] with a byte body, hands it to a
//! [`Transport`], and gets back the [`http::Response`] with its whole body, or a typed
//! [`TransportError`] that says whether a retry can help.
//! That is all a transport does: DNS, TLS, connection pooling, proxies, timeouts and the
//! response size limit live here; signing, retries, rate limits and JSON live above it.
//!
//! - [`Transport`] is object safe and stored as [`SharedTransport`] (`Arc<dyn Transport>`), so a
//!   client is cheap to clone, is used from many tasks at once, and takes any transport without a
//!   generic parameter.
//! - [`HyperTransport`] (feature `hyper`) is the production implementation: hyper 1.x,
//!   hyper-util's pooled client with HTTP/1.1 keep-alive and HTTP/2 by ALPN, rustls with the
//!   `ring` provider. Plain `http://` is refused unless the host is a loopback address, so a
//!   signature never crosses a network unencrypted by accident.
//! - [`test_util`] (feature `test-util`) has doubles for tests: from a closure, a channel or a
//!   script, a recorder, and a transport that never answers.
//! - [`redact_uri`], [`RedactedUri`], [`RedactedRequest`] and [`describe_request`] print URLs and
//!   requests with the `usersig` value masked; [`TransportError`] stores its URL that way.
//!
//! # Plugging in a custom transport
//!
//! Implement [`Transport`] by returning a boxed future, then store it as a [`SharedTransport`].
//! This one answers every request locally, like an in-process emulator would:
//!
//! ```
//! use std::sync::Arc;
//!
//! use im_transport::{BoxFuture, Bytes, ErrorKind, SharedTransport, Transport, TransportError};
//!
//! /// Answers every call with an empty success envelope.
//! struct AlwaysOk;
//!
//! impl Transport for AlwaysOk {
//!     fn send(
//!         &self,
//!         request: http::Request<Bytes>,
//!     ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
//!         Box::pin(async move {
//!             if request.method() != http::Method::POST {
//!                 return Err(TransportError::new(ErrorKind::InvalidRequest, "expected POST")
//!                     .with_uri(request.uri()));
//!             }
//!             let body = Bytes::from_static(br#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#);
//!             Ok(http::Response::new(body))
//!         })
//!     }
//! }
//!
//! # async fn demo() -> Result<(), TransportError> {
//! // What a client stores; clones share the transport.
//! let transport: SharedTransport = Arc::new(AlwaysOk);
//! let request = http::Request::post("https://console.tim.qq.com/v4/group_open_http_svc/get_group_info")
//!     .body(Bytes::from_static(b"{}"))
//!     .expect("static request is valid");
//! let response = transport.send(request).await?;
//! assert_eq!(response.status(), http::StatusCode::OK);
//! # Ok(())
//! # }
//! # futures_lite_block_on(demo()).unwrap();
//! # fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     // A minimal executor, so the example runs without choosing a runtime.
//! #     let waker = std::task::Waker::noop();
//! #     let mut cx = std::task::Context::from_waker(&waker);
//! #     let mut f = std::pin::pin!(f);
//! #     loop {
//! #         if let std::task::Poll::Ready(out) = f.as_mut().poll(&mut cx) {
//! #             return out;
//! #         }
//! #     }
//! # }
//! ```
//!
//! For the production path, build a [`HyperTransport`] (it needs a Tokio runtime with the time
//! driver, as `#[tokio::main]` gives):
//!
//! ```no_run
//! # #[cfg(feature = "hyper")]
//! # async fn demo() -> Result<(), im_transport::TransportError> {
//! use std::time::Duration;
//!
//! use im_transport::{HyperTransport, SharedTransport};
//!
//! let transport: SharedTransport = std::sync::Arc::new(
//!     HyperTransport::builder()
//!         .request_timeout(Duration::from_secs(10))
//!         .max_body_bytes(1 << 20)
//!         .build()?,
//! );
//! # let _ = transport;
//! # Ok(())
//! # }
//! ```
//!
//! # Crate features
//!
//! - `hyper` (default): [`HyperTransport`] and [`HyperTransportBuilder`], with the bundled
//!   Mozilla roots from `webpki-roots` and opt-in HTTPS proxy support ([`Proxy`]).
//!   Without it the crate has the trait, the error type, redaction and (with `test-util`) the
//!   doubles, and pulls in no async runtime or HTTP client.
//! - `native-roots`: adds [`HyperTransportBuilder::native_roots`], which trusts the platform's
//!   certificate store instead of the bundled roots. Implies `hyper`.
//! - `test-util`: the [`test_util`] module.
//!
//! Features only add items; none changes the behaviour of another.
//!

#![cfg_attr(docsrs, feature(doc_cfg))]
// Items behind a disabled feature are not documented; point their links at the feature list.
#![cfg_attr(not(feature = "hyper"), doc = "[`HyperTransport`]: #crate-features")]
#![cfg_attr(
    not(feature = "hyper"),
    doc = "[`HyperTransportBuilder`]: #crate-features"
)]
#![cfg_attr(not(feature = "hyper"), doc = "[`Proxy`]: #crate-features")]
#![cfg_attr(
    not(feature = "native-roots"),
    doc = "[`HyperTransportBuilder::native_roots`]: #crate-features"
)]
#![cfg_attr(not(feature = "test-util"), doc = "[`test_util`]: #crate-features")]

pub use bytes::Bytes;

pub use crate::error::{ErrorKind, TransportError};
#[cfg(feature = "hyper")]
pub use crate::hyper::{HyperTransport, HyperTransportBuilder, Proxy};
pub use crate::loopback::is_loopback_host;
pub use crate::redact::{RedactedRequest, RedactedUri, describe_request, redact_uri};
pub use crate::transport::{BoxFuture, SharedTransport, Transport};

mod error;
#[cfg(feature = "hyper")]
mod hyper;
mod loopback;
mod redact;
#[cfg(feature = "test-util")]
pub mod test_util;
mod transport;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
