//! The connections of an HTTP server: the accept loop, a cap on the connections held (the one
//! idle the longest is closed first to make room), and the header, body and idle timeouts.
//!
//! The emulator's server serves through [`serve_http`], and so does `imctl callbacks listen`:
//! one implementation of what a server owes the other clients when some of them are idle,
//! slow or hostile.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use parking_lot::Mutex;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tokio_util::sync::CancellationToken;

/// The default number of connections held at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// The default time a connection may take to send a request's headers.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The default time a request's body may take to arrive, counted from its headers.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The default time a connection may stay open without a request in flight.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The default time requests in flight get to finish when the server stops.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a connection closed for idleness (or to make room) gets to say goodbye: an
/// HTTP/2 peer gets GOAWAY and this long to acknowledge it; a request that raced the decision
/// gets this long to be answered.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The longest timeout taken (longer ones are cut to it): about 136 years, so that a deadline
/// never overflows the clock.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(1 << 32);

/// The error type of the handler's answers and bodies, as hyper takes it.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How a [`serve_http`] server treats its connections. Every setting has a default; a timeout
/// over 2^32 seconds counts as 2^32 seconds.
///
/// - At most [`max_connections`](Self::max_connections) connections are held. When one more
///   arrives at the cap, the connection that has been idle (no request in flight) the longest
///   is closed to make room; when none is idle, the new one waits in the listen backlog until
///   a connection ends or becomes idle. An `accept` that fails (out of file descriptors) also
///   closes the connection idle the longest.
/// - A connection that sends nothing, or (HTTP/1) not a whole request head, within the
///   [`header_read_timeout`](Self::header_read_timeout) after it opens or after its last
///   answer is closed.
/// - A request whose body has not fully arrived within the
///   [`body_read_timeout`](Self::body_read_timeout) after its head gets an error instead of
///   the rest ([`RequestBodyError::TimedOut`]).
/// - A connection, HTTP/1 or HTTP/2, with no request in flight for the
///   [`idle_timeout`](Self::idle_timeout) is closed (HTTP/2: with GOAWAY).
#[derive(Clone, Debug)]
#[must_use]
pub struct ServeOptions {
    max_connections: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    idle_timeout: Duration,
    shutdown_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
        }
    }
}

impl ServeOptions {
    /// The defaults.
    pub fn new() -> Self {
        ServeOptions::default()
    }

    /// The most connections held at once (default 1024; at least 1).
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// How long a connection may take to send a request's headers, after it opens or (HTTP/1)
    /// between two requests (default 30 s).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long a request's body may take to arrive after its headers (default 30 s).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long a connection may stay open with no request in flight (default 30 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long requests in flight get to finish once the server is asked to stop (default
    /// 5 s); then their connections are dropped.
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }
}

/// What went wrong reading a request's body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestBodyError {
    /// The body did not fully arrive within the body read timeout.
    #[error("the request body did not arrive within {0:?}")]
    TimedOut(Duration),
    /// The connection failed or the peer reset the request.
    #[error("cannot read the request body: {0}")]
    Read(#[source] BoxError),
}

/// A request's body as a [`serve_http`] handler gets it: the bytes as they arrive, or
/// [`RequestBodyError::TimedOut`] once the body read timeout has passed.
#[derive(Debug)]
pub struct RequestBody {
    inner: Incoming,
    /// When the body must be complete.
    deadline: Instant,
    /// The timer, set only once the body keeps the reader waiting (a body that comes with its
    /// head costs no timer).
    timer: Option<Pin<Box<Sleep>>>,
    timeout: Duration,
}

