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

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use bytes::Bytes;

pub use crate::error::{ErrorKind, TransportError};
#[cfg(feature = "hyper")]
pub use crate::hyper::{HyperTransport, HyperTransportBuilder, Proxy};
pub use crate::redact::{RedactedRequest, RedactedUri, describe_request, redact_uri};

mod error;
#[cfg(feature = "hyper")]
mod hyper;
mod redact;
#[cfg(feature = "test-util")]
pub mod test_util;

/// A boxed, `Send` future: what [`Transport::send`] returns, so the trait stays object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A transport shared by clones of a client and by its tasks.
///
/// Any `Arc<T>` with `T: Transport` converts into it by unsized coercion:
/// `let shared: SharedTransport = Arc::new(my_transport);`.
pub type SharedTransport = Arc<dyn Transport>;

/// Sends one HTTP request and returns one response with its whole body.
///
/// Implementations own connection handling, TLS, timeouts and the response size limit. They do
/// not retry, sign or interpret the body: a response with any status code is `Ok`; an `Err`
/// means no complete response arrived.
///
/// The trait is object safe and requires `Send + Sync + 'static`, so a transport can be stored as
/// a [`SharedTransport`] and called from many tasks concurrently. See the
/// [crate documentation](crate#plugging-in-a-custom-transport) for an implementation.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and resolves to the response with its full body.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] whose [`kind`](TransportError::kind) tells what went wrong and whose
    /// [`is_retryable`](TransportError::is_retryable) tells whether sending again can help.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        (**self).send(request)
    }
}

/// Whether a URL host is loopback: `localhost`, `127.0.0.0/8`, `::1`, or an IPv4-mapped
/// loopback address (brackets and a trailing dot allowed). Plain `http://` is allowed to these
/// only, unless a caller explicitly allows more.
///
/// ```
/// assert!(im_transport::is_loopback_host("127.0.0.2"));
/// assert!(im_transport::is_loopback_host("[::1]"));
/// assert!(!im_transport::is_loopback_host("10.0.0.1"));
/// ```
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_is_object_safe_and_shareable() {
        fn check<T: Send + Sync + Clone>() {}
        check::<SharedTransport>();
        fn takes_box(_: Box<dyn Transport>) {}
        fn takes_arc<T: Transport>(_: T) {}
        let _ = takes_box;
        let _ = takes_arc::<Arc<dyn Transport>>;
        let _ = takes_arc::<Box<dyn Transport>>;
    }
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
