//! The bulk engine: millions of items of any declared list API, streamed, rate-saturating, with
//! exact accounting.
//!
//! [`Client::bulk`] takes a [`BulkOperation`] (what an item is, how it is checked, and how a
//! chunk is sent and answered) and a stream (or, with [`Client::bulk_iter`], an iterator) of
//! its input items of any length, and returns a [`BulkRun`]: a stream of one [`ItemOutcome`]
//! per input item, merged in request order within each chunk, then a [`Report`].
//!
//! - Items that pass the operation's check are chunked at the declared item list's maximum
//!   ([`Metadata::max_items`](im_proto::Metadata::max_items); [`BulkOptions::chunk_size`] may
//!   lower it, never raise it) and sent with up to [`BulkOptions::concurrency`] requests in
//!   flight; the client's rate limiter keeps the call rate at the configured limit, so the
//!   in-flight count only has to cover latency.
//! - Each chunk is retried under its own budget ([`RetryPolicy::bulk`](crate::RetryPolicy::bulk):
//!   10 attempts within two minutes). A chunk that fails for good fails each of its items with
//!   that error. An item an `OK` answer gave a transient code of its own (a relationship
//!   item's 30006 "internal error, retry") is sent again alone under the same budget, for an
//!   API declared [`RetrySafety::Always`](im_proto::RetrySafety::Always) (for any other the
//!   code does not say nothing was done: it stays the item's failure).
//! - Every input item gets exactly one [`Outcome`]: [`Outcome::Ok`] with the operation's
//!   output, [`Outcome::Failed`] with a [`Failure`](crate::Failure) (the service's code for
//!   it, its request's error, its input's rule broken: rejected items never sink their chunk),
//!   or [`Outcome::NotAttempted`]: a repeat of an earlier key
//!   ([`NotAttempted::Duplicate`], naming the position of the first occurrence), or an item
//!   the job stopped before sending ([`NotAttempted::Stopped`]). Successes are counted in the
//!   report by the operation's [`kind`](BulkOperation::kind).
//! - An authentication or permission error (wrong key, not an admin...), or a chunk failing for
//!   good before the service ever answered (a wrong endpoint), stops the sending: the remaining
//!   items are not attempted, without requests ([`BulkOptions::stop_on_auth_error`]).
//! - Memory stays flat: the input is pulled only as fast as chunks can be sent and outcomes
//!   consumed, and nothing keeps the input or the outcomes. Duplicate detection keeps a 64-bit
//!   hash and the first position per distinct key (20 to 23 bytes each with the tables' spare
//!   room, whatever the count; turn it off with [`BulkOptions::dedup`]).
//! - [`BulkRun::checkpoint`] is the input position below which every item's outcome has been
//!   yielded; restart with [`BulkOptions::resume_from`] (or skip arbitrary positions with
//!   [`BulkOptions::skip`]) to continue without losing or repeating work. With
//!   [`BulkOptions::before_send`] each chunk is recorded before it leaves (its positions and,
//!   for an API declared [`SameRequest`](im_proto::RetrySafety::SameRequest), the key fields
//!   its request carries), so a resumed job can tell "sent, outcome unknown" from "never
//!   sent" ([`BulkOptions::sent_before`], [`Batch::sent_before`]), and with which keys and when
//!   ([`BulkOptions::earlier_sends`], [`Batch::earlier_sends`]): a chunk of a `SameRequest` API
//!   resumed inside its window is sent again with its recorded key; an operation whose service
//!   does not deduplicate can look for the recorded key before sending again.
//!
//! Inside, each concern is a part with its own tests: `admit` (resume skips, checks,
//! duplicates, chunking), `inflight` (at most `concurrency` chunk tasks, none lost if one
//! dies), `item_retry` (which items to send again), `stop` (when to stop sending), `report` (the accounting), and `engine`, whose loop
//! only moves items between them. The per-item mapping of answers is in [`crate::results`].
//!
//! # Examples
//!
//! A list operation of a domain crate, sketched: `Input` is what callers give, `Item` what
//! passes the check, `Output` what one item's success carries.
//!
//! ```no_run
//! use im_client::bulk::{Batch, BulkOperation, BulkOptions, Rejected};
//! use im_client::{Failure, InvalidInput};
//! use im_proto::{Api, Metadata};
//!
//! struct Lengths(&'static Metadata);
//!
//! impl BulkOperation for Lengths {
//!     type Input = String;
//!     type Item = String;
//!     type Output = usize;
//!     type Kind = &'static str;
//!
//!     fn metadata(&self) -> &'static Metadata {
//!         self.0
//!     }
//!     fn key<'a>(&self, input: &'a String) -> Option<&'a str> {
//!         Some(input)
//!     }
//!     fn check(&self, input: String) -> Result<String, Rejected> {
//!         if input.is_empty() {
//!             let why = Failure::Invalid(InvalidInput::Other("empty".into()));
//!             return Err(Rejected::new(input, why));
//!         }
//!         Ok(input)
//!     }
//!     fn label(&self, item: String) -> String {
//!         item
//!     }
//!     fn kind(&self, _: &usize) -> &'static str {
//!         "measured"
//!     }
//!     async fn send(&self, batch: &Batch<'_, String>) -> Vec<Result<usize, Failure>> {
//!         // One request for the chunk through `batch.call(&request)`, its answer mapped
//!         // back with `im_client::results::map`; here, no request at all.
//!         batch.items().iter().map(|s| Ok(s.len())).collect()
//!     }
//! }
//!
//! # async fn run(client: im_client::Client) {
//! use futures::StreamExt;
//!
//! let words = (0..1_000).map(|i| format!("word{i}"));
//! let op = Lengths(Api::ALL[0].metadata());
//! let mut run = client.bulk_iter(op, words, BulkOptions::default());
//! while let Some(outcome) = run.next().await {
//!     println!("{} #{}: {:?}", outcome.label, outcome.position, outcome.outcome);
//! }
//! let report = run.report().unwrap();
//! println!("{} measured, {} failed", report.succeeded, report.failed);
//! # }
//! ```

