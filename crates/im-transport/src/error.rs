//! The one error type every transport returns, and its classification.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use crate::redact::redact_uri;

/// Why a [`Transport`](crate::Transport) could not deliver a response.
///
/// The fields are private so that context can be added later without breaking callers; read it
/// through [`kind`](Self::kind), [`is_retryable`](Self::is_retryable), [`uri`](Self::uri),
/// [`message`](Self::message) and [`source`](StdError::source).
///
/// `Display` is one line: what happened, then the request URL with the `usersig` value masked.
/// It never repeats the source error, which is chained through [`source`](StdError::source).
/// The URL is stored already redacted, so neither `Display` nor `Debug` can leak a signature.
///
/// The error is cheap to clone (the source is shared), which lets callers keep the last error of
/// a retried call in a report.
///
/// # Examples
///
/// A transport of your own builds errors with [`new`](Self::new) and the `with_*` methods:
///
/// ```
/// use im_transport::{ErrorKind, TransportError};
///
/// let uri: http::Uri = "https://console.tim.qq.com/v4/group_open_http_svc/get_group_info?usersig=SECRET"
///     .parse()
///     .unwrap();
/// let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
/// let err = TransportError::new(ErrorKind::Connect, "connection refused")
///     .with_uri(&uri)
///     .with_source(io);
///
/// assert!(err.is_retryable());
/// assert_eq!(
///     err.to_string(),
///     "connect error: connection refused \
///      (https://console.tim.qq.com/v4/group_open_http_svc/get_group_info?usersig=***)"
/// );
/// assert!(!format!("{err:?}").contains("SECRET"));
/// ```
#[derive(Clone)]
pub struct TransportError {
    kind: ErrorKind,
    message: Cow<'static, str>,
    uri: Option<String>,
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
    request: Option<(u32, u32)>,
}

/// The class of a [`TransportError`], which decides whether a retry can help.
///
/// New kinds may be added, so match with a wildcard arm.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The connection could not be established: refused, unreachable, DNS failure, proxy
    /// tunnel failure. Nothing was sent. Retryable.
    Connect,
    /// The connect timeout or the whole-request timeout elapsed. Retryable.
    Timeout,
    /// The connection was reset or closed before the response was complete. The request may
    /// have been processed; retryable because every account API of the service is idempotent.
    ConnectionClosed,
    /// The TLS handshake failed, for example because the server certificate is not trusted.
    /// Not retryable: the same configuration will fail again.
    Tls,
    /// The response body is larger than the configured limit; it was not buffered.
    /// Not retryable.
    BodyTooLarge {
        /// The limit that was crossed, in bytes.
        limit: usize,
    },
    /// The response broke the HTTP protocol: a garbled status line or chunked body, an HTTP/0.9
    /// reply, a header flood. Something answered (a flaky proxy, a broken middlebox, a server
    /// mid-restart) and the request may have been processed; retryable, like a closed
    /// connection.
    Protocol,
    /// The request cannot be sent as it is: relative URI, unsupported scheme, bad header.
    /// Not retryable.
    InvalidRequest,
    /// Plain `http://` to a host that is not a loopback address, which the transport refuses so
    /// that a signature never crosses a network unencrypted. Not retryable.
    PlainHttpRefused,
    /// Anything else, including configuration errors. Not retryable.
    Other,
}

