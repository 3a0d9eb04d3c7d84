//! The rustls path against a TLS server on 127.0.0.1 with a certificate made in the test.

use std::sync::Arc;
use std::time::Duration;

use im_transport::{ErrorKind, HyperTransport, Transport};
use tokio_rustls::rustls;

use crate::support::{SECRET, TestCert, TestServer, bounded, signed_request, silent_server};

const H2_AND_H1: &[&[u8]] = &[b"h2", b"http/1.1"];

fn trusting(cert: &TestCert) -> HyperTransport {
    HyperTransport::builder()
        .add_root_certificate(&cert.ca_der)
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("transport with a custom root builds")
}

#[tokio::test]
async fn trusted_custom_root_negotiates_h2_and_reuses_the_connection() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, H2_AND_H1).await;
        let transport = trusting(&cert);
        for _ in 0..10 {
            let response = transport
                .send(signed_request(&server.base(), "/echo", "over tls"))
                .await
                .expect("TLS round trip");
            assert_eq!(response.body(), "over tls");
            assert_eq!(response.version(), http::Version::HTTP_2);
            assert_eq!(response.headers()["x-seen-version"], "HTTP/2.0");
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn http1_only_server_gets_http1_with_keep_alive() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, &[b"http/1.1"]).await;
        let transport = trusting(&cert);
        for _ in 0..10 {
            let response = transport
                .send(signed_request(&server.base(), "/echo", ""))
                .await
                .expect("TLS round trip");
            assert_eq!(response.version(), http::Version::HTTP_11);
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_over_h2() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, H2_AND_H1).await;
        let transport = trusting(&cert);
        // Open the connection first so that all tasks multiplex on it.
        transport
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .unwrap();
        let tasks: Vec<_> = (0..32)
            .map(|_| {
                let transport = transport.clone();
                let base = server.base();
                tokio::spawn(async move {
                    let response = transport.send(signed_request(&base, "/echo", "m")).await;
                    assert_eq!(response.expect("concurrent h2 request").body(), "m");
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("task did not panic");
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn untrusted_certificate_is_a_final_tls_error() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, H2_AND_H1).await;
        // Default roots only: the test CA is unknown.
        let err = HyperTransport::new()
            .unwrap()
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
        assert!(!err.is_retryable());
        assert_eq!(err.message(), "server certificate rejected");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(SECRET), "{shown}");
    })
    .await;
}

#[tokio::test]
async fn custom_rustls_config() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, H2_AND_H1).await;
        let mut roots = rustls::RootCertStore::empty();
        roots.add(cert.ca_der.clone()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        // A preset ALPN list is replaced, not rejected.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let transport = HyperTransport::builder()
            .tls_config(config)
            .build()
            .unwrap();
        let response = transport
            .send(signed_request(&server.base(), "/echo", "cfg"))
            .await
            .expect("round trip with a custom rustls config");
        assert_eq!(response.body(), "cfg");
        assert_eq!(response.version(), http::Version::HTTP_2);
    })
    .await;
}

#[tokio::test]
async fn connect_timeout_covers_a_stalled_handshake() {
    bounded(async {
        let addr = silent_server().await;
        let transport = HyperTransport::builder()
            .connect_timeout(Duration::from_millis(200))
            .request_timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let err = transport
            .send(signed_request(&format!("https://{addr}"), "/echo", ""))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
        assert_eq!(err.message(), "connect timed out");
    })
    .await;
}
