//! The client's error type, and the per-item [`Failure`] of batch and bulk operations.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use im_proto::{ApiError, ErrorCode, InvalidUserId, RetryClass, UserId, ValidationError};
use im_transport::TransportError;

mod config;
mod quota;

pub use config::ConfigError;
pub use quota::QuotaError;
pub(crate) use quota::{QuotaText, unit_text};

/// Everything a client call can fail with.
///
/// Layered by where it happened: before sending ([`Error::InvalidInput`], [`Error::Config`]), on
/// the way ([`Error::Transport`]), or in the answer ([`Error::HttpStatus`], [`Error::Decode`],
/// [`Error::Api`]). No variant ever holds the secret key or a UserSig.
///
/// An error of a request that was sent names it ([`Error::trace`]): `Display` ends with
/// `(request random 123456789, attempt 3)`, what the service's support needs to find the call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input breaks a rule; nothing was sent.
    InvalidInput(InvalidInput),
    /// The client is misconfigured (missing SDKAppID, bad endpoint, unusable key...).
    Config(ConfigError),
    /// The service refused the request (`ActionStatus` `FAIL`).
    Api(ApiError),
    /// The request did not complete (connect, timeout, TLS, connection closed...); `Display`
    /// is the transport's own line (`connect error: ...`, `timed out ...`).
    Transport(TransportError),
    /// The service answered with an HTTP status other than 200.
    HttpStatus(HttpStatusError),
    /// The service answered 200 with a body that is not the expected JSON.
    Decode(DecodeError),
    /// Not sent: [`Client::stop_sending`](crate::Client::stop_sending) was called before this
    /// request left (requests already sent finish normally).
    Stopped,
    /// Not sent: one of the endpoint's declared quotas refuses the call (the day's quota is
    /// used up, or the call carries more items than a quota admits at once). Never retried.
    Quota(QuotaError),
    /// A bug: something that should never happen did, such as a bulk chunk's task that
    /// panicked. `Display`: `internal error: {what}; please report it`. Never retried.
    Internal {
        /// What happened (with a panic's message).
        what: String,
    },
    /// Not sent: the caller's before-send hook refused the request (a bulk job's
    /// [`before_send`](crate::bulk::BulkOptions::before_send) record could not be written); the
    /// hook's error is the [`source`](std::error::Error::source). Never retried.
    BeforeSend(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for Error {
    /// The error's own line, then `(request random N, attempt K)` when a request was sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(err) => write!(f, "invalid input: {err}"),
            Error::Config(err) => write!(f, "configuration error: {err}"),
            Error::Api(err) => err.fmt(f),
            Error::Transport(err) => err.fmt(f),
            Error::HttpStatus(err) => err.fmt(f),
            Error::Decode(err) => err.fmt(f),
            Error::Stopped => f.write_str("not sent: the client was asked to stop sending"),
            Error::Quota(err) => err.fmt(f),
            Error::Internal { what } => write!(f, "internal error: {what}; please report it"),
            Error::BeforeSend(_) => f.write_str("not sent: the before-send record refused it"),
        }?;
        match self.trace() {
            Some(trace) => write!(f, " ({trace})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    /// The cause of the inner error (as a transparent wrapper would).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(err) => err.source(),
            Error::Transport(err) => err.source(),
            Error::HttpStatus(err) => err.source(),
            Error::Decode(err) => err.source(),
            Error::Config(err) => err.source(),
            Error::Quota(err) => err.source(),
            Error::BeforeSend(err) => Some(err.as_ref()),
            Error::InvalidInput(_) | Error::Stopped | Error::Internal { .. } => None,
        }
    }
}

/// Which request of a call an error comes from: the `random` query value the client drew for
/// it and its attempt number (1 for the first). Give both to the service's support to trace a
/// failing call. Not a secret (the UserSig and the key are never part of it).
///
/// `Display`: `request random 123456789, attempt 3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Trace {
    /// The request's `random` query value.
    pub random: u32,
    /// The attempt number within its call, 1 for the first.
    pub attempt: u32,
}

impl Trace {
    /// The trace of attempt `attempt` of a call, sent with `random`.
    pub fn new(random: u32, attempt: u32) -> Self {
        Trace { random, attempt }
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "request random {}, attempt {}",
            self.random, self.attempt
        )
    }
}

