//! Retries on injected faults, throttling, resigning, failover, and what is never retried.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use im_client::{BaseUrl, Error, RateLimits, RetryPolicy};
use im_emulator::{Emulator, FaultKind, FaultRule, Revocation};
use im_proto::{Api, ErrorCode};
use im_transport::test_util::{FnTransport, json_response, response};

use crate::support::{check, client_for, id, ids, import, import_many, in_process, kick, serve};

fn patient() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(12)
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(50))
        .throttle_delay(Duration::from_millis(100))
}

#[tokio::test(start_paused = true)]
async fn transient_faults_of_every_kind_are_retried() {
    let kinds = FaultKind::ALL;
    // In process, on a paused clock: a stall outlasts the transport's 300 ms timeout.
    let (handle, _) = in_process(
        Emulator::builder()
            .seed(7)
            .without_rate_limits()
            .stall_duration(Duration::from_secs(3))
            .in_process_timeout(Duration::from_millis(300))
            .fault_rule(FaultRule::new().probability(0.5).kinds(kinds)),
    );
    let client = client_for(&handle)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(handle.in_process_transport()))
        .retry_policy(patient())
        .build()
        .unwrap();
    for i in 0..40 {
        import_many(&client, &ids(&[&format!("a{i}"), &format!("b{i}")]))
            .await
            .unwrap();
    }
    assert_eq!(handle.account_count(), 80);
    let stats = handle.stats();
    for kind in kinds {
        assert!(
            stats.faults(kind) > 0,
            "no {kind} fault injected: {stats:?}"
        );
    }
    assert!(client.stats().retries > 0);
    assert_eq!(client.stats().calls, 40);
}

