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
//! - The batch import's `FailAccounts` are retried one by one with the single import
//!   ([`BulkOptions::fail_accounts_retries`], once by default) to obtain a specific code.
//! - Every input item gets exactly one outcome: invalid IDs fail validation without sinking their
//!   chunk, and repeats of an earlier UserID are reported as [`Failure::Duplicate`].
//! - An authentication or permission error (wrong key, not an admin...), or a chunk failing for
//!   good before the service ever answered (a wrong endpoint), stops the sending: the remaining
//!   items are failed with it without requests ([`BulkOptions::stop_on_auth_error`]).
//! - Memory stays flat: the input is pulled only as fast as chunks can be sent and outcomes
//!   consumed, and nothing keeps the input or the outcomes. Duplicate detection keeps a 64-bit
//!   hash per distinct UserID (about 16 bytes each; turn it off with [`BulkOptions::dedup`]).
//! - [`BulkRun::checkpoint`] is the input position below which every item's outcome has been
//!   yielded; restart with [`BulkOptions::resume_from`] (or skip arbitrary positions with
//!   [`BulkOptions::skip`]) to continue without losing or repeating work.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use futures::{Stream, StreamExt};
use im_proto::{AccountProfile, Api, UserId};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

mod positions;

pub use crate::ops::Success;
use crate::ops::{self, ChunkTally, Pending, StatusOptions};
use crate::{Client, Error, Failure, RetryPolicy};
pub use positions::{ParsePositionsError, Positions};

/// What a bulk run does to each account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

impl BulkOp {
    /// The API the chunks go to.
    pub fn api(self) -> Api {
        match self {
            BulkOp::Import => Api::MultiaccountImport,
            BulkOp::Check => Api::AccountCheck,
            BulkOp::Delete => Api::AccountDelete,
            BulkOp::OnlineStatus(_) => Api::QueryOnlineStatus,
            BulkOp::Kick => Api::Kick,
        }
    }

    /// A short name: `import`, `check`, `delete`, `status`, or the API's command word.
    pub fn name(self) -> &'static str {
        match self {
            BulkOp::Import => "import",
            BulkOp::Check => "check",
            BulkOp::Delete => "delete",
            BulkOp::OnlineStatus(_) => "status",
            BulkOp::Kick => Api::Kick.as_str(),
        }
    }
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
}

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

    /// The number of input items, when known, for progress ETA.
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

/// The final account of a run.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The operation's name (`import`, `check`, `delete`, `status`).
    pub op: &'static str,
    /// Input items read, skipped ones included.
    pub total: u64,
    /// Items skipped by resume.
    pub skipped: u64,
    /// Items that succeeded.
    pub succeeded: u64,
    /// Items that failed.
    pub failed: u64,
    /// Successes by label ([`Success::label`]).
    pub by_status: BTreeMap<String, u64>,
    /// Failures by label ([`Failure::label`]).
    pub failures_by_reason: BTreeMap<String, u64>,
    /// The first failures, as (position, UserID, reason).
    pub failure_samples: Vec<(u64, String, String)>,
    /// Requests sent (chunk attempts and single retries of `FailAccounts`).
    pub requests: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Throttled answers.
    pub throttled: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    /// Items with an outcome per second (skipped ones excluded).
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            (self.succeeded + self.failed) as f64 / secs
        } else {
            0.0
        }
    }
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
    buffered: VecDeque<BulkOutcome>,
    progress: watch::Receiver<Progress>,
    yielded: Positions,
    report: Option<Report>,
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
        self.yielded.low_watermark()
    }

    /// The report, once the stream has ended.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Consumes the remaining outcomes (dropping them) and returns the report.
    pub async fn finish(mut self) -> Report {
        while self.next().await.is_some() {}
        self.report.take().unwrap_or_default()
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
            if let Some(outcome) = this.buffered.pop_front() {
                this.yielded.insert(outcome.position);
                return Poll::Ready(Some(outcome));
            }
            match this.rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Msg::Outcomes(batch))) => this.buffered.extend(batch),
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

/// A `Hasher` for keys that already are hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The distinct UserIDs seen so far, as keyed 64-bit hashes (random key per run, so inputs
/// cannot be crafted to collide).
struct Seen {
    key: RandomState,
    hashes: HashSet<u64, BuildHasherDefault<IdentityHasher>>,
}

