//! How a bulk run behaves: [`BulkOptions`], and what its write-ahead hook is told
//! ([`Sending`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::operation::{EarlierSend, EarlierSends, KeyFields, SentBefore};
use crate::RetryPolicy;

/// How a bulk run behaves.
#[derive(Clone)]
pub struct BulkOptions {
    pub(super) concurrency: usize,
    pub(super) retry: RetryPolicy,
    pub(super) dedup: bool,
    pub(super) chunk_size: Option<usize>,
    pub(super) resume_from: u64,
    pub(super) skip: Option<Arc<dyn Fn(u64) -> bool + Send + Sync>>,
    pub(super) linger: Duration,
    pub(super) total_hint: Option<u64>,
    pub(super) failure_samples: usize,
    pub(super) stop_on_auth_error: bool,
    pub(super) before_send: Option<BeforeSend>,
    pub(super) sent_before: Option<SentBefore>,
    pub(super) earlier_sends: Option<EarlierSends>,
}

/// Called with a chunk about to be sent, before it leaves.
pub(super) type BeforeSend = Arc<dyn Fn(&Sending<'_>) -> Result<(), HookError> + Send + Sync>;

/// Why a [`BulkOptions::before_send`] hook refused a chunk: the hook's own error, whatever its
/// type.
pub(super) type HookError = Box<dyn std::error::Error + Send + Sync>;

/// A chunk about to be sent, as the [`BulkOptions::before_send`] hook sees it: its items'
/// input positions and, for an API declared
/// [`SameRequest`](im_proto::RetrySafety::SameRequest), the key fields its request will carry.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Sending<'a> {
    /// The input positions of the chunk's items.
    pub positions: &'a [u64],
    /// The values of the API's declared key fields in the request
    /// ([`BulkOperation::retry_key`](super::BulkOperation::retry_key)); `None` for other APIs.
    pub key: Option<&'a KeyFields>,
}

impl<'a> Sending<'a> {
    /// The chunk at `positions`, its request carrying `key`.
    pub fn new(positions: &'a [u64], key: Option<&'a KeyFields>) -> Self {
        Sending { positions, key }
    }
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            concurrency: 64,
            retry: RetryPolicy::bulk(),
            dedup: true,
            chunk_size: None,
            resume_from: 0,
            skip: None,
            linger: Duration::from_millis(50),
            total_hint: None,
            failure_samples: 100,
            stop_on_auth_error: true,
            before_send: None,
            sent_before: None,
            earlier_sends: None,
        }
    }
}

impl BulkOptions {
    /// The most requests in flight at once (default 64; at least 1). The rate limiter, not this,
    /// sets the pace; this only has to exceed rate × latency.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// The retry policy of each chunk (default [`RetryPolicy::bulk`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether repeated keys are detected and reported as duplicates (default on). Off makes
    /// memory fully flat for inputs known to be unique.
    pub fn dedup(mut self, on: bool) -> Self {
        self.dedup = on;
        self
    }