use futures::Stream;
use tokio::sync::{mpsc, watch};

mod admit;
mod engine;
#[cfg(test)]
mod fake;
mod inflight;
mod item_retry;
mod operation;
mod options;
mod outcome;
mod positions;
mod report;
mod run;
mod stop;

pub use operation::{Batch, BulkOperation, EarlierSend, KeyFields, Rejected};
pub use options::{BulkOptions, Sending};
pub use outcome::{ItemOutcome, NotAttempted, Outcome};
pub use positions::{ParsePositionsError, Positions};
pub use report::{Counts, FailureSample, Progress, Report};
pub use run::BulkRun;

use crate::Client;
use engine::Engine;

impl Client {
    /// Starts a bulk job of `op` over a stream of its input items. Must be called within a
    /// tokio runtime.
    pub fn bulk<Op, S>(
        &self,
        op: Op,
        input: S,
        options: BulkOptions,
    ) -> BulkRun<Op::Output, Op::Kind>
    where
        Op: BulkOperation,
        S: Stream<Item = Op::Input> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(64);
        let (progress_tx, progress_rx) = watch::channel(Progress {
            total: options.total_hint,
            ..Progress::default()
        });
        let name = op.name();
        let engine = Engine::new(self.clone(), op, options, tx, progress_tx);
        let handle = tokio::spawn(engine.run(Box::pin(input)));
        BulkRun::new(rx, progress_rx, name, handle)
    }

    /// [`Client::bulk`] over an iterator.
    pub fn bulk_iter<Op, I>(
        &self,
        op: Op,
        input: I,
        options: BulkOptions,
    ) -> BulkRun<Op::Output, Op::Kind>
    where
        Op: BulkOperation,
        I: IntoIterator<Item = Op::Input>,
        I::IntoIter: Send + 'static,
    {
        self.bulk(op, futures::stream::iter(input), options)
    }
}
