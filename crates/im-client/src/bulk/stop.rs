//! When a bulk job stops sending: the credentials were refused, the very first answers show
//! that nothing is listening where the requests go, or a quota of the day is used up (every
//! later call would be refused until it resets). The remaining items are still read and each
//! reported, not attempted because of that error, without a request.

use std::sync::Arc;

use im_transport::ErrorKind;

use super::outcome::{ItemOutcome, Outcome};
use crate::{Error, Failure, QuotaError};

pub(super) struct StopPolicy {
    enabled: bool,
    /// Whether the service has answered any account of this run.
    answered: bool,
    stopped: Option<Arc<Error>>,
}

impl StopPolicy {
    pub(super) fn new(enabled: bool) -> Self {
        StopPolicy {
            enabled,
            answered: false,
            stopped: None,
        }
    }

    /// Takes a finished chunk's outcomes into account.
    pub(super) fn observe<O>(&mut self, outcomes: &[ItemOutcome<O>]) {
        if self.stopped.is_none() {
            self.stopped = outcomes.iter().find_map(|o| match &o.outcome {
                Outcome::Failed(Failure::Request(err)) if self.stops(err) => Some(err.clone()),
                _ => None,
            });
        }
        self.answered |= outcomes.iter().any(|o| match &o.outcome {
            Outcome::Ok(_) => true,
            Outcome::Failed(failure) => !matches!(failure, Failure::Request(_)),
            Outcome::NotAttempted(_) => false,
        });
    }

    /// Whether a chunk failing for good with `err` stops the job: a quota of the day used up
    /// (always: no later call could be sent before it resets), and when the policy is enabled an
    /// authentication or permission refusal, or, before the service answered anything, a
    /// failure that shows the requests do not reach this service (see [`not_this_service`]) or
    /// an internal error (an operation that cannot make its request: every chunk would fail so).
    fn stops(&self, err: &Error) -> bool {
        let exhausted = matches!(err, Error::Quota(QuotaError::Exhausted { .. }));
        let hopeless = not_this_service(err) || matches!(err, Error::Internal { .. });
        exhausted || (self.enabled && (err.is_auth() || (!self.answered && hopeless)))
    }

    /// Stops the job with `err` (whatever the policy: the caller cannot go on), unless it
    /// stopped already.
    pub(super) fn stop(&mut self, err: Arc<Error>) {
        self.stopped.get_or_insert(err);
    }

    /// The error that stopped the job, if it stopped.
    pub(super) fn stopped(&self) -> Option<&Arc<Error>> {
        self.stopped.as_ref()
    }
}

/// Whether `err` shows that nothing, or something else than the service, is where the requests
/// go: nothing listening or reachable (connect, timeout, TLS), a request the transport refuses,
/// an HTTP status of another server (4xx but 408 and 429), an answer that is not the service's
/// JSON. A garbled response, a closed connection or a 5xx may be a passing fault of the right
/// service and does not stop a job.
pub(super) fn not_this_service(err: &Error) -> bool {
    match err {
        Error::Transport(err) => !matches!(
            err.kind(),
            ErrorKind::ConnectionClosed | ErrorKind::Protocol
        ),
        Error::HttpStatus(status) => {
            (400..500).contains(&status.status()) && !matches!(status.status(), 408 | 429)
        }
        Error::Decode(_) | Error::Config(_) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use im_proto::{ApiError, ErrorCode};

    use super::*;

    fn failed(err: Error) -> ItemOutcome<()> {
        ItemOutcome::new(0, "a", Outcome::Failed(Failure::Request(Arc::new(err))))
    }

    fn ok() -> ItemOutcome<()> {
        ItemOutcome::new(0, "a", Outcome::Ok(()))
    }

    fn api(code: ErrorCode) -> Error {
        Error::Api(ApiError::new(code, ""))
    }

    #[test]
    fn an_auth_refusal_stops_at_any_time() {
        let mut stop = StopPolicy::new(true);
        stop.observe(&[ok()]);
        stop.observe(&[failed(api(ErrorCode::SERVER_TIMEOUT))]);
        assert!(stop.stopped().is_none());
        stop.observe(&[failed(api(ErrorCode::USERSIG_KEY_MISMATCH))]);
        assert_eq!(
            stop.stopped().unwrap().error_code(),
            Some(ErrorCode::USERSIG_KEY_MISMATCH)
        );
    }

    /// A day quota used up stops the job even with the stop on auth errors turned off: no
    /// later call could leave before the quota resets.
    #[test]
    fn a_used_up_day_quota_stops_the_job() {
        let quota = im_proto::Quota::new(
            3,
            im_proto::Per::Day {
                utc_offset_minutes: 480,
            },
            im_proto::QuotaCount::Calls,
        );
        let exhausted = Error::Quota(QuotaError::Exhausted {
            api: "svc/cmd".to_owned(),
            quota,
            used: 3,
            requested: 1,
            resets_at: std::time::SystemTime::UNIX_EPOCH,
        });
        let mut stop = StopPolicy::new(false);
        stop.observe(&[ok()]);
        stop.observe(&[failed(api(ErrorCode::USERSIG_KEY_MISMATCH))]);
        assert!(stop.stopped().is_none(), "auth stops are off");
        stop.observe(&[failed(exhausted)]);
        assert!(matches!(
            stop.stopped().map(|e| &**e),
            Some(Error::Quota(QuotaError::Exhausted { .. }))
        ));
    }

    #[test]
    fn a_silent_endpoint_stops_only_before_any_answer() {
        let unreachable = || failed(Error::config("nothing listening"));
        let mut stop = StopPolicy::new(true);
        stop.observe(&[unreachable()]);
        assert!(stop.stopped().is_some());

        let mut stop = StopPolicy::new(true);
        stop.observe(&[ok()]);
        stop.observe(&[unreachable()]);
        assert!(stop.stopped().is_none());

        // A garbled answer or a closed connection may be the right service having a bad
        // moment: it does not stop a job, even first.
        for passing in [ErrorKind::Protocol, ErrorKind::ConnectionClosed] {
            let mut stop = StopPolicy::new(true);
            stop.observe(&[failed(Error::Transport(im_transport::TransportError::new(
                passing, "x",
            )))]);
            assert!(stop.stopped().is_none(), "{passing:?}");
        }
        let mut stop = StopPolicy::new(true);
        stop.observe(&[failed(Error::Transport(im_transport::TransportError::new(
            ErrorKind::Connect,
            "refused",
        )))]);
        assert!(stop.stopped().is_some());

        let mut off = StopPolicy::new(false);
        off.observe(&[failed(api(ErrorCode::USERSIG_KEY_MISMATCH))]);
        assert!(off.stopped().is_none());
    }
}
