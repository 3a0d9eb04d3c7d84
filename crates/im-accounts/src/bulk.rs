//! The bulk engine: millions of accounts, streamed, rate-saturating, with exact accounting.
//!
//! [`Client::bulk`] takes a stream (or, with [`Client::bulk_iter`], an iterator) of
//! [`BulkItem`]s of any length and returns a [`BulkRun`]: a stream of one [`BulkOutcome`] per
//! input item, then a [`Report`] from [`BulkRun::finish`].
//!
//! - Valid accounts are chunked at the API's maximum (100, or 500 for online status) and sent
//!   with up to [`BulkOptions::concurrency`] requests in flight; the client's rate limiter keeps
//!   the call rate at the configured limit, so the in-flight count only has to cover latency.
//! - Each chunk is retried under its own budget ([`RetryPolicy::bulk`]: 10 attempts within two
//!   minutes). A chunk that fails for good fails each of its accounts with that error.
//! - The batch import's `FailAccounts` are imported alone with the single import
//!   ([`BulkOptions::fail_accounts_retries`], once by default) to obtain a specific code:
//!   several at a time within the rate limit, with a small budget of their own, and all at once
//!   failed with the reason when the single import turns out to be out of service.
//! - Every input item gets exactly one outcome: invalid IDs fail validation without sinking their
//!   chunk, and repeats of an earlier UserID are skipped as [`Success::Duplicate`] (naming the
//!   position of the first occurrence; not a failure).
//! - An authentication or permission error (wrong key, not an admin...), or a chunk failing for
//!   good before the service ever answered (a wrong endpoint), stops the sending: the remaining
//!   items are failed with it without requests ([`BulkOptions::stop_on_auth_error`]).
//! - Memory stays flat: the input is pulled only as fast as chunks can be sent and outcomes
//!   consumed, and nothing keeps the input or the outcomes. Duplicate detection keeps a 64-bit
//!   hash and the first position per distinct UserID (20 to 23 bytes each with the tables'
//!   spare room, whatever the count; turn it off with [`BulkOptions::dedup`]).
//!
//! Inside, each concern is a part with its own tests: `admit` (resume skips, validation,
//! duplicates, chunking), `inflight` (at most `concurrency` chunk tasks, none lost if one
//! dies), `stop` (when to stop sending), `report` (the accounting), and the per-API chunks in
//! `crate::ops`, all built on one call-and-map helper. The engine's loop only moves items
//! between them.
//! - [`BulkRun::checkpoint`] is the input position below which every item's outcome has been
//!   yielded; restart with [`BulkOptions::resume_from`] (or skip arbitrary positions with
//!   [`BulkOptions::skip`]) to continue without losing or repeating work.

use std::fmt;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{FutureExt, Stream, StreamExt};
use im_client::{Failure, RetryPolicy};
use im_proto::{Api, Profile, ProfileTag, UserId};
use tokio::sync::{mpsc, watch};

mod admit;
mod inflight;
mod positions;
mod report;
mod stop;

use admit::{Admission, Admitted, Chunker, SkipRun};
use inflight::InFlight;
pub use positions::{ParsePositionsError, Positions};
use report::Tally;
pub use report::{Counts, FailureSample, Report};
use stop::StopPolicy;

use crate::Client;
use crate::ops::{self, ChunkTally, Pending, StatusOptions};
pub use crate::ops::{Success, SuccessKind};

/// What a bulk run does to each account.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BulkOp {
    /// Import ([`Api::MultiaccountImport`]; `AccountList` when any item has a profile).
    Import,
    /// Check whether imported ([`Api::AccountCheck`]).
    Check,
    /// Delete ([`Api::AccountDelete`]).
    Delete,
    /// Query online status ([`Api::QueryOnlineStatus`]).
    OnlineStatus(StatusOptions),
    /// Invalidate each account's login state ([`Api::Kick`], one account per call).
    Kick,
    /// Read these profile fields of each account ([`Api::PortraitGet`], 100 per call); each
    /// success is a [`Success::Profile`].
    ProfileGet(Arc<[ProfileTag]>),
    /// Set each item's profile fields ([`Api::PortraitSet`], one account per call): a
    /// [`BulkItem::Profile`], or an [`BulkItem::Account`]'s `Nick` and `FaceUrl`.
    ProfileSet,
}

