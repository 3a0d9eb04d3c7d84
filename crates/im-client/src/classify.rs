//! What to do after a failed attempt: a short chain of classifiers from the attempt's outcome
//! to an [`Action`] (after smithy-rs's retry classifiers), kept apart from the request loop and
//! tested as a table.
//!
//! The chain, first decision wins:
//!
//! 1. **ambiguity**: the request was sent and no answer came back (a timeout, a closed
//!    connection, an HTTP 5xx) and the API is not idempotent: no retry, since the service may
//!    have acted on it;
//! 2. **failover**: the primary domain is unreachable (connect, DNS, timeout or TLS failure) and a
//!    backup is configured and not in use yet: switch and retry at once;
//! 3. **Retry-After**: HTTP 429 or 503 with a `Retry-After` header: wait as the server asks;
//! 4. **resign**: a "resign" code (70001, 70052...): regenerate the admin UserSig and retry, once;
//! 5. **class**: the error's retry class (`error-codes.md`): transient or throttled codes are
//!    retried with the policy's backoff, everything else is not.

use std::time::Duration;

use im_proto::RetryClass;
use im_transport::ErrorKind;

use crate::Error;

/// A failed attempt, as the classifiers see it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attempt<'a> {
    /// What went wrong.
    pub(crate) error: &'a Error,
    /// Whether repeating the request cannot do harm (the API's metadata).
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
/// came back.
pub(crate) fn is_ambiguous(error: &Error) -> bool {
    match error {
        Error::Transport(err) => err.kind().is_ambiguous(),
        Error::HttpStatus(status) => status.status() >= 500,
        _ => false,
    }
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

    /// Envelope codes: the service answered, so none is ambiguous.
    #[test]
    fn envelope_codes() {
        use Action::*;
        use RetryKind::*;
        check(vec![
            (
                api(ErrorCode::SERVER_TIMEOUT),
                false,
                false,
                false,
                Retry(Transient),
            ),
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