#[tokio::test(start_paused = true)]
async fn the_client_limiter_keeps_the_service_from_throttling() {
    let (emulator, client) =
        in_process(Emulator::builder().rate_limit(Api::AccountCheck, Some(20)));
    let client2 = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(emulator.in_process_transport()))
        .rate_limits(RateLimits::default().set(Api::AccountCheck, Some(20)))
        .build()
        .unwrap();
    drop(client);
    let calls: Vec<_> = (0..50)
        .map(|i| {
            let c = client2.clone();
            tokio::spawn(async move { check(&c, &ids(&[&format!("u{i}")])).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(emulator.stats().throttled(), 0);
    assert_eq!(client2.stats().throttled, 0);
    assert_eq!(client2.stats().requests, 50);
}

#[tokio::test(start_paused = true)]
async fn throttled_answers_wait_and_retry() {
    let emulator = Emulator::builder()
        .rate_limit(Api::AccountCheck, Some(5))
        .build();
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(emulator.in_process_transport()))
        .rate_limits(RateLimits::off())
        .retry_policy(
            patient()
                .throttle_delay(Duration::from_millis(300))
                .max_elapsed(Duration::from_secs(20)),
        )
        .build()
        .unwrap();
    let calls: Vec<_> = (0..12)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move { check(&c, &ids(&[&format!("u{i}")])).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert!(emulator.stats().throttled() > 0);
    assert_eq!(client.stats().throttled, emulator.stats().throttled());
}

#[tokio::test(start_paused = true)]
async fn kicked_and_expired_admin_signatures_are_regenerated_once() {
    for how in [Revocation::Invalidated, Revocation::Expired] {
        let (emulator, client) = in_process(Emulator::builder());
        import(&client, id("a")).await.unwrap();
        // Revocation covers signatures issued strictly before the current second.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        emulator.revoke(emulator.admin(), how);
        import(&client, id("b")).await.unwrap();
        let stats = client.stats();
        assert_eq!(stats.resigns, 1, "{how:?}");
        assert_eq!(stats.requests, 3);
        assert_eq!(
            emulator.stats().answers(how.error_code()),
            1,
            "the emulator answered {:?} once",
            how.error_code()
        );
    }
}

#[tokio::test(start_paused = true)]
async fn kicking_the_admin_through_the_api_is_survived() {
    let (emulator, client) = in_process(Emulator::builder());
    import(&client, id("a")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    kick(&client, client.admin()).await.unwrap();
    import(&client, id("b")).await.unwrap();
    assert_eq!(client.stats().resigns, 1);
    assert_eq!(emulator.stats().answers(ErrorCode::USERSIG_INVALIDATED), 1);
}

#[tokio::test(start_paused = true)]
async fn a_resign_that_does_not_help_is_not_repeated() {
    let (emulator, client) = in_process(Emulator::builder());
    // The service's clock is two days ahead: every fresh 24 h signature is already expired.
    emulator.set_clock_offset(2 * 24 * 3600);
    let err = import(&client, id("a")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::USERSIG_EXPIRED));
    assert!(err.is_auth());
    assert_eq!(client.stats().requests, 2);
    assert_eq!(client.stats().resigns, 1);
}

#[tokio::test]
async fn failover_to_the_backup_on_connect_failure() {
    let (handle, _) = serve(Emulator::builder()).await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let base =
        BaseUrl::custom_with_backup(&format!("http://{closed}"), &handle.base_url()).unwrap();
    let client = client_for(handle.emulator())
        .base_url(base.clone())
        .failover(true)
        .build()
        .unwrap();
    import(&client, id("a")).await.unwrap();
    import(&client, id("b")).await.unwrap();
    let stats = client.stats();
    assert_eq!(stats.failovers, 1);
    assert_eq!(stats.requests, 3, "one refused, then two to the backup");
    assert_eq!(handle.account_count(), 2);

    // Without failover the connect error is retried, then reported.
    let client = client_for(handle.emulator())
        .base_url(base)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(2)
                .base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = import(&client, id("c")).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(client.stats().requests, 2);
    handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn http_errors_and_bad_bodies_are_typed() {
    let emulator = Emulator::builder().build();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let bad_gateway = FnTransport::new(move |_req| {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok(response(502, "<html>bad gateway</html>")) }
    });
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(bad_gateway))
        .build()
        .unwrap();
    let err = kick(&client, &id("a")).await.unwrap_err();
    match &err {
        Error::HttpStatus(s) => {
            assert_eq!(s.status(), 502);
            assert!(s.excerpt().contains("bad gateway"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        4,
        "the default policy's 4 attempts"
    );

    for (body, needle) in [
        ("not json at all", "not json at all"),
        (r#"{"ActionStatus":"OK","ErrorCode":"zero"}"#, "ErrorCode"),
        (
            r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":7}"#,
            "ResultItem",
        ),
    ] {
        let client = client_for(&emulator)
            .endpoint("http://127.0.0.1:9")
            .transport(Arc::new(FnTransport::new(move |_req| async move {
                Ok(json_response(body))
            })))
            .build()
            .unwrap();
        let err = check(&client, &ids(&["a"])).await.unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        assert!(!err.is_retryable());
        assert!(err.to_string().contains(needle), "{err}");
        assert_eq!(client.stats().requests, 1);
    }

    // An unknown code is kept verbatim and not retried.
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(FnTransport::new(|_req| async {
            Ok(json_response(
                r#"{"ActionStatus":"FAIL","ErrorCode":91234,"ErrorInfo":"new"}"#,
            ))
        })))
        .build()
        .unwrap();
    let err = kick(&client, &id("a")).await.unwrap_err();
    assert_eq!(err.error_code().map(|c| c.get()), Some(91_234));
    let trace = err.trace().expect("a sent request's error names it");
    assert_eq!(
        err.to_string(),
        format!("service error 91234: new ({trace})")
    );
    assert_eq!(client.stats().requests, 1);
}

#[tokio::test(start_paused = true)]
async fn the_time_budget_bounds_retries() {
    let emulator = Emulator::builder().build();
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(FnTransport::new(|_req| async {
            Ok(json_response(
                r#"{"ActionStatus":"FAIL","ErrorCode":70500,"ErrorInfo":""}"#,
            ))
        })))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(1000)
                .base_delay(Duration::from_millis(40))
                .max_delay(Duration::from_millis(40))
                .max_elapsed(Duration::from_millis(300)),
        )
        .build()
        .unwrap();
    let err = kick(&client, &id("a")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::INTERNAL_ERROR));
    let requests = client.stats().requests;
    assert!((2..1000).contains(&requests), "{requests}");
}

#[tokio::test]
async fn failover_also_on_a_primary_that_never_answers() {
    let (handle, _) = serve(Emulator::builder()).await;
    // Accepts connections and never answers: the request times out.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_addr = silent.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let base =
        BaseUrl::custom_with_backup(&format!("http://{silent_addr}"), &handle.base_url()).unwrap();
    let client = client_for(handle.emulator())
        .base_url(base)
        .failover(true)
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    import(&client, id("a")).await.unwrap();
    assert_eq!(client.stats().failovers, 1);
    assert_eq!(handle.account_count(), 1);
    hold.abort();
    handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_on_429_and_503() {
    let emulator = Emulator::builder().build();
    for (status, header) in [(429, "2"), (503, "Thu, 01 Jan 1970 00:00:00 GMT")] {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let transport = FnTransport::new(move |_req| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    let mut r = response(status, "busy");
                    r.headers_mut()
                        .insert(http::header::RETRY_AFTER, header.parse().unwrap());
                    Ok(r)
                } else {
                    Ok(json_response(
                        r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#,
                    ))
                }
            }
        });
        let client = client_for(&emulator)
            .endpoint("http://127.0.0.1:9")
            .transport(Arc::new(transport))
            .build()
            .unwrap();
        let started = tokio::time::Instant::now();
        kick(&client, &id("a")).await.unwrap();
        let waited = started.elapsed();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "{status}");
        if status == 429 {
            assert!(waited >= Duration::from_secs(2), "{waited:?}");
        } else {
            // A date in the past: no wait beyond the policy's.
            assert!(waited < Duration::from_secs(1), "{waited:?}");
        }
    }
}

