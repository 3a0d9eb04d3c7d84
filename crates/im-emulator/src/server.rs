//! The HTTP front end: the emulator's service behind [`serve_http`] (HTTP/1.1 with keep-alive,
//! and HTTP/2 with prior knowledge, with the builder's connection limits and timeouts) on a TCP
//! listener, with graceful shutdown.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::connections::{RequestBody, serve_http};
use crate::emulator::Emulator;
use crate::exchange::{BodyTooLarge, Incoming, Outcome};
use crate::service;
use crate::shared::Shared;

/// A running HTTP server of an [`Emulator`].
///
/// Dereferences to the [`Emulator`], so inspection and control work on the handle
/// (`handle.accounts()`, `handle.stats()`, `handle.reset()`...). Dropping the handle stops the
/// server in the background; [`EmulatorHandle::shutdown`] stops it and waits.
#[derive(Debug)]
pub struct EmulatorHandle {
    emulator: Emulator,
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts serving on `addr` (port 0: an ephemeral port) on the current tokio runtime.
    ///
    /// The control endpoints under `/_emulator/` answer loopback peers only, whatever the
    /// address bound. Several servers may serve the same emulator.
    ///
    /// # Errors
    ///
    /// The error from binding the listener.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime.
    pub async fn start(&self, addr: SocketAddr) -> io::Result<EmulatorHandle> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        *self.shared.base_url.write() = base_url_for(local_addr);
        let (stop, stopped) = oneshot::channel();
        self.shared
            .callbacks
            .use_runtime(tokio::runtime::Handle::current());
        let task = tokio::spawn(serve(self.shared.clone(), listener, stopped));
        tracing::debug!(%local_addr, "emulator listening");
        Ok(EmulatorHandle {
            emulator: self.clone(),
            local_addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Starts serving on an ephemeral port of `127.0.0.1`.
    ///
    /// # Errors
    ///
    /// The error from binding the listener.
    pub async fn start_local(&self) -> io::Result<EmulatorHandle> {
        self.start(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0))
            .await
    }
}

impl EmulatorHandle {
    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash).
    ///
    /// When listening on an unspecified address (`0.0.0.0`, `::`), the URL names the loopback
    /// address of the same family, which a local client can actually reach.
    pub fn base_url(&self) -> String {
        base_url_for(self.local_addr)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The emulator served.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops accepting connections, lets requests in flight finish (waiting at most the
    /// builder's shutdown timeout, 5 s by default, then dropping them), and returns once the
    /// server is gone. The emulator's state stays available.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Deref for EmulatorHandle {
    type Target = Emulator;

    fn deref(&self) -> &Emulator {
        &self.emulator
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `shared` on `listener` until the stop signal (or until the handle is gone), with the
/// connection limits and timeouts of its builder.
async fn serve(shared: Arc<Shared>, listener: TcpListener, stopped: oneshot::Receiver<()>) {
    let options = shared.serve.clone();
    let handler = move |request, peer: SocketAddr| serve_one(shared.clone(), peer.ip(), request);
    serve_http(listener, options, handler, async {
        let _ = stopped.await;
    })
    .await;
    tracing::debug!("emulator stopped");
}

/// Returned to hyper to close the connection without a response.
#[derive(Debug, thiserror::Error)]
#[error("connection closed without a response")]
struct CloseConnection;

async fn serve_one(
    shared: Arc<Shared>,
    peer: IpAddr,
    request: http::Request<RequestBody>,
) -> Result<http::Response<Full<Bytes>>, CloseConnection> {
    let (parts, body) = request.into_parts();
    let max = shared.max_body_bytes;
    let declared_too_large = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|len| len > max as u64);
    let body = if declared_too_large {
        Err(BodyTooLarge)
    } else {
        match Limited::new(body, max).collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(err) if err.downcast_ref::<LengthLimitError>().is_some() => Err(BodyTooLarge),
            // The peer went away mid-body, or its body did not arrive within the body read
            // timeout: the connection is closed without an answer.
            Err(err) => {
                tracing::trace!(%peer, error = %err, "request body unread");
                return Err(CloseConnection);
            }
        }
    };
    let incoming = Incoming {
        method: parts.method,
        uri: parts.uri,
        body,
        peer,
    };
    match service::handle(&shared, incoming).await {
        Outcome::Respond(response) => Ok(response.map(Full::new)),
        Outcome::Close => Err(CloseConnection),
    }
}

/// `http://{addr}`, with an unspecified address replaced by the loopback of its family.
fn base_url_for(mut addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{addr}")
}

#[cfg(test)]
mod base_url_tests {
    use super::*;

    #[test]
    fn unspecified_addresses_become_loopback() {
        let url = |s: &str| base_url_for(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:80"), "http://127.0.0.1:80");
        assert_eq!(url("0.0.0.0:4321"), "http://127.0.0.1:4321");
        assert_eq!(url("[::]:4321"), "http://[::1]:4321");
        assert_eq!(url("[::1]:5"), "http://[::1]:5");
    }
}
