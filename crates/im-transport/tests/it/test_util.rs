//! The test doubles of `im_transport::test_util`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use im_transport::test_util::{
    ChannelTransport, FnTransport, NeverTransport, RecordingTransport, ScriptedTransport,
    json_response, response,
};
use im_transport::{Bytes, ErrorKind, SharedTransport, Transport, TransportError};

fn request(path: &str) -> http::Request<Bytes> {
    http::Request::post(format!("https://h{path}?usersig=S"))
        .header("x-test", "1")
        .body(Bytes::from(path.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn fn_transport_calls_the_closure() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let transport: SharedTransport =
        Arc::new(FnTransport::new(move |request: http::Request<Bytes>| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if request.uri().path() == "/fail" {
                    return Err(
                        TransportError::new(ErrorKind::Timeout, "as asked").with_uri(request.uri())
                    );
                }
                Ok(response(
                    200,
                    format!("call {n}: {}", String::from_utf8_lossy(request.body())),
                ))
            }
        }));
    assert_eq!(
        transport.send(request("/a")).await.unwrap().body(),
        "call 0: /a"
    );
    let err = transport.send(request("/fail")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.uri(), Some("https://h/fail?usersig=***"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn scripted_replays_in_order_and_records() {
    let script = ScriptedTransport::new([
        Ok(json_response(r#"{"ErrorCode":0}"#)),
        Err(TransportError::new(ErrorKind::ConnectionClosed, "reset")),
        Ok(response(503, "")),
    ]);
    let transport: SharedTransport = Arc::new(script.clone());
    let first = transport.send(request("/1")).await.unwrap();
    assert_eq!(
        first.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    assert_eq!(
        transport.send(request("/2")).await.unwrap_err().kind(),
        ErrorKind::ConnectionClosed
    );
    assert_eq!(script.remaining(), 1);
    assert_eq!(transport.send(request("/3")).await.unwrap().status(), 503);
    script.assert_all_used();

    let seen: Vec<_> = script
        .requests()
        .iter()
        .map(|r| r.uri().path().to_owned())
        .collect();
    assert_eq!(seen, ["/1", "/2", "/3"]);
}

#[tokio::test]
async fn scripted_reports_unused_entries() {
    let script = ScriptedTransport::new([Ok(response(200, "")), Ok(response(200, ""))]);
    script.send(request("/1")).await.unwrap();
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| script.assert_all_used()))
        .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("1 entries unused"), "{message}");
}

#[tokio::test]
async fn recording_keeps_copies_and_forwards() {
    let recorder = RecordingTransport::new(ScriptedTransport::new([
        Ok(response(201, "")),
        Ok(response(202, "")),
    ]));
    let shared: SharedTransport = Arc::new(recorder.clone());
    assert_eq!(shared.send(request("/x")).await.unwrap().status(), 201);
    assert_eq!(shared.send(request("/y")).await.unwrap().status(), 202);

    let requests = recorder.requests();
    assert_eq!(recorder.request_count(), 2);
    assert_eq!(requests[0].method(), http::Method::POST);
    assert_eq!(requests[0].uri(), "https://h/x?usersig=S");
    assert_eq!(requests[0].headers()["x-test"], "1");
    assert_eq!(requests[1].body(), "/y");
    recorder.inner().assert_all_used();
    recorder.clear();
    assert_eq!(recorder.request_count(), 0);
}

#[tokio::test(start_paused = true)]
async fn never_answers() {
    let never = NeverTransport::new();
    let shared: SharedTransport = Arc::new(never.clone());
    let outcome = tokio::time::timeout(Duration::from_secs(3600), shared.send(request("/"))).await;
    assert!(outcome.is_err(), "NeverTransport answered");
    assert_eq!(never.calls(), 1);
}

#[tokio::test]
async fn channel_lets_the_test_answer() {
    let (transport, mut requests) = ChannelTransport::new();
    let shared: SharedTransport = Arc::new(transport.clone());

    let first = tokio::spawn({
        let shared = Arc::clone(&shared);
        async move { shared.send(request("/first")).await }
    });
    let second = tokio::spawn({
        let shared = Arc::clone(&shared);
        async move { shared.send(request("/second")).await }
    });
    let mut pending = vec![
        requests.recv().await.unwrap(),
        requests.recv().await.unwrap(),
    ];
    assert!(requests.try_recv().is_none());
    // Answer out of order, echoing the path in the status.
    pending.sort_by_key(|p| std::cmp::Reverse(p.request().uri().path().to_owned()));
    for p in pending {
        let status = if p.request().uri().path() == "/first" {
            201
        } else {
            202
        };
        p.respond(Ok(response(status, "")));
    }
    assert_eq!(first.await.unwrap().unwrap().status(), 201);
    assert_eq!(second.await.unwrap().unwrap().status(), 202);

    drop(requests);
    let err = transport.send(request("/late")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect);
}

#[tokio::test]
async fn arc_and_box_forward() {
    let boxed: Box<dyn Transport> = Box::new(ScriptedTransport::new([Ok(response(200, ""))]));
    assert_eq!(boxed.send(request("/")).await.unwrap().status(), 200);
    let arc = Arc::new(ScriptedTransport::new([Ok(response(204, ""))]));
    assert_eq!(
        Transport::send(&arc, request("/")).await.unwrap().status(),
        204
    );
}
