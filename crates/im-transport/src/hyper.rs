//! The production transport: hyper 1.x, hyper-util's pooled client, rustls with `ring`.
//!
//! The connector stack, outermost first: a connect timeout around hyper-rustls's
//! `HttpsConnector` (TLS, ALPN `h2` then `http/1.1`), around a TCP connector that either dials
//! the destination or opens an HTTP CONNECT tunnel through a proxy.
//! The pooled client keeps connections alive; requests are limited by a whole-request timeout
//! that also covers reading the body, and the body is read frame by frame up to a size limit.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_LENGTH, USER_AGENT};
use http::{HeaderValue, Request, Response, Uri};
use http_body::Body as _;
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;

use crate::redact::RedactedUri;
use crate::{BoxFuture, ErrorKind, Transport, TransportError};

mod classify;
mod connector;

/// Default for [`HyperTransportBuilder::connect_timeout`].
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default for [`HyperTransportBuilder::request_timeout`].
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default for [`HyperTransportBuilder::pool_idle_timeout`].
const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// Default for [`HyperTransportBuilder::max_body_bytes`]: 4 MiB, far above the largest account
/// API response.
const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The production [`Transport`]: hyper 1.x with a connection pool and rustls.
///
/// - HTTP/1.1 with keep-alive, or HTTP/2 when the server offers it by ALPN. The version of the
///   request you pass is ignored; the connection decides.
/// - TLS by rustls with the `ring` provider, trusting the bundled Mozilla roots
///   (`webpki-roots`) unless configured otherwise.
/// - Plain `http://` only to `localhost`, `127.0.0.0/8` and `::1`, unless
///   [`danger_allow_plain_http`](HyperTransportBuilder::danger_allow_plain_http) is set; other
///   hosts fail with [`ErrorKind::PlainHttpRefused`] before anything is sent.
/// - Only `http` and `https` URLs; anything else fails with [`ErrorKind::InvalidRequest`].
/// - Adds a `User-Agent` header when the request has none.
///
/// Cloning is cheap and clones share one connection pool. Sending needs a Tokio runtime with
/// the time driver enabled (what `#[tokio::main]` and `#[tokio::test]` give).
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
///
/// use im_transport::{Bytes, HyperTransport, Transport};
///
/// # async fn demo() -> Result<(), im_transport::TransportError> {
/// let transport = HyperTransport::builder()
///     .connect_timeout(Duration::from_secs(3))
///     .request_timeout(Duration::from_secs(10))
///     .build()?;
/// let request = http::Request::post("https://console.tim.qq.com/v4/group_open_http_svc/get_group_info")
///     .body(Bytes::from_static(b"{}"))
///     .expect("static request is valid");
/// let response = transport.send(request).await?;
/// println!("{} {} bytes", response.status(), response.body().len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct HyperTransport {
    inner: Arc<Inner>,
}

/// Configures a [`HyperTransport`]; start with [`HyperTransport::builder`].
///
/// Every setting has a default suited to the Tencent Cloud IM REST API.
#[derive(Clone)]
#[must_use]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    max_body_bytes: usize,
    user_agent: String,
    extra_roots: Vec<Vec<u8>>,
    tls_config: Option<rustls::ClientConfig>,
    /// Only set with the `native-roots` feature.
    native_roots: bool,
    allow_plain_http: bool,
    proxy: Option<Proxy>,
}

/// Where to send `https://` requests through an HTTP CONNECT proxy.
///
/// Proxying is off unless a `Proxy` is passed to [`HyperTransportBuilder::proxy`], so a
/// stray environment variable never reroutes a program (or a test) silently.
/// Only `https://` destinations are proxied, through a tunnel, so the proxy never sees the
/// request or the signature; plain `http://` (loopback only by default) always goes direct.
/// The proxy itself is reached over plain TCP: its URL must be `http://host:port`, optionally
/// with `user:password@` for basic authentication.
///
/// # Examples
///
/// ```
/// use im_transport::{HyperTransport, Proxy};
///
/// // HTTPS_PROXY / ALL_PROXY and NO_PROXY, as curl reads them.
/// let transport = HyperTransport::builder().proxy(Proxy::from_env()).build();
///
/// // Or explicitly.
/// let proxy = Proxy::https("http://proxy.internal:3128").no_proxy("localhost, 10.0.0.0/8");
/// let transport = HyperTransport::builder().proxy(proxy).build().unwrap();
/// ```
#[derive(Clone)]
pub struct Proxy {
    https: String,
    all: String,
    no_proxy: String,
}

