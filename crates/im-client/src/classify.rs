//! What to do after a failed attempt: a short chain of classifiers from the attempt's outcome
//! to an [`Action`] (after smithy-rs's retry classifiers), kept apart from the request loop and
//! tested as a table.
//!
//! The chain, first decision wins:
//!
//! 1. **ambiguity**: the request was sent and no answer came back (a timeout, a closed
//!    connection, an HTTP 5xx), or a transient code that does not say nothing was done, and its
//!    declaration does not allow a resend now
//!    ([`may_resend`]): no retry, since the service may have acted on it;
//! 2. **failover**: the primary domain is unreachable (connect, DNS, timeout or TLS failure) and a
//!    backup is configured and not in use yet: switch and retry at once;
//! 3. **Retry-After**: HTTP 429 or 503 with a `Retry-After` header: wait as the server asks;
//! 4. **resign**: a "resign" code (70001, 70052...): regenerate the admin UserSig and retry, once;
//! 5. **class**: the error's retry class (`error-codes.md`): transient or throttled codes are
//!    retried with the policy's backoff, everything else is not.

use std::time::Duration;

use im_proto::{RetryClass, RetrySafety};
use im_transport::ErrorKind;

use crate::Error;

/// A failed attempt, as the classifiers see it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attempt<'a> {
    /// What went wrong.
    pub(crate) error: &'a Error,
    /// Whether repeating the request now cannot do harm ([`may_resend`], from the
    /// declaration's retry safety).
    pub(crate) idempotent: bool,
    /// Whether a backup domain is configured, failover is on and the backup is not in use.
    pub(crate) can_fail_over: bool,
    /// Whether this call already regenerated the admin UserSig.
    pub(crate) resigned: bool,
}

/// What the request loop does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Wait this long, as the server asked (`Retry-After`), then retry.
    RetryAfter(Duration),
    /// Retry after the policy's backoff for this kind.
    Retry(RetryKind),
    /// Regenerate the admin UserSig, then retry at once.
    Resign,
    /// Switch to the backup domain, then retry at once.
    Failover,
    /// Give up and report the error.
    NoRetry,
}

/// Which backoff a retry waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// Exponential backoff with full jitter.
    Transient,
    /// At least the throttle delay, plus the jitter.
    Throttled,
}

type Classifier = fn(&Attempt<'_>) -> Option<Action>;

const CHAIN: [Classifier; 5] = [ambiguity, failover, retry_after, resign, by_class];

/// The action for a failed attempt.
pub(crate) fn classify(attempt: &Attempt<'_>) -> Action {
    CHAIN
        .iter()
        .find_map(|classifier| classifier(attempt))
        .unwrap_or(Action::NoRetry)
}

/// Whether the request may have reached the service and been processed although no answer
/// saying so came back: no answer at all (a timeout, a closed connection, an HTTP 5xx), or a
/// code of the transient class (20004 "network error", 20005 and 91000 "internal error": the
/// pages say to retry, but not that nothing was done), so that a send is resent only as its
/// declaration allows.
pub(crate) fn is_ambiguous(error: &Error) -> bool {
    match error {
        Error::Transport(err) => err.kind().is_ambiguous(),
        Error::HttpStatus(status) => status.status() >= 500,
        Error::Api(err) => err.retry_class() == RetryClass::Transient,
        _ => false,
    }
}

/// Whether a request the service may have processed may be sent again `since_first` after the
/// call's first attempt left, by its declared retry safety: always for
/// [`RetrySafety::Always`]; for [`RetrySafety::SameRequest`], only while `since_first` is
/// within the window the service deduplicates in, and only when the body carries every key
/// field (`keyed`: a resend without them is a new request to the service); never otherwise.
pub(crate) fn may_resend(safety: RetrySafety, keyed: bool, since_first: Duration) -> bool {
    match safety {
        RetrySafety::Always => true,
        RetrySafety::SameRequest { within_secs, .. } => {
            keyed && since_first < Duration::from_secs(u64::from(within_secs))
        }
        // Never, and a safety this version does not know.
        _ => false,
    }
}

/// Whether `body`, a JSON object, carries every key field of a [`RetrySafety::SameRequest`]
/// (non-null); false for the other safeties, which have none.
pub(crate) fn carries_keys(safety: RetrySafety, body: &[u8]) -> bool {
    let RetrySafety::SameRequest { key, .. } = safety else {
        return false;
    };
    let Ok(object) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body)
    else {
        return false;
    };
    key.iter()
        .all(|field| object.get(*field).is_some_and(|v| !v.is_null()))
}

