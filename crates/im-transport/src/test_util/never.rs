//! A transport that never answers.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{Request, Response};

use crate::{BoxFuture, Transport, TransportError};

/// A [`Transport`] whose futures never complete, to exercise the caller's timeouts.
///
/// It counts the requests it was given; clones share the count.
///
/// # Examples
///
/// ```
/// use im_transport::test_util::NeverTransport;
/// use im_transport::{Bytes, Transport};
///
/// # async fn demo() {
/// let never = NeverTransport::new();
/// let request = http::Request::post("https://h/").body(Bytes::new()).unwrap();
/// let outcome = tokio::time::timeout(std::time::Duration::from_millis(10), never.send(request)).await;
/// assert!(outcome.is_err());
/// assert_eq!(never.calls(), 1);
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct NeverTransport {
    calls: Arc<AtomicUsize>,
}

impl NeverTransport {
    /// Creates a transport that has seen no request yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many requests were sent to it (and are still waiting).
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl Transport for NeverTransport {
    fn send(
        &self,
        _request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::pending())
    }
}