struct Inner {
    client: Client<connector::Connector, Full<Bytes>>,
    request_timeout: Duration,
    max_body_bytes: usize,
    user_agent: HeaderValue,
    allow_plain_http: bool,
    /// The settings, for `Debug`.
    settings: HyperTransportBuilder,
}

impl HyperTransport {
    /// Builds a transport with the default settings.
    ///
    /// # Errors
    ///
    /// Fails only if the TLS configuration cannot be built, which does not happen with the
    /// defaults in practice.
    pub fn new() -> Result<Self, TransportError> {
        Self::builder().build()
    }

    /// Starts a builder with the default settings.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::new()
    }
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        Box::pin(self.inner.send(request))
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl Inner {
    async fn send(&self, mut request: Request<Bytes>) -> Result<Response<Bytes>, TransportError> {
        let uri = request.uri().clone();
        check_destination(&uri, self.allow_plain_http).map_err(|err| err.with_uri(&uri))?;
        *request.version_mut() = http::Version::HTTP_11;
        if !request.headers().contains_key(USER_AGENT) {
            request
                .headers_mut()
                .insert(USER_AGENT, self.user_agent.clone());
        }

        let exchange = async {
            let response = self
                .client
                .request(request.map(Full::new))
                .await
                .map_err(classify::client_error)?;
            read_body(response, self.max_body_bytes).await
        };
        match tokio::time::timeout(self.request_timeout, exchange).await {
            Ok(result) => result.map_err(|err| err.with_uri(&uri)),
            Err(_elapsed) => Err(TransportError::new(
                ErrorKind::Timeout,
                format!("no complete response within {:?}", self.request_timeout),
            )
            .with_uri(&uri)),
        }
    }
}

/// Reads the body frame by frame, failing as soon as it would exceed `limit` bytes.
async fn read_body(
    response: Response<hyper::body::Incoming>,
    limit: usize,
) -> Result<Response<Bytes>, TransportError> {
    let (parts, mut body) = response.into_parts();
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok())
        .unwrap_or(0)
        .max(body.size_hint().lower());
    let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
    if declared > limit_u64 {
        return Err(TransportError::new(
            ErrorKind::BodyTooLarge { limit },
            format!("Content-Length is {declared}"),
        ));
    }

    let mut chunks: Vec<Bytes> = Vec::new();
    let mut len = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(classify::body_error)?;
        let Ok(data) = frame.into_data() else {
            // Trailers carry nothing the protocol uses.
            continue;
        };
        len = len.saturating_add(data.len());
        if len > limit {
            return Err(TransportError::new(
                ErrorKind::BodyTooLarge { limit },
                format!("stopped reading at {len} bytes"),
            ));
        }
        if !data.is_empty() {
            chunks.push(data);
        }
    }
    let body = match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => {
            let mut joined = BytesMut::with_capacity(len);
            for chunk in &chunks {
                joined.extend_from_slice(chunk);
            }
            joined.freeze()
        }
    };
    Ok(Response::from_parts(parts, body))
}

