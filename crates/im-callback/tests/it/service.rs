//! The tower service: verified callbacks reach the handler, refused ones never do.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use im_callback::service::{Callback, CallbackService, Rejected};
use im_callback::{Event, ReplayCache, Reply, Token, Verifier, sign};
use serde_json::Value;

const T: u64 = 1_669_872_112;
const STATE: &str = r#"{"CallbackCommand":"State.StateChange","EventTime":1669872112000,"Info":{"Action":"Login","To_Account":"alice","Reason":"Register"}}"#;

struct Fixture {
    service: CallbackService,
    handled: Arc<AtomicUsize>,
    rejected: Arc<AtomicUsize>,
}

fn fixture() -> Fixture {
    fixture_with(Verifier::new(1_400_000_000, Token::new("xxxxyyyy")))
}

fn fixture_with(verifier: Verifier) -> Fixture {
    let handled = Arc::new(AtomicUsize::new(0));
    let rejected = Arc::new(AtomicUsize::new(0));
    let (h, r) = (handled.clone(), rejected.clone());
    let service = CallbackService::new(verifier, move |cb: Callback| {
        let h = h.clone();
        async move {
            h.fetch_add(1, Ordering::Relaxed);
            match cb.event {
                Event::StateChange(e) if e.info.to_account == "alice" => Reply::ok(),
                _ => Reply::fail("unexpected"),
            }
        }
    })
    .clock(|| T + 5)
    .max_body_bytes(4096)
    .on_rejected(move |_: &Rejected| {
        r.fetch_add(1, Ordering::Relaxed);
    });
    Fixture {
        service,
        handled,
        rejected,
    }
}

fn url(sdkappid: &str, sign: &str, time: u64) -> String {
    format!(
        "/cb?SdkAppid={sdkappid}&CallbackCommand=State.StateChange&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign={sign}&RequestTime={time}"
    )
}

async fn send(f: &Fixture, method: &str, uri: &str, body: &str) -> (u16, Value) {
    let request = http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    let response = f.service.serve(request).await;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn a_signed_callback_reaches_the_handler() {
    let f = fixture();
    let good = sign(&Token::new("xxxxyyyy"), T);
    let (status, reply) = send(&f, "POST", &url("1400000000", &good, T), STATE).await;
    assert_eq!(status, 200);
    assert_eq!(
        reply,
        serde_json::json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})
    );
    assert_eq!(f.handled.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn forged_stale_and_foreign_callbacks_never_reach_it() {
    let f = fixture();
    let good = sign(&Token::new("xxxxyyyy"), T);
    let forged = sign(&Token::new("wrong-token"), T);
    let cases = [
        url("1400000000", &forged, T),
        url("1400000001", &good, T),
        url("1400000000", &good, T + 1),
        url(
            "1400000000",
            &sign(&Token::new("xxxxyyyy"), T - 120),
            T - 120,
        ),
        "/cb?SdkAppid=1400000000&CallbackCommand=State.StateChange".to_owned(),
    ];
    for uri in &cases {
        let (status, reply) = send(&f, "POST", uri, STATE).await;
        assert_eq!(status, 401, "{uri}");
        assert_eq!(reply["ErrorCode"], 1);
        let info = reply["ErrorInfo"].as_str().unwrap();
        assert!(
            !info.contains(&good) && !info.contains(&forged) && !info.contains("xxxxyyyy"),
            "{info}"
        );
    }
    assert_eq!(f.handled.load(Ordering::Relaxed), 0);
    assert_eq!(f.rejected.load(Ordering::Relaxed), cases.len());
}

#[tokio::test]
async fn bad_bodies_and_methods_get_failure_replies() {
    let f = fixture();
    let good = sign(&Token::new("xxxxyyyy"), T);
    let uri = url("1400000000", &good, T);
    assert_eq!(send(&f, "GET", &uri, "").await.0, 405);
    let (status, reply) = send(&f, "POST", &uri, "not json \u{1b}[2J").await;
    assert_eq!((status, reply["ErrorCode"].as_i64()), (200, Some(1)));
    assert_eq!(send(&f, "POST", &uri, &"x".repeat(5000)).await.0, 413);
    let other = r#"{"CallbackCommand":"Profile.CallbackPortraitSet"}"#;
    assert_eq!(
        send(&f, "POST", &uri, other).await.1["ErrorCode"],
        1,
        "the URL says State.StateChange"
    );
    assert_eq!(f.handled.load(Ordering::Relaxed), 0);
}

#[tokio::test]
async fn with_a_replay_cache_a_repeat_never_reaches_it() {
    let good = sign(&Token::new("xxxxyyyy"), T);
    let uri = url("1400000000", &good, T);
    // Without a cache a callback is replayable within its window (as documented).
    let plain = fixture();
    for _ in 0..2 {
        assert_eq!(send(&plain, "POST", &uri, STATE).await.0, 200);
    }
    assert_eq!(plain.handled.load(Ordering::Relaxed), 2);

    let verifier =
        Verifier::new(1_400_000_000, Token::new("xxxxyyyy")).replay_cache(ReplayCache::new());
    let f = fixture_with(verifier);
    assert_eq!(send(&f, "POST", &uri, STATE).await.0, 200);
    let (status, reply) = send(&f, "POST", &uri, STATE).await;
    assert_eq!(status, 401);
    assert_eq!(reply["ErrorCode"], 1);
    let info = reply["ErrorInfo"].as_str().unwrap();
    assert!(info.contains("repeat") && !info.contains(&good), "{info}");
    assert_eq!(f.handled.load(Ordering::Relaxed), 1);
    assert_eq!(f.rejected.load(Ordering::Relaxed), 1);
    // Another callback of the same second carries the same Sign: let through. The handler
    // fails it, so it is forgotten and its retry reaches the handler again.
    let bob = STATE.replace("alice", "bob");
    for handled in [2, 3] {
        let (status, reply) = send(&f, "POST", &uri, &bob).await;
        assert_eq!((status, reply["ErrorCode"].as_i64()), (200, Some(1)));
        assert_eq!(f.handled.load(Ordering::Relaxed), handled);
    }
    // An undecodable body is never remembered; the clone of a service shares the cache.
    let clone = Fixture {
        service: f.service.clone(),
        handled: f.handled.clone(),
        rejected: f.rejected.clone(),
    };
    assert_eq!(send(&clone, "POST", &uri, STATE).await.0, 401);
    for _ in 0..2 {
        assert_eq!(send(&clone, "POST", &uri, "{").await.0, 200);
    }
    assert_eq!(f.handled.load(Ordering::Relaxed), 3);
}
