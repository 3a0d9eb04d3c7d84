//! The in-process front end: an `im_transport::Transport` that calls the emulator directly.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use im_transport::{BoxFuture, ErrorKind, Transport, TransportError};

use crate::emulator::Emulator;
use crate::exchange::{BodyTooLarge, Incoming, Outcome};
use crate::service;
use crate::shared::Shared;

/// The base URL to give a client that uses an [`InProcessTransport`] (its scheme and host
/// are ignored): what the client's logs and errors then name, instead of a real region's
/// domain.
pub const IN_PROCESS_BASE_URL: &str = "http://in-process.emulator";

impl Emulator {
    /// A transport that calls this emulator directly, without a socket. Give the client
    /// [`IN_PROCESS_BASE_URL`] as its endpoint, so that it names the emulator in its logs.
    pub fn in_process_transport(&self) -> InProcessTransport {
        InProcessTransport::new(self.shared.clone())
    }
}

/// A [`Transport`] that hands requests straight to an [`Emulator`](crate::Emulator), with no
/// socket: the same pipeline as the HTTP server (routes, faults, limits, checks, state), with
/// the peer taken as loopback. The scheme and authority of the request URI are ignored.
///
/// Faults map to what a network transport would report: `close` is an error of kind
/// [`ErrorKind::ConnectionClosed`], `http502` a normal 502 response, and a `stall` longer than
/// the transport's timeout an error of kind [`ErrorKind::Timeout`].
///
/// Needs a tokio runtime (with the time driver) to run the futures it returns.
#[derive(Clone)]
pub struct InProcessTransport {
    shared: Arc<Shared>,
    timeout: Duration,
}

impl std::fmt::Debug for InProcessTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcessTransport")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl InProcessTransport {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        let timeout = shared.in_process_timeout;
        InProcessTransport { shared, timeout }
    }

    /// The same transport with another timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a request may take before it fails with a timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    async fn call(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let (parts, body) = request.into_parts();
        let uri = parts.uri.clone();
        let body = if body.len() > self.shared.max_body_bytes {
            Err(BodyTooLarge)
        } else {
            Ok(body)
        };
        let incoming = Incoming {
            method: parts.method,
            uri: parts.uri,
            body,
            peer: IpAddr::V4(Ipv4Addr::LOCALHOST),
        };
        match tokio::time::timeout(self.timeout, service::handle(&self.shared, incoming)).await {
            Ok(Outcome::Respond(response)) => Ok(response),
            Ok(Outcome::Close) => Err(TransportError::new(
                ErrorKind::ConnectionClosed,
                "connection closed without a response (emulator fault)",
            )
            .with_uri(&uri)),
            Err(_) => Err(TransportError::new(
                ErrorKind::Timeout,
                format!("no response within {:?} (emulator)", self.timeout),
            )
            .with_uri(&uri)),
        }
    }
}

impl Transport for InProcessTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(self.call(request))
    }
}