impl Error {
    /// Which request failed, for the errors of a request that was sent ([`Error::Api`],
    /// [`Error::Transport`], [`Error::HttpStatus`], [`Error::Decode`]): the last attempt of
    /// the call. `None` for errors raised before sending, or built by hand.
    pub fn trace(&self) -> Option<Trace> {
        let pair = |(random, attempt)| Trace { random, attempt };
        match self {
            Error::Api(err) => err.request_trace().map(pair),
            Error::Transport(err) => err.request_trace().map(pair),
            Error::HttpStatus(err) => err.trace,
            Error::Decode(err) => err.trace,
            Error::InvalidInput(_)
            | Error::Config(_)
            | Error::Stopped
            | Error::Quota(_)
            | Error::Internal { .. }
            | Error::BeforeSend(_) => None,
        }
    }

    /// This error, as the failure of the request `trace` names (errors of requests that were
    /// sent; the others are returned as they are).
    pub(crate) fn with_trace(self, trace: Trace) -> Self {
        let Trace { random, attempt } = trace;
        match self {
            Error::Api(err) => Error::Api(err.with_request_trace(random, attempt)),
            Error::Transport(err) => Error::Transport(err.with_request_trace(random, attempt)),
            Error::HttpStatus(err) => Error::HttpStatus(HttpStatusError {
                trace: Some(trace),
                ..err
            }),
            Error::Decode(err) => Error::Decode(DecodeError {
                trace: Some(trace),
                ..err
            }),
            other => other,
        }
    }

    /// The service's error code, for [`Error::Api`].
    pub fn error_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api(err) => Some(err.code()),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(err) => Some(err),
            _ => None,
        }
    }

    /// How a caller should react, following `error-codes.md`: transport errors and HTTP 5xx are
    /// transient, service codes use their table class, everything else is fatal.
    pub fn retry_class(&self) -> RetryClass {
        match self {
            Error::Api(err) => err.retry_class(),
            Error::Transport(err) if err.is_retryable() => RetryClass::Transient,
            Error::HttpStatus(err) if err.status == 429 => RetryClass::Throttled,
            Error::HttpStatus(err) if err.is_retryable() => RetryClass::Transient,
            _ => RetryClass::Fatal,
        }
    }

    /// What kind of failure this error makes of each account it concerns, for grouping.
    pub fn kind(&self) -> FailureKind {
        match self {
            Error::Api(api) => FailureKind::Code(api.code()),
            Error::Transport(_) => FailureKind::Transport,
            Error::HttpStatus(s) => FailureKind::HttpStatus(s.status()),
            Error::Decode(_) => FailureKind::Decode,
            Error::InvalidInput(_) => FailureKind::Invalid,
            Error::Config(_) => FailureKind::Config,
            Error::Stopped => FailureKind::Stopped,
            Error::Quota(_) => FailureKind::Quota,
            Error::Internal { .. } => FailureKind::Internal,
            Error::BeforeSend(_) => FailureKind::Stopped,
        }
    }

    /// Whether repeating the call can help.
    pub fn is_retryable(&self) -> bool {
        self.retry_class().is_retryable()
    }

    /// Whether the service refused the call for authentication, signature or permission
    /// reasons (70001, 70003, 70009, 70013, 70014, 70403, 60010...).
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Api(err) if err.is_auth())
    }

    /// Input that breaks a rule, said in `message` (name the value and the rule):
    /// [`InvalidInput::Other`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(InvalidInput::Other(message.into()))
    }

    /// A configuration problem, said in `message` (name the setting and what to do).
    /// [`ConfigError`]'s variants keep the cause of the problems this crate finds; this is for
    /// a caller's own settings.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config(ConfigError::Other(message.into()))
    }

    /// A bug, said in `what`: [`Error::Internal`].
    pub fn internal(what: impl Into<String>) -> Self {
        Error::Internal { what: what.into() }
    }

    /// The internal error of a task that panicked, with the panic's message: `{context}
    /// panicked: {message}`.
    pub(crate) fn from_panic(context: &str, payload: &(dyn std::any::Any + Send)) -> Self {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Error::internal(format!("{context} panicked: {message}"))
    }
}

impl From<ValidationError> for Error {
    fn from(err: ValidationError) -> Self {
        Error::InvalidInput(InvalidInput::Request(err))
    }
}

impl From<InvalidUserId> for Error {
    fn from(err: InvalidUserId) -> Self {
        Error::InvalidInput(InvalidInput::UserId(err))
    }
}

