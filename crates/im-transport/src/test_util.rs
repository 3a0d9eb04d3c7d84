//! Transports for tests (feature `test-util`).
//!
//! - [`FnTransport`]: answers with a closure.
//! - [`ScriptedTransport`]: replays a list of responses and errors, and checks at the end that
//!   all were used.
//! - [`RecordingTransport`]: wraps another transport and keeps a copy of every request.
//! - [`NeverTransport`]: never answers, for timeout tests.
//! - [`ChannelTransport`]: hands each request to the test through a channel, so the test decides
//!   when and how to answer.
//!
//! They need no runtime of their own and work with any executor; none opens a socket.
//! [`response`] and [`json_response`] build responses for them.
//!
//! # Examples
//!
//! ```
//! use im_transport::test_util::{RecordingTransport, ScriptedTransport, json_response};
//! use im_transport::{Bytes, ErrorKind, Transport, TransportError};
//!
//! # async fn demo() {
//! let script = ScriptedTransport::new([
//!     Err(TransportError::new(ErrorKind::ConnectionClosed, "reset by the test")),
//!     Ok(json_response(r#"{"ActionStatus":"OK","ErrorCode":0}"#)),
//! ]);
//! let transport = RecordingTransport::new(script.clone());
//!
//! let request = || http::Request::post("https://h/v4/a/b?usersig=S").body(Bytes::new()).unwrap();
//! assert!(transport.send(request()).await.unwrap_err().is_retryable());
//! assert_eq!(transport.send(request()).await.unwrap().status(), 200);
//!
//! assert_eq!(transport.requests().len(), 2);
//! script.assert_all_used();
//! # }
//! ```

use bytes::Bytes;
use http::Response;

pub use self::channel::{ChannelTransport, PendingRequest, RequestReceiver};
pub use self::fn_transport::FnTransport;
pub use self::never::NeverTransport;
pub use self::recording::RecordingTransport;
pub use self::scripted::ScriptedTransport;

mod channel;
mod copy;
mod fn_transport;
mod never;
mod recording;
mod scripted;

/// Builds a response with `status` and `body`.
///
/// # Panics
///
/// If `status` is not in `100..=999`.
pub fn response(status: u16, body: impl Into<Bytes>) -> Response<Bytes> {
    let mut response = Response::new(body.into());
    *response.status_mut() =
        http::StatusCode::from_u16(status).expect("test response status must be in 100..=999");
    response
}

/// Builds a `200 OK` response with `Content-Type: application/json` and `body`, the shape of
/// every answer of the service (errors are reported inside the JSON envelope).
pub fn json_response(body: impl Into<Bytes>) -> Response<Bytes> {
    let mut response = response(200, body);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}