/// Refuses what must not be sent: relative URIs, schemes other than `http`/`https`, and plain
/// `http` to a non-loopback host unless allowed.
fn check_destination(uri: &Uri, allow_plain_http: bool) -> Result<(), TransportError> {
    let Some(host) = uri.host() else {
        return Err(TransportError::new(
            ErrorKind::InvalidRequest,
            "request URI must be absolute (scheme and host)",
        ));
    };
    match uri.scheme_str() {
        Some("https") => Ok(()),
        Some("http") if allow_plain_http || crate::is_loopback_host(host) => Ok(()),
        Some("http") => Err(TransportError::new(
            ErrorKind::PlainHttpRefused,
            "plain http is only sent to loopback addresses unless explicitly allowed",
        )),
        Some(_) => Err(TransportError::new(
            ErrorKind::InvalidRequest,
            "unsupported URI scheme (only http and https)",
        )),
        None => Err(TransportError::new(
            ErrorKind::InvalidRequest,
            "request URI must be absolute (scheme and host)",
        )),
    }
}

impl HyperTransportBuilder {
    fn new() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: usize::MAX,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            user_agent: concat!("im-toolkit/", env!("CARGO_PKG_VERSION")).to_owned(),
            extra_roots: Vec::new(),
            tls_config: None,
            native_roots: false,
            allow_plain_http: false,
            proxy: None,
        }
    }

    /// Time allowed to establish a connection: TCP, the proxy tunnel if any, and the TLS
    /// handshake. Default 5 s. Exceeding it fails with [`ErrorKind::Timeout`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for the whole request: waiting for a pooled connection or connecting,
    /// sending, and reading the full response body. Default 30 s. Exceeding it fails with
    /// [`ErrorKind::Timeout`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long an idle connection stays in the pool. Default 90 s.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// How many idle connections to keep per host; `0` disables reuse. Default unlimited
    /// (bounded in practice by the caller's concurrency).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// The largest response body accepted, in bytes. Default 4 MiB.
    ///
    /// A response whose `Content-Length` is larger fails at once; a body without one is read
    /// frame by frame and fails as soon as the limit is crossed. Either way it fails with
    /// [`ErrorKind::BodyTooLarge`] and is never buffered whole.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The `User-Agent` sent when a request has none. Default `im-toolkit/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Trusts one more root certificate (DER), in addition to the default roots.
    ///
    /// For a private CA or a test server with a self-signed certificate.
    /// An invalid certificate makes [`build`](Self::build) fail with [`ErrorKind::Tls`].
    pub fn add_root_certificate(mut self, der: impl AsRef<[u8]>) -> Self {
        self.extra_roots.push(der.as_ref().to_vec());
        self
    }

    /// Uses this rustls configuration instead of the one built from the root settings.
    ///
    /// Its ALPN list is replaced by `h2, http/1.1`. It cannot be combined with
    /// [`add_root_certificate`](Self::add_root_certificate) or `native_roots`: put the roots in
    /// the configuration instead.
    pub fn tls_config(mut self, config: rustls::ClientConfig) -> Self {
        self.tls_config = Some(config);
        self
    }

    /// Trusts the platform's certificate store instead of the bundled Mozilla roots.
    ///
    /// Roots from [`add_root_certificate`](Self::add_root_certificate) are still added.
    /// [`build`](Self::build) fails with [`ErrorKind::Tls`] if no certificate can be loaded.
    #[cfg(feature = "native-roots")]
    pub fn native_roots(mut self) -> Self {
        self.native_roots = true;
        self
    }

    /// Allows plain `http://` to any host, not only loopback addresses.
    ///
    /// The signature in the query string then crosses the network unencrypted: only for a
    /// trusted network, such as an emulator in a private container network.
    pub fn danger_allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// Sends `https://` requests through an HTTP CONNECT proxy; see [`Proxy`]. Default: direct.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Builds the transport.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Tls`] if a root certificate is invalid, no native roots could be loaded,
    /// or the TLS configuration is inconsistent; [`ErrorKind::Other`] if the user agent is not
    /// a valid header value or the proxy URL is invalid.
    pub fn build(self) -> Result<HyperTransport, TransportError> {
        let user_agent = HeaderValue::try_from(self.user_agent.as_str()).map_err(|err| {
            TransportError::new(ErrorKind::Other, "user agent is not a valid header value")
                .with_source(err)
        })?;
        let tls = self.client_tls_config()?;
        let proxy = self.proxy.as_ref().map(Proxy::matcher).transpose()?;
        let connector = connector::Connector::new(tls, self.connect_timeout, proxy);
        let client = Client::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(connector);
        Ok(HyperTransport {
            inner: Arc::new(Inner {
                client,
                request_timeout: self.request_timeout,
                max_body_bytes: self.max_body_bytes,
                user_agent,
                allow_plain_http: self.allow_plain_http,
                settings: self,
            }),
        })
    }

    fn client_tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        if let Some(config) = &self.tls_config {
            if !self.extra_roots.is_empty() || self.native_roots {
                return Err(TransportError::new(
                    ErrorKind::Tls,
                    "tls_config replaces the root store: add the roots to that configuration",
                ));
            }
            let mut config = config.clone();
            // hyper-rustls sets the ALPN list itself and refuses a preset one.
            config.alpn_protocols.clear();
            return Ok(config);
        }

        let mut roots = RootCertStore::empty();
        if self.native_roots {
            #[cfg(feature = "native-roots")]
            add_native_roots(&mut roots)?;
        } else {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for der in &self.extra_roots {
            roots
                .add(CertificateDer::from(der.clone()))
                .map_err(|err| {
                    TransportError::new(ErrorKind::Tls, "invalid root certificate").with_source(err)
                })?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|err| {
                TransportError::new(ErrorKind::Tls, "no usable TLS protocol version")
                    .with_source(err)
            })?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(config)
    }
}