impl From<ConfigError> for Error {
    fn from(err: ConfigError) -> Self {
        Error::Config(err)
    }
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Self {
        Error::Api(err)
    }
}

impl From<QuotaError> for Error {
    fn from(err: QuotaError) -> Self {
        Error::Quota(err)
    }
}

impl From<TransportError> for Error {
    fn from(err: TransportError) -> Self {
        Error::Transport(err)
    }
}

/// Input that breaks a rule, caught before anything was sent; `Display` names the value and
/// the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidInput {
    /// A UserID breaks a rule.
    UserId(InvalidUserId),
    /// A request breaks a rule of its API (item count, value length...).
    Request(ValidationError),
    /// One account's profile value breaks a rule.
    Profile {
        /// The account.
        user_id: UserId,
        /// The rule broken.
        error: ValidationError,
    },
    /// An input item the caller could not read (a malformed line, say), with the caller's
    /// reason.
    Rejected(String),
    /// Another rule, as a message (the arguments of a raw call, an unencodable request).
    Other(String),
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidInput::UserId(err) => err.fmt(f),
            InvalidInput::Request(err) => err.fmt(f),
            InvalidInput::Profile { user_id, error } => write!(f, "UserID {user_id}: {error}"),
            InvalidInput::Rejected(reason) | InvalidInput::Other(reason) => f.write_str(reason),
        }
    }
}

/// An HTTP status other than 200.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("HTTP status {status} from the service{}", excerpt_suffix(.excerpt))]
pub struct HttpStatusError {
    status: u16,
    excerpt: String,
    retry_after: Option<Duration>,
    trace: Option<Trace>,
}

impl HttpStatusError {
    pub(crate) fn new(status: u16, body: &[u8]) -> Self {
        HttpStatusError {
            status,
            excerpt: excerpt(body),
            retry_after: None,
            trace: None,
        }
    }

    /// With the wait the server asked for in `Retry-After`.
    pub(crate) fn with_retry_after(mut self, wait: Option<Duration>) -> Self {
        self.retry_after = wait;
        self
    }

    /// The wait the server asked for in a `Retry-After` header (seconds or an HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The start of the body, with anything that looks like a credential masked.
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// 5xx, 408 and 429 are worth retrying.
    pub fn is_retryable(&self) -> bool {
        self.status >= 500 || self.status == 408 || self.status == 429
    }
}

/// A 200 answer whose body is not the expected JSON.
///
/// `Display` says what is wrong (`it is not JSON`, `it is not the expected JSON`, or the
/// client's own finding) with a short excerpt of the body; the JSON parser's error, when there
/// is one, is the [`source`](std::error::Error::source), so that a program rendering the
/// source chain shows its text once.
#[derive(Clone, Debug)]
pub struct DecodeError {
    message: String,
    source: Option<Arc<serde_json::Error>>,
    excerpt: String,
    trace: Option<Trace>,
}

impl DecodeError {
    /// What was wrong, said by `cause`: the JSON parser's error (kept as the source), or a
    /// finding of the client's own (a message, a paging rule broken).
    pub(crate) fn new<C: fmt::Display + 'static>(cause: C, body: &[u8]) -> Self {
        let message = cause.to_string();
        let cause: Box<dyn std::any::Any> = Box::new(cause);
        let source = cause
            .downcast::<serde_json::Error>()
            .ok()
            .map(|err| Arc::new(*err));
        DecodeError {
            message,
            source,
            excerpt: excerpt(body),
            trace: None,
        }
    }

    /// An answer that decoded but cannot be used, as a domain crate finds it (a field the call
    /// needs is missing, pages that do not move on): `finding` says what is wrong; `body` is
    /// the answer, of which a short excerpt is kept (credentials masked).
    pub fn finding(finding: impl Into<String>, body: &[u8]) -> Self {
        DecodeError::new(finding.into(), body)
    }

    /// What was wrong: the JSON parser's text when it found it (its error is also the
    /// [`source`](std::error::Error::source)), else the client's finding. Kept for
    /// compatibility: rendering `Display` and the source chain says the same, once.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body, with anything that looks like a credential masked.
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode the service's response: ")?;
        match self.source.as_deref().map(serde_json::Error::classify) {
            Some(serde_json::error::Category::Syntax) => f.write_str("it is not JSON"),
            Some(serde_json::error::Category::Data) => f.write_str("it is not the expected JSON"),
            Some(serde_json::error::Category::Eof) => f.write_str("its JSON ends early"),
            Some(serde_json::error::Category::Io) => f.write_str("it cannot be read"),
            None => f.write_str(&self.message),
        }?;
        f.write_str(&excerpt_suffix(&self.excerpt))
    }
}