impl RequestBody {
    fn new(inner: Incoming, timeout: Duration) -> Self {
        RequestBody {
            inner,
            deadline: Instant::now() + timeout,
            timer: None,
            timeout,
        }
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = RequestBodyError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, RequestBodyError>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(|e| RequestBodyError::Read(e.into()))));
        }
        let deadline = this.deadline;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if timer.as_mut().poll(cx).is_ready() {
            Poll::Ready(Some(Err(RequestBodyError::TimedOut(this.timeout))))
        } else {
            Poll::Pending
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Serves HTTP/1.1 (keep-alive) and HTTP/2 (prior knowledge) on `listener` until `stop`
/// resolves, with `handler` answering each request (given the peer's address), as `options`
/// say. A handler's error closes the connection without an answer.
///
/// Once `stop` resolves, the listener is closed and requests in flight get the shutdown
/// timeout to finish; then the remaining connections are dropped and this returns.
///
/// # Panics
///
/// Outside a tokio runtime (with the time driver).
pub async fn serve_http<H, F, B, E>(
    listener: TcpListener,
    options: ServeOptions,
    handler: H,
    stop: impl Future<Output = ()>,
) where
    H: Fn(http::Request<RequestBody>, SocketAddr) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<http::Response<B>, E>> + Send + 'static,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    E: Into<BoxError> + 'static,
{
    let server = Server {
        builder: connection_builder(&options),
        registry: Arc::new(Registry::new(options.max_connections)),
        shutdown: CancellationToken::new(),
        options: Arc::new(options),
    };
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        while connections.try_join_next().is_some() {}
        let (stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_failed(&server.registry, &err).await;
                    continue;
                }
            },
        };
        tokio::select! {
            () = &mut stop => break,
            () = server.registry.make_room() => {}
        }
        let tracker = server.registry.register(server.shutdown.child_token());
        connections.spawn(
            server
                .clone()
                .connection(stream, peer, tracker, handler.clone()),
        );
    }
    drop(listener);
    server.shutdown.cancel();
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(server.options.shutdown_timeout, drain).await;
    connections.shutdown().await;
}

/// hyper's connection builder: both protocols, HTTP/1's header read timeout.
fn connection_builder(options: &ServeOptions) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    builder
}

/// A failed `accept`: most likely out of file descriptors (or a connection reset before it was
/// accepted). Closes the connection idle the longest, then backs off briefly rather than spin.
async fn accept_failed(registry: &Registry, err: &std::io::Error) {
    use std::io::ErrorKind;
    tracing::debug!(error = %err, "accept failed");
    if !matches!(
        err.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted
    ) {
        registry.close_oldest_idle();
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
}

/// What every connection task shares.
#[derive(Clone)]
struct Server {
    builder: auto::Builder<TokioExecutor>,
    registry: Arc<Registry>,
    /// Cancelled when the server stops (each connection's token is a child).
    shutdown: CancellationToken,
    options: Arc<ServeOptions>,
}

impl Server {
    /// Serves one connection until it ends, idles out, is closed to make room, or the server
    /// stops.
    async fn connection<H, F, B, E>(
        self,
        stream: TcpStream,
        peer: SocketAddr,
        tracker: Arc<Tracker>,
        handler: H,
    ) where
        H: Fn(http::Request<RequestBody>, SocketAddr) -> F + Send + Sync + 'static,
        F: Future<Output = Result<http::Response<B>, E>> + Send + 'static,
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
        E: Into<BoxError> + 'static,
    {
        let _registered = Registered(&self.registry, tracker.id);
        // Small request/answer pairs on keep-alive connections: no Nagle delay.
        let _ = stream.set_nodelay(true);
        if !self.first_byte(&stream, &tracker).await {
            tracing::trace!(%peer, "connection closed: nothing sent");
            return;
        }
        let body_timeout = self.options.body_read_timeout;
        let busy = tracker.clone();
        let service = service_fn(move |request: http::Request<Incoming>| {
            let busy = Busy::start(busy.clone());
            let answer = handler(request.map(|b| RequestBody::new(b, body_timeout)), peer);
            async move {
                let answer = answer.await;
                drop(busy);
                answer
            }
        });
        let connection = self.builder.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        tokio::select! {
            ended = connection.as_mut() => {
                if let Err(err) = ended {
                    tracing::trace!(%peer, error = %err, "connection ended with an error");
                }
                return;
            }
            () = tracker.stop.cancelled() => {}
            () = tracker.idled_out(self.options.idle_timeout) => {}
        }
        connection.as_mut().graceful_shutdown();
        let grace = if self.shutdown.is_cancelled() {
            self.options.shutdown_timeout
        } else {
            CLOSE_GRACE
        };
        let _ = tokio::time::timeout(grace, connection).await;
    }

    /// Waits for the connection's first byte: hyper's header timeout starts only once it knows
    /// the protocol, so a connection that sends nothing is closed here. Whether one came.
    async fn first_byte(&self, stream: &TcpStream, tracker: &Tracker) -> bool {
        let mut first = [0u8; 1];
        let timeout = self.options.header_read_timeout;
        tokio::select! {
            read = tokio::time::timeout(timeout, stream.peek(&mut first)) => {
                matches!(read, Ok(Ok(n)) if n > 0)
            }
            () = tracker.stop.cancelled() => false,
            () = tracker.idled_out(self.options.idle_timeout) => false,
        }
    }
}

/// One connection's state, as the registry and its task see it.
struct Tracker {
    id: u64,
    /// Requests being answered.
    in_flight: AtomicUsize,
    /// When the last request ended (or the connection opened), in ms since `epoch`.
    idle_since: AtomicU64,
    epoch: Instant,
    /// Cancelled to close the connection (to make room, or when the server stops).
    stop: CancellationToken,
    wake: Arc<Wake>,
}

impl Tracker {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Resolves once the connection has had no request in flight for `idle`.
    async fn idled_out(&self, idle: Duration) {
        loop {
            if self.in_flight.load(Ordering::SeqCst) == 0 {
                let since = Duration::from_millis(self.idle_since.load(Ordering::SeqCst));
                let deadline = self.epoch + since + idle;
                if Instant::now() >= deadline && self.in_flight.load(Ordering::SeqCst) == 0 {
                    return;
                }
                tokio::time::sleep_until(deadline).await;
            } else {
                // Busy: look again later (the deadline counts from the end of the last request).
                tokio::time::sleep(idle.max(Duration::from_millis(1))).await;
            }
        }
    }
}

/// A request in flight on a connection; when the last one ends, the connection is idle.
struct Busy(Arc<Tracker>);

impl Busy {
    fn start(tracker: Arc<Tracker>) -> Busy {
        tracker.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(tracker)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let tracker = &self.0;
        tracker.idle_since.store(tracker.now_ms(), Ordering::SeqCst);
        if tracker.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            tracker.wake.room_may_be_made();
        }
    }
}

