//! Bulk account work: millions of accounts, streamed, rate-saturating, with exact accounting,
//! on the generic engine of [`im_client::bulk`].
//!
//! Each account API with a bulk form is a [`BulkOperation`]:
//! [`MultiaccountImport`], [`AccountCheck`], [`AccountDelete`], [`QueryOnlineStatus`],
//! [`Kick`], [`PortraitGet`] and [`PortraitSet`], each taking [`BulkItem`]s and giving a
//! [`Success`] per account; run one with `client.runtime().bulk(op, input, options)` for the
//! engine's own outcomes ([`im_client::bulk::ItemOutcome`]).
//!
//! The sugar of this module picks one by a [`BulkOp`]: [`Client::bulk`] takes a stream (or,
//! with [`Client::bulk_iter`], an iterator) of [`BulkItem`]s of any length and returns a
//! [`BulkRun`]: a stream of one [`BulkOutcome`] per input item, then a [`Report`] from
//! [`BulkRun::finish`]. What the engine does is described in [`im_client::bulk`]; in short:
//!
//! - Valid accounts are chunked at the API's declared maximum (100, or 500 for online status;
//!   one per call for kick and profile writes) and sent with up to
//!   [`BulkOptions::concurrency`] requests in flight, at the rate limit.
//! - Each chunk is retried under its own budget ([`RetryPolicy::bulk`](im_client::RetryPolicy::bulk)).
//!   A chunk that fails for good fails each of its accounts with that error.
//! - The batch import's `FailAccounts` are imported alone with the single import
//!   ([`BulkOptions::fail_accounts_retries`], once by default) to obtain a specific code:
//!   several at a time within the rate limit, with a small budget of their own, and all at once
//!   failed with the reason when the single import turns out to be out of service.
//! - Every input item gets exactly one outcome: invalid IDs fail validation without sinking their
//!   chunk, and repeats of an earlier UserID are skipped as [`Success::Duplicate`] (naming the
//!   position of the first occurrence; not a failure).
//! - An authentication or permission error, or a chunk failing for good before the service
//!   ever answered (a wrong endpoint), stops the sending: the remaining items are
//!   [`Failure::NotAttempted`] without requests ([`BulkOptions::stop_on_auth_error`]).
//! - Memory stays flat; [`BulkRun::checkpoint`] and [`BulkOptions::resume_from`] resume a job
//!   without losing or repeating work.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{Stream, StreamExt};
use im_client::bulk::{self as engine, BulkOperation, ItemOutcome, NotAttempted, Outcome};
use im_client::{Failure, FailureKind, RetryPolicy};
use im_proto::{Api, ProfileTag};
use tokio::sync::watch;

use crate::Client;
pub use crate::ops::{
    AccountCheck, AccountDelete, BulkItem, Kick, MultiaccountImport, PortraitGet, PortraitSet,
    QueryOnlineStatus, Success, SuccessKind,
};
use crate::ops::{AccountItem, StatusOptions};

/// Moved: [`im_client::bulk::Counts`].
#[deprecated(note = "moved to im_client::bulk::Counts")]
pub type Counts<K> = engine::Counts<K>;
/// Moved: [`im_client::bulk::Progress`] (which also counts the duplicates apart: its
/// `succeeded` leaves them out).
#[deprecated(note = "moved to im_client::bulk::Progress")]
pub type Progress = engine::Progress;
/// Moved: [`im_client::bulk::Positions`].
#[deprecated(note = "moved to im_client::bulk::Positions")]
pub type Positions = engine::Positions;
/// Moved: [`im_client::bulk::ParsePositionsError`].
#[deprecated(note = "moved to im_client::bulk::ParsePositionsError")]
pub type ParsePositionsError = engine::ParsePositionsError;

/// What a bulk run does to each account: which account operation it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BulkOp {
    /// Import ([`MultiaccountImport`]; `AccountList` when any item has a profile).
    Import,
    /// Check whether imported ([`AccountCheck`]).
    Check,
    /// Delete ([`AccountDelete`]).
    Delete,
    /// Query online status ([`QueryOnlineStatus`]).
    OnlineStatus(StatusOptions),
    /// Invalidate each account's login state ([`Kick`], one account per call).
    Kick,
    /// Read these profile fields of each account ([`PortraitGet`], 100 per call); each
    /// success is a [`Success::Profile`].
    ProfileGet(Arc<[ProfileTag]>),
    /// Set each item's profile fields ([`PortraitSet`], one account per call): a
    /// [`BulkItem::Profile`], or an [`BulkItem::Account`]'s `Nick` and `FaceUrl`.
    ProfileSet,
}