#[cfg(feature = "native-roots")]
fn add_native_roots(roots: &mut RootCertStore) -> Result<(), TransportError> {
    let loaded = rustls_native_certs::load_native_certs();
    let (added, _ignored) = roots.add_parsable_certificates(loaded.certs);
    if added == 0 {
        let mut err = TransportError::new(
            ErrorKind::Tls,
            "no usable certificate in the platform's certificate store",
        );
        if let Some(first) = loaded.errors.into_iter().next() {
            err = err.with_source(first);
        }
        return Err(err);
    }
    Ok(())
}

impl fmt::Debug for HyperTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransportBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("user_agent", &self.user_agent)
            .field("extra_roots", &self.extra_roots.len())
            .field("custom_tls_config", &self.tls_config.is_some())
            .field("native_roots", &self.native_roots)
            .field("allow_plain_http", &self.allow_plain_http)
            .field("proxy", &self.proxy)
            .finish()
    }
}

impl Proxy {
    /// Reads the proxy settings from the environment now, as curl does:
    /// `HTTPS_PROXY` (or `https_proxy`), else `ALL_PROXY` (or `all_proxy`), and the exceptions
    /// from `NO_PROXY` (or `no_proxy`). With none set, requests go direct.
    pub fn from_env() -> Self {
        Self {
            https: first_env(&["HTTPS_PROXY", "https_proxy"]),
            all: first_env(&["ALL_PROXY", "all_proxy"]),
            no_proxy: first_env(&["NO_PROXY", "no_proxy"]),
        }
    }

    /// Sends every `https://` request through the proxy at `proxy_url` (`http://host:port`,
    /// optionally with `user:password@`).
    pub fn https(proxy_url: impl Into<String>) -> Self {
        Self {
            https: proxy_url.into(),
            all: String::new(),
            no_proxy: String::new(),
        }
    }

