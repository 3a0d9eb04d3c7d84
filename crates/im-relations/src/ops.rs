//! Typed operations, one module per API, and what the pair operations share: the [`Pair`]
//! input, its check, the chunk sent as one call per `From_Account`, and the [`Success`]es.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;

use futures::future::join_all;
use im_client::bulk::{Batch, Rejected};
use im_client::results::{self, ItemResult};
use im_client::{Failure, InvalidInput};
use im_proto::{ErrorCode, FollowRelation, Metadata, SnsValue, UserId};

/// The parts of a [`BulkOperation`](im_client::bulk::BulkOperation) every pair operation
/// shares: a [`PairInput`] in, checked into a [`PairItem`], duplicates by the pair, a
/// [`Success`] out, counted by its [`SuccessKind`].
macro_rules! pair_operation {
    () => {
        type Input = $crate::ops::PairInput;
        type Item = $crate::ops::PairItem;
        type Output = $crate::ops::Success;
        type Kind = $crate::ops::SuccessKind;

        #[inline]
        fn key<'a>(&self, input: &'a $crate::ops::PairInput) -> Option<&'a str> {
            input.key()
        }

        #[inline]
        fn check(
            &self,
            input: $crate::ops::PairInput,
        ) -> Result<$crate::ops::PairItem, im_client::bulk::Rejected> {
            $crate::ops::PairItem::check(input)
        }

        #[inline]
        fn label(&self, item: $crate::ops::PairItem) -> String {
            item.label()
        }

        #[inline]
        fn kind(&self, success: &$crate::ops::Success) -> $crate::ops::SuccessKind {
            success.kind()
        }
    };
}

macro_rules! operations {
    ($($module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*
    };
}

operations! {
    friend_add,
    friend_import,
    friend_update,
    friend_delete,
    friend_delete_all,
    friend_check,
    friend_get,
    friend_get_list,
    black_list_add,
    black_list_delete,
    black_list_get,
    black_list_check,
    group_add,
    group_delete,
    group_get,
    follow_add,
    follow_delete,
    follow_check,
    follow_get,
    follow_get_info,
}

/// The separator of a pair's key: a control character, which no UserID holds.
const KEY_SEPARATOR: char = '\u{1f}';

/// One relationship to act on: `From_Account` and `To_Account` as given (checked by the
/// engine), and the friend fields an add or import takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pair {
    /// `From_Account`, as given.
    pub from: String,
    /// `To_Account`, as given.
    pub to: String,
    /// `AddSource` (absent: `AddSource_Type_Import` for an import, `AddSource_Type_Server`
    /// for an add).
    pub add_source: Option<String>,
    /// `Remark`.
    pub remark: Option<String>,
    /// `GroupName`: the friend lists (an add takes the first).
    pub group_name: Vec<String>,
    /// `AddWording`.
    pub add_wording: Option<String>,
    /// `AddTime` (import only), Unix seconds.
    pub add_time: Option<i64>,
    /// Custom friend fields (import only): `Tag_SNS_Custom_*` and their values.
    pub custom: Vec<(String, SnsValue)>,
}

impl Pair {
    /// The pair `from` → `to`, without fields.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        Pair {
            from: from.into(),
            to: to.into(),
            ..Pair::default()
        }
    }

    /// With its `AddSource`.
    pub fn with_add_source(mut self, source: impl Into<String>) -> Self {
        self.add_source = Some(source.into());
        self
    }

    /// With its remark.
    pub fn with_remark(mut self, remark: impl Into<String>) -> Self {
        self.remark = Some(remark.into());
        self
    }

    /// In the friend list `name` (several calls: several lists).
    pub fn with_group(mut self, name: impl Into<String>) -> Self {
        self.group_name.push(name.into());
        self
    }
}

/// An input item of a pair operation: a pair, or a line the caller could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PairInput {
    /// A pair, with the key duplicates are found by.
    Pair {
        /// The pair.
        pair: Box<Pair>,
        /// `from`, the separator and `to`.
        key: String,
    },
    /// An input that could not be read (a malformed line): failed with this reason.
    Rejected {
        /// What names it in the outcome (`line 7`).
        label: String,
        /// Why.
        reason: String,
    },
}

impl PairInput {
    /// A pair to send.
    pub fn pair(pair: Pair) -> Self {
        let key = format!("{}{KEY_SEPARATOR}{}", pair.from, pair.to);
        PairInput::Pair {
            pair: Box::new(pair),
            key,
        }
    }