fn ambiguity(attempt: &Attempt<'_>) -> Option<Action> {
    (!attempt.idempotent && is_ambiguous(attempt.error)).then_some(Action::NoRetry)
}

fn failover(attempt: &Attempt<'_>) -> Option<Action> {
    let Error::Transport(err) = attempt.error else {
        return None;
    };
    let unreachable = matches!(
        err.kind(),
        ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Tls
    );
    (unreachable && attempt.can_fail_over).then_some(Action::Failover)
}

fn retry_after(attempt: &Attempt<'_>) -> Option<Action> {
    let Error::HttpStatus(status) = attempt.error else {
        return None;
    };
    match status.status() {
        429 | 503 => status.retry_after().map(Action::RetryAfter),
        _ => None,
    }
}

fn resign(attempt: &Attempt<'_>) -> Option<Action> {
    (attempt.error.retry_class() == RetryClass::Resign).then_some(if attempt.resigned {
        Action::NoRetry
    } else {
        Action::Resign
    })
}

fn by_class(attempt: &Attempt<'_>) -> Option<Action> {
    Some(match attempt.error.retry_class() {
        RetryClass::Transient => Action::Retry(RetryKind::Transient),
        RetryClass::Throttled => Action::Retry(RetryKind::Throttled),
        _ => Action::NoRetry,
    })
}

#[cfg(test)]
mod tests {
    use im_proto::{ApiError, ErrorCode};
    use im_transport::TransportError;

    use super::*;
    use crate::error::HttpStatusError;

    fn transport(kind: ErrorKind) -> Error {
        Error::Transport(TransportError::new(kind, "x"))
    }

    fn status(code: u16, retry_after: Option<u64>) -> Error {
        Error::HttpStatus(
            HttpStatusError::new(code, b"").with_retry_after(retry_after.map(Duration::from_secs)),
        )
    }

    fn api(code: ErrorCode) -> Error {
        Error::Api(ApiError::new(code, ""))
    }

    /// A row: (error, idempotent, can fail over, resigned) → action.
    type Row = (Error, bool, bool, bool, Action);

    fn check(table: Vec<Row>) {
        for (error, idempotent, can_fail_over, resigned, expected) in table {
            let attempt = Attempt {
                error: &error,
                idempotent,
                can_fail_over,
                resigned,
            };
            assert_eq!(
                classify(&attempt),
                expected,
                "{error} idempotent={idempotent} failover={can_fail_over} resigned={resigned}"
            );
        }
    }

    #[test]
    fn transport_errors() {
        use Action::*;
        use RetryKind::*;
        check(vec![
            (
                transport(ErrorKind::Connect),
                true,
                false,
                false,
                Retry(Transient),
            ),
            (transport(ErrorKind::Connect), true, true, false, Failover),
            (transport(ErrorKind::Connect), false, true, false, Failover),
            (
                transport(ErrorKind::Connect),
                false,
                false,
                false,
                Retry(Transient),
            ),
            (transport(ErrorKind::Tls), true, true, false, Failover),
            (transport(ErrorKind::Timeout), true, true, false, Failover),
            (
                transport(ErrorKind::Timeout),
                true,
                false,
                false,
                Retry(Transient),
            ),
            (transport(ErrorKind::Timeout), false, true, false, NoRetry),
            (
                transport(ErrorKind::ConnectionClosed),
                true,
                true,
                false,
                Retry(Transient),
            ),
            (
                transport(ErrorKind::ConnectionClosed),
                false,
                false,
                false,
                NoRetry,
            ),
            (
                transport(ErrorKind::InvalidRequest),
                true,
                false,
                false,
                NoRetry,
            ),
        ]);
    }