impl std::error::Error for DecodeError {
    /// The JSON parser's error, when it found what is wrong.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|err| err as &(dyn std::error::Error + 'static))
    }
}

/// Equal when they say the same of the same body (the parser's errors are compared by text).
impl PartialEq for DecodeError {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
            && self.source.is_some() == other.source.is_some()
            && self.excerpt == other.excerpt
            && self.trace == other.trace
    }
}

impl Eq for DecodeError {}

fn excerpt_suffix(excerpt: &str) -> String {
    if excerpt.is_empty() {
        String::new()
    } else {
        format!(" (body: {excerpt})")
    }
}

/// At most this many characters of a body are kept in an error.
const EXCERPT_CHARS: usize = 160;

/// The start of a body for an error message: lossy UTF-8, control characters escaped, cut to
/// [`EXCERPT_CHARS`], and every run of 40 or more UserSig/key-alphabet characters masked, so
/// that a body echoing a UserSig or a key never carries it into a log.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(4 * EXCERPT_CHARS)];
    let text = String::from_utf8_lossy(head);
    let masked = mask_credential_runs(&text);
    let mut out = String::new();
    for (i, c) in masked.chars().enumerate() {
        if i == EXCERPT_CHARS {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn mask_credential_runs(text: &str) -> String {
    const MIN_RUN: usize = 40;
    let is_cred = |c: char| c.is_ascii_alphanumeric() || matches!(c, '*' | '-' | '_' | '+' | '/');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= MIN_RUN {
            out.push_str("<redacted>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cred(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Why one account of a batch or bulk operation did not succeed.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Failure {
    /// The service gave this account its own error code (`ResultItem[].ResultCode`,
    /// `ErrorList[].ErrorCode`, or a single import retrying a `FailAccounts` entry).
    Service {
        /// The code.
        code: ErrorCode,
        /// The service's text, verbatim (may be empty).
        info: String,
    },
    /// The batch import listed the account in `FailAccounts`, which carries no reason.
    ListedInFailAccounts,
    /// The answer marked the item failed without a code or a reason (a group member's
    /// `Result` 0 in import_group_member or add_group_member: an unknown account, a join time
    /// out of range, no room).
    Refused,
    /// The answer was `OK` but mentioned the account in none of its result lists.
    NoResult,
    /// The whole request for this account's chunk failed for good.
    Request(Arc<Error>),
    /// The account's input failed validation and was never sent (`Display` names the value
    /// and the rule).
    Invalid(InvalidInput),
    /// Never sent: the job stopped sending before this account's request left, because of
    /// [`Client::stop_sending`](crate::Client::stop_sending) (Ctrl-C) or because another
    /// chunk failed with this error, which stops a bulk job (refused credentials, nothing
    /// listening). Not a failure of the account: a rerun sends it.
    NotAttempted(Arc<Error>),
    /// The answer gave the account a value this version does not know (an `AccountStatus` or
    /// online `Status` that is none of the documented ones): kept, and not taken for a known
    /// state.
    UnknownValue {
        /// The field (`AccountStatus`, `Status`).
        field: &'static str,
        /// The value, verbatim.
        value: String,
    },
}

impl Failure {
    /// The service's own code for one item ([`Failure::Service`]), with its text kept but
    /// anything credential-like in it masked (a text may echo the request).
    pub fn service(code: ErrorCode, info: &str) -> Self {
        Failure::Service {
            code,
            info: mask_credential_runs(info),
        }
    }

    /// Which request failed, for [`Failure::Request`]: the last attempt of the chunk's call
    /// ([`Error::trace`]). `None` for the other failures.
    pub fn trace(&self) -> Option<Trace> {
        match self {
            Failure::Request(err) => err.trace(),
            _ => None,
        }
    }

    /// The service error code behind the failure, when there is one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Failure::Service { code, .. } => Some(*code),
            Failure::Request(err) => err.error_code(),
            _ => None,
        }
    }

    /// What kind of failure this is, for grouping in reports.
    pub fn kind(&self) -> FailureKind {
        match self {
            Failure::Service { code, .. } => FailureKind::Code(*code),
            Failure::ListedInFailAccounts => FailureKind::FailAccounts,
            Failure::Refused => FailureKind::Refused,
            Failure::NoResult => FailureKind::NoResult,
            Failure::Request(err) => err.kind(),
            Failure::Invalid(_) => FailureKind::Invalid,
            Failure::UnknownValue { .. } => FailureKind::UnknownValue,
            Failure::NotAttempted(_) => FailureKind::NotAttempted,
        }
    }

    /// Whether the account was never sent because the job stopped
    /// ([`Failure::NotAttempted`]).
    pub fn is_not_attempted(&self) -> bool {
        matches!(self, Failure::NotAttempted(_))
    }

    /// [`Failure::kind`] as its label: the code number, or `fail_accounts`, `refused`, `no_result`,
    /// `transport`, `http_{status}`, `decode`, `invalid`, `config`, `unknown_value`, `not_sent`,
    /// `not_attempted`, `quota`, `internal`.
    pub fn label(&self) -> String {
        self.kind().to_string()
    }
}

/// What kind of failure a [`Failure`] is: the key reports group failures by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// The service's code, for the account or for its whole request.
    Code(ErrorCode),
    /// Listed in `FailAccounts`, no reason given.
    FailAccounts,
    /// Marked failed in an `OK` answer, without a code.
    Refused,
    /// No result for the account in an `OK` answer.
    NoResult,
    /// The request did not complete.
    Transport,
    /// An HTTP status other than 200.
    HttpStatus(u16),
    /// An answer that is not the expected JSON.
    Decode,
    /// Input that breaks a rule.
    Invalid,
    /// A client configuration problem.
    Config,
    /// A value this version does not know.
    UnknownValue,
    /// Not sent: the client was stopping.
    Stopped,
    /// Never sent: the job stopped before it ([`Failure::NotAttempted`]).
    NotAttempted,
    /// Not sent: a declared quota refused the call ([`Error::Quota`]).
    Quota,
    /// A bug ([`Error::Internal`]).
    Internal,
}

impl fmt::Display for FailureKind {
    /// The stable label: `70107`, `fail_accounts`, `refused`, `no_result`, `transport`, `http_502`,
    /// `decode`, `invalid`, `config`, `unknown_value`, `not_sent`, `not_attempted`, `quota`,
    /// `internal`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureKind::Code(code) => write!(f, "{}", code.get()),
            FailureKind::FailAccounts => f.write_str("fail_accounts"),
            FailureKind::Refused => f.write_str("refused"),
            FailureKind::NoResult => f.write_str("no_result"),
            FailureKind::Transport => f.write_str("transport"),
            FailureKind::HttpStatus(status) => write!(f, "http_{status}"),
            FailureKind::Decode => f.write_str("decode"),
            FailureKind::Stopped => f.write_str("not_sent"),
            FailureKind::Invalid => f.write_str("invalid"),
            FailureKind::Config => f.write_str("config"),
            FailureKind::UnknownValue => f.write_str("unknown_value"),
            FailureKind::NotAttempted => f.write_str("not_attempted"),
            FailureKind::Quota => f.write_str("quota"),
            FailureKind::Internal => f.write_str("internal"),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Service { code, info } => {
                write!(f, "service error {code}")?;
                if !info.is_empty() {
                    write!(f, ": {info}")
                } else if let Some(meaning) = code.meaning() {
                    write!(f, ": {meaning}")
                } else {
                    Ok(())
                }
            }
            Failure::ListedInFailAccounts => {
                f.write_str("import failed, reason unknown (listed in FailAccounts)")
            }
            Failure::Refused => f.write_str("refused by the service, no reason given"),
            Failure::NoResult => f.write_str("no result returned for this account"),
            Failure::Request(err) => write!(f, "request failed: {err}"),
            Failure::NotAttempted(err) => match &**err {
                Error::Stopped => f.write_str("not attempted: the job was stopping"),
                err => write!(f, "not attempted: the job stopped after: {err}"),
            },
            Failure::Invalid(input) => input.fmt(f),
            Failure::UnknownValue { field, value } => write!(
                f,
                "the answer's {field} {value:?} is none this version knows (kept as given)"
            ),
        }
    }
}