impl BulkOp {
    /// Reading `tags` of each account.
    pub fn profile_get(tags: impl IntoIterator<Item = ProfileTag>) -> Self {
        BulkOp::ProfileGet(tags.into_iter().collect())
    }

    /// The API the chunks go to.
    pub fn api(&self) -> Api {
        match self {
            BulkOp::Import => Api::MultiaccountImport,
            BulkOp::Check => Api::AccountCheck,
            BulkOp::Delete => Api::AccountDelete,
            BulkOp::OnlineStatus(_) => Api::QueryOnlineStatus,
            BulkOp::Kick => Api::Kick,
            BulkOp::ProfileGet(_) => Api::PortraitGet,
            BulkOp::ProfileSet => Api::PortraitSet,
        }
    }

    /// A short name: `import`, `check`, `delete`, `status`, `profile-get`, `profile-set`, or
    /// the API's command word.
    pub fn name(&self) -> &'static str {
        match self {
            BulkOp::Import => "import",
            BulkOp::Check => "check",
            BulkOp::Delete => "delete",
            BulkOp::OnlineStatus(_) => "status",
            BulkOp::Kick => Api::Kick.as_str(),
            BulkOp::ProfileGet(_) => "profile-get",
            BulkOp::ProfileSet => "profile-set",
        }
    }

    /// What the operation takes from an item's profile.
    fn profiles(&self) -> ProfileUse {
        match self {
            BulkOp::Import => ProfileUse::Import,
            BulkOp::ProfileSet => ProfileUse::Full,
            _ => ProfileUse::Ignore,
        }
    }
}

/// What an operation takes from an item's profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProfileUse {
    /// Nothing: the UserID only.
    Ignore,
    /// `Nick` and `FaceUrl`, as an import sets them.
    Import,
    /// Every field, at least one.
    Full,
}

/// One input item.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BulkItem {
    /// An account, by its raw UserID (checked by the engine), with an optional profile that
    /// only [`BulkOp::Import`] uses.
    Account {
        /// The UserID as given.
        user_id: String,
        /// `Nick`.
        nick: Option<String>,
        /// `FaceUrl`.
        face_url: Option<String>,
    },
    /// An account with any profile fields, for [`BulkOp::ProfileSet`] (an import takes its
    /// `Nick` and `Image`; other operations its UserID).
    Profile {
        /// The UserID as given.
        user_id: String,
        /// The fields.
        profile: Box<Profile>,
    },
    /// An input the caller could not read (a malformed line, say); it is reported failed with
    /// this reason, and counted, like any other item.
    Rejected {
        /// What identifies the input in the report (e.g. `line 7`).
        label: String,
        /// Why it was rejected.
        reason: String,
    },
}

impl BulkItem {
    /// The UserID as given and the fields of an account item (an [`BulkItem::Account`]'s
    /// `Nick` and `FaceUrl` as `Nick` and `Image`); any other item back, unchanged.
    ///
    /// # Errors
    ///
    /// The item itself when it is not an account ([`BulkItem::Rejected`]).
    pub fn into_account(self) -> Result<(String, Profile), BulkItem> {
        match self {
            BulkItem::Account {
                user_id,
                nick,
                face_url,
            } => {
                let mut profile = Profile::new();
                profile.nick = nick;
                profile.image = face_url;
                Ok((user_id, profile))
            }
            BulkItem::Profile { user_id, profile } => Ok((user_id, *profile)),
            other => Err(other),
        }
    }

    /// An account by UserID.
    pub fn account(user_id: impl Into<String>) -> Self {
        BulkItem::Account {
            user_id: user_id.into(),
            nick: None,
            face_url: None,
        }
    }

    /// An account with a profile (for import).
    pub fn profile(
        user_id: impl Into<String>,
        nick: Option<String>,
        face_url: Option<String>,
    ) -> Self {
        BulkItem::Account {
            user_id: user_id.into(),
            nick,
            face_url,
        }
    }

    /// An account with profile fields (for [`BulkOp::ProfileSet`]).
    pub fn with_profile(user_id: impl Into<String>, profile: Profile) -> Self {
        BulkItem::Profile {
            user_id: user_id.into(),
            profile: Box::new(profile),
        }
    }

    /// An input that could not be read.
    pub fn rejected(label: impl Into<String>, reason: impl Into<String>) -> Self {
        BulkItem::Rejected {
            label: label.into(),
            reason: reason.into(),
        }
    }
}

