//! What the engine needs of an API to send its declared item list in bulk: the
//! [`BulkOperation`] trait, and the [`Batch`] one chunk is sent through.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use im_proto::{Endpoint, Metadata};

use crate::{CallReport, Client, Error, Failure, RetryPolicy};

/// The values of a request's declared key fields ([`RetrySafety::SameRequest`](im_proto::RetrySafety::SameRequest)):
/// a JSON object, field name to value (`{"MsgRandom": 12345}`).
pub type KeyFields = serde_json::Map<String, serde_json::Value>;

/// One declared list API as the bulk engine sends it: what an input item is, how it is checked
/// and keyed, and how a chunk of checked items becomes a request and its answer one result per
/// item. The engine does the rest the same way for every operation (chunking at the declared
/// maximum, duplicates, resume, pacing, retries, stopping, accounting); see [`crate::bulk`].
///
/// Every method but [`send`](BulkOperation::send) is synchronous and cheap: the engine calls
/// them once per item.
pub trait BulkOperation: Send + Sync + 'static {
    /// An input item as the caller gives it, unchecked.
    type Input: Send + 'static;
    /// An item checked and ready to be sent.
    type Item: Send + Sync + 'static;
    /// What a success carries for one item.
    type Output: Send + 'static;
    /// What reports count successes by; its `Display` is the label (`imported`).
    type Kind: Clone + Ord + fmt::Display + fmt::Debug + Send + Sync + 'static;

    /// The declaration of the API the chunks go to: its item list's maximum is the chunk
    /// size, its retry safety says whether [`retry_key`](BulkOperation::retry_key) is asked.
    fn metadata(&self) -> &'static Metadata;

    /// A short name for reports and journals (`import`); the command word by default.
    fn name(&self) -> &'static str {
        self.metadata().command
    }

    /// The key duplicate detection compares (a UserID, as given), if the input has one (an
    /// input the caller could not read has none, and is never a duplicate).
    fn key<'a>(&self, input: &'a Self::Input) -> Option<&'a str>;

    /// Checks an input item: the item to send, or why it cannot be (its outcome, given at
    /// once without a request).
    ///
    /// # Errors
    ///
    /// A [`Rejected`] naming the item and the rule it breaks.
    fn check(&self, input: Self::Input) -> Result<Self::Item, Rejected>;

    /// What names a checked item in its outcome (its key, moved out).
    fn label(&self, item: Self::Item) -> String;

    /// What kind of success `output` is, for counting.
    fn kind(&self, output: &Self::Output) -> Self::Kind;

    /// The values of the key fields of the request that will carry `items`, chosen before it
    /// is sent, so that the [`before_send`](super::BulkOptions::before_send) hook records them
    /// first; the engine hands them to [`send`](BulkOperation::send) in [`Batch::key`], which
    /// must put them in the request. For an API declared
    /// [`SameRequest`](im_proto::RetrySafety::SameRequest) the object must hold exactly the
    /// declared fields (the chunk fails unsent otherwise), and a resumed chunk whose items an
    /// earlier run sent with one key inside the declared window is sent again with that key
    /// instead ([`BulkOptions::earlier_sends`](super::BulkOptions::earlier_sends)). For
    /// another API they are whatever identifies the request to a later check (the `MsgSeq` and
    /// `MsgRandom` of a send the service does not deduplicate, which a resumed job looks for in
    /// the recipients' histories): recorded and handed on, never checked. None by default.
    fn retry_key(&self, items: &[Self::Item]) -> Option<KeyFields> {
        let _ = items;
        None
    }

    /// Sends one chunk of at most the declared maximum of items (one request, or one per item
    /// for an API without an item list) through `batch`, and gives one result per item, in
    /// the batch's order. The engine fills a short list with failures and drops extra results.
    fn send(
        &self,
        batch: &Batch<'_, Self::Item>,
    ) -> impl Future<Output = Vec<Result<Self::Output, Failure>>> + Send;
}

/// An input item that cannot be sent: what names it in its outcome, and why.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Rejected {
    /// What names the item (its key as given, or the caller's label for an unreadable one).
    pub label: String,
    /// Why (usually [`Failure::Invalid`]).
    pub failure: Failure,
}

impl Rejected {
    /// The item named `label` cannot be sent because of `failure`.
    pub fn new(label: impl Into<String>, failure: Failure) -> Self {
        Rejected {
            label: label.into(),
            failure,
        }
    }
}