impl std::error::Error for Failure {
    /// The causes of the request's error, for a request that failed or was not sent (the
    /// error's own text is part of this failure's): a program that renders the source chain
    /// shows each cause once.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Failure::Request(err) | Failure::NotAttempted(err) => err.source(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_mask_credentials_and_cut() {
        let sig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiU";
        let body = format!("<html>bad gateway for /v4/x?usersig={sig}&random=1</html>");
        let e = excerpt(body.as_bytes());
        assert!(!e.contains(sig), "{e}");
        assert!(e.contains("<redacted>"));
        assert!(e.starts_with("<html>bad gateway"));
        let long = "a b ".repeat(500);
        assert!(excerpt(long.as_bytes()).chars().count() <= EXCERPT_CHARS + 3);
        assert_eq!(excerpt(b"x\ny"), "x\\ny");
        let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
        assert!(!excerpt(key.as_bytes()).contains(key));
    }

    #[test]
    fn classes() {
        let err = Error::Api(ApiError::new(ErrorCode::SERVER_TIMEOUT, ""));
        assert!(err.is_retryable());
        assert_eq!(err.error_code(), Some(ErrorCode::SERVER_TIMEOUT));
        let err = Error::Api(ApiError::new(ErrorCode::USERSIG_KEY_MISMATCH, ""));
        assert!(!err.is_retryable());
        assert!(err.is_auth());
        let err = Error::HttpStatus(HttpStatusError::new(502, b"bad"));
        assert!(err.is_retryable());
        assert_eq!(
            err.to_string(),
            "HTTP status 502 from the service (body: bad)"
        );
        let err = Error::HttpStatus(HttpStatusError::new(404, b""));
        assert!(!err.is_retryable());
        assert!(!Error::invalid("x").is_retryable());
    }

    #[test]
    fn a_decode_error_keeps_the_parsers_error_as_its_source_and_says_it_once() {
        let body = br#"{"a":1}"#;
        let parsed = serde_json::from_slice::<Vec<u8>>(body).unwrap_err();
        let text = parsed.to_string();
        let err = DecodeError::new(parsed, body);
        assert_eq!(
            err.to_string(),
            r#"could not decode the service's response: it is not the expected JSON (body: {"a":1})"#
        );
        let source = std::error::Error::source(&err).expect("the parser's error");
        assert!(source.downcast_ref::<serde_json::Error>().is_some());
        assert_eq!(source.to_string(), text);
        assert_eq!(err.message(), text, "message() as before");
        assert_eq!(err.clone(), err);
        // The client's error and a failed item pass the cause on, as transparent wrappers.
        let err = Error::Decode(err);
        assert!(!err.to_string().contains(&text), "{err}");
        assert_eq!(std::error::Error::source(&err).unwrap().to_string(), text);
        let failure = Failure::Request(Arc::new(err));
        assert_eq!(
            std::error::Error::source(&failure).unwrap().to_string(),
            text
        );
        assert_eq!(failure.label(), "decode");

        let not_json = serde_json::from_slice::<u8>(b"<html>").unwrap_err();
        let err = DecodeError::new(not_json, b"<html>");
        assert!(
            err.to_string().contains(": it is not JSON (body: <html>)"),
            "{err}"
        );
        // A finding of the client's own is its text, with no source.
        let err = DecodeError::new("ActionStatus is FAIL but ErrorCode is 0", b"");
        assert_eq!(
            err.to_string(),
            "could not decode the service's response: ActionStatus is FAIL but ErrorCode is 0"
        );
        assert!(std::error::Error::source(&err).is_none());
    }

    #[test]
    fn an_internal_error_carries_what_happened_and_is_never_retried() {
        let payload: Box<dyn std::any::Any + Send> = Box::new(String::from("index out of range"));
        let err = Error::from_panic("a task", &*payload);
        assert_eq!(
            err.to_string(),
            "internal error: a task panicked: index out of range; please report it"
        );
        assert_eq!(err.kind(), FailureKind::Internal);
        assert!(!err.is_retryable() && err.trace().is_none());
        let payload: Box<dyn std::any::Any + Send> = Box::new("static text");
        let err = Error::from_panic("a task", &*payload);
        assert!(
            err.to_string().contains("a task panicked: static text"),
            "{err}"
        );
        assert_eq!(
            Failure::Request(Arc::new(Error::internal("x"))).label(),
            "internal"
        );
    }
}
