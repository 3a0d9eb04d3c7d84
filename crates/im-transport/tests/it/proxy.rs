//! HTTPS through an HTTP CONNECT proxy, both on 127.0.0.1.

use std::time::Duration;

use im_transport::{ErrorKind, HyperTransport, Proxy, Transport};

use crate::support::{ConnectProxy, TestCert, TestServer, bounded, refused_addr, signed_request};

fn through(proxy: Proxy, cert: &TestCert) -> HyperTransport {
    HyperTransport::builder()
        .add_root_certificate(&cert.ca_der)
        .request_timeout(Duration::from_secs(5))
        .proxy(proxy)
        .build()
        .expect("transport with a proxy builds")
}

#[tokio::test]
async fn https_goes_through_the_tunnel() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, &[b"h2", b"http/1.1"]).await;
        let proxy = ConnectProxy::start().await;
        let transport = through(Proxy::https(proxy.url()), &cert);
        for _ in 0..3 {
            let response = transport
                .send(signed_request(&server.base(), "/echo", "tunnelled"))
                .await
                .expect("request through the proxy");
            assert_eq!(response.body(), "tunnelled");
        }
        let tunnels = proxy.tunnels();
        assert_eq!(tunnels.len(), 1, "{tunnels:?}");
        assert_eq!(tunnels[0].target, server.addr().to_string());
        assert_eq!(tunnels[0].proxy_authorization, None);
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn proxy_credentials_are_sent_as_basic_auth() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, &[b"http/1.1"]).await;
        let proxy = ConnectProxy::start().await;
        let url = format!("http://user:pass@{}", proxy.addr());
        let transport = through(Proxy::https(url), &cert);
        transport
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .expect("request through the proxy");
        let tunnels = proxy.tunnels();
        // base64("user:pass")
        assert_eq!(
            tunnels[0].proxy_authorization.as_deref(),
            Some("Basic dXNlcjpwYXNz")
        );
        assert!(!format!("{transport:?}").contains("pass@"));
    })
    .await;
}

#[tokio::test]
async fn no_proxy_hosts_go_direct() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, &[b"http/1.1"]).await;
        let proxy = ConnectProxy::start().await;
        let transport = through(
            Proxy::https(proxy.url()).no_proxy("example.com, 127.0.0.0/8"),
            &cert,
        );
        transport
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .expect("direct request");
        assert!(proxy.tunnels().is_empty());
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn plain_http_is_never_proxied() {
    bounded(async {
        let server = TestServer::start().await;
        let proxy = ConnectProxy::start().await;
        let transport = HyperTransport::builder()
            .proxy(Proxy::https(proxy.url()))
            .build()
            .unwrap();
        transport
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .expect("direct request");
        assert!(proxy.tunnels().is_empty());
    })
    .await;
}

#[tokio::test]
async fn unreachable_proxy_is_a_connect_error() {
    bounded(async {
        let cert = TestCert::generate();
        let server = TestServer::start_tls(&cert, &[b"http/1.1"]).await;
        let dead = refused_addr().await;
        let transport = through(Proxy::https(format!("http://{dead}")), &cert);
        let err = transport
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Connect, "{err:?}");
        assert_eq!(err.message(), "proxy tunnel failed");
        assert!(err.is_retryable());
        assert_eq!(server.connections(), 0);
    })
    .await;
}
