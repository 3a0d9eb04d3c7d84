//! Loopback servers for the tests: a hyper server (plain or TLS) with a few routes, a CONNECT
//! proxy, and raw sockets that misbehave.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::{Body, Frame};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

/// A signature that must never appear in any output.
pub(crate) const SECRET: &str = "eJyrVkrOz0ZSTKUSECRETzxWSKgMDALS";

/// Fails the test instead of hanging if `fut` takes more than 20 s.
pub(crate) async fn bounded<F: Future>(fut: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .expect("test took longer than 20 s")
}

/// A request like the client sends, with the signature in the query string.
pub(crate) fn signed_request(base: &str, path: &str, body: &'static str) -> Request<Bytes> {
    let uri = format!(
        "{base}{path}?sdkappid=1400000000&identifier=admin&usersig={SECRET}&random=7&contenttype=json"
    );
    Request::post(uri)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("test request is valid")
}

type TestBody = BoxBody<Bytes, Infallible>;

/// A hyper server on 127.0.0.1 counting the connections it accepts.
///
/// Routes: `/echo` (body back, and headers `x-seen-user-agent`, `x-seen-version`),
/// `/slow` (answers after 10 s), `/big` (1 MiB with Content-Length), `/endless` (chunked,
/// never ends), `/stall-body` (one chunk, then silence), `/status/503`.
pub(crate) struct TestServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    tls: bool,
}

impl TestServer {
    /// Plain HTTP/1.1 (and h2c prior knowledge, unused).
    pub(crate) async fn start() -> Self {
        Self::spawn(None).await
    }

    /// TLS with the given certificate chain and key; ALPN `alpn` (for example `h2`, `http/1.1`).
    pub(crate) async fn start_tls(cert: &TestCert, alpn: &[&[u8]]) -> Self {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert.leaf_der.clone()], cert.key_der())
            .expect("generated certificate is valid");
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Self::spawn(Some(tokio_rustls::TlsAcceptor::from(Arc::new(config)))).await
    }

    async fn spawn(tls: Option<tokio_rustls::TlsAcceptor>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let is_tls = tls.is_some();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                counter.fetch_add(1, Ordering::SeqCst);
                let tls = tls.clone();
                tokio::spawn(async move {
                    let service = service_fn(handle);
                    let builder =
                        hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                    match tls {
                        Some(acceptor) => {
                            let Ok(stream) = acceptor.accept(stream).await else {
                                return;
                            };
                            let _ = builder
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        }
                        None => {
                            let _ = builder
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        }
                    }
                });
            }
        });
        Self {
            addr,
            connections,
            tls: is_tls,
        }
    }

    /// `http://127.0.0.1:port` or `https://127.0.0.1:port`.
    pub(crate) fn base(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections accepted so far.
    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn handle(request: Request<Incoming>) -> Result<Response<TestBody>, Infallible> {
    let full = |body: Bytes| Full::new(body).boxed();
    let response = match request.uri().path() {
        "/echo" => {
            let user_agent = request.headers().get(http::header::USER_AGENT).cloned();
            let version = format!("{:?}", request.version());
            let body = request
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            let mut response = Response::new(full(body));
            if let Some(user_agent) = user_agent {
                response
                    .headers_mut()
                    .insert("x-seen-user-agent", user_agent);
            }
            response.headers_mut().insert(
                "x-seen-version",
                version.parse().expect("version is a valid header"),
            );
            response
        }
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Response::new(full(Bytes::from_static(b"late")))
        }
        "/big" => Response::new(full(Bytes::from(vec![b'x'; 1 << 20]))),
        "/endless" => Response::new(BoxBody::new(Endless)),
        "/stall-body" => Response::new(BoxBody::new(Stall { sent: false })),
        "/status/503" => {
            let mut response = Response::new(full(Bytes::from_static(b"busy")));
            *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            response
        }
        _ => {
            let mut response = Response::new(full(Bytes::new()));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
    };
    Ok(response)
}

/// A body without a length that never ends.
struct Endless;

impl Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
            &[b'y'; 16 * 1024],
        )))))
    }
}

