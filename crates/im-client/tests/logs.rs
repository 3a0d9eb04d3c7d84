//! No key or UserSig in any log line captured at TRACE level, or in any error text: its own
//! test binary, so that its subscriber is the process's only one.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use im_client::RetryPolicy;
use im_emulator::{Emulator, FaultKind, FaultRule};
use im_transport::test_util::RecordingTransport;
use tracing_subscriber::fmt::MakeWriter;

#[path = "it/support.rs"]
#[allow(dead_code, reason = "shared with the main test binary")]
mod support;

use support::{client_for, id, ids, import_many, kick};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn secrets_never_reach_logs_or_errors() {
    let capture = capture_logs();
    let emulator = Emulator::builder()
        .seed(3)
        .without_rate_limits()
        .fault_rule(FaultRule::new().probability(0.3).kinds([
            FaultKind::Code70500,
            FaultKind::Http502,
            FaultKind::Close,
        ]))
        .build();
    let handle = emulator.start_local().await.unwrap();
    let recorder = Arc::new(RecordingTransport::new(
        im_transport::HyperTransport::builder()
            .request_timeout(Duration::from_secs(5))
            .build()
            .unwrap(),
    ));
    let (texts, refused) = fail_in_every_layer(&emulator, &handle.base_url(), &recorder).await;
    handle.shutdown().await;

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("im.call"), "spans were captured");
    assert!(
        logs.contains("usersig=***") || logs.contains("usersig="),
        "URLs were logged"
    );
    every_request_is_traceable(&logs, &recorder.requests(), refused);
    let mut secrets = vec![
        emulator.secret_key().to_owned(),
        "wrong-key-0123456789abcdef0123456789abcdef".to_owned(),
    ];
    secrets.extend(usersigs(&recorder.requests()));
    assert!(secrets.len() > 4);
    for secret in &secrets {
        // Any 24-character piece of a secret would be a leak.
        for start in (0..secret.len().saturating_sub(24)).step_by(12) {
            let piece = &secret[start..start + 24];
            assert!(
                !logs.contains(piece),
                "a secret leaked into the logs: {piece}"
            );
            for text in &texts {
                assert!(!text.contains(piece), "a secret leaked into {text}");
            }
        }
    }
}

/// Captures every event and span at TRACE level, as text, from now on.
fn capture_logs() -> Capture {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .finish();
    // The process's only subscriber, global: a thread-local one would race with the
    // callsite interest other threads cache.
    tracing::subscriber::set_global_default(subscriber).unwrap();
    capture
}

/// Calls that fail in every layer, through `recorder` to the emulator at `base_url`: faults
/// the client retries, a wrong key, a transport error, a kicked admin. The errors' texts and
/// `Debug` (and the clients' `Debug`), and the trace of the call the wrong key had refused.
async fn fail_in_every_layer(
    emulator: &Emulator,
    base_url: &str,
    recorder: &Arc<RecordingTransport<im_transport::HyperTransport>>,
) -> (Vec<String>, im_client::Trace) {
    let client = client_for(emulator)
        .endpoint(base_url)
        .transport(recorder.clone())
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(8)
                .base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let mut texts = Vec::new();
    for i in 0..20 {
        let _ = import_many(&client, &ids(&[&format!("s{i}")])).await;
        if let Err(err) = kick(&client, &id("nobody")).await {
            texts.push(format!("{err} {err:?}"));
        }
    }
    let wrong = client_for(emulator)
        .secret_key("wrong-key-0123456789abcdef0123456789abcdef")
        .endpoint(base_url)
        .build()
        .unwrap();
    let err = kick(&wrong, &id("x")).await.unwrap_err();
    let refused = err.trace().expect("a refused call names its last request");
    texts.push(format!("{err} {err:?}"));
    let closed = client_for(emulator)
        .endpoint("http://127.0.0.1:1")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = kick(&closed, &id("x")).await.unwrap_err();
    texts.push(format!("{err} {err:?}"));
    texts.push(format!("{client:?} {wrong:?}"));
    (texts, refused)
}

/// Every request is traceable: its random on its attempt's events, next to its number; the
/// call's last one (`refused`) on the outcome event and on the `im.call` span's final fields.
fn every_request_is_traceable(
    logs: &str,
    requests: &[http::Request<im_transport::Bytes>],
    refused: im_client::Trace,
) {
    for request in requests {
        let query = request.uri().query().unwrap().to_owned();
        let random = query
            .split('&')
            .find_map(|p| p.strip_prefix("random="))
            .unwrap();
        let posted = logs
            .lines()
            .find(|l| l.contains(&format!("random={random} ")) && l.contains(" POST "));
        assert!(
            posted.is_some_and(|l| l.contains(" attempt=")),
            "request random {random} is not in the logs"
        );
    }
    let random = format!("random={} ", refused.random);
    let outcome = logs
        .lines()
        .find(|l| l.contains("call failed") && l.contains(&random))
        .expect("the refused call's outcome names its last request");
    assert_eq!(
        outcome.matches(&random).count(),
        2,
        "span and event: {outcome}"
    );
    assert!(
        outcome.contains(&format!("attempts={} ", refused.attempt)),
        "{outcome}"
    );
}

/// The UserSigs `requests` carried, as sent and percent-decoded.
fn usersigs(requests: &[http::Request<im_transport::Bytes>]) -> Vec<String> {
    let mut found = Vec::new();
    for request in requests {
        let query = request.uri().query().unwrap().to_owned();
        let sig = query
            .split('&')
            .find_map(|p| p.strip_prefix("usersig="))
            .unwrap()
            .to_owned();
        let decoded = percent_encoding::percent_decode_str(&sig)
            .decode_utf8()
            .unwrap()
            .into_owned();
        found.push(sig);
        found.push(decoded);
    }
    found
}