impl From<String> for BulkItem {
    fn from(user_id: String) -> Self {
        BulkItem::account(user_id)
    }
}

impl From<&str> for BulkItem {
    fn from(user_id: &str) -> Self {
        BulkItem::account(user_id)
    }
}

impl From<UserId> for BulkItem {
    fn from(user_id: UserId) -> Self {
        BulkItem::account(user_id.into_string())
    }
}

/// The outcome of one input item.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BulkOutcome {
    /// The item's 0-based position in the input.
    pub position: u64,
    /// The UserID as given (for a rejected item, its label).
    pub user_id: String,
    /// What happened.
    pub result: Result<Success, Failure>,
}

impl BulkOutcome {
    /// The outcome of the item at `position` (to test what consumes outcomes).
    pub fn new(
        position: u64,
        user_id: impl Into<String>,
        result: Result<Success, Failure>,
    ) -> Self {
        BulkOutcome {
            position,
            user_id: user_id.into(),
            result,
        }
    }

    /// Whether the item succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// How a bulk run behaves.
#[derive(Clone)]
pub struct BulkOptions {
    concurrency: usize,
    retry: RetryPolicy,
    fail_accounts_retries: u32,
    dedup: bool,
    chunk_size: Option<usize>,
    resume_from: u64,
    skip: Option<Arc<dyn Fn(u64) -> bool + Send + Sync>>,
    linger: Duration,
    total_hint: Option<u64>,
    failure_samples: usize,
    stop_on_auth_error: bool,
    before_send: Option<BeforeSend>,
    sent_before: Option<Arc<dyn Fn(u64) -> bool + Send + Sync>>,
}

/// Called with a chunk's input positions just before the chunk is first sent.
type BeforeSend = Arc<dyn Fn(&[u64]) -> Result<(), String> + Send + Sync>;

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            concurrency: 64,
            retry: RetryPolicy::bulk(),
            fail_accounts_retries: 1,
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

    /// How many times an account listed in `FailAccounts` is retried alone with the single
    /// import to learn its code (default 1; 0 reports it as
    /// [`Failure::ListedInFailAccounts`]).
    pub fn fail_accounts_retries(mut self, n: u32) -> Self {
        self.fail_accounts_retries = n;
        self
    }

    /// Whether repeated UserIDs are detected and reported as duplicates (default on). Off makes
    /// memory fully flat for inputs known to be unique.
    pub fn dedup(mut self, on: bool) -> Self {
        self.dedup = on;
        self
    }

    /// Accounts per request (default and maximum: the API's limit).
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.chunk_size = Some(n.max(1));
        self
    }

    /// Skips the first `n` input items (resume after [`BulkRun::checkpoint`] returned `n`). Their
    /// UserIDs still count for duplicate detection.
    pub fn resume_from(mut self, n: u64) -> Self {
        self.resume_from = n;
        self
    }

    /// Skips every input position for which `skip` answers true (e.g. positions a journal says
    /// are done, kept in a [`Positions`] set), in addition to [`BulkOptions::resume_from`].
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
    /// duplicate set ahead (for up to 2^24 distinct UserIDs), instead of growing it as it fills.
    pub fn total_hint(mut self, total: u64) -> Self {
        self.total_hint = Some(total);
        self
    }

    /// Whether to stop sending once a chunk failed with an authentication or permission error
    /// (wrong key, not an admin, ...), or failed for good before the service answered any
    /// chunk of this run (nothing listening, TLS or HTTP errors: a wrong endpoint); default on.
    /// Every remaining item is still read and reported, failed with that error, without a
    /// request: retrying a million accounts with a wrong key or address helps nobody.
    pub fn stop_on_auth_error(mut self, on: bool) -> Self {
        self.stop_on_auth_error = on;
        self
    }

    /// Calls `hook` with a chunk's input positions just before the chunk is first sent (a
    /// write-ahead record: a journal can then tell, after a crash, which items may have
    /// reached the service without their outcome being known). When it fails, the chunk is not
    /// sent, its items and all later ones are [`Failure::NotAttempted`] with the hook's message,
    /// and the job stops.
    pub fn before_send(
        mut self,
        hook: impl Fn(&[u64]) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.before_send = Some(Arc::new(hook));
        self
    }

    /// Input positions an earlier run may have sent without learning the outcome (from a
    /// [`BulkOptions::before_send`] record). For a delete, such an account answered 70107
    /// (does not exist) is [`Success::Absent`]: that earlier request deleted it.
    pub fn sent_before(mut self, sent: impl Fn(u64) -> bool + Send + Sync + 'static) -> Self {
        self.sent_before = Some(Arc::new(sent));
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
            .field("fail_accounts_retries", &self.fail_accounts_retries)
            .field("dedup", &self.dedup)
            .field("chunk_size", &self.chunk_size)
            .field("resume_from", &self.resume_from)
            .field("skip", &self.skip.as_ref().map(|_| "<fn>"))
            .field("linger", &self.linger)
            .field("before_send", &self.before_send.as_ref().map(|_| "<fn>"))
            .field("sent_before", &self.sent_before.as_ref().map(|_| "<fn>"))
            .finish_non_exhaustive()
    }
}