    #[test]
    fn http_statuses() {
        use Action::*;
        use RetryKind::*;
        let secs = Duration::from_secs;
        check(vec![
            (status(502, None), true, false, false, Retry(Transient)),
            (status(502, None), false, false, false, NoRetry),
            (
                status(503, Some(7)),
                true,
                false,
                false,
                RetryAfter(secs(7)),
            ),
            (status(503, Some(7)), false, false, false, NoRetry),
            (
                status(429, Some(3)),
                true,
                false,
                false,
                RetryAfter(secs(3)),
            ),
            (
                status(429, Some(3)),
                false,
                false,
                false,
                RetryAfter(secs(3)),
            ),
            (status(429, None), true, false, false, Retry(Throttled)),
            (status(404, Some(1)), true, false, false, NoRetry),
        ]);
    }

    /// The declaration's retry safety decides a resend after an ambiguous failure: always,
    /// never, or with the same key fields within the window.
    #[test]
    fn resends_follow_the_retry_safety() {
        let key: &'static [&'static str] = &["MsgSeq", "MsgRandom"];
        let same = RetrySafety::SameRequest {
            key,
            within_secs: 2,
        };
        let ms = Duration::from_millis;
        for (safety, keyed, since, expected) in [
            (RetrySafety::Always, false, ms(0), true),
            (RetrySafety::Always, false, ms(86_400_000), true),
            (RetrySafety::Never, false, ms(0), false),
            (RetrySafety::Never, true, ms(0), false),
            (same, true, ms(0), true),
            (same, true, ms(1_999), true),
            (same, true, ms(2_000), false),
            (same, true, ms(60_000), false),
            (same, false, ms(0), false),
        ] {
            assert_eq!(
                may_resend(safety, keyed, since),
                expected,
                "{safety:?} keyed={keyed} after {since:?}"
            );
        }
        let body = |text: &str| text.as_bytes().to_vec();
        assert!(carries_keys(
            same,
            &body(r#"{"MsgSeq":1,"MsgRandom":2,"x":3}"#)
        ));
        assert!(!carries_keys(same, &body(r#"{"MsgSeq":1}"#)));
        assert!(!carries_keys(
            same,
            &body(r#"{"MsgSeq":1,"MsgRandom":null}"#)
        ));
        assert!(!carries_keys(same, &body("[1]")));
        assert!(!carries_keys(RetrySafety::Always, &body(r#"{"MsgSeq":1}"#)));
    }

    /// Envelope codes: the service answered, so none is ambiguous.
    #[test]
    fn envelope_codes() {
        use Action::*;
        use RetryKind::*;
        check(vec![
            (
                api(ErrorCode::SERVER_TIMEOUT),
                true,
                false,
                false,
                Retry(Transient),
            ),
            // A transient code does not say the request was not processed: a write that must
            // not be repeated is not resent on it.
            (api(ErrorCode::SERVER_TIMEOUT), false, false, false, NoRetry),
            (
                api(ErrorCode::REST_RATE_LIMITED),
                true,
                true,
                false,
                Retry(Throttled),
            ),
            (api(ErrorCode::USERSIG_EXPIRED), true, false, false, Resign),
            (
                api(ErrorCode::USERSIG_INVALIDATED),
                false,
                false,
                true,
                NoRetry,
            ),
            (
                api(ErrorCode::USERSIG_KEY_MISMATCH),
                true,
                false,
                false,
                NoRetry,
            ),
            (api(ErrorCode::new(123_456)), true, false, false, NoRetry),
            (Error::invalid("x"), true, false, false, NoRetry),
        ]);
    }
}