    /// Hosts that bypass the proxy, in `NO_PROXY` syntax: comma-separated domain names (each
    /// also matching its subdomains), IP addresses, CIDR ranges, or `*` for all. Replaces any
    /// list read from the environment.
    #[must_use]
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = hosts.into();
        self
    }

    /// Builds the matcher, refusing proxy URLs that are set but unusable.
    fn matcher(&self) -> Result<Arc<hyper_util::client::proxy::matcher::Matcher>, TransportError> {
        use hyper_util::client::proxy::matcher::Matcher;

        let configured = if self.https.trim().is_empty() {
            &self.all
        } else {
            &self.https
        };
        if !configured.trim().is_empty() {
            let probe: Uri = Uri::from_static("https://proxy-probe.invalid/");
            let proxy_scheme = Matcher::builder()
                .https(configured.trim())
                .build()
                .intercept(&probe)
                .map(|intercept| intercept.uri().scheme_str() == Some("http"));
            if proxy_scheme != Some(true) {
                return Err(TransportError::new(
                    ErrorKind::Other,
                    "invalid proxy URL (expected http://host:port)",
                ));
            }
        }
        Ok(Arc::new(
            Matcher::builder()
                .https(self.https.trim())
                .all(self.all.trim())
                .no(self.no_proxy.as_str())
                .build(),
        ))
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// A proxy URL with any credentials masked.
        struct Masked<'a>(&'a str);
        impl fmt::Debug for Masked<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0.parse::<Uri>() {
                    Ok(uri) => write!(f, "{:?}", RedactedUri(&uri).to_string()),
                    Err(_) if self.0.is_empty() => f.write_str("\"\""),
                    Err(_) => f.write_str("<invalid>"),
                }
            }
        }
        f.debug_struct("Proxy")
            .field("https", &Masked(&self.https))
            .field("all", &Masked(&self.all))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

fn first_env(names: &[&str]) -> String {
    names
        .iter()
        .find_map(|name| std::env::var(name).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(uri: &str, allow_plain_http: bool, expect: Result<(), ErrorKind>) {
        let uri: Uri = uri.parse().unwrap();
        let got = check_destination(&uri, allow_plain_http).map_err(|err| err.kind());
        assert_eq!(got, expect, "{uri}");
    }

    #[test]
    fn destinations() {
        check("https://console.tim.qq.com/v4/a/b", false, Ok(()));
        check("https://127.0.0.1:1/", false, Ok(()));
        for loopback in [
            "http://127.0.0.1:8080/v4",
            "http://127.255.0.9/",
            "http://localhost:1/",
            "http://LOCALHOST./",
            "http://[::1]:80/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            check(loopback, false, Ok(()));
        }
        for remote in [
            "http://console.tim.qq.com/v4",
            "http://10.0.0.1/",
            "http://[::2]/",
            "http://localhost.example.com/",
            "http://128.0.0.1/",
        ] {
            check(remote, false, Err(ErrorKind::PlainHttpRefused));
            check(remote, true, Ok(()));
        }
        check("/v4/relative", false, Err(ErrorKind::InvalidRequest));
        check("ftp://127.0.0.1/", true, Err(ErrorKind::InvalidRequest));
        check("ws://127.0.0.1/", true, Err(ErrorKind::InvalidRequest));
    }

    #[test]
    fn builder_rejects_bad_settings() {
        let kind = |result: Result<HyperTransport, TransportError>| result.unwrap_err().kind();
        assert_eq!(
            kind(HyperTransport::builder().user_agent("bad\nagent").build()),
            ErrorKind::Other
        );
        assert_eq!(
            kind(
                HyperTransport::builder()
                    .add_root_certificate(b"not DER")
                    .build()
            ),
            ErrorKind::Tls
        );
        assert_eq!(
            kind(
                HyperTransport::builder()
                    .proxy(Proxy::https("socks5://127.0.0.1:1"))
                    .build()
            ),
            ErrorKind::Other
        );
        let config = HyperTransport::builder().client_tls_config().unwrap();
        assert_eq!(
            kind(
                HyperTransport::builder()
                    .tls_config(config)
                    .add_root_certificate(b"x")
                    .build()
            ),
            ErrorKind::Tls
        );
    }

    #[test]
    fn debug_hides_proxy_credentials() {
        let builder = HyperTransport::builder()
            .proxy(Proxy::https("http://user:PASSWORD@127.0.0.1:3128").no_proxy("localhost"));
        let transport = builder.build().unwrap();
        let debug = format!("{transport:?}");
        assert!(!debug.contains("PASSWORD"), "{debug}");
        assert!(debug.contains("127.0.0.1:3128"), "{debug}");
    }
}