/// An account operation, as [`BulkOp`] picks one.
pub(crate) trait AccountOperation:
    BulkOperation<Input = BulkItem, Item = AccountItem, Output = Success, Kind = SuccessKind>
{
}

impl<T> AccountOperation for T where
    T: BulkOperation<Input = BulkItem, Item = AccountItem, Output = Success, Kind = SuccessKind>
{
}

/// What is done with the operation a [`BulkOp`] picks.
trait WithOperation {
    type Out;

    fn with<Op: AccountOperation>(self, op: Op) -> Self::Out;
}

impl BulkOp {
    /// Reading `tags` of each account.
    pub fn profile_get(tags: impl IntoIterator<Item = ProfileTag>) -> Self {
        BulkOp::ProfileGet(tags.into_iter().collect())
    }

    /// `then` with the account operation this picks (an import retrying each `FailAccounts`
    /// entry `fail_accounts_retries` times).
    fn pick<W: WithOperation>(&self, fail_accounts_retries: u32, then: W) -> W::Out {
        match self {
            BulkOp::Import => then.with(MultiaccountImport::new(fail_accounts_retries)),
            BulkOp::Check => then.with(AccountCheck),
            BulkOp::Delete => then.with(AccountDelete),
            BulkOp::OnlineStatus(options) => then.with(QueryOnlineStatus::new(*options)),
            BulkOp::Kick => then.with(Kick),
            BulkOp::ProfileGet(tags) => then.with(PortraitGet::new(tags.clone())),
            BulkOp::ProfileSet => then.with(PortraitSet),
        }
    }

    /// The API the chunks go to.
    pub fn api(&self) -> Api {
        struct Declared;
        impl WithOperation for Declared {
            type Out = Api;
            fn with<Op: AccountOperation>(self, op: Op) -> Api {
                op.metadata()
                    .api
                    .expect("every account operation is a declared API of the table")
            }
        }
        self.pick(0, Declared)
    }

    /// A short name: `import`, `check`, `delete`, `status`, `profile-get`, `profile-set`, or
    /// the API's command word.
    pub fn name(&self) -> &'static str {
        struct Name;
        impl WithOperation for Name {
            type Out = &'static str;
            fn with<Op: AccountOperation>(self, op: Op) -> &'static str {
                op.name()
            }
        }
        self.pick(0, Name)
    }

    /// Starts the operation this picks on the generic engine, over a stream of items: its
    /// outcomes as the engine gives them. Must be called within a tokio runtime.
    pub fn start<S>(
        &self,
        client: &im_client::Client,
        input: S,
        options: BulkOptions,
    ) -> engine::BulkRun<Success, SuccessKind>
    where
        S: Stream<Item = BulkItem> + Send + 'static,
    {
        struct Start<'c, S> {
            client: &'c im_client::Client,
            input: S,
            options: engine::BulkOptions,
        }
        impl<S: Stream<Item = BulkItem> + Send + 'static> WithOperation for Start<'_, S> {
            type Out = engine::BulkRun<Success, SuccessKind>;
            fn with<Op: AccountOperation>(self, op: Op) -> Self::Out {
                self.client.bulk(op, self.input, self.options)
            }
        }
        let retries = options.fail_accounts_retries;
        let start = Start {
            client,
            input,
            options: options.runtime,
        };
        self.pick(retries, start)
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
    /// What happened: a repeat of an earlier UserID is [`Success::Duplicate`], an account the
    /// job stopped before sending [`Failure::NotAttempted`].
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

impl From<ItemOutcome<Success>> for BulkOutcome {
    fn from(outcome: ItemOutcome<Success>) -> Self {
        let result = match outcome.outcome {
            Outcome::Ok(success) => Ok(success),
            Outcome::Failed(failure) => Err(failure),
            Outcome::NotAttempted(NotAttempted::Duplicate { first }) => {
                Ok(Success::Duplicate { first })
            }
            Outcome::NotAttempted(NotAttempted::Stopped(err)) => Err(Failure::NotAttempted(err)),
            // A reason this version does not know: not sent, so a rerun sends it.
            Outcome::NotAttempted(other) => {
                Err(Failure::NotAttempted(Arc::new(im_client::Error::internal(
                    format!("not attempted for a reason this version does not know: {other:?}"),
                ))))
            }
            other => Err(Failure::Request(Arc::new(im_client::Error::internal(
                format!("an outcome this version does not know: {other:?}"),
            )))),
        };
        BulkOutcome {
            position: outcome.position,
            user_id: outcome.label,
            result,
        }
    }
}

