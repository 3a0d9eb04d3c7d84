//! [`CallbackService`]: a `tower_service::Service` that verifies, decodes and answers callbacks,
//! calling the app's async handler with each verified event (feature `tower`).
//!
//! - Not `POST`: HTTP 405, a failure reply.
//! - A refused query (another app, a missing or wrong `Sign`, a stale `RequestTime`): HTTP 401,
//!   a failure reply naming the check, and the handler is not called.
//! - With a [`ReplayCache`](crate::ReplayCache) in the verifier, a callback that decodes but
//!   repeats one already accepted within its window: HTTP 401 likewise
//!   ([`VerifyError::Replayed`]). A callback the handler answers with a failure reply is
//!   forgotten, so that a retry of it is let through.
//! - A body over the limit: HTTP 413; one that does not decode: HTTP 200 with a failure reply
//!   (the service retries on neither), logged at `warn` with a short escaped excerpt.
//! - Otherwise HTTP 200 with the handler's [`Reply`].
//!
//! Neither the token nor `Sign` is ever logged.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use im_callback::service::{Callback, CallbackService};
//! use im_callback::{Event, Reply, Token, Verifier};
//!
//! let verifier = Verifier::new(1400000000, Token::new(std::env::var("IM_CALLBACK_TOKEN")?));
//! let service = CallbackService::new(verifier, |callback: Callback| async move {
//!     if let Event::StateChange(change) = &callback.event {
//!         println!("{} {}", change.info.to_account, change.info.action);
//!     }
//!     Reply::ok()
//! });
//! // Serve `service` with hyper (through hyper-util's TowerToHyperService) or mount it in
//! // axum with `Router::route_service("/im/callback", service)`.
//! # let _ = service; Ok(())
//! # }
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body::Body;
use http_body_util::{BodyExt, Full, Limited};

use crate::{Admitted, CallbackQuery, Event, MAX_BODY_BYTES, Reply, Verifier, VerifyError};

/// A verified callback: its URL parameters (the `Sign` removed) and its event.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Callback {
    /// The URL's parameters, `Sign` cleared.
    pub query: CallbackQuery,
    /// The event.
    pub event: Event,
}

/// What to do with each verified callback.
pub trait Handler: Send + Sync + 'static {
    /// Handles one callback; the reply goes back to the service.
    fn handle(&self, callback: Callback) -> Pin<Box<dyn Future<Output = Reply> + Send>>;
}

impl<F, Fut> Handler for F
where
    F: Fn(Callback) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    fn handle(&self, callback: Callback) -> Pin<Box<dyn Future<Output = Reply> + Send>> {
        Box::pin(self(callback))
    }
}

/// A callback that was refused, for [`CallbackService::on_rejected`].
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

type Observer = Arc<dyn Fn(&Rejected) + Send + Sync>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The service. Cheap to clone (clones share the verifier and the handler).
#[derive(Clone)]
pub struct CallbackService {
    verifier: Arc<Verifier>,
    handler: Arc<dyn Handler>,
    max_body: usize,
    clock: Clock,
    on_rejected: Option<Observer>,
}

impl std::fmt::Debug for CallbackService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackService")
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

impl CallbackService {
    /// A service checking with `verifier` and passing events to `handler`.
    pub fn new(verifier: Verifier, handler: impl Handler) -> Self {
        CallbackService {
            verifier: Arc::new(verifier),
            handler: Arc::new(handler),
            max_body: MAX_BODY_BYTES,
            clock: Arc::new(system_now),
            on_rejected: None,
        }
    }

    /// The largest body read (default [`MAX_BODY_BYTES`]).
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body = max;
        self
    }

    /// The clock `RequestTime` is checked against, Unix seconds (default: the system clock).
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// Called for every refused callback (to count or log them).
    pub fn on_rejected(mut self, observer: impl Fn(&Rejected) + Send + Sync + 'static) -> Self {
        self.on_rejected = Some(Arc::new(observer));
        self
    }

    /// Handles one request.
    pub async fn serve<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: Body + Send,
        B::Error: Into<BoxError>,
    {
        match self.accept(request).await {
            Ok((callback, admitted)) => {
                let reply = self.handler.handle(callback).await;
                if !reply.is_ok() {
                    admitted.forget();
                }
                answer(StatusCode::OK, &reply)
            }
            Err((status, rejected)) => {
                let text = rejected.to_string();
                log_rejected(&rejected);
                if let Some(observer) = &self.on_rejected {
                    observer(&rejected);
                }
                answer(status, &Reply::fail(text))
            }
        }
    }

    /// The verified, decoded callback, and its entry in the replay cache.
    async fn accept<B>(
        &self,
        request: Request<B>,
    ) -> Result<(Callback, Admitted), (StatusCode, Rejected)>
    where
        B: Body + Send,
        B::Error: Into<BoxError>,
    {
        if request.method() != Method::POST {
            return Err((StatusCode::METHOD_NOT_ALLOWED, Rejected::Method));
        }
        let mut query = CallbackQuery::parse(request.uri().query().unwrap_or_default());
        let now = (self.clock)();
        let refused = |e| (StatusCode::UNAUTHORIZED, Rejected::Verify(e));
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
        let event = Event::decode(query.callback_command.as_deref(), &body).map_err(|e| {
            excerpt_log(&body);
            (StatusCode::OK, Rejected::Decode(e))
        })?;
        let admitted = self
            .verifier
            .check_replay(&query, &body, now)
            .map_err(refused)?;
        query.sign = None;
        Ok((Callback { query, event }, admitted))
    }
}

fn answer(status: StatusCode, reply: &Reply) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(reply.to_json())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

fn log_rejected(rejected: &Rejected) {
    match rejected {
        Rejected::Verify(e) => tracing::warn!(reason = e.label(), "callback refused: {e}"),
        other => tracing::warn!(?other, "callback refused"),
    }
}

/// Logs the start of an undecodable body, escaped (no control characters reach the log).
fn excerpt_log(body: &[u8]) {
    let text = String::from_utf8_lossy(&body[..body.len().min(120)]);
    let excerpt: String = text.chars().flat_map(char::escape_debug).collect();
    tracing::warn!(len = body.len(), excerpt = %excerpt, "undecodable callback body");
}

impl<B> tower_service::Service<Request<B>> for CallbackService
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let service = self.clone();
        Box::pin(async move { Ok(service.serve(request).await) })
    }
}