impl TransportError {
    /// Creates an error of `kind` with a short message saying what happened.
    ///
    /// The message should not contain the request URL (use [`with_uri`](Self::with_uri), which
    /// redacts it) nor repeat the source error (use [`with_source`](Self::with_source)).
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            message: message.into(),
            uri: None,
            source: None,
            request: None,
        }
    }

    /// Records which request failed: its `random` query value and its attempt number (1 for
    /// the first), as the client that sent it drew and counted them. Not part of `Display`;
    /// the client's own error shows it.
    #[must_use]
    pub fn with_request_trace(mut self, random: u32, attempt: u32) -> Self {
        self.request = Some((random, attempt));
        self
    }

    /// The `(random, attempt)` of the request that failed, when the client recorded them
    /// ([`TransportError::with_request_trace`]).
    pub fn request_trace(&self) -> Option<(u32, u32)> {
        self.request
    }

    /// Attaches the request URL, stored redacted with [`redact_uri`].
    #[must_use]
    pub fn with_uri(mut self, uri: &http::Uri) -> Self {
        self.uri = Some(redact_uri(uri));
        self
    }

    /// Attaches the underlying cause, returned by [`source`](StdError::source).
    ///
    /// The cause must not contain secrets in its own `Display` or `Debug` output.
    #[must_use]
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    /// Returns the class of the error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Returns whether sending the same request again can succeed; see [`ErrorKind::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }

    /// Returns the request URL with the `usersig` value masked, if it is known.
    pub fn uri(&self) -> Option<&str> {
        self.uri.as_deref()
    }

    /// Returns the short message given at construction.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(uri) = &self.uri {
            write!(f, " ({uri})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TransportError");
        d.field("kind", &self.kind).field("message", &self.message);
        if let Some(uri) = &self.uri {
            d.field("uri", uri);
        }
        if let Some(source) = &self.source {
            d.field("source", source);
        }
        if let Some(request) = &self.request {
            d.field("request", request);
        }
        d.finish()
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

impl ErrorKind {
    /// Returns whether a retry of the same request can help.
    ///
    /// [`Connect`](Self::Connect), [`Timeout`](Self::Timeout),
    /// [`ConnectionClosed`](Self::ConnectionClosed) and [`Protocol`](Self::Protocol) are
    /// retryable; the others are not. All but `Connect` are ambiguous (the server may have
    /// acted on the request): a caller sending a non-idempotent request must decide for itself
    /// (see [`is_ambiguous`](Self::is_ambiguous)).
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::Connect | Self::Timeout | Self::ConnectionClosed | Self::Protocol
        )
    }

    /// Returns whether the request may have reached the server and been processed although
    /// no (usable) response came back: [`Timeout`](Self::Timeout),
    /// [`ConnectionClosed`](Self::ConnectionClosed), [`Protocol`](Self::Protocol).
    pub fn is_ambiguous(self) -> bool {
        matches!(
            self,
            Self::Timeout | Self::ConnectionClosed | Self::Protocol
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect => f.write_str("connect error"),
            Self::Timeout => f.write_str("timed out"),
            Self::ConnectionClosed => f.write_str("connection closed"),
            Self::Tls => f.write_str("TLS error"),
            Self::BodyTooLarge { limit } => {
                write!(f, "response body over the limit of {limit} bytes")
            }
            Self::Protocol => f.write_str("HTTP protocol error"),
            Self::InvalidRequest => f.write_str("invalid request"),
            Self::PlainHttpRefused => f.write_str("plain http refused"),
            Self::Other => f.write_str("transport error"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_classes() {
        let retryable = [
            ErrorKind::Connect,
            ErrorKind::Timeout,
            ErrorKind::ConnectionClosed,
            ErrorKind::Protocol,
        ];
        let final_ = [
            ErrorKind::Tls,
            ErrorKind::BodyTooLarge { limit: 1 },
            ErrorKind::InvalidRequest,
            ErrorKind::PlainHttpRefused,
            ErrorKind::Other,
        ];
        for kind in retryable {
            assert!(TransportError::new(kind, "x").is_retryable(), "{kind:?}");
        }
        for kind in final_ {
            assert!(!TransportError::new(kind, "x").is_retryable(), "{kind:?}");
        }
    }

    #[test]
    fn display_is_one_line_and_redacted() {
        let uri: http::Uri = "https://h/v4/a/b?sdkappid=1&usersig=abc.def&random=2"
            .parse()
            .unwrap();
        let err = TransportError::new(ErrorKind::BodyTooLarge { limit: 10 }, "")
            .with_uri(&uri)
            .with_source(std::io::Error::other("inner"));
        let shown = err.to_string();
        assert_eq!(
            shown,
            "response body over the limit of 10 bytes (https://h/v4/a/b?sdkappid=1&usersig=***&random=2)"
        );
        assert!(!shown.contains("inner"));
        let debug = format!("{err:?}");
        assert!(!debug.contains("abc.def"), "{debug}");
        assert!(debug.contains("inner"), "{debug}");
        assert_eq!(err.source().unwrap().to_string(), "inner");
    }

    #[test]
    fn error_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<TransportError>();
    }
}