/// How a bulk run behaves: the engine's [`im_client::bulk::BulkOptions`], and the import's
/// [`BulkOptions::fail_accounts_retries`].
#[derive(Clone, Debug)]
pub struct BulkOptions {
    runtime: engine::BulkOptions,
    fail_accounts_retries: u32,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions::from(engine::BulkOptions::default())
    }
}

impl From<engine::BulkOptions> for BulkOptions {
    /// The engine's options, `FailAccounts` entries retried once.
    fn from(runtime: engine::BulkOptions) -> Self {
        BulkOptions {
            runtime,
            fail_accounts_retries: 1,
        }
    }
}

impl BulkOptions {
    /// The engine's options.
    pub fn runtime(&self) -> &engine::BulkOptions {
        &self.runtime
    }

    /// Applies `f` to the engine's options.
    fn map(mut self, f: impl FnOnce(engine::BulkOptions) -> engine::BulkOptions) -> Self {
        self.runtime = f(self.runtime);
        self
    }

    /// How many times an account listed in `FailAccounts` is retried alone with the single
    /// import to learn its code (default 1; 0 reports it as
    /// [`Failure::ListedInFailAccounts`]).
    pub fn fail_accounts_retries(mut self, n: u32) -> Self {
        self.fail_accounts_retries = n;
        self
    }

    /// [`im_client::bulk::BulkOptions::concurrency`] (default 64).
    pub fn concurrency(self, n: usize) -> Self {
        self.map(|o| o.concurrency(n))
    }

    /// [`im_client::bulk::BulkOptions::retry_policy`] (default [`RetryPolicy::bulk`]).
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.map(|o| o.retry_policy(policy))
    }

    /// [`im_client::bulk::BulkOptions::dedup`]: repeated UserIDs reported as duplicates
    /// (default on).
    pub fn dedup(self, on: bool) -> Self {
        self.map(|o| o.dedup(on))
    }

    /// [`im_client::bulk::BulkOptions::chunk_size`]: accounts per request (default and
    /// maximum: the API's declared limit).
    pub fn chunk_size(self, n: usize) -> Self {
        self.map(|o| o.chunk_size(n))
    }

    /// [`im_client::bulk::BulkOptions::resume_from`]: skips the first `n` input items.
    pub fn resume_from(self, n: u64) -> Self {
        self.map(|o| o.resume_from(n))
    }

    /// [`im_client::bulk::BulkOptions::skip`]: skips every input position `skip` answers true
    /// for.
    pub fn skip(self, skip: impl Fn(u64) -> bool + Send + Sync + 'static) -> Self {
        self.map(|o| o.skip(skip))
    }

    /// [`im_client::bulk::BulkOptions::linger`] (default 50 ms).
    pub fn linger(self, linger: Duration) -> Self {
        self.map(|o| o.linger(linger))
    }

    /// [`im_client::bulk::BulkOptions::total_hint`]: the number of input items, when known.
    pub fn total_hint(self, total: u64) -> Self {
        self.map(|o| o.total_hint(total))
    }

    /// [`im_client::bulk::BulkOptions::stop_on_auth_error`] (default on).
    pub fn stop_on_auth_error(self, on: bool) -> Self {
        self.map(|o| o.stop_on_auth_error(on))
    }

    /// Calls `hook` with a chunk's input positions just before the chunk is first sent (a
    /// write-ahead record; [`im_client::bulk::BulkOptions::before_send`] also gives the key
    /// fields of an API that has them). When it fails, the chunk is not sent, its items and all
    /// later ones are [`Failure::NotAttempted`] with the hook's error, and the job stops. The
    /// hook's error is any error type, or a message (`String`, `&str`).
    pub fn before_send<E>(
        self,
        hook: impl Fn(&[u64]) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.map(|o| o.before_send(move |sending| hook(sending.positions)))
    }

    /// Input positions an earlier run may have sent without learning the outcome (from a
    /// [`BulkOptions::before_send`] record). For a delete, such an account answered 70107
    /// (does not exist) is [`Success::Absent`]: that earlier request deleted it.
    pub fn sent_before(self, sent: impl Fn(u64) -> bool + Send + Sync + 'static) -> Self {
        self.map(|o| o.sent_before(sent))
    }

    /// [`im_client::bulk::BulkOptions::failure_samples`] (default 100).
    pub fn failure_samples(self, n: usize) -> Self {
        self.map(|o| o.failure_samples(n))
    }
}