/// A progress snapshot.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// Items with an outcome so far.
    pub done: u64,
    /// Of which succeeded.
    pub succeeded: u64,
    /// Of which failed.
    pub failed: u64,
    /// Of which were never sent because the job stopped.
    pub not_attempted: u64,
    /// Items skipped by resume.
    pub skipped: u64,
    /// The input size, when given with [`BulkOptions::total_hint`].
    pub total: Option<u64>,
    /// Time since the run started.
    pub elapsed: Duration,
    /// Items per second so far.
    pub rate: f64,
    /// Estimated time left, when the total is known.
    pub eta: Option<Duration>,
}

enum Msg {
    Outcomes(Vec<BulkOutcome>),
    Skipped { start: u64, end: u64 },
    Done(Report),
}

/// A running bulk job: a stream of outcomes, then [`BulkRun::finish`] for the report.
///
/// Dropping it stops the job (in-flight requests are abandoned).
pub struct BulkRun {
    rx: mpsc::Receiver<Msg>,
    /// The rest of the latest batch of outcomes, yielded from where the engine put them.
    buffered: std::vec::IntoIter<BulkOutcome>,
    progress: watch::Receiver<Progress>,
    yielded: Positions,
    /// The latest run of consecutive yielded positions, not yet in `yielded` (most outcomes
    /// come in order: one range insert per run instead of one per outcome).
    run: Option<std::ops::Range<u64>>,
    report: Option<Report>,
    op: BulkOp,
    engine: tokio::task::JoinHandle<()>,
}

impl BulkRun {
    /// A receiver of progress snapshots (updated after every chunk).
    pub fn progress(&self) -> watch::Receiver<Progress> {
        self.progress.clone()
    }

    /// The input position below which every item has been yielded by this stream or skipped:
    /// persist it and pass it to [`BulkOptions::resume_from`] to continue after a crash.
    pub fn checkpoint(&self) -> u64 {
        let mut watermark = self.yielded.low_watermark();
        if let Some(run) = &self.run
            && run.start <= watermark
            && run.end > watermark
        {
            watermark = run.end;
            while self.yielded.contains(watermark) {
                watermark = self.yielded.next_gap(watermark);
            }
        }
        watermark
    }

    /// Records a yielded position.
    fn yielded(&mut self, position: u64) {
        match &mut self.run {
            Some(run) if run.end == position => run.end += 1,
            run => {
                if let Some(done) = run.replace(position..position + 1) {
                    self.yielded.insert_range(done);
                }
            }
        }
    }

    /// The report, once the stream has ended.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Consumes the remaining outcomes (dropping them) and returns the report.
    pub async fn finish(mut self) -> Report {
        while self.next().await.is_some() {}
        self.report
            .take()
            .unwrap_or_else(|| Report::new(self.op.clone()))
    }
}

impl Drop for BulkRun {
    fn drop(&mut self) {
        self.engine.abort();
    }
}

impl Stream for BulkRun {
    type Item = BulkOutcome;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<BulkOutcome>> {
        let this = &mut *self;
        loop {
            if let Some(outcome) = this.buffered.next() {
                this.yielded(outcome.position);
                return Poll::Ready(Some(outcome));
            }
            match this.rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Msg::Outcomes(batch))) => this.buffered = batch.into_iter(),
                Poll::Ready(Some(Msg::Skipped { start, end })) => {
                    this.yielded.insert_range(start..end)
                }
                Poll::Ready(Some(Msg::Done(report))) => {
                    this.report = Some(report);
                    return Poll::Ready(None);
                }
            }
        }
    }
}

