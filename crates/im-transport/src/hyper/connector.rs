//! The connector stack: connect timeout → TLS (hyper-rustls) → TCP or proxy tunnel.

use std::error::Error as StdError;
use std::fmt;
use std::future::poll_fn;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder, MaybeHttpsStream};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::BoxFuture;

type BoxError = Box<dyn StdError + Send + Sync>;

/// What the pooled client connects with.
#[derive(Clone)]
pub(super) struct Connector {
    https: HttpsConnector<TcpOrTunnel>,
    timeout: Duration,
}

/// Dials the destination, or tunnels to it through a proxy for intercepted `https` URIs.
#[derive(Clone)]
struct TcpOrTunnel {
    http: HttpConnector,
    proxy: Option<Arc<Matcher>>,
}

/// The connect timeout elapsed; classified as [`ErrorKind::Timeout`](crate::ErrorKind::Timeout).
#[derive(Debug)]
pub(super) struct ConnectTimeout(pub(super) Duration);

/// Opening the CONNECT tunnel failed; classified as
/// [`ErrorKind::Connect`](crate::ErrorKind::Connect).
#[derive(Debug)]
pub(super) struct ProxyTunnelError(pub(super) BoxError);

impl Connector {
    pub(super) fn new(
        tls: rustls::ClientConfig,
        timeout: Duration,
        proxy: Option<Arc<Matcher>>,
    ) -> Self {
        let mut http = HttpConnector::new();
        // https URIs are handed to this connector too; hyper-rustls wraps the stream in TLS.
        http.enforce_http(false);
        http.set_nodelay(true);
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(TcpOrTunnel { http, proxy });
        Self { https, timeout }
    }
}

impl Service<Uri> for Connector {
    type Response = MaybeHttpsStream<TokioIo<TcpStream>>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.https.poll_ready(cx)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let connecting = self.https.call(dst);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(result) => result,
                Err(_elapsed) => Err(Box::new(ConnectTimeout(timeout)) as BoxError),
            }
        })
    }
}

impl Service<Uri> for TcpOrTunnel {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let intercept = match &self.proxy {
            Some(matcher) if dst.scheme() == Some(&http::uri::Scheme::HTTPS) => {
                matcher.intercept(&dst)
            }
            _ => None,
        };
        match intercept {
            Some(intercept) => {
                let mut tunnel = Tunnel::new(intercept.uri().clone(), self.http.clone());
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Box::pin(async move {
                    let tunnel_error = |err| Box::new(ProxyTunnelError(Box::new(err))) as BoxError;
                    poll_fn(|cx| tunnel.poll_ready(cx))
                        .await
                        .map_err(tunnel_error)?;
                    tunnel.call(dst).await.map_err(tunnel_error)
                })
            }
            None => {
                let connecting = self.http.call(dst);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
        }
    }
}

impl fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connect timed out after {:?}", self.0)
    }
}

impl StdError for ConnectTimeout {}

impl fmt::Display for ProxyTunnelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not open a tunnel through the proxy")
    }
}

impl StdError for ProxyTunnelError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.0)
    }
}
