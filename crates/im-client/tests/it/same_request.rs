//! Issue 27: retry safety from the declaration. A send the service deduplicates by its key
//! fields within a window (`RetrySafety::SameRequest`, declared by the test's
//! `fake_svc/send_things`: `MsgRandom`, 2 s) is resent after a lost answer with the very same
//! body while its first attempt left less than 2 s ago (on the client's clock), and not after:
//! then the report says it may have been processed.

use std::time::Duration;

use im_client::{Error, RetryPolicy};
use im_proto::ErrorCode;
use im_transport::{ErrorKind, TransportError};
use serde_json::json;

use crate::fake_api::{Answer, Log, SendThings, fake_service, slow_service};

fn timeout() -> Answer {
    Err(TransportError::new(
        ErrorKind::Timeout,
        "no answer within the test's timeout",
    ))
}

fn policy(throttle: Duration) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(5)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(100))
        .throttle_delay(throttle)
}

fn bodies(log: &Log) -> Vec<im_transport::Bytes> {
    log.lock().unwrap().iter().map(|r| r.body.clone()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_lost_answer_is_resent_with_the_same_body_within_the_window() {
    let (client, log) = fake_service(
        |n, _, _| if n == 0 { timeout() } else { Ok(json!({})) },
        |b| b,
    );
    let send = SendThings::to(3, Some(424_242));
    let (result, report) = client
        .call_with(&send, &policy(Duration::from_secs(1)))
        .await;
    result.unwrap();
    assert_eq!((report.attempts, report.sent), (2, 2));
    assert!(report.ambiguous && !report.window_passed, "{report:?}");
    let bodies = bodies(&log);
    assert_eq!(
        bodies[0], bodies[1],
        "the very same body, key fields included"
    );
    assert_eq!(log.lock().unwrap()[1].json()["MsgRandom"], 424_242);
}

/// Each attempt takes 1.5 s to time out: the first resend leaves about 1.6 s after the first
/// attempt (within 2 s); the next one would leave after 3 s: it is not sent.
#[tokio::test(start_paused = true)]
async fn no_resend_once_the_window_has_passed() {
    let (client, log) = slow_service(Duration::from_millis(1500), |_, _, _| timeout(), |b| b);
    let (result, report) = client
        .call_with(&SendThings::to(2, Some(7)), &policy(Duration::from_secs(1)))
        .await;
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == ErrorKind::Timeout),
        "{err:?}"
    );
    assert_eq!(report.sent, 2, "resent once, within the window: {report:?}");
    assert!(report.ambiguous && report.window_passed, "{report:?}");
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[1].at - log[0].at < Duration::from_secs(2));
    assert_eq!(log[0].body, log[1].body);
    assert_eq!(
        err.trace().map(|t| t.attempt),
        Some(2),
        "the last attempt sent"
    );
}

/// After a lost answer, a throttled one whose wait (3 s) ends past the window: the call ends
/// there, as a resend could now be processed a second time.
#[tokio::test(start_paused = true)]
async fn a_later_retry_also_keeps_to_the_window() {
    let (client, log) = fake_service(
        |n, _, _| match n {
            0 => timeout(),
            1 => Ok(json!({"ActionStatus": "FAIL", "ErrorCode": 60007, "ErrorInfo": "slow down"})),
            _ => Ok(json!({})),
        },
        |b| b,
    );
    let (result, report) = client
        .call_with(&SendThings::to(1, Some(9)), &policy(Duration::from_secs(3)))
        .await;
    let err = result.unwrap_err();
    assert_eq!(
        err.error_code(),
        Some(ErrorCode::REST_RATE_LIMITED),
        "{err:?}"
    );
    assert_eq!(report.sent, 2);
    assert!(report.ambiguous && report.window_passed, "{report:?}");
    assert_eq!(log.lock().unwrap().len(), 2, "not sent a third time");

    // Throttled first (the service answered: nothing was processed), then a lost answer:
    // resent within the window measured from the first attempt.
    let (client, log) = fake_service(
        |n, _, _| match n {
            0 => Ok(json!({"ActionStatus": "FAIL", "ErrorCode": 60007, "ErrorInfo": "slow down"})),
            1 => timeout(),
            _ => Ok(json!({})),
        },
        |b| b,
    );
    let (result, report) = client
        .call_with(
            &SendThings::to(1, Some(9)),
            &policy(Duration::from_millis(500)),
        )
        .await;
    result.unwrap();
    assert_eq!(report.sent, 3, "{report:?}");
    assert_eq!(log.lock().unwrap().len(), 3);
}

/// A body without the key field is not the same request to the service: never resent after a
/// lost answer.
#[tokio::test(start_paused = true)]
async fn without_its_key_field_a_lost_send_is_not_resent() {
    let (client, log) = fake_service(|_, _, _| timeout(), |b| b);
    let (result, report) = client
        .call_with(&SendThings::to(1, None), &policy(Duration::from_secs(1)))
        .await;
    assert!(result.is_err());
    assert_eq!(report.sent, 1);
    assert!(report.ambiguous && !report.window_passed, "{report:?}");
    assert_eq!(log.lock().unwrap().len(), 1);
}

/// A resend whose quota makes it wait past the window (100 recipients of a 1000-a-minute
/// quota, just taken by the first attempt: 6.7 s) is not sent when its turn comes.
#[tokio::test(start_paused = true)]
async fn a_resend_its_quota_delays_past_the_window_is_not_sent() {
    let (client, log) = fake_service(
        |n, _, _| if n == 0 { timeout() } else { Ok(json!({})) },
        |b| b,
    );
    let (result, report) = client
        .call_with(
            &SendThings::to(100, Some(5)),
            &policy(Duration::from_secs(1)),
        )
        .await;
    let err = result.unwrap_err();
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
    assert_eq!((report.attempts, report.sent), (2, 1), "{report:?}");
    assert!(report.ambiguous && report.window_passed, "{report:?}");
    assert_eq!(log.lock().unwrap().len(), 1);
}