impl fmt::Debug for BulkRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkRun")
            .field("checkpoint", &self.checkpoint())
            .field("finished", &self.report.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts a bulk job over a stream of items. Must be called within a tokio runtime.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) {
    /// use futures::StreamExt;
    /// use im_accounts::bulk::{BulkItem, BulkOp, BulkOptions};
    ///
    /// let input = (0..1_000_000).map(|i| BulkItem::account(format!("user_{i}")));
    /// let mut run = client.bulk_iter(BulkOp::Import, input, BulkOptions::default());
    /// while let Some(outcome) = run.next().await {
    ///     if let Err(failure) = &outcome.result {
    ///         eprintln!("{} (#{}): {failure}", outcome.user_id, outcome.position);
    ///     }
    /// }
    /// let report = run.report().unwrap();
    /// println!("{} imported, {} failed", report.succeeded, report.failed);
    /// # }
    /// ```
    pub fn bulk<S>(&self, op: BulkOp, input: S, options: BulkOptions) -> BulkRun
    where
        S: Stream<Item = BulkItem> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(64);
        let (progress_tx, progress_rx) = watch::channel(Progress {
            total: options.total_hint,
            ..Progress::default()
        });
        let engine = Engine::new(self.clone(), op.clone(), options, tx, progress_tx);
        let handle = tokio::spawn(engine.run(Box::pin(input)));
        BulkRun {
            rx,
            buffered: Vec::new().into_iter(),
            progress: progress_rx,
            yielded: Positions::new(),
            run: None,
            report: None,
            op,
            engine: handle,
        }
    }

    /// [`Client::bulk`] over an iterator.
    pub fn bulk_iter<I>(&self, op: BulkOp, input: I, options: BulkOptions) -> BulkRun
    where
        I: IntoIterator<Item = BulkItem>,
        I::IntoIter: Send + 'static,
    {
        self.bulk(op, futures::stream::iter(input), options)
    }
}

/// What a chunk task hands back.
struct ChunkDone {
    outcomes: Vec<BulkOutcome>,
    tally: ChunkTally,
}

/// The consumer of the outcomes is gone: the job stops.
struct Gone;

/// At most this many immediate outcomes (invalid, duplicate) wait before they are sent on.
const IMMEDIATE_BATCH: usize = 256;

/// Moves items from the input through admission and chunks to the service, and outcomes to
/// the consumer.
struct Engine {
    client: Client,
    op: BulkOp,
    retry: RetryPolicy,
    fail_accounts_retries: u32,
    linger: Duration,
    admission: Admission,
    chunker: Chunker,
    /// The items being admitted (kept for its allocation).
    batch: Vec<BulkItem>,
    skipped: SkipRun,
    immediate: Vec<BulkOutcome>,
    ready: Option<Vec<Pending>>,
    inflight: InFlight,
    stop: StopPolicy,
    tally: Tally,
    tx: mpsc::Sender<Msg>,
    position: u64,
    input_done: bool,
    before_send: Option<BeforeSend>,
    sent_before: Option<SentBefore>,
}

/// Positions an earlier run may have sent.
pub(crate) type SentBefore = Arc<dyn Fn(u64) -> bool + Send + Sync>;

impl Engine {
    fn new(
        client: Client,
        op: BulkOp,
        options: BulkOptions,
        tx: mpsc::Sender<Msg>,
        progress: watch::Sender<Progress>,
    ) -> Self {
        let max = op.api().metadata().max_items;
        let chunk_size = options.chunk_size.map_or(max, |n| n.min(max));
        Engine {
            admission: Admission::new(&options, op.profiles()),
            chunker: Chunker::new(chunk_size),
            batch: Vec::with_capacity(chunk_size),
            inflight: InFlight::new(options.concurrency),
            stop: StopPolicy::new(options.stop_on_auth_error),
            tally: Tally::new(
                op.clone(),
                options.failure_samples,
                options.total_hint,
                progress,
            ),
            before_send: options.before_send.clone(),
            sent_before: options.sent_before.clone(),
            retry: options.retry,
            fail_accounts_retries: options.fail_accounts_retries,
            linger: options.linger,
            skipped: SkipRun::default(),
            immediate: Vec::new(),
            ready: None,
            client,
            op,
            tx,
            position: 0,
            input_done: false,
        }
    }