    /// An input that could not be read.
    pub fn rejected(label: impl Into<String>, reason: impl Into<String>) -> Self {
        PairInput::Rejected {
            label: label.into(),
            reason: reason.into(),
        }
    }

    fn key(&self) -> Option<&str> {
        match self {
            PairInput::Pair { key, .. } => Some(key),
            PairInput::Rejected { .. } => None,
        }
    }
}

impl From<Pair> for PairInput {
    fn from(pair: Pair) -> Self {
        PairInput::pair(pair)
    }
}

/// A checked pair, ready to be sent.
#[derive(Clone, Debug)]
pub struct PairItem {
    /// `From_Account`.
    pub from: UserId,
    /// `To_Account`.
    pub to: UserId,
    /// The pair's fields.
    pub pair: Box<Pair>,
}

impl PairItem {
    /// Checks both UserIDs and that they differ (the service refuses a relation with oneself).
    ///
    /// # Errors
    ///
    /// A [`Rejected`] naming the pair and the rule broken.
    pub fn check(input: PairInput) -> Result<PairItem, Rejected> {
        let pair = match input {
            PairInput::Pair { pair, .. } => pair,
            PairInput::Rejected { label, reason } => {
                return Err(Rejected::new(
                    label,
                    Failure::Invalid(InvalidInput::Rejected(reason)),
                ));
            }
        };
        let label = format!("{},{}", pair.from, pair.to);
        let invalid = |err: InvalidInput| Rejected::new(label.clone(), Failure::Invalid(err));
        let from = UserId::new(pair.from.as_str()).map_err(|e| invalid(InvalidInput::UserId(e)))?;
        let to = UserId::new(pair.to.as_str()).map_err(|e| invalid(InvalidInput::UserId(e)))?;
        if from == to {
            let why = format!(
                "From_Account and To_Account are both {from}: a relation needs two accounts"
            );
            return Err(invalid(InvalidInput::Other(why)));
        }
        Ok(PairItem { from, to, pair })
    }

    /// What names it in its outcome: `from,to`.
    pub fn label(&self) -> String {
        format!("{},{}", self.from, self.to)
    }
}

/// What succeeded for one pair.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Success {
    /// Imported into `From_Account`'s table (friend_import).
    Imported,
    /// Added (friend_add).
    Added,
    /// A friend request waits for `To_Account`'s confirmation (friend_add's 30539).
    Pending,
    /// Already in the requested state (an imported or added friend, a blocked account): the
    /// service's 30001 for a pair whose two accounts differ.
    AlreadyThere,
    /// Removed (friend_delete).
    Deleted,
    /// Not there any more: a delete or unblock answered "not a friend / not blocked" after a
    /// request that may have been processed (a resumed job's pair an earlier run sent).
    Absent,
    /// The friend relation found (friend_check).
    Checked(im_proto::sns::friend_check::Relation),
    /// Blocked (black_list_add).
    Blocked,
    /// Unblocked (black_list_delete).
    Unblocked,
    /// The blocklist relation found (black_list_check).
    BlackChecked(im_proto::sns::black_list_check::BlackRelation),
    /// Followed (follow_add).
    Followed,
    /// Unfollowed (follow_delete).
    Unfollowed,
    /// The follow relation found (follow_check).
    FollowChecked(FollowRelation),
}

/// What reports count successes by; `Display` is the label (`imported`, `checked:BothWay`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SuccessKind {
    /// [`Success::Imported`].
    Imported,
    /// [`Success::Added`].
    Added,
    /// [`Success::Pending`].
    Pending,
    /// [`Success::AlreadyThere`].
    AlreadyThere,
    /// [`Success::Deleted`].
    Deleted,
    /// [`Success::Absent`].
    Absent,
    /// A check's relation, by its wire value (`CheckResult_Type_BothWay`, `3`).
    Checked(String),
    /// [`Success::Blocked`].
    Blocked,
    /// [`Success::Unblocked`].
    Unblocked,
    /// [`Success::Followed`].
    Followed,
    /// [`Success::Unfollowed`].
    Unfollowed,
}

impl Success {
    /// What kind of success this is, for counting.
    pub fn kind(&self) -> SuccessKind {
        match self {
            Success::Imported => SuccessKind::Imported,
            Success::Added => SuccessKind::Added,
            Success::Pending => SuccessKind::Pending,
            Success::AlreadyThere => SuccessKind::AlreadyThere,
            Success::Deleted => SuccessKind::Deleted,
            Success::Absent => SuccessKind::Absent,
            Success::Checked(r) => SuccessKind::Checked(r.as_str().to_owned()),
            Success::Blocked => SuccessKind::Blocked,
            Success::Unblocked => SuccessKind::Unblocked,
            Success::BlackChecked(r) => SuccessKind::Checked(r.as_str().to_owned()),
            Success::Followed => SuccessKind::Followed,
            Success::Unfollowed => SuccessKind::Unfollowed,
            Success::FollowChecked(r) => SuccessKind::Checked(r.as_i64().to_string()),
        }
    }
}