    /// Items per request (default and maximum: the declared item list's maximum; a larger
    /// figure is lowered to it).
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.chunk_size = Some(n.max(1));
        self
    }

    /// Skips the first `n` input items (resume after [`BulkRun::checkpoint`](super::BulkRun::checkpoint)
    /// returned `n`). Their keys still count for duplicate detection.
    pub fn resume_from(mut self, n: u64) -> Self {
        self.resume_from = n;
        self
    }

    /// Skips every input position for which `skip` answers true (e.g. positions a journal says
    /// are done, kept in a [`Positions`](super::Positions) set), in addition to
    /// [`BulkOptions::resume_from`].
    pub fn skip(mut self, skip: impl Fn(u64) -> bool + Send + Sync + 'static) -> Self {
        self.skip = Some(Arc::new(skip));
        self
    }

    /// How long a partial chunk waits for more input before it is sent (default 50 ms).
    pub fn linger(mut self, linger: Duration) -> Self {
        self.linger = linger;
        self
    }

    /// The number of input items, when known: for the progress ETA, and to make room in the
    /// duplicate set ahead (for up to 2^24 distinct keys), instead of growing it as it fills.
    pub fn total_hint(mut self, total: u64) -> Self {
        self.total_hint = Some(total);
        self
    }

    /// Whether to stop sending once a chunk failed with an authentication or permission error
    /// (wrong key, not an admin, ...), or failed for good before the service answered any
    /// chunk of this run (nothing listening, TLS or HTTP errors: a wrong endpoint); default on.
    /// Every remaining item is still read and reported, not attempted, without a request:
    /// retrying a million items with a wrong key or address helps nobody.
    pub fn stop_on_auth_error(mut self, on: bool) -> Self {
        self.stop_on_auth_error = on;
        self
    }

    /// Calls `hook` with each chunk just before it is first sent (a write-ahead record: a
    /// journal can then tell, after a crash, which items may have reached the service without
    /// their outcome being known, and with which key fields). When it fails, the chunk is not
    /// sent, its items and all later ones are [`NotAttempted::Stopped`](super::NotAttempted::Stopped)
    /// with the hook's error, and the job stops. The hook's error is any error type (an
    /// `io::Error`, the journal's own), or a message (`String`, `&str`).
    pub fn before_send<E>(
        mut self,
        hook: impl Fn(&Sending<'_>) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self
    where
        E: Into<HookError>,
    {
        self.before_send = Some(Arc::new(move |sending| hook(sending).map_err(Into::into)));
        self
    }

    /// Input positions an earlier run may have sent without learning the outcome (from a
    /// [`BulkOptions::before_send`] record); each chunk's operation sees them in
    /// [`Batch::sent_before`](super::Batch::sent_before) (a delete takes "does not exist" for
    /// such an item as that earlier request's success).
    pub fn sent_before(mut self, sent: impl Fn(u64) -> bool + Send + Sync + 'static) -> Self {
        self.sent_before = Some(Arc::new(sent));
        self
    }

    /// What an earlier run recorded of the chunks it sent without learning their outcome (from
    /// [`BulkOptions::before_send`] records: each request's key fields and when it left), by
    /// input position, oldest first; a position with any is also
    /// [`sent_before`](super::Batch::sent_before). Each chunk's operation sees them in
    /// [`Batch::earlier_sends`](super::Batch::earlier_sends). For an API declared
    /// [`SameRequest`](im_proto::RetrySafety::SameRequest), a chunk whose every item was last
    /// sent with the same key, less than the declared window ago, is sent again with that key
    /// (the service takes it for the same request), its resends kept within what is left of
    /// the window; any other chunk gets a new key from the operation.
    pub fn earlier_sends(
        mut self,
        sends: impl Fn(u64) -> Vec<EarlierSend> + Send + Sync + 'static,
    ) -> Self {
        self.earlier_sends = Some(Arc::new(sends));
        self
    }

    /// How many failures the report keeps as examples (default 100).
    pub fn failure_samples(mut self, n: usize) -> Self {
        self.failure_samples = n;
        self
    }
}

impl fmt::Debug for BulkOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkOptions")
            .field("concurrency", &self.concurrency)
            .field("retry", &self.retry)
            .field("dedup", &self.dedup)
            .field("chunk_size", &self.chunk_size)
            .field("resume_from", &self.resume_from)
            .field("skip", &self.skip.as_ref().map(|_| "<fn>"))
            .field("linger", &self.linger)
            .field("before_send", &self.before_send.as_ref().map(|_| "<fn>"))
            .field("sent_before", &self.sent_before.as_ref().map(|_| "<fn>"))
            .field(
                "earlier_sends",
                &self.earlier_sends.as_ref().map(|_| "<fn>"),
            )
            .finish_non_exhaustive()
    }
}
