//! [`CallbackService`]: a `tower_service::Service` that verifies, decodes and answers callbacks,
//! calling the app's async handler with each verified event (feature `tower`).
//!
//! - Not `POST`: HTTP 405, a failure reply.
//! - A refused query (another app, a missing or wrong `Sign`, a stale `RequestTime`): HTTP 401,
//!   a failure reply naming the check, and the handler is not called.
//! - With a [`ReplayCache`](crate::ReplayCache) in the verifier, a callback that decodes but
//!   repeats one already accepted within its window: HTTP 401 likewise
//!   ([`VerifyError::Replayed`](crate::VerifyError::Replayed)). A callback the handler answers
//!   with a failure reply is forgotten, so that a retry of it is let through.
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

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::Body;
use http_body_util::Full;

pub use crate::gate::Rejected;
use crate::gate::{Admission, BoxError, Gate, Refusal, answer, undecodable};
use crate::{Admitted, CallbackQuery, Event, Reply, Verifier};

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

/// The service. Cheap to clone (clones share the verifier and the handler).
#[derive(Clone)]
pub struct CallbackService {
    gate: Gate,
    handler: Arc<dyn Handler>,
}

impl std::fmt::Debug for CallbackService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackService")
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

impl CallbackService {
    /// A service checking with `verifier` and passing events to `handler`.
    pub fn new(verifier: Verifier, handler: impl Handler) -> Self {
        CallbackService {
            gate: Gate::new(verifier),
            handler: Arc::new(handler),
        }
    }

    /// The largest body read (default [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)).
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.gate.max_body = max;
        self
    }

    /// The clock `RequestTime` is checked against, Unix seconds (default: the system clock).
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.gate.set_clock(now);
        self
    }

    /// Called for every refused callback (to count or log them).
    pub fn on_rejected(mut self, observer: impl Fn(&Rejected) + Send + Sync + 'static) -> Self {
        self.gate.set_observer(observer);
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
                answer(StatusCode::OK, reply.to_json())
            }
            Err(refusal) => self.gate.refuse(refusal),
        }
    }

    /// The verified, decoded callback, and its entry in the replay cache.
    async fn accept<B>(&self, request: Request<B>) -> Result<(Callback, Admitted), Refusal>
    where
        B: Body + Send,
        B::Error: Into<BoxError>,
    {
        let admission = self.gate.admit(request).await?;
        let Admission { query, body, .. } = &admission;
        let event = Event::decode(query.callback_command.as_deref(), body)
            .map_err(|e| undecodable(body, e))?;
        let admitted = self.gate.check_replay(&admission)?;
        let mut query = admission.query;
        query.sign = None;
        Ok((Callback { query, event }, admitted))
    }
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
