//! [`Router`]: one handler per command, typed in and typed out, as a `tower_service::Service`
//! over `http` requests (feature `tower`; no web framework needed, and it mounts in any that
//! takes a tower service: `examples/axum.rs`).
//!
//! Each [`Router::on`] handler gets the command's type (with the URL's parameters) and answers
//! with the command's reply type: [`Reply`] for a notification, the typed answer of
//! [`before`](crate::before) for a before callback, whose refusal codes are checked against
//! the command's documented range when the reply is built. Commands without a handler go to
//! the fallback ([`Router::fallback`], an acknowledgement by default).
//!
//! The checks are [`CallbackService`](crate::service::CallbackService)'s: not `POST` → 405; a
//! refused query or a repeat (with a replay cache) → 401 and no handler runs; a body over the
//! limit → 413; a body that does not decode → 200 with a failure reply. A handled callback's body
//! is parsed once, into its type.
//!
//! Before callbacks are answered within their budget or not at all
//! ([`BeforeCallback::BUDGET`](crate::BeforeCallback::BUDGET): 2 s): answer first, work after.
//!
//! ```
//! # async fn run() {
//! use im_callback::before::MessageReply;
//! use im_callback::c2c::{C2cAfterSendMsg, C2cBeforeSendMsg};
//! use im_callback::router::{Received, Router};
//! use im_callback::{Reply, Token, Verifier};
//!
//! let verifier = Verifier::new(1400000000, Token::new("xxxxyyyy"));
//! let router = Router::new(verifier)
//!     .on(|sent: Received<C2cBeforeSendMsg>| async move {
//!         let text = format!("{:?}", sent.event.msg_body);
//!         if text.contains("http") {
//!             MessageReply::deny(120_001, "links are not allowed").unwrap()
//!         } else {
//!             MessageReply::allow()
//!         }
//!     })
//!     .on(|sent: Received<C2cAfterSendMsg>| async move {
//!         println!("{} wrote to {}", sent.event.from_account, sent.event.to_account);
//!         Reply::ok()
//!     });
//! # let _ = router;
//! # }
//! ```

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::Body;
use http_body_util::Full;

use crate::callback::{Callback, CallbackReply};
use crate::decode::{self, DecodeError};
use crate::gate::{Admission, BoxError, Gate, Rejected, answer, undecodable};
use crate::service::{self, Handler};
use crate::{CallbackQuery, Event, Reply, Verifier};

/// A verified callback of command `C`: the URL's parameters (`Sign` removed) and the event.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Received<C> {
    /// The URL's parameters (`ClientIP`, `OptPlatform`...), `Sign` cleared.
    pub query: CallbackQuery,
    /// The event.
    pub event: C,
}

/// A handler's answer, encoded, and whether it says the app failed.
struct Answered {
    json: Vec<u8>,
    failed: bool,
}

type Running = Pin<Box<dyn Future<Output = Answered> + Send>>;

/// One command's handler, its decoding erased.
trait Route: Send + Sync {
    /// Decodes the body (a failure is answered without running anything) and returns the
    /// handler's run, which calls the handler only when first polled (after the replay check).
    fn start(self: Arc<Self>, query: CallbackQuery, body: &[u8]) -> Result<Running, DecodeError>;
}

struct Typed<C, F> {
    handler: F,
    command: PhantomData<fn() -> C>,
}