/// Positions an earlier run may have sent without learning the outcome.
pub(super) type SentBefore = Arc<dyn Fn(u64) -> bool + Send + Sync>;

/// What an earlier run recorded of the chunks holding a position, sent without their outcome.
pub(super) type EarlierSends = Arc<dyn Fn(u64) -> Vec<EarlierSend> + Send + Sync>;

/// A chunk an earlier run recorded before sending it ([`BulkOptions::before_send`](super::BulkOptions::before_send))
/// and whose outcome it never learned, as one of its items sees it: the key fields its request
/// carried ([`BulkOperation::retry_key`]) and when it was recorded, on the wall clock (a journal
/// outlives the process).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EarlierSend {
    /// The request's key fields, if it had any.
    pub key: Option<KeyFields>,
    /// When the chunk was recorded, just before its request left.
    pub at: SystemTime,
}

impl EarlierSend {
    /// A chunk recorded at `at`, its request carrying `key`.
    pub fn new(key: Option<KeyFields>, at: SystemTime) -> Self {
        EarlierSend { key, at }
    }
}

/// What an earlier run left about a chunk's positions.
#[derive(Clone, Copy, Default)]
pub(super) struct Earlier<'a> {
    pub(super) sent: Option<&'a (dyn Fn(u64) -> bool + Send + Sync)>,
    /// Each item's earlier sends, by index in the chunk.
    pub(super) sends: Option<&'a [Vec<EarlierSend>]>,
}

/// One chunk on its way: its items, the client and retry policy to send them with, and what an
/// earlier run left about them. Its calls count the attempts the report shows.
pub struct Batch<'a, I> {
    client: &'a Client,
    policy: &'a RetryPolicy,
    positions: &'a [u64],
    items: &'a [I],
    earlier: Earlier<'a>,
    key: Option<&'a KeyFields>,
    /// For a chunk resent with a recorded key: how long ago that key's request left.
    resumed: Option<Duration>,
    calls: Calls,
}

/// What a chunk's calls went through.
#[derive(Debug, Default)]
pub(super) struct Calls {
    requests: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
}

/// What a chunk's calls went through, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct CallCounts {
    pub(super) requests: u64,
    pub(super) retries: u64,
    pub(super) throttled: u64,
}

impl CallCounts {
    /// Adds the calls of a resend of some of the chunk's items: every request of it is a retry.
    pub(super) fn add_resend(&mut self, resend: CallCounts) {
        self.requests += resend.requests;
        self.retries += resend.requests;
        self.throttled += resend.throttled;
    }
}

impl Calls {
    fn add(&self, report: &CallReport) {
        let attempts = u64::from(report.attempts);
        self.requests.fetch_add(attempts, Ordering::Relaxed);
        self.retries
            .fetch_add(attempts.saturating_sub(1), Ordering::Relaxed);
        self.throttled
            .fetch_add(u64::from(report.throttled), Ordering::Relaxed);
    }
}

impl<'a, I> Batch<'a, I> {
    /// The chunk of `items`, at input `positions`.
    pub(super) fn new(
        client: &'a Client,
        policy: &'a RetryPolicy,
        positions: &'a [u64],
        items: &'a [I],
    ) -> Self {
        Batch {
            client,
            policy,
            positions,
            items,
            earlier: Earlier::default(),
            key: None,
            resumed: None,
            calls: Calls::default(),
        }
    }

    /// With what an earlier run may have sent, and the key fields chosen for the request.
    pub(super) fn with(
        mut self,
        earlier: Earlier<'a>,
        key: Option<&'a KeyFields>,
        resumed: Option<Duration>,
    ) -> Self {
        self.earlier = earlier;
        self.key = key;
        self.resumed = resumed;
        self
    }