    async fn run(mut self, mut input: Pin<Box<dyn Stream<Item = BulkItem> + Send>>) {
        // One timer for the partial chunk's linger, reset when a chunk starts (not one per
        // item).
        let linger = tokio::time::sleep(self.linger);
        tokio::pin!(linger);
        loop {
            if self.dispatch().await.is_err() {
                return;
            }
            if self.input_done && self.ready.is_none() && self.inflight.is_empty() {
                break;
            }
            let can_pull = !self.input_done && self.ready.is_none();
            let partial = !self.chunker.is_empty();
            let step = tokio::select! {
                biased;
                Some(done) = self.inflight.join_next(), if !self.inflight.is_empty() => {
                    self.on_chunk(done).await
                }
                next = input.next(), if can_pull => {
                    let step = self.on_input(next, &mut input).await;
                    if !partial && !self.chunker.is_empty() {
                        linger.as_mut().reset(tokio::time::Instant::now() + self.linger);
                    }
                    step
                }
                () = &mut linger, if can_pull && partial => self.on_pulled(Pulled::Idle).await,
                else => Ok(()),
            };
            if step.is_err() {
                return;
            }
        }
        let _ = self.finish().await;
    }

    /// Hands the ready chunk to a free slot (after the [`BulkOptions::before_send`] hook), or
    /// reports it not attempted at once when the job stopped.
    async fn dispatch(&mut self) -> Result<(), Gone> {
        let Some(batch) = self.ready.take() else {
            return Ok(());
        };
        if self.stop.stopped().is_none() && !self.inflight.has_room() {
            self.ready = Some(batch);
            return Ok(());
        }
        if self.stop.stopped().is_none()
            && let Some(hook) = &self.before_send
        {
            let positions: Vec<u64> = batch.iter().map(|p| p.position).collect();
            if let Err(why) = hook(&positions) {
                let err = im_client::Error::config(format!("not sent: {why}"));
                self.stop.stop(Arc::new(err));
            }
        }
        if let Some(error) = self.stop.stopped() {
            let outcomes = batch
                .into_iter()
                .map(|p| BulkOutcome {
                    position: p.position,
                    user_id: p.id.into_string(),
                    result: Err(Failure::NotAttempted(error.clone())),
                })
                .collect();
            return self.emit(outcomes).await;
        }
        let chunk = Chunk {
            client: self.client.clone(),
            op: self.op.clone(),
            policy: self.retry.clone(),
            fail_accounts_retries: self.fail_accounts_retries,
            sent_before: self.sent_before.clone(),
        };
        self.inflight.spawn(batch, move |batch| chunk.run(batch));
        Ok(())
    }

    /// A chunk came back: count its requests, let the stop policy see it, send its outcomes.
    async fn on_chunk(&mut self, done: ChunkDone) -> Result<(), Gone> {
        self.tally.requests(&done.tally);
        self.stop.observe(&done.outcomes);
        self.emit(done.outcomes).await
    }

    /// The input's next item (or its end), then whatever more is ready at once, up to what the
    /// current chunk takes: one turn of the loop per chunk's worth of items, not per item.
    /// The batch is entered in the duplicate set first (the entries overlap), then admitted
    /// item by item without awaiting anything; only a full batch of immediate outcomes, the
    /// end of a run of skipped positions and a ready chunk wait for the consumer.
    async fn on_input(
        &mut self,
        first: Option<BulkItem>,
        input: &mut Pin<Box<dyn Stream<Item = BulkItem> + Send>>,
    ) -> Result<(), Gone> {
        let Some(first) = first else {
            return self.on_pulled(Pulled::End).await;
        };
        let mut batch = std::mem::take(&mut self.batch);
        batch.push(first);
        let mut ended = false;
        while batch.len() < self.chunker.room() {
            match input.next().now_or_never() {
                Some(Some(item)) => batch.push(item),
                Some(None) => {
                    ended = true;
                    break;
                }
                None => break,
            }
        }
        self.admission.claim(&batch);
        for item in batch.drain(..) {
            if let Some((start, end)) = self.on_item(item) {
                self.send(Msg::Skipped { start, end }).await?;
            }
            if self.immediate.len() >= IMMEDIATE_BATCH {
                self.flush_immediate().await?;
            }
        }
        self.batch = batch;
        if ended {
            return self.on_pulled(Pulled::End).await;
        }
        if self.ready.is_some() {
            self.flush_immediate().await?;
        }
        Ok(())
    }

