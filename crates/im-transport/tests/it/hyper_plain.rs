//! `HyperTransport` against a plain HTTP server on 127.0.0.1.

use std::sync::Arc;
use std::time::Duration;

use im_transport::{Bytes, ErrorKind, HyperTransport, SharedTransport, Transport, TransportError};

use crate::support::{SECRET, TestServer, bounded, closing_server, refused_addr, signed_request};

fn transport() -> HyperTransport {
    HyperTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("default transport builds")
}

/// Checks the kind, and that no output of the error shows the signature.
#[track_caller]
fn assert_error(err: &TransportError, kind: ErrorKind) {
    assert_eq!(err.kind(), kind, "{err:?}");
    let display = err.to_string();
    let debug = format!("{err:?}");
    assert!(
        !display.contains(SECRET) && !debug.contains(SECRET),
        "{display} / {debug}"
    );
    assert!(!display.contains('\n'), "one line: {display}");
    if let Some(uri) = err.uri() {
        assert!(
            !uri.contains("usersig") || uri.contains("usersig=***"),
            "{uri}"
        );
        assert!(display.contains(uri), "{display}");
    }
}

#[tokio::test]
async fn round_trip() {
    bounded(async {
        let server = TestServer::start().await;
        let response = transport()
            .send(signed_request(
                &server.base(),
                "/echo",
                r#"{"CheckItem":[]}"#,
            ))
            .await
            .expect("round trip");
        assert_eq!(response.status(), 200);
        assert_eq!(response.body(), &Bytes::from_static(br#"{"CheckItem":[]}"#));
        assert_eq!(
            response.headers()["x-seen-user-agent"],
            concat!("im-toolkit/", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(response.headers()["x-seen-version"], "HTTP/1.1");
    })
    .await;
}

#[tokio::test]
async fn user_agent_is_configurable_and_a_request_header_wins() {
    bounded(async {
        let server = TestServer::start().await;
        let transport = HyperTransport::builder()
            .user_agent("custom/1")
            .build()
            .unwrap();
        let response = transport
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .unwrap();
        assert_eq!(response.headers()["x-seen-user-agent"], "custom/1");

        let mut request = signed_request(&server.base(), "/echo", "");
        request.headers_mut().insert(
            http::header::USER_AGENT,
            http::HeaderValue::from_static("mine/2"),
        );
        let response = transport.send(request).await.unwrap();
        assert_eq!(response.headers()["x-seen-user-agent"], "mine/2");
    })
    .await;
}

#[tokio::test]
async fn error_statuses_are_responses() {
    bounded(async {
        let server = TestServer::start().await;
        let response = transport()
            .send(signed_request(&server.base(), "/status/503", ""))
            .await
            .expect("a 503 is a response, not a transport error");
        assert_eq!(response.status(), 503);
        assert_eq!(response.body(), "busy");
    })
    .await;
}

#[tokio::test]
async fn reuses_one_connection_for_sequential_requests() {
    bounded(async {
        let server = TestServer::start().await;
        let transport = transport();
        for i in 0..100 {
            let response = transport
                .send(signed_request(&server.base(), "/echo", "ping"))
                .await
                .unwrap_or_else(|err| panic!("request {i}: {err}"));
            assert_eq!(response.body(), "ping");
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn clones_share_the_pool() {
    bounded(async {
        let server = TestServer::start().await;
        let first = transport();
        let second = first.clone();
        first
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .unwrap();
        second
            .send(signed_request(&server.base(), "/echo", ""))
            .await
            .unwrap();
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn pool_without_idle_connections_reconnects() {
    bounded(async {
        let server = TestServer::start().await;
        let transport = HyperTransport::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        for _ in 0..3 {
            transport
                .send(signed_request(&server.base(), "/echo", ""))
                .await
                .unwrap();
        }
        assert_eq!(server.connections(), 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_from_many_tasks() {
    bounded(async {
        let server = TestServer::start().await;
        let shared: SharedTransport = Arc::new(transport());
        let base = server.base();
        let tasks: Vec<_> = (0..64)
            .map(|task| {
                let transport = Arc::clone(&shared);
                let base = base.clone();
                tokio::spawn(async move {
                    for i in 0..5 {
                        let body = format!("task {task} request {i}");
                        let mut request = signed_request(&base, "/echo", "");
                        *request.body_mut() = Bytes::from(body.clone());
                        let response = transport.send(request).await.expect("concurrent request");
                        assert_eq!(response.body(), body.as_bytes());
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("task did not panic");
        }
        // Each task reuses its connection after the first request (the pool may open a few
        // spare connections while tasks race for idle ones).
        let connections = server.connections();
        assert!(
            (1..64 * 5).contains(&connections),
            "{connections} connections"
        );
    })
    .await;
}

#[tokio::test]
async fn connect_refused_is_a_retryable_connect_error() {
    bounded(async {
        let addr = refused_addr().await;
        let err = transport()
            .send(signed_request(&format!("http://{addr}"), "/echo", ""))
            .await
            .unwrap_err();
        assert_error(&err, ErrorKind::Connect);
        assert!(err.is_retryable());
        assert_eq!(err.message(), "connection refused");
        assert!(std::error::Error::source(&err).is_some());
    })
    .await;
}

#[tokio::test]
async fn request_timeout_covers_a_slow_server() {
    bounded(async {
        let server = TestServer::start().await;
        let transport = HyperTransport::builder()
            .request_timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let err = transport
            .send(signed_request(&server.base(), "/slow", ""))
            .await
            .unwrap_err();
        assert_error(&err, ErrorKind::Timeout);
        assert!(err.is_retryable());
    })
    .await;
}

#[tokio::test]
async fn request_timeout_covers_reading_the_body() {
    bounded(async {
        let server = TestServer::start().await;
        let transport = HyperTransport::builder()
            .request_timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let err = transport
            .send(signed_request(&server.base(), "/stall-body", ""))
            .await
            .unwrap_err();
        assert_error(&err, ErrorKind::Timeout);
    })
    .await;
}

#[tokio::test]
async fn declared_body_over_the_limit_fails_before_reading() {
    bounded(async {
        let server = TestServer::start().await;
        let transport = HyperTransport::builder()
            .max_body_bytes(64 * 1024)
            .build()
            .unwrap();
        let err = transport
            .send(signed_request(&server.base(), "/big", ""))
            .await
            .unwrap_err();
        assert_error(&err, ErrorKind::BodyTooLarge { limit: 64 * 1024 });
        assert!(!err.is_retryable());
        assert_eq!(err.message(), format!("Content-Length is {}", 1 << 20));

        // At the limit exactly, the body is accepted.
        let transport = HyperTransport::builder()
            .max_body_bytes(1 << 20)
            .build()
            .unwrap();
        let response = transport
            .send(signed_request(&server.base(), "/big", ""))
            .await
            .unwrap();
        assert_eq!(response.body().len(), 1 << 20);
    })
    .await;
}

#[tokio::test]
async fn streamed_body_over_the_limit_fails_without_buffering_it() {
    bounded(async {
        let server = TestServer::start().await;
        // The body never ends: only stopping at the limit can finish within the timeout.
        let transport = HyperTransport::builder()
            .max_body_bytes(100 * 1024)
            .request_timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let err = transport
            .send(signed_request(&server.base(), "/endless", ""))
            .await
            .unwrap_err();
        assert_error(&err, ErrorKind::BodyTooLarge { limit: 100 * 1024 });
        assert!(
            err.message().starts_with("stopped reading at "),
            "{}",
            err.message()
        );
    })
    .await;
}

#[tokio::test]
async fn connection_closed_without_response() {
    bounded(async {
        let addr = closing_server().await;
        let err = transport()
            .send(signed_request(&format!("http://{addr}"), "/echo", ""))
            .await
            .unwrap_err();
        assert_error(&err, ErrorKind::ConnectionClosed);
        assert!(err.is_retryable());
    })
    .await;
}

#[tokio::test]
async fn refuses_before_sending() {
    let transport = transport();
    let send = |uri: &str| {
        let request = http::Request::post(uri).body(Bytes::new()).unwrap();
        transport.send(request)
    };
    // Plain http to a remote host: refused without any DNS lookup or connection.
    let err = send(&format!(
        "http://console.tim.qq.com/v4/a/b?usersig={SECRET}"
    ))
    .await
    .unwrap_err();
    assert_error(&err, ErrorKind::PlainHttpRefused);
    assert!(!err.is_retryable());
    let err = send("ftp://127.0.0.1/").await.unwrap_err();
    assert_error(&err, ErrorKind::InvalidRequest);
    let err = send(&format!("/v4/a/b?usersig={SECRET}"))
        .await
        .unwrap_err();
    assert_error(&err, ErrorKind::InvalidRequest);
}
