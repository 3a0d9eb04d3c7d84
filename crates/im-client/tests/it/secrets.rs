//! No key or UserSig in any error text (the logs: `tests/logs.rs`).

use std::sync::Arc;

use im_emulator::Emulator;
use im_transport::test_util::RecordingTransport;

use crate::support::{client_for, id, kick};

/// A service text that echoes the request (UserSig included) is masked before it reaches an
/// error, a per-account failure, or a log.
#[tokio::test(flavor = "current_thread")]
async fn service_texts_echoing_the_usersig_are_masked() {
    use im_transport::test_util::{FnTransport, json_response};

    let emulator = Emulator::builder().build();
    let echo = FnTransport::new(|request: http::Request<bytes::Bytes>| {
        let query = request.uri().query().unwrap_or_default().to_owned();
        async move {
            let body = serde_json::json!({
                "ActionStatus": "FAIL",
                "ErrorCode": 70003,
                "ErrorInfo": format!("bad request {query}"),
                "ErrorDisplay": format!("usersig:{}", query.split("usersig=").nth(1).unwrap_or_default()),
            });
            Ok(json_response(body.to_string()))
        }
    });
    let recorder = Arc::new(RecordingTransport::new(echo));
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(recorder.clone())
        .build()
        .unwrap();
    let err = kick(&client, &id("x")).await.unwrap_err();
    let text = format!("{err} {err:?}");
    for request in recorder.requests() {
        let query = request.uri().query().unwrap().to_owned();
        let sig = query
            .split("usersig=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .to_owned();
        let raw = percent_encoding::percent_decode_str(&sig)
            .decode_utf8()
            .unwrap()
            .into_owned();
        for secret in [&sig, &raw] {
            for start in (0..secret.len().saturating_sub(24)).step_by(12) {
                let piece = &secret[start..start + 24];
                assert!(!text.contains(piece), "the UserSig leaked into {text}");
            }
        }
    }
    assert!(text.contains("<redacted>"), "{text}");
    assert_eq!(err.error_code().map(|c| c.get()), Some(70_003));
}