    /// A pause in the input, or its end.
    async fn on_pulled(&mut self, pulled: Pulled) -> Result<(), Gone> {
        match pulled {
            Pulled::Idle => self.ready = self.chunker.flush(),
            Pulled::End => {
                self.input_done = true;
                self.ready = self.chunker.flush();
            }
        }
        self.flush_immediate().await
    }

    /// Admits one item into the chunk or the immediate outcomes; the run of skipped positions
    /// it ended, if any, to be sent on before them.
    fn on_item(&mut self, item: BulkItem) -> Option<(u64, u64)> {
        let position = self.position;
        self.position += 1;
        self.tally.read();
        match self.admission.admit(position, item) {
            Admitted::Skipped => {
                self.tally.skipped();
                self.skipped.add(position)
            }
            Admitted::Pending(pending) => {
                self.ready = self.chunker.push(pending);
                self.skipped.take()
            }
            Admitted::Outcome(outcome) => {
                self.immediate.push(outcome);
                self.skipped.take()
            }
        }
    }

    async fn flush_immediate(&mut self) -> Result<(), Gone> {
        let outcomes = std::mem::take(&mut self.immediate);
        self.emit(outcomes).await
    }

    /// Counts outcomes, publishes progress and forwards them.
    async fn emit(&mut self, outcomes: Vec<BulkOutcome>) -> Result<(), Gone> {
        if outcomes.is_empty() {
            return Ok(());
        }
        self.tally.outcomes(&outcomes);
        self.tally.publish();
        self.send(Msg::Outcomes(outcomes)).await
    }

    async fn send(&self, msg: Msg) -> Result<(), Gone> {
        self.tx.send(msg).await.map_err(|_| Gone)
    }

    /// Sends what is left, then the report.
    async fn finish(mut self) -> Result<(), Gone> {
        self.flush_immediate().await?;
        if let Some((start, end)) = self.skipped.take() {
            self.send(Msg::Skipped { start, end }).await?;
        }
        let tx = self.tx.clone();
        let report = self.tally.finish();
        tx.send(Msg::Done(report)).await.map_err(|_| Gone)
    }
}

enum Pulled {
    /// No item within the linger time while a partial chunk waits.
    Idle,
    /// The input ended.
    End,
}

/// What sending a chunk needs.
struct Chunk {
    client: Client,
    op: BulkOp,
    policy: RetryPolicy,
    fail_accounts_retries: u32,
    sent_before: Option<SentBefore>,
}

impl Chunk {
    /// Sends one chunk through its API's bulk operation.
    async fn run(self, batch: Vec<Pending>) -> ChunkDone {
        let mut tally = ChunkTally::default();
        let results = self.results(&batch, &mut tally).await;
        debug_assert_eq!(results.len(), batch.len());
        let outcomes = batch
            .into_iter()
            .zip(results)
            .map(|(pending, result)| BulkOutcome {
                position: pending.position,
                user_id: pending.id.into_string(),
                result,
            })
            .collect();
        ChunkDone { outcomes, tally }
    }

    async fn results(
        &self,
        batch: &[Pending],
        tally: &mut ChunkTally,
    ) -> Vec<Result<Success, Failure>> {
        let (client, policy) = (&self.client, &self.policy);
        let call = async {
            match &self.op {
                BulkOp::Import => {
                    let retries = self.fail_accounts_retries;
                    ops::import_chunk(client, batch, policy, retries, tally).await
                }
                BulkOp::Check => ops::check_chunk(client, batch, policy, tally).await,
                BulkOp::Delete => {
                    let earlier = self.sent_before.as_deref();
                    ops::delete_chunk(client, batch, policy, tally, earlier).await
                }
                BulkOp::OnlineStatus(options) => {
                    ops::status_chunk(client, *options, batch, policy, tally).await
                }
                BulkOp::Kick => ops::kick_chunk(client, batch, policy, tally).await,
                BulkOp::ProfileGet(tags) => {
                    ops::profile_get_chunk(client, tags, batch, policy, tally).await
                }
                BulkOp::ProfileSet => ops::profile_set_chunk(client, batch, policy, tally).await,
            }
        };
        // A panic in the API's code (it never should) fails each account, IDs and all.
        match AssertUnwindSafe(call).catch_unwind().await {
            Ok(results) => results,
            Err(_) => ops::fail_all(
                batch.len(),
                Failure::Request(Arc::new(im_client::Error::config(
                    "internal error in a bulk chunk (a panic)",
                ))),
            ),
        }
    }
}