impl<C, F, Fut> Route for Typed<C, F>
where
    C: Callback,
    F: Fn(Received<C>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = C::Reply> + Send + 'static,
{
    fn start(self: Arc<Self>, query: CallbackQuery, body: &[u8]) -> Result<Running, DecodeError> {
        let event: C = decode::typed(query.callback_command.as_deref(), body)?;
        Ok(Box::pin(async move {
            let reply = (self.handler)(Received { query, event }).await;
            Answered {
                failed: reply.is_failure(),
                // Strings, integers and maps of JSON values always serialize.
                json: serde_json::to_vec(&reply).unwrap_or_default(),
            }
        }))
    }
}

/// Commands without a typed handler: the whole event to a [`Handler`].
struct Fallback(Arc<dyn Handler>);

impl Route for Fallback {
    fn start(self: Arc<Self>, query: CallbackQuery, body: &[u8]) -> Result<Running, DecodeError> {
        let event = Event::decode(query.callback_command.as_deref(), body)?;
        Ok(Box::pin(async move {
            let reply = self.0.handle(service::Callback { query, event }).await;
            Answered {
                failed: !reply.is_ok(),
                json: reply.to_json(),
            }
        }))
    }
}

#[derive(Clone)]
struct Inner {
    gate: Gate,
    routes: HashMap<&'static str, Arc<dyn Route>>,
    fallback: Arc<dyn Route>,
}

/// The router. Cheap to clone (clones share the routes and the verifier).
#[derive(Clone)]
pub struct Router {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut commands: Vec<_> = self.inner.routes.keys().collect();
        commands.sort();
        f.debug_struct("Router")
            .field("gate", &self.inner.gate)
            .field("commands", &commands)
            .finish_non_exhaustive()
    }
}

impl Router {
    /// A router checking with `verifier`, acknowledging every command ([`Reply::ok`]) until
    /// handlers are added.
    pub fn new(verifier: Verifier) -> Self {
        let ack = |_: service::Callback| async { Reply::ok() };
        Router {
            inner: Arc::new(Inner {
                gate: Gate::new(verifier),
                routes: HashMap::new(),
                fallback: Arc::new(Fallback(Arc::new(ack))),
            }),
        }
    }

    fn inner(&mut self) -> &mut Inner {
        Arc::make_mut(&mut self.inner)
    }

    /// Handles command `C` (inferred from the handler's argument) with `handler`, which
    /// answers with `C`'s reply type. A second handler for the same command replaces the
    /// first.
    pub fn on<C, F, Fut>(mut self, handler: F) -> Self
    where
        C: Callback,
        F: Fn(Received<C>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = C::Reply> + Send + 'static,
    {
        let route = Typed {
            handler,
            command: PhantomData,
        };
        self.inner().routes.insert(C::COMMAND, Arc::new(route));
        self
    }

    /// Handles every command without a handler of its own (typed or not: the whole
    /// [`Event`]), instead of acknowledging it.
    pub fn fallback(mut self, handler: impl Handler) -> Self {
        self.inner().fallback = Arc::new(Fallback(Arc::new(handler)));
        self
    }

    /// The largest body read (default [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)).
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.inner().gate.max_body = max;
        self
    }

    /// The clock `RequestTime` is checked against, Unix seconds (default: the system clock).
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.inner().gate.set_clock(now);
        self
    }

    /// Called for every refused callback (to count or log them).
    pub fn on_rejected(mut self, observer: impl Fn(&Rejected) + Send + Sync + 'static) -> Self {
        self.inner().gate.set_observer(observer);
        self
    }

    /// The commands with a handler of their own.
    pub fn commands(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.inner.routes.keys().copied()
    }

    /// Handles one request.
    pub async fn serve<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: Body + Send,
        B::Error: Into<BoxError>,
    {
        let gate = &self.inner.gate;
        let admission = match gate.admit(request).await {
            Ok(admission) => admission,
            Err(refusal) => return gate.refuse(refusal),
        };
        let running = match self.start(&admission) {
            Ok(running) => running,
            Err(e) => return gate.refuse(undecodable(&admission.body, e)),
        };
        let admitted = match gate.check_replay(&admission) {
            Ok(admitted) => admitted,
            Err(refusal) => return gate.refuse(refusal),
        };
        let answered = running.await;
        if answered.failed {
            admitted.forget();
        }
        answer(StatusCode::OK, answered.json)
    }

    /// Decodes the callback for its route.
    fn start(&self, admission: &Admission) -> Result<Running, DecodeError> {
        let Admission { query, body, .. } = admission;
        decode::check_body(body)?;
        let command = decode::command(query.callback_command.as_deref(), body)?;
        let route = self
            .inner
            .routes
            .get(command.as_ref())
            .unwrap_or(&self.inner.fallback)
            .clone();
        let mut query = query.clone();
        query.sign = None;
        route.start(query, body)
    }
}

impl<B> tower_service::Service<Request<B>> for Router
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
        let router = self.clone();
        Box::pin(async move { Ok(router.serve(request).await) })
    }
}