/// A body without a length that sends one chunk and then nothing, forever.
struct Stall {
    sent: bool,
}

impl Body for Stall {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.sent {
            return Poll::Pending;
        }
        self.sent = true;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"partial")))))
    }
}

/// A CA and a leaf certificate for `127.0.0.1` and `localhost`, made for this test run.
pub(crate) struct TestCert {
    pub(crate) ca_der: rustls::pki_types::CertificateDer<'static>,
    leaf_der: rustls::pki_types::CertificateDer<'static>,
    leaf_key: Vec<u8>,
}

impl TestCert {
    pub(crate) fn generate() -> Self {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

        let ca_key = KeyPair::generate().expect("generate CA key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "im-transport test CA");
        let ca = ca_params.self_signed(&ca_key).expect("self-sign CA");

        let leaf_key = KeyPair::generate().expect("generate leaf key");
        let leaf_params =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                .expect("leaf params");
        let leaf = leaf_params
            .signed_by(&leaf_key, &ca, &ca_key)
            .expect("sign leaf");
        Self {
            ca_der: ca.der().clone(),
            leaf_der: leaf.der().clone(),
            leaf_key: leaf_key.serialize_der(),
        }
    }

    fn key_der(&self) -> rustls::pki_types::PrivateKeyDer<'static> {
        rustls::pki_types::PrivateKeyDer::Pkcs8(self.leaf_key.clone().into())
    }
}

/// An address where nothing listens (bound, then released).
pub(crate) async fn refused_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    listener.local_addr().expect("bound address")
}

/// A server that reads the request head and closes the connection without answering.
pub(crate) async fn closing_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = read_head(&mut stream).await;
            drop(stream);
        }
    });
    addr
}

/// A server that accepts connections and never says anything (a TLS handshake stalls).
pub(crate) async fn silent_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    addr
}

/// What a [`ConnectProxy`] saw for one tunnel.
#[derive(Debug, Clone)]
pub(crate) struct Tunnelled {
    pub(crate) target: String,
    pub(crate) proxy_authorization: Option<String>,
}

/// An HTTP CONNECT proxy on 127.0.0.1 that only tunnels to 127.0.0.1.
pub(crate) struct ConnectProxy {
    addr: SocketAddr,
    tunnels: Arc<Mutex<Vec<Tunnelled>>>,
}

impl ConnectProxy {
    pub(crate) async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let tunnels = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&tunnels);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let Some(head) = read_head(&mut client).await else {
                        return;
                    };
                    let mut lines = head.lines();
                    let request_line = lines.next().unwrap_or_default();
                    let mut parts = request_line.split_whitespace();
                    let (Some("CONNECT"), Some(target)) = (parts.next(), parts.next()) else {
                        let _ = client
                            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                            .await;
                        return;
                    };
                    let proxy_authorization = lines
                        .filter_map(|line| line.split_once(':'))
                        .find(|(name, _)| name.eq_ignore_ascii_case("proxy-authorization"))
                        .map(|(_, value)| value.trim().to_owned());
                    log.lock().expect("log lock").push(Tunnelled {
                        target: target.to_owned(),
                        proxy_authorization,
                    });
                    // Never leave loopback, whatever the client asks.
                    if !target.starts_with("127.0.0.1:") {
                        let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
                        return;
                    }
                    let Ok(mut upstream) = TcpStream::connect(target).await else {
                        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    if client
                        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                        .await
                        .is_err()
                    {
                        return;
                    }
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        Self { addr, tunnels }
    }

    /// `http://127.0.0.1:port`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub(crate) fn tunnels(&self) -> Vec<Tunnelled> {
        self.tunnels.lock().expect("log lock").clone()
    }
}

/// Reads up to the end of an HTTP head (`\r\n\r\n`), at most 16 KiB.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 || stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).ok()
}