/// Wakes an accept loop waiting at the cap.
struct Wake {
    /// Whether the accept loop is waiting for a connection to end or become idle.
    waiting: AtomicBool,
    changed: Notify,
}

impl Wake {
    fn room_may_be_made(&self) {
        if self.waiting.load(Ordering::SeqCst) {
            // A stored permit if the loop is not waiting yet: no wake-up is lost.
            self.changed.notify_one();
        }
    }
}

/// The connections held, for the cap.
struct Registry {
    connections: Mutex<HashMap<u64, Arc<Tracker>>>,
    max: usize,
    next_id: AtomicU64,
    epoch: Instant,
    wake: Arc<Wake>,
}

impl Registry {
    fn new(max: usize) -> Self {
        Registry {
            connections: Mutex::new(HashMap::new()),
            max,
            next_id: AtomicU64::new(0),
            epoch: Instant::now(),
            wake: Arc::new(Wake {
                waiting: AtomicBool::new(false),
                changed: Notify::new(),
            }),
        }
    }

    /// Adds a connection (idle from now on until its first request).
    fn register(&self, stop: CancellationToken) -> Arc<Tracker> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let tracker = Arc::new(Tracker {
            id,
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(0),
            epoch: self.epoch,
            stop,
            wake: self.wake.clone(),
        });
        tracker.idle_since.store(tracker.now_ms(), Ordering::SeqCst);
        self.connections.lock().insert(id, tracker.clone());
        tracker
    }

    /// Resolves once one more connection may be held: under the cap, or after closing the
    /// connection idle the longest; otherwise waits for a connection to end or become idle.
    async fn make_room(&self) {
        loop {
            {
                let mut connections = self.connections.lock();
                if connections.len() < self.max {
                    self.wake.waiting.store(false, Ordering::SeqCst);
                    return;
                }
                // Set before looking, so that a connection becoming idle meanwhile either is
                // seen idle here or sees `waiting` and wakes this loop.
                self.wake.waiting.store(true, Ordering::SeqCst);
                if Self::remove_oldest_idle(&mut connections) {
                    self.wake.waiting.store(false, Ordering::SeqCst);
                    return;
                }
            }
            self.wake.changed.notified().await;
        }
    }

    /// Closes the connection idle the longest, if one is idle.
    fn close_oldest_idle(&self) {
        Self::remove_oldest_idle(&mut self.connections.lock());
    }

    /// Removes the connection idle the longest from `connections` and tells it to close:
    /// whether there was one.
    fn remove_oldest_idle(connections: &mut HashMap<u64, Arc<Tracker>>) -> bool {
        let oldest = connections
            .values()
            .filter(|t| t.in_flight.load(Ordering::SeqCst) == 0)
            .min_by_key(|t| (t.idle_since.load(Ordering::SeqCst), t.id))
            .map(|t| t.id);
        let Some(tracker) = oldest.and_then(|id| connections.remove(&id)) else {
            return false;
        };
        tracing::trace!(id = tracker.id, "closing the connection idle the longest");
        tracker.stop.cancel();
        true
    }
}

/// A connection's place in the registry, given up when its task ends.
struct Registered<'a>(&'a Registry, u64);

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        let removed = self.0.connections.lock().remove(&self.1).is_some();
        if removed {
            self.0.wake.room_may_be_made();
        }
    }
}
