//! A transport that hands requests to the test through a channel.

use std::fmt;

use bytes::Bytes;
use http::{Request, Response};
use tokio::sync::{mpsc, oneshot};

use crate::{BoxFuture, ErrorKind, RedactedRequest, Transport, TransportError};

type Reply = Result<Response<Bytes>, TransportError>;

/// A [`Transport`] that sends each request to a [`RequestReceiver`] and waits for the test to
/// [`respond`](PendingRequest::respond).
///
/// Useful when the answer depends on timing: hold a request while others arrive, answer out
/// of order, or check what is in flight. Clones send to the same receiver.
///
/// If the receiver is gone the request fails with [`ErrorKind::Connect`]; if a
/// [`PendingRequest`] is dropped without an answer it fails with
/// [`ErrorKind::ConnectionClosed`].
///
/// # Examples
///
/// ```
/// use im_transport::test_util::{ChannelTransport, response};
/// use im_transport::{Bytes, Transport};
///
/// # async fn demo() {
/// let (transport, mut requests) = ChannelTransport::new();
/// let server = async move {
///     while let Some(pending) = requests.recv().await {
///         let status = if pending.request().uri().path() == "/busy" { 503 } else { 200 };
///         pending.respond(Ok(response(status, "")));
///     }
/// };
/// # let _ = (transport, server);
/// # }
/// ```
#[derive(Clone)]
pub struct ChannelTransport {
    sender: mpsc::UnboundedSender<PendingRequest>,
}

/// The test's end of a [`ChannelTransport`].
pub struct RequestReceiver {
    receiver: mpsc::UnboundedReceiver<PendingRequest>,
}

/// A request waiting for the test's answer.
pub struct PendingRequest {
    request: Request<Bytes>,
    reply: oneshot::Sender<Reply>,
}

impl ChannelTransport {
    /// Creates a transport and the receiver its requests arrive at.
    pub fn new() -> (Self, RequestReceiver) {
        let (sender, receiver) = mpsc::unbounded_channel();
        (Self { sender }, RequestReceiver { receiver })
    }
}

impl Transport for ChannelTransport {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        let uri = request.uri().clone();
        let (reply, answer) = oneshot::channel();
        let sent = self.sender.send(PendingRequest { request, reply });
        Box::pin(async move {
            if sent.is_err() {
                return Err(TransportError::new(
                    ErrorKind::Connect,
                    "channel transport receiver is gone",
                )
                .with_uri(&uri));
            }
            answer.await.unwrap_or_else(|_| {
                Err(TransportError::new(
                    ErrorKind::ConnectionClosed,
                    "channel transport request dropped without an answer",
                )
                .with_uri(&uri))
            })
        })
    }
}

impl RequestReceiver {
    /// Waits for the next request; `None` once every [`ChannelTransport`] clone is dropped.
    pub async fn recv(&mut self) -> Option<PendingRequest> {
        self.receiver.recv().await
    }

    /// Takes the next request if one is waiting.
    pub fn try_recv(&mut self) -> Option<PendingRequest> {
        self.receiver.try_recv().ok()
    }
}

impl PendingRequest {
    /// The request as the caller sent it.
    pub fn request(&self) -> &Request<Bytes> {
        &self.request
    }

    /// Answers the request. Ignored if the caller stopped waiting (for example, timed out).
    pub fn respond(self, answer: Result<Response<Bytes>, TransportError>) {
        let _ignored = self.reply.send(answer);
    }
}

impl fmt::Debug for ChannelTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChannelTransport").finish_non_exhaustive()
    }
}

impl fmt::Debug for RequestReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestReceiver").finish_non_exhaustive()
    }
}

impl fmt::Debug for PendingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingRequest")
            .field("request", &RedactedRequest(&self.request))
            .finish_non_exhaustive()
    }
}
