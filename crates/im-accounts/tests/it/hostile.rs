//! Hostile and broken servers, through the real transport on 127.0.0.1: garbled chunked
//! bodies, HTTP/0.9 replies, header floods, and a single import that is out of service while
//! the batch import lists accounts in `FailAccounts`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::StreamExt;
use im_accounts::Client;
use im_accounts::bulk::{BulkItem, BulkOp, BulkOptions};
use im_client::{Failure, RetryPolicy};
use im_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::client_for;

const OK_IMPORT: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","FailAccounts":[]}"#;

/// A well-formed HTTP/1.1 answer that closes the connection.
fn http_ok(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A server on 127.0.0.1 that reads each request (one per connection) and writes back what
/// `respond(n, path, body)` gives for the n-th request (from 0), then closes.
async fn raw_server<F>(respond: F) -> String
where
    F: Fn(usize, &str, &[u8]) -> Vec<u8> + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let respond = Arc::new(respond);
    let count = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (respond, count) = (respond.clone(), count.clone());
            tokio::spawn(async move {
                let Some((path, body)) = read_request(&mut socket).await else {
                    return;
                };
                let n = count.fetch_add(1, Ordering::SeqCst);
                let _ = socket.write_all(&respond(n, &path, &body)).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

/// The path and the body of one request.
async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let path = head
        .split_whitespace()
        .nth(1)?
        .split('?')
        .next()?
        .to_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some((path, buf[head_end..].to_vec()))
}

fn client(base_url: &str) -> Client {
    let emulator = Emulator::builder().build();
    client_for(&emulator)
        .endpoint(base_url)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn fast_retries() -> BulkOptions {
    BulkOptions::default().retry_policy(
        RetryPolicy::bulk()
            .base_delay(Duration::from_millis(5))
            .max_delay(Duration::from_millis(20)),
    )
}

async fn import(client: &Client, n: usize, options: BulkOptions) -> im_accounts::bulk::Report {
    let items = (0..n).map(|i| BulkItem::account(format!("h{i}")));
    let mut run = client.bulk_iter(BulkOp::Import, items, options);
    while run.next().await.is_some() {}
    run.report().cloned().unwrap()
}

/// The answer to garble each request the server's `garble` picks, and a good one otherwise.
async fn garbling_server(garble: fn(usize) -> Option<&'static [u8]>) -> String {
    raw_server(move |n, _, _| match garble(n) {
        Some(bytes) => bytes.to_vec(),
        None => http_ok(OK_IMPORT),
    })
    .await
}

const BAD_CHUNKED: &[u8] =
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{\"Ac\r\n0\r\n\r\n";
const HTTP_09: &[u8] = br#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#;

fn header_flood() -> Vec<u8> {
    let mut head = b"HTTP/1.1 200 OK\r\n".to_vec();
    for i in 0..20_000 {
        head.extend_from_slice(format!("X-Flood-{i}: y\r\n").as_bytes());
    }
    head.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
    head
}

/// A garbled first answer is retried like any transient fault, and does not stop the job as a
/// wrong endpoint would.
#[tokio::test]
async fn garbled_first_answers_are_retried_not_fatal() {
    for (name, garble) in [
        (
            "chunked",
            (|n| (n % 2 == 0).then_some(BAD_CHUNKED)) as fn(usize) -> _,
        ),
        ("http/0.9", |n| (n % 2 == 0).then_some(HTTP_09)),
    ] {
        let base = garbling_server(garble).await;
        let client = client(&base);
        let report = import(&client, 500, fast_retries()).await;
        assert_eq!(
            report.succeeded, 500,
            "{name}: {:?}",
            report.failures_by_reason
        );
        assert!(
            report.retries >= 3,
            "{name}: the garbled answers were retried"
        );
    }
    let flood = Arc::new(header_flood());
    let base = raw_server(move |n, _, _| {
        if n == 0 {
            flood.to_vec()
        } else {
            http_ok(OK_IMPORT)
        }
    })
    .await;
    let report = import(&client(&base), 300, fast_retries()).await;
    assert_eq!(
        report.succeeded, 300,
        "header flood: {:?}",
        report.failures_by_reason
    );
}

/// A chunk that only ever gets garbled answers fails (for its own accounts, with the reason),
/// and the job carries on: garbled is not "clearly not this service".
#[tokio::test]
async fn a_chunk_that_stays_garbled_fails_alone() {
    let base = garbling_server(|n| (n < 3).then_some(BAD_CHUNKED)).await;
    let client = client(&base);
    let options = fast_retries().concurrency(1).retry_policy(
        RetryPolicy::bulk()
            .max_attempts(3)
            .base_delay(Duration::from_millis(1)),
    );
    let report = import(&client, 300, options).await;
    assert_eq!(report.failed, 100, "{:?}", report.failures_by_reason);
    assert_eq!(report.succeeded, 200, "{:?}", report.failures_by_reason);
    assert_eq!(report.failures_by_reason["transport"], 100);
    let sample = &report.failure_samples[0].failure;
    let text = sample.to_string();
    assert!(text.contains("HTTP protocol error"), "{text}");
    assert!(!text.contains("transport error: transport error"), "{text}");
}

/// The batch import lists 20 accounts in `FailAccounts` and the single import answers HTTP 500:
/// the fallback ends quickly with that reason for each of the 20, instead of each retrying
/// under the chunk's budget.
#[tokio::test]
async fn a_failing_single_import_ends_the_fallback_quickly() {
    let singles = Arc::new(AtomicUsize::new(0));
    let counter = singles.clone();
    let base = raw_server(move |_, path, body| {
        if path.ends_with("/account_import") {
            counter.fetch_add(1, Ordering::SeqCst);
            return b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops"
                .to_vec();
        }
        // Every account whose number ends in 0..=1 (20 of 100) is listed as failed.
        let request: serde_json::Value = serde_json::from_slice(body).unwrap();
        let failed: Vec<&str> = request["Accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|id| id.as_str())
            .filter(|id| id.ends_with('0') || id.ends_with('1'))
            .collect();
        let answer = serde_json::json!({
            "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "FailAccounts": failed,
        });
        http_ok(&answer.to_string())
    })
    .await;
    let client = client(&base);
    let report = import(&client, 100, fast_retries()).await;
    assert_eq!(report.succeeded, 80, "{:?}", report.failures_by_reason);
    assert_eq!(report.failed, 20, "{:?}", report.failures_by_reason);
    assert_eq!(
        report.failures_by_reason["http_500"], 20,
        "{:?}",
        report.failures_by_reason
    );
    let sent = singles.load(Ordering::SeqCst);
    // At most the fallback's concurrency (8) times its small budget (3 attempts).
    assert!(sent <= 24, "{sent} single imports for 20 accounts");
    for sample in &report.failure_samples {
        assert!(matches!(sample.failure, Failure::Request(_)), "{sample:?}");
    }
}

/// A truncated answer is a transport fault: a single call retries it, and a bulk job goes on.
#[tokio::test(start_paused = true)]
async fn a_truncated_first_answer_is_a_transport_fault_retried_and_never_stops_a_job() {
    use im_client::Error;
    use im_transport::test_util::{FnTransport, json_response};

    let (emulator, real) = crate::support::in_process(Emulator::builder().without_rate_limits());
    drop(real);
    let inner = Arc::new(emulator.in_process_transport());
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    // The first answer is cut in the middle of its JSON; every later one is the service's.
    let transport = FnTransport::new(move |req| {
        let first = counter.fetch_add(1, Ordering::SeqCst) == 0;
        let inner = inner.clone();
        async move {
            if first {
                return Ok(json_response(r#"{"ActionStatus":"OK","ErrorCode":0,"Fail"#));
            }
            im_transport::Transport::send(&*inner, req).await
        }
    });
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(transport))
        .build()
        .unwrap();
    let err = {
        let one = client_for(&emulator)
            .endpoint("http://127.0.0.1:9")
            .transport(Arc::new(FnTransport::new(|_req| async {
                Ok(json_response(r#"{"ActionStatus":"OK","Err"#))
            })))
            .retry_policy(RetryPolicy::default().max_attempts(2))
            .build()
            .unwrap();
        one.kick(&crate::support::id("a")).await.unwrap_err()
    };
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == im_transport::ErrorKind::ConnectionClosed),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert!(err.to_string().contains("ends after"), "{err}");

    let items: Vec<BulkItem> = (0..250)
        .map(|i| BulkItem::account(format!("t{i}")))
        .collect();
    let mut run = client.bulk_iter(BulkOp::Import, items, BulkOptions::default().concurrency(1));
    let mut ok = 0;
    while let Some(outcome) = run.next().await {
        assert!(outcome.is_ok(), "{outcome:?}");
        ok += 1;
    }
    assert_eq!(ok, 250);
    assert_eq!(emulator.account_count(), 250);
    assert!(
        calls.load(Ordering::SeqCst) >= 4,
        "the cut answer was retried"
    );
}
