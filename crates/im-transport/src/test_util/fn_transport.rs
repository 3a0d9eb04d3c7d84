//! A transport that answers with a closure.

use std::fmt;
use std::future::Future;

use bytes::Bytes;
use http::{Request, Response};

use crate::{BoxFuture, Transport, TransportError};

/// A [`Transport`] that calls a closure for each request.
///
/// The closure returns a future, so it can await, count calls or fail.
///
/// # Examples
///
/// ```
/// use im_transport::test_util::{FnTransport, json_response};
/// use im_transport::{Bytes, SharedTransport};
///
/// let transport: SharedTransport = std::sync::Arc::new(FnTransport::new(|request: http::Request<Bytes>| async move {
///     assert_eq!(request.method(), http::Method::POST);
///     Ok(json_response(r#"{"ActionStatus":"OK","ErrorCode":0}"#))
/// }));
/// # let _ = transport;
/// ```
pub struct FnTransport<F> {
    f: F,
}

impl<F, Fut> FnTransport<F>
where
    F: Fn(Request<Bytes>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<Bytes>, TransportError>> + Send + 'static,
{
    /// Wraps `f`, called once per request.
    pub fn new(f: F) -> Self {
        Self { f }
    }
}

impl<F, Fut> Transport for FnTransport<F>
where
    F: Fn(Request<Bytes>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<Bytes>, TransportError>> + Send + 'static,
{
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        Box::pin((self.f)(request))
    }
}

impl<F> fmt::Debug for FnTransport<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FnTransport").finish_non_exhaustive()
    }
}