impl Seen {
    fn new() -> Self {
        Seen {
            key: RandomState::new(),
            hashes: HashSet::default(),
        }
    }

    /// Records `id`; false if it was already there.
    fn insert(&mut self, id: &str) -> bool {
        self.hashes.insert(self.key.hash_one(id))
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
        let engine = Engine::new(self.clone(), op, options, tx, progress_tx);
        let handle = tokio::spawn(engine.run(Box::pin(input)));
        BulkRun {
            rx,
            buffered: VecDeque::new(),
            progress: progress_rx,
            yielded: Positions::new(),
            report: None,
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

struct Engine {
    client: Client,
    op: BulkOp,
    options: BulkOptions,
    chunk_size: usize,
    tx: mpsc::Sender<Msg>,
    progress_tx: watch::Sender<Progress>,
    started: Instant,
    report: Report,
}

impl Engine {
    fn new(
        client: Client,
        op: BulkOp,
        options: BulkOptions,
        tx: mpsc::Sender<Msg>,
        progress_tx: watch::Sender<Progress>,
    ) -> Self {
        let max = op.api().metadata().max_items;
        let chunk_size = options.chunk_size.map_or(max, |n| n.min(max));
        Engine {
            client,
            op,
            options,
            chunk_size,
            tx,
            progress_tx,
            started: Instant::now(),
            report: Report {
                op: op.name(),
                ..Report::default()
            },
        }
    }

    async fn run(mut self, mut input: Pin<Box<dyn Stream<Item = BulkItem> + Send>>) {
        let mut seen = self.options.dedup.then(Seen::new);
        let mut position: u64 = 0;
        let mut input_done = false;
        let mut chunk: Vec<Pending> = Vec::with_capacity(self.chunk_size);
        let mut ready: Option<Vec<Pending>> = None;
        let mut tasks: JoinSet<ChunkDone> = JoinSet::new();
        let mut in_flight: HashMap<tokio::task::Id, Vec<(u64, String)>> = HashMap::new();
        let mut skipped_run: Option<(u64, u64)> = None;
        let mut immediate: Vec<BulkOutcome> = Vec::new();
        // Set once a chunk failed with an auth error, or failed for good without the service
        // ever having answered this run (a wrong endpoint, a service that is down), when
        // stop_on_auth_error is on.
        let mut stopped: Option<Arc<Error>> = None;
        let mut answered = false;

        loop {
            // After an auth error, chunks are failed with it instead of being sent.
            if let (Some(error), Some(batch)) = (&stopped, ready.as_ref()) {
                let outcomes = batch
                    .iter()
                    .map(|p| BulkOutcome {
                        position: p.position,
                        user_id: p.id.as_str().to_owned(),
                        result: Err(Failure::Request(error.clone())),
                    })
                    .collect();
                ready = None;
                if !self.emit(outcomes).await {
                    return;
                }
            }
            // Hand a ready chunk to a free slot.
            if ready.is_some() && tasks.len() < self.options.concurrency {
                let batch = ready.take().expect("checked is_some");
                let members = batch
                    .iter()
                    .map(|p| (p.position, p.id.as_str().to_owned()))
                    .collect();
                let handle = tasks.spawn(run_chunk(
                    self.client.clone(),
                    self.op,
                    self.options.retry.clone(),
                    self.options.fail_accounts_retries,
                    batch,
                ));
                in_flight.insert(handle.id(), members);
            }
            let can_pull = !input_done && ready.is_none();
            if !can_pull && ready.is_none() && tasks.is_empty() {
                break;
            }
            tokio::select! {
                biased;
                joined = tasks.join_next_with_id(), if !tasks.is_empty() => {
                    let done = match joined {
                        Some(Ok((id, done))) => {
                            in_flight.remove(&id);
                            done
                        }
                        Some(Err(err)) => {
                            // A chunk task died (it never should): fail its accounts rather
                            // than lose them.
                            let members = in_flight.remove(&err.id()).unwrap_or_default();
                            let error = Arc::new(Error::config(format!("internal error in a bulk chunk: {err}")));
                            ChunkDone {
                                outcomes: members
                                    .into_iter()
                                    .map(|(position, user_id)| BulkOutcome {
                                        position,
                                        user_id,
                                        result: Err(Failure::Request(error.clone())),
                                    })
                                    .collect(),
                                tally: ChunkTally::default(),
                            }
                        }
                        None => continue,
                    };
                    self.report.requests += done.tally.requests;
                    self.report.retries += done.tally.retries;
                    self.report.throttled += done.tally.throttled;
                    if stopped.is_none() && self.options.stop_on_auth_error {
                        stopped = done.outcomes.iter().find_map(|o| match &o.result {
                            Err(Failure::Request(err))
                                if err.is_auth() || (!answered && !matches!(**err, Error::Api(_))) =>
                            {
                                Some(err.clone())
                            }
                            _ => None,
                        });
                    }
                    answered |= done.outcomes.iter().any(|o| !matches!(o.result, Err(Failure::Request(_))));
                    if !self.emit(done.outcomes).await {
                        return;
                    }
                }
                pulled = pull(&mut input, self.options.linger, !chunk.is_empty()), if can_pull => {
                    match pulled {
                        Pulled::Item(item) => {
                            let pos = position;
                            position += 1;
                            self.report.total += 1;
                            let skip = pos < self.options.resume_from
                                || self.options.skip.as_ref().is_some_and(|f| f(pos));
                            if skip {
                                if let (Some(seen), BulkItem::Account { user_id, .. }) = (seen.as_mut(), &item) {
                                    if UserId::new(user_id.as_str()).is_ok() {
                                        seen.insert(user_id);
                                    }
                                }
                                self.report.skipped += 1;
                                skipped_run = match skipped_run {
                                    Some((s, e)) if e == pos => Some((s, pos + 1)),
                                    Some((s, e)) => {
                                        if !self.send(Msg::Skipped { start: s, end: e }).await {
                                            return;
                                        }
                                        Some((pos, pos + 1))
                                    }
                                    None => Some((pos, pos + 1)),
                                };
                                continue;
                            }
                            if let Some((s, e)) = skipped_run.take() {
                                if !self.send(Msg::Skipped { start: s, end: e }).await {
                                    return;
                                }
                            }
                            match self.admit(pos, item, seen.as_mut()) {
                                Ok(pending) => {
                                    chunk.push(pending);
                                    if chunk.len() >= self.chunk_size {
                                        ready = Some(std::mem::replace(&mut chunk, Vec::with_capacity(self.chunk_size)));
                                    }
                                }
                                Err(outcome) => {
                                    immediate.push(outcome);
                                    if immediate.len() >= 256 && !self.emit(std::mem::take(&mut immediate)).await {
                                        return;
                                    }
                                }
                            }
                        }
                        Pulled::Idle => {
                            if !immediate.is_empty() && !self.emit(std::mem::take(&mut immediate)).await {
                                return;
                            }
                            if !chunk.is_empty() {
                                ready = Some(std::mem::take(&mut chunk));
                            }
                        }
                        Pulled::End => {
                            input_done = true;
                            if !chunk.is_empty() {
                                ready = Some(std::mem::take(&mut chunk));
                            }
                        }
                    }
                    if (ready.is_some() || input_done) && !immediate.is_empty() && !self.emit(std::mem::take(&mut immediate)).await {
                        return;
                    }
                }
                else => {
                    // Nothing to pull (a chunk waits for a slot) and no task to join: cannot
                    // happen, as a full chunk only waits while tasks are running.
                    tokio::task::yield_now().await;
                }
            }
        }
        if !immediate.is_empty() && !self.emit(std::mem::take(&mut immediate)).await {
            return;
        }
        if let Some((s, e)) = skipped_run.take() {
            if !self.send(Msg::Skipped { start: s, end: e }).await {
                return;
            }
        }
        self.report.elapsed = self.started.elapsed();
        self.publish_progress();
        let report = std::mem::take(&mut self.report);
        let _ = self.tx.send(Msg::Done(report)).await;
    }

    /// Validates one item; an account ready for a chunk, or its immediate outcome.
    fn admit(
        &mut self,
        position: u64,
        item: BulkItem,
        seen: Option<&mut Seen>,
    ) -> Result<Pending, BulkOutcome> {
        let fail = |user_id: String, failure: Failure| BulkOutcome {
            position,
            user_id,
            result: Err(failure),
        };
        let (raw, nick, face_url) = match item {
            BulkItem::Rejected { label, reason } => {
                return Err(fail(label, Failure::Invalid(reason)));
            }
            BulkItem::Account {
                user_id,
                nick,
                face_url,
            } => (user_id, nick, face_url),
        };
        let id = match UserId::new(raw.as_str()) {
            Ok(id) => id,
            Err(err) => return Err(fail(raw, Failure::Invalid(err.to_string()))),
        };
        let (nick, face_url) = if self.op == BulkOp::Import {
            // The same rules the client applies to a single import.
            let mut profile = AccountProfile::new(id.clone());
            profile.nick = nick;
            profile.face_url = face_url;
            if let Err(err) = profile.validate() {
                return Err(fail(raw, Failure::Invalid(format!("UserID {id}: {err}"))));
            }
            (profile.nick, profile.face_url)
        } else {
            (None, None)
        };
        if let Some(seen) = seen {
            if !seen.insert(id.as_str()) {
                return Err(fail(raw, Failure::Duplicate));
            }
        }
        Ok(Pending {
            position,
            id,
            nick,
            face_url,
        })
    }

    /// Counts and forwards outcomes; false when the consumer is gone.
    async fn emit(&mut self, outcomes: Vec<BulkOutcome>) -> bool {
        if outcomes.is_empty() {
            return true;
        }
        for outcome in &outcomes {
            match &outcome.result {
                Ok(success) => {
                    self.report.succeeded += 1;
                    *self
                        .report
                        .by_status
                        .entry(success.label().to_owned())
                        .or_default() += 1;
                }
                Err(failure) => {
                    self.report.failed += 1;
                    *self
                        .report
                        .failures_by_reason
                        .entry(failure.label())
                        .or_default() += 1;
                    if self.report.failure_samples.len() < self.options.failure_samples {
                        self.report.failure_samples.push((
                            outcome.position,
                            outcome.user_id.clone(),
                            failure.to_string(),
                        ));
                    }
                }
            }
        }
        self.publish_progress();
        self.send(Msg::Outcomes(outcomes)).await
    }

    async fn send(&self, msg: Msg) -> bool {
        self.tx.send(msg).await.is_ok()
    }

    fn publish_progress(&self) {
        let elapsed = self.started.elapsed();
        let done = self.report.succeeded + self.report.failed;
        let rate = if elapsed.as_secs_f64() > 0.0 {
            done as f64 / elapsed.as_secs_f64()
        } else {
            0.0
        };
        let eta = self.options.total_hint.and_then(|total| {
            let left = total.saturating_sub(done + self.report.skipped);
            (rate > 0.0).then(|| Duration::from_secs_f64(left as f64 / rate))
        });
        self.progress_tx.send_replace(Progress {
            done,
            succeeded: self.report.succeeded,
            failed: self.report.failed,
            skipped: self.report.skipped,
            total: self.options.total_hint,
            elapsed,
            rate,
            eta,
        });
    }
}

enum Pulled {
    Item(BulkItem),
    /// No item within the linger time while a partial chunk waits.
    Idle,
    End,
}

async fn pull(
    input: &mut Pin<Box<dyn Stream<Item = BulkItem> + Send>>,
    linger: Duration,
    partial: bool,
) -> Pulled {
    let next = if partial {
        match tokio::time::timeout(linger, input.next()).await {
            Ok(next) => next,
            Err(_) => return Pulled::Idle,
        }
    } else {
        input.next().await
    };
    match next {
        Some(item) => Pulled::Item(item),
        None => Pulled::End,
    }
}

async fn run_chunk(
    client: Client,
    op: BulkOp,
    policy: RetryPolicy,
    fail_accounts_retries: u32,
    batch: Vec<Pending>,
) -> ChunkDone {
    let mut tally = ChunkTally::default();
    let results = match op {
        BulkOp::Import => {
            ops::import_chunk(&client, &batch, &policy, fail_accounts_retries, &mut tally).await
        }
        BulkOp::Check => ops::check_chunk(&client, &batch, &policy, &mut tally).await,
        BulkOp::Delete => ops::delete_chunk(&client, &batch, &policy, &mut tally).await,
        BulkOp::OnlineStatus(options) => {
            ops::status_chunk(&client, options, &batch, &policy, &mut tally).await
        }
        BulkOp::Kick => ops::kick_chunk(&client, &batch, &policy, &mut tally).await,
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_detects_repeats() {
        let mut s = Seen::new();
        assert!(s.insert("a"));
        assert!(s.insert("b"));
        assert!(!s.insert("a"));
    }
}
