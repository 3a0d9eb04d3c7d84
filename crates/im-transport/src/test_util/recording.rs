//! A transport that records what passes through it.

use std::fmt;
use std::sync::Arc;

use parking_lot::Mutex;

use bytes::Bytes;
use http::{Request, Response};

use super::copy::copy_request;
use crate::{BoxFuture, RedactedRequest, Transport, TransportError};

/// Wraps a [`Transport`] and keeps a copy of every request before forwarding it.
///
/// Clones share the inner transport and the log, so keep one clone to inspect and give another
/// to the code under test.
///
/// # Examples
///
/// ```
/// use im_transport::test_util::{FnTransport, RecordingTransport, response};
/// use im_transport::{Bytes, Transport};
///
/// # async fn demo() {
/// let recorder = RecordingTransport::new(FnTransport::new(|_| async { Ok(response(200, "{}")) }));
/// let request = http::Request::post("https://h/v4/a/b").body(Bytes::from("{}")).unwrap();
/// recorder.send(request).await.unwrap();
/// assert_eq!(recorder.requests()[0].uri().path(), "/v4/a/b");
/// # }
/// ```
pub struct RecordingTransport<T> {
    inner: Arc<T>,
    log: Arc<Mutex<Vec<Request<Bytes>>>>,
}

impl<T: Transport> RecordingTransport<T> {
    /// Wraps `inner` with an empty log.
    pub fn new(inner: T) -> Self {
        Self {
            inner: Arc::new(inner),
            log: Arc::default(),
        }
    }
}

impl<T> RecordingTransport<T> {
    /// Copies of the requests sent so far, oldest first (without extensions).
    pub fn requests(&self) -> Vec<Request<Bytes>> {
        self.log.lock().iter().map(copy_request).collect()
    }

    /// How many requests were sent so far.
    pub fn request_count(&self) -> usize {
        self.log.lock().len()
    }

    /// Forgets the requests recorded so far.
    pub fn clear(&self) {
        self.log.lock().clear();
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transport> Transport for RecordingTransport<T> {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        self.log.lock().push(copy_request(&request));
        self.inner.send(request)
    }
}

impl<T> Clone for RecordingTransport<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            log: Arc::clone(&self.log),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for RecordingTransport<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let log = self.log.lock();
        f.debug_struct("RecordingTransport")
            .field("inner", &self.inner)
            .field(
                "requests",
                &log.iter().map(RedactedRequest).collect::<Vec<_>>(),
            )
            .finish()
    }
}
