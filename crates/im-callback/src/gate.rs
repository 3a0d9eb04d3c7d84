//! What every callback goes through before a handler sees it, whichever service receives it:
//! the method, the query's verification, the bounded body, the replay cache; and how a refusal
//! is answered, logged and observed.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body::Body;
use http_body_util::{BodyExt, Full, Limited};

use crate::{Admitted, CallbackQuery, MAX_BODY_BYTES, Reply, Verifier, VerifyError};

/// A callback that was refused, for an `on_rejected` observer.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Rejected {
    /// Not a `POST`.
    Method,
    /// The query failed verification.
    Verify(VerifyError),
    /// The body was over the limit or unreadable.
    Body(String),
    /// The body did not decode.
    Decode(crate::DecodeError),
}

impl std::fmt::Display for Rejected {
    /// What was wrong, never quoting the token or `Sign`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejected::Method => f.write_str("callbacks are POST requests"),
            Rejected::Verify(e) => write!(f, "callback refused: {e}"),
            Rejected::Body(e) => write!(f, "cannot read the body: {e}"),
            Rejected::Decode(e) => write!(f, "cannot decode the callback: {e}"),
        }
    }
}

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Observer = Arc<dyn Fn(&Rejected) + Send + Sync>;
type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// A refusal: the HTTP status to answer with and why.
pub(crate) type Refusal = (StatusCode, Rejected);

/// A callback whose query was verified and whose body was read.
pub(crate) struct Admission {
    /// The URL's parameters (`Sign` still there, for the replay cache).
    pub(crate) query: CallbackQuery,
    /// The body.
    pub(crate) body: Bytes,
    /// The clock's time when it came, Unix seconds.
    pub(crate) now: u64,
}

/// The checks and their settings. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Gate {
    verifier: Arc<Verifier>,
    pub(crate) max_body: usize,
    clock: Clock,
    on_rejected: Option<Observer>,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate")
            .field("verifier", &self.verifier)
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

fn system_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Gate {
    pub(crate) fn new(verifier: Verifier) -> Self {
        Gate {
            verifier: Arc::new(verifier),
            max_body: MAX_BODY_BYTES,
            clock: Arc::new(system_now),
            on_rejected: None,
        }
    }

    pub(crate) fn set_clock(&mut self, now: impl Fn() -> u64 + Send + Sync + 'static) {
        self.clock = Arc::new(now);
    }

    pub(crate) fn set_observer(&mut self, observer: impl Fn(&Rejected) + Send + Sync + 'static) {
        self.on_rejected = Some(Arc::new(observer));
    }

    /// Checks the method and the query, and reads the bounded body.
    pub(crate) async fn admit<B>(&self, request: Request<B>) -> Result<Admission, Refusal>
    where
        B: Body + Send,
        B::Error: Into<BoxError>,
    {
        if request.method() != Method::POST {
            return Err((StatusCode::METHOD_NOT_ALLOWED, Rejected::Method));
        }
        let query = CallbackQuery::parse(request.uri().query().unwrap_or_default());
        let now = (self.clock)();
        self.verifier.verify(&query, now).map_err(refused)?;
        let body = Limited::new(request.into_body(), self.max_body)
            .collect()
            .await
            .map_err(|e| {
                let status = if e.is::<http_body_util::LengthLimitError>() {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    StatusCode::BAD_REQUEST
                };
                (status, Rejected::Body(e.to_string()))
            })?
            .to_bytes();
        Ok(Admission { query, body, now })
    }

    /// After the body decoded: refuses a repeat (with a replay cache), and otherwise
    /// remembers the callback.
    pub(crate) fn check_replay(&self, admission: &Admission) -> Result<Admitted, Refusal> {
        self.verifier
            .check_replay(&admission.query, &admission.body, admission.now)
            .map_err(refused)
    }

    /// Logs, observes and answers a refusal.
    pub(crate) fn refuse(&self, (status, rejected): Refusal) -> Response<Full<Bytes>> {
        let text = rejected.to_string();
        match &rejected {
            Rejected::Verify(e) => tracing::warn!(reason = e.label(), "callback refused: {e}"),
            other => tracing::warn!(?other, "callback refused"),
        }
        if let Some(observer) = &self.on_rejected {
            observer(&rejected);
        }
        answer(status, Reply::fail(text).to_json())
    }
}

fn refused(e: VerifyError) -> Refusal {
    (StatusCode::UNAUTHORIZED, Rejected::Verify(e))
}

/// A body that did not decode: HTTP 200 (the service retries on nothing else), logged with a
/// short escaped excerpt (no control characters reach the log).
pub(crate) fn undecodable(body: &[u8], e: crate::DecodeError) -> Refusal {
    let text = String::from_utf8_lossy(&body[..body.len().min(120)]);
    let excerpt: String = text.chars().flat_map(char::escape_debug).collect();
    tracing::warn!(len = body.len(), excerpt = %excerpt, "undecodable callback body");
    (StatusCode::OK, Rejected::Decode(e))
}

/// An HTTP answer with a JSON body.
pub(crate) fn answer(status: StatusCode, json: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(json)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}