impl fmt::Display for SuccessKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self {
            SuccessKind::Imported => "imported",
            SuccessKind::Added => "added",
            SuccessKind::Pending => "pending",
            SuccessKind::AlreadyThere => "already_there",
            SuccessKind::Deleted => "deleted",
            SuccessKind::Absent => "absent",
            SuccessKind::Checked(relation) => return write!(f, "checked:{relation}"),
            SuccessKind::Blocked => "blocked",
            SuccessKind::Unblocked => "unblocked",
            SuccessKind::Followed => "followed",
            SuccessKind::Unfollowed => "unfollowed",
        };
        f.write_str(label)
    }
}

/// One outcome per `To_Account` of a typed call, in request order.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The account.
    pub to_account: UserId,
    /// What happened to it.
    pub result: Result<T, Failure>,
}

/// Pairs each requested account with its result, in request order.
pub(crate) fn zip<T>(ids: &[UserId], results: Vec<Result<T, Failure>>) -> Vec<ItemOutcome<T>> {
    ids.iter()
        .cloned()
        .zip(results)
        .map(|(to_account, result)| ItemOutcome { to_account, result })
        .collect()
}

/// The per-item results of an answer of `meta` for the accounts `to`: each code and text read
/// by `read`, each success made by `ok` from the item's result (a code that is not a success
/// given to `ok` when `keep` says so, else the item's failure).
pub(crate) fn map_items<'r, R>(
    meta: &Metadata,
    to: &[UserId],
    items: &'r [R],
    read: fn(&R) -> (&str, ErrorCode, &str),
    keep: fn(ErrorCode) -> bool,
    mut ok: impl FnMut(Option<&'r R>) -> Result<Success, Failure>,
) -> Vec<Result<Success, Failure>> {
    let read = coded(move |r: &R| {
        let (key, code, info) = read(r);
        let result = ItemResult::new(key);
        if keep(code) {
            result
        } else {
            result.with_code(code, info)
        }
    });
    let keys = to.iter().map(UserId::as_str);
    results::map_with(results::declared(meta), keys, items, read, &mut ok)
}

/// `read` as a reader of any result's lifetime (what the mappings take).
pub(crate) fn coded<R, F>(read: F) -> F
where
    F: for<'a> Fn(&'a R) -> ItemResult<'a>,
{
    read
}

/// Sends a chunk of pairs as one call per `From_Account` (concurrently), `send` making each
/// call from the account and its pairs' indices, and gives one result per pair in the chunk's
/// order.
pub(crate) async fn by_from<F, Fut>(
    batch: &Batch<'_, PairItem>,
    send: F,
) -> Vec<Result<Success, Failure>>
where
    F: Fn(UserId, Vec<usize>) -> Fut,
    Fut: Future<Output = Vec<Result<Success, Failure>>>,
{
    let items = batch.items();
    let mut order: Vec<(UserId, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let slot = *index.entry(item.from.as_str()).or_insert_with(|| {
            order.push((item.from.clone(), Vec::new()));
            order.len() - 1
        });
        order[slot].1.push(i);
    }
    let groups: Vec<Vec<usize>> = order.iter().map(|(_, idx)| idx.clone()).collect();
    let answers = join_all(order.into_iter().map(|(from, idx)| send(from, idx))).await;
    let mut out: Vec<Option<Result<Success, Failure>>> = items.iter().map(|_| None).collect();
    for (idx, results) in groups.into_iter().zip(answers) {
        let mut results = results.into_iter();
        for i in idx {
            out[i] = Some(results.next().unwrap_or(Err(Failure::NoResult)));
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or(Err(Failure::NoResult)))
        .collect()
}

/// The `To_Account`s of the pairs at `idx`.
pub(crate) fn targets(batch: &Batch<'_, PairItem>, idx: &[usize]) -> Vec<UserId> {
    idx.iter().map(|&i| batch.items()[i].to.clone()).collect()
}

/// `n` results, each `failure`.
pub(crate) fn fail_n(n: usize, failure: Failure) -> Vec<Result<Success, Failure>> {
    (0..n).map(|_| Err(failure.clone())).collect()
}