/// A send without its key fields may not be resent: a request that may have been processed
/// (HTTP 5xx, or a transient code such as 70500 "internal error", which does not say that nothing
/// was done) is not sent again; one the service refused unprocessed (60007, throttled) is.
#[tokio::test(start_paused = true)]
async fn an_ambiguous_failure_is_not_retried_on_a_non_idempotent_api() {
    let emulator = Emulator::builder().build();
    for (answer, expected_requests) in [(502, 1), (70500, 1), (60007, 4)] {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let transport = FnTransport::new(move |_req| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok(if answer == 502 {
                    response(502, "bad gateway")
                } else {
                    json_response(format!(
                        r#"{{"ActionStatus":"FAIL","ErrorCode":{answer},"ErrorInfo":""}}"#
                    ))
                })
            }
        });
        let client = client_for(&emulator)
            .endpoint("http://127.0.0.1:9")
            .transport(Arc::new(transport))
            .build()
            .unwrap();
        let body = serde_json::json!({"From_Account": "a", "To_Account": "b"});
        let err = client
            .call_raw("openim", "sendmsg", &body)
            .await
            .unwrap_err();
        assert!(err.is_retryable(), "{err}");
        assert_eq!(calls.load(Ordering::SeqCst), expected_requests, "{answer}");
    }
}

/// What a fake transport answers every request with.
type Answer = fn() -> Result<http::Response<bytes::Bytes>, im_transport::TransportError>;

/// The `random` query values of the requests a transport saw, in order.
#[derive(Clone, Default)]
struct Randoms(Arc<std::sync::Mutex<Vec<u32>>>);

impl Randoms {
    fn record(&self, request: &http::Request<bytes::Bytes>) {
        let query = request.uri().query().unwrap_or_default();
        let random = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("random="))
            .expect("every request has a random")
            .parse()
            .expect("random is a u32");
        self.0.lock().unwrap().push(random);
    }

    fn seen(&self) -> Vec<u32> {
        self.0.lock().unwrap().clone()
    }
}

/// A client whose every request gets `answer`, recording the randoms into `randoms`.
fn answering(emulator: &Emulator, randoms: &Randoms, answer: Answer) -> im_client::Client {
    let randoms = randoms.clone();
    client_for(emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(FnTransport::new(move |req| {
            randoms.record(&req);
            async move { answer() }
        })))
        .retry_policy(patient().max_attempts(3))
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn errors_name_the_last_request_sent() {
    let emulator = Emulator::builder().build();
    // A transient code, retried until the attempts run out: the third request is named.
    let randoms = Randoms::default();
    let client = answering(&emulator, &randoms, || {
        Ok(json_response(
            r#"{"ActionStatus":"FAIL","ErrorCode":70500,"ErrorInfo":"busy"}"#,
        ))
    });
    let err = kick(&client, &id("a")).await.unwrap_err();
    let seen = randoms.seen();
    assert_eq!(seen.len(), 3);
    let trace = err
        .trace()
        .expect("the error of a sent call names its request");
    assert_eq!((trace.random, trace.attempt), (seen[2], 3), "{err}");
    let shown = format!("(request random {}, attempt 3)", seen[2]);
    assert!(err.to_string().ends_with(&shown), "{err}");
    assert!(matches!(&err, Error::Api(api) if api.request_trace() == Some((seen[2], 3))));

    // The call's report keeps the same trace.
    let request = im_proto::account::kick::Request::new(id("a"));
    let (result, report) = client.call_with(&request, &patient().max_attempts(2)).await;
    let seen = randoms.seen();
    assert_eq!(report.trace, result.unwrap_err().trace());
    assert_eq!(
        report.trace.map(|t| (t.random, t.attempt)),
        Some((seen[4], 2))
    );

    // An HTTP status, a transport failure and an undecodable answer name their request too.
    let cases: [(Answer, &str); 3] = [
        (|| Ok(response(404, "not here")), "HTTP status 404"),
        (
            || {
                Err(im_transport::TransportError::new(
                    im_transport::ErrorKind::Tls,
                    "bad certificate",
                ))
            },
            "bad certificate",
        ),
        (
            || {
                Ok(json_response(
                    r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":7}"#,
                ))
            },
            "could not decode",
        ),
    ];
    for (answer, needle) in cases {
        let randoms = Randoms::default();
        let client = answering(&emulator, &randoms, answer);
        let err = check(&client, &ids(&["a"])).await.unwrap_err();
        let seen = randoms.seen();
        assert_eq!(seen.len(), 1, "{err}");
        let trace = err.trace().expect("a sent request's error names it");
        assert_eq!((trace.random, trace.attempt), (seen[0], 1));
        let text = err.to_string();
        assert!(text.contains(needle), "{text}");
        assert!(
            text.ends_with(&format!("(request random {}, attempt 1)", seen[0])),
            "{text}"
        );
    }

    // An error raised before sending names no request.
    assert_eq!(Error::invalid("x").trace(), None);
}