/// One failure kept as an example in the report.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FailureSample {
    /// The item's 0-based input position.
    pub position: u64,
    /// The UserID as given (for a rejected item, its label).
    pub user_id: String,
    /// Why it failed.
    pub failure: Failure,
}

/// The final account of a run.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Report {
    /// The operation.
    pub op: BulkOp,
    /// Input items read, skipped ones included.
    pub total: u64,
    /// Items skipped by resume.
    pub skipped: u64,
    /// Items that succeeded (duplicates included: [`Success::Duplicate`]).
    pub succeeded: u64,
    /// Items that failed.
    pub failed: u64,
    /// Items never sent because the job stopped ([`Failure::NotAttempted`]): neither
    /// succeeded nor failed; a rerun sends them.
    pub not_attempted: u64,
    /// Successes by kind (duplicates as [`SuccessKind::Duplicate`]).
    pub by_status: engine::Counts<SuccessKind>,
    /// Failures by kind.
    pub failures_by_reason: engine::Counts<FailureKind>,
    /// The first failures.
    pub failure_samples: Vec<FailureSample>,
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
    /// An empty report of `op`.
    pub fn new(op: BulkOp) -> Self {
        Report {
            op,
            total: 0,
            skipped: 0,
            succeeded: 0,
            failed: 0,
            not_attempted: 0,
            by_status: engine::Counts::default(),
            failures_by_reason: engine::Counts::default(),
            failure_samples: Vec::new(),
            requests: 0,
            retries: 0,
            throttled: 0,
            elapsed: Duration::ZERO,
        }
    }

    /// The report of `op` from the engine's: duplicates counted as successes of their kind.
    pub fn from_engine(op: BulkOp, report: &engine::Report<SuccessKind>) -> Self {
        let mut by_status = report.by_kind.clone();
        if report.duplicates > 0 {
            by_status.add(SuccessKind::Duplicate, report.duplicates);
        }
        let samples = report.failure_samples.iter().map(|s| FailureSample {
            position: s.position,
            user_id: s.label.clone(),
            failure: s.failure.clone(),
        });
        Report {
            op,
            total: report.total,
            skipped: report.skipped,
            succeeded: report.succeeded + report.duplicates,
            failed: report.failed,
            not_attempted: report.not_attempted,
            by_status,
            failures_by_reason: report.failures_by_reason.clone(),
            failure_samples: samples.collect(),
            requests: report.requests,
            retries: report.retries,
            throttled: report.throttled,
            elapsed: report.elapsed,
        }
    }

    /// Items with an outcome per second (skipped ones excluded).
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        let n = self.succeeded + self.failed;
        if secs > 0.0 { n as f64 / secs } else { 0.0 }
    }
}

/// A running bulk job: a stream of outcomes, then [`BulkRun::finish`] for the report.
///
/// Dropping it stops the job (in-flight requests are abandoned).
pub struct BulkRun {
    inner: engine::BulkRun<Success, SuccessKind>,
    op: BulkOp,
    report: Option<Report>,
}

impl BulkRun {
    /// A receiver of progress snapshots (updated after every chunk).
    pub fn progress(&self) -> watch::Receiver<engine::Progress> {
        self.inner.progress()
    }

    /// The input position below which every item has been yielded by this stream or skipped:
    /// persist it and pass it to [`BulkOptions::resume_from`] to continue after a crash.
    pub fn checkpoint(&self) -> u64 {
        self.inner.checkpoint()
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

impl Stream for BulkRun {
    type Item = BulkOutcome;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<BulkOutcome>> {
        let this = &mut *self;
        match this.inner.poll_next_unpin(cx) {
            Poll::Ready(Some(outcome)) => Poll::Ready(Some(outcome.into())),
            Poll::Ready(None) => {
                if this.report.is_none()
                    && let Some(report) = this.inner.report()
                {
                    this.report = Some(Report::from_engine(this.op.clone(), report));
                }
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl fmt::Debug for BulkRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkRun")
            .field("op", &self.op)
            .field("checkpoint", &self.checkpoint())
            .field("finished", &self.report.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts a bulk job of `op` over a stream of items. Must be called within a tokio runtime.
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
        BulkRun {
            inner: op.start(self.runtime(), input, options),
            op,
            report: None,
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
