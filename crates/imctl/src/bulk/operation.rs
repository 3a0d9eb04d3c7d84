//! What the shared job runner needs of a bulk command's operation: its name, what it reads
//! from the input, how it is paced, whether it writes, its dry run, and how it starts on the
//! engine. Any operation of `im_client::bulk` fits, whatever its output and the kinds its
//! report counts by; `accounts` implements it for the account operations.

use std::fmt;

use futures::Stream;
use im_client::RateLimits;
use im_client::bulk::{BulkOptions, BulkRun};

use super::input::{Fields, InputItem, InputReport};
use super::shows::Shows;

/// A bulk command's operation, as [`Job`](super::job::Job) runs it.
pub(crate) trait JobOperation: Sized {
    /// What the input's lines and arguments become.
    type Input: InputItem;
    /// What one item's success carries.
    type Output: Shows + Send + 'static;
    /// What the report counts successes by (its `Display` is the label).
    type Kind: Ord + Clone + fmt::Display + Send + Sync + 'static;

    /// The name summaries and checkpoints use (`import`).
    fn name(&self) -> &'static str;

    /// The name of an item's key in its JSON line (`UserID`; a message's recipient is
    /// `To_Account`, as the send APIs name it).
    fn key_name(&self) -> &'static str {
        "UserID"
    }

    /// What the items are called in summaries and notes (`accounts`; `pairs`, `recipients`).
    fn noun(&self) -> &'static str {
        "accounts"
    }

    /// What the input readers take from each line besides the key.
    fn fields(&self) -> Fields;

    /// The item of argument `i` (0-based), `report` screening it, `strict` as `--strict`.
    fn argument(&self, report: &InputReport, strict: bool, i: usize, value: String) -> Self::Input;

    /// The client's rate limits for `--rate N`: N calls per second to each API the job calls.
    fn rate_limits(&self, rate: u32) -> RateLimits;

    /// Whether it changes the service: each chunk is then journaled before it is sent, so that
    /// a resumed job knows what a killed one may have done (a read is repeated harmlessly).
    fn writes(&self) -> bool;

    /// Whether every item gets a human line (reads, and writes whose result is the news), or
    /// only the failures.
    fn shows_every_item(&self) -> bool;

    /// Its `--dry-run`: the operation to run instead, which writes nothing, and what each of
    /// its statuses means for this one; `None` when it has none.
    fn dry_run(&self) -> Option<DryRun<Self>>;

    /// Starts it on the engine, over `items`. Must be called within a tokio runtime.
    fn start<S>(
        &self,
        client: &im_client::Client,
        items: S,
        options: BulkOptions,
    ) -> BulkRun<Self::Output, Self::Kind>
    where
        S: Stream<Item = Self::Input> + Send + 'static;
}

/// `--rate N` for a job calling one declared API: N calls per second to it (an API without an
/// id in the table, which a declaration always has, keeps the default limits).
pub(crate) fn rate_of(meta: &im_proto::Metadata, rate: u32) -> RateLimits {
    match meta.api {
        Some(api) => RateLimits::default().set(api, Some(rate)),
        None => RateLimits::default(),
    }
}

/// A dry run: the operation run instead, and the meaning of its statuses.
pub(crate) struct DryRun<Op> {
    /// What runs instead (a read: which items exist).
    pub(crate) op: Op,
    /// What the operation not done would have done, by `op`'s status.
    pub(crate) relabel: Relabel,
}

/// A status as what another operation would have done (`Imported` as `would_delete`).
pub(crate) type Relabel = fn(&str) -> &'static str;