    /// The items, in input order.
    pub fn items(&self) -> &'a [I] {
        self.items
    }

    /// The client to send with.
    pub fn client(&self) -> &'a Client {
        self.client
    }

    /// The chunk's retry policy ([`BulkOptions::retry_policy`](super::BulkOptions::retry_policy)).
    pub fn policy(&self) -> &'a RetryPolicy {
        self.policy
    }

    /// The input position of item `i`.
    ///
    /// # Panics
    ///
    /// When `i` is not an index of [`Batch::items`].
    pub fn position(&self, i: usize) -> u64 {
        self.positions[i]
    }

    /// Whether an earlier run may have sent item `i` without learning its outcome
    /// ([`BulkOptions::sent_before`](super::BulkOptions::sent_before), or an earlier send of
    /// [`BulkOptions::earlier_sends`](super::BulkOptions::earlier_sends)): an answer saying
    /// its write is already done may be that request's.
    pub fn sent_before(&self, i: usize) -> bool {
        let Some(&position) = self.positions.get(i) else {
            return false;
        };
        self.earlier.sent.is_some_and(|sent| sent(position))
            || self
                .earlier
                .sends
                .and_then(|sends| sends.get(i))
                .is_some_and(|sends| !sends.is_empty())
    }

    /// What an earlier run recorded of the chunks that held item `i` and whose outcome it
    /// never learned ([`BulkOptions::earlier_sends`](super::BulkOptions::earlier_sends)): the
    /// key fields each request carried and when it left, oldest first; empty when none. An
    /// operation whose service does not deduplicate can look for those keys (a message in
    /// the recipient's history) before sending the item again.
    pub fn earlier_sends(&self, i: usize) -> Vec<EarlierSend> {
        self.earlier
            .sends
            .and_then(|sends| sends.get(i))
            .cloned()
            .unwrap_or_default()
    }

    /// The key fields chosen for this chunk's request ([`BulkOperation::retry_key`]), for an
    /// API declared [`SameRequest`](im_proto::RetrySafety::SameRequest).
    pub fn key(&self) -> Option<&'a KeyFields> {
        self.key
    }

    /// Sends `request` under the chunk's retry policy, counting its attempts; on failure, the
    /// failure of every item it carries ([`Failure::NotAttempted`] when the client stopped
    /// before any attempt left, else [`Failure::Request`]). The call's report says whether the
    /// service may have processed an attempt whose answer was lost.
    pub async fn call<E: Endpoint>(
        &self,
        request: &E,
    ) -> (Result<E::Response, Failure>, CallReport) {
        let (result, report) = self.call_with(request, self.policy).await;
        let result = result.map_err(|err| never_sent(err, &report));
        (result, report)
    }

    /// Sends `request` under `policy`, counting its attempts; the error as it is.
    pub async fn call_with<E: Endpoint>(
        &self,
        request: &E,
        policy: &RetryPolicy,
    ) -> (Result<E::Response, Error>, CallReport) {
        let (result, report) = self
            .client
            .call_resuming(request, policy, self.resumed)
            .await;
        self.calls.add(&report);
        (result, report)
    }

    /// Sends a request for one item (an API without an item list): the service's refusal
    /// with a code no retry changes (70107, 40003...) is the item's own failure, as a list's
    /// per-item code would be; a refusal of the credentials, or no answer, stays the call's
    /// error ([`Failure::Request`], which can stop the job).
    pub async fn call_one<E: Endpoint>(&self, request: &E) -> Result<E::Response, Failure> {
        let (result, report) = self.call_with(request, self.policy).await;
        match result {
            Ok(response) => Ok(response),
            Err(Error::Api(err)) if !err.is_auth() && !err.retry_class().is_retryable() => {
                Err(Failure::service(err.code(), err.info()))
            }
            Err(err) => Err(never_sent(err, &report)),
        }
    }

    /// Every item of the chunk failed with `failure`.
    pub fn fail_all<T>(&self, failure: Failure) -> Vec<Result<T, Failure>> {
        fail_all(self.items.len(), failure)
    }

    /// What the chunk's calls went through.
    pub(super) fn counts(&self) -> CallCounts {
        CallCounts {
            requests: self.calls.requests.load(Ordering::Relaxed),
            retries: self.calls.retries.load(Ordering::Relaxed),
            throttled: self.calls.throttled.load(Ordering::Relaxed),
        }
    }
}

impl<I> fmt::Debug for Batch<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("positions", &self.positions)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// `n` results, each failed with `failure`.
pub(super) fn fail_all<T>(n: usize, failure: Failure) -> Vec<Result<T, Failure>> {
    (0..n).map(|_| Err(failure.clone())).collect()
}

/// The failure of a call's items: [`Failure::NotAttempted`] when the client stopped before any
/// attempt left, else the call's error.
fn never_sent(err: Error, report: &CallReport) -> Failure {
    let err = Arc::new(err);
    match &*err {
        Error::Stopped if report.sent == 0 => Failure::NotAttempted(err),
        _ => Failure::Request(err),
    }
}
