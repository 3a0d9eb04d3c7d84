//! Typed operations, one module per account API, and the mapping of batch answers to one
//! outcome per requested account that they share.

use std::collections::HashMap;
use std::sync::Arc;

use im_client::{CallReport, Error, Failure, RetryPolicy};
use im_proto::{AccountProfile, AccountStatus, Endpoint, ErrorCode, OnlineStatus, Profile, UserId};

use crate::Client;

macro_rules! operations {
    ($($variant:ident $service:ident $module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*

        /// The commands with a typed operation, each named after its command.
        #[cfg(test)]
        const COMMANDS: &[&str] = &[$(stringify!($module)),*];
    };
}

operations! {
        AccountImport account account_import,
        MultiaccountImport account multiaccount_import,
        AccountCheck account account_check,
        AccountDelete account account_delete,
        Kick account kick,
        QueryOnlineStatus openim query_online_status,
        PortraitSet profile portrait_set,
        PortraitGet profile portrait_get,
        CreateRobot robot create_robot,
        DeleteRobot robot delete_robot,
        GetAllRobots robot get_all_robots,
}

/// One requested account's outcome in a batch operation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The account.
    pub user_id: UserId,
    /// What happened to it.
    pub result: Result<T, Failure>,
}

impl<T> ItemOutcome<T> {
    /// Whether the account succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// Pairs each requested ID with its result, in request order.
fn zip<T>(ids: &[UserId], results: Vec<Result<T, Failure>>) -> Vec<ItemOutcome<T>> {
    ids.iter()
        .cloned()
        .zip(results)
        .map(|(user_id, result)| ItemOutcome { user_id, result })
        .collect()
}

/// The items by the account they answer; the first answer for an ID wins (the service answers
/// duplicates once per occurrence).
fn by_user<T>(items: &[T], key: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}

/// A per-account failure; the service's text is kept, with anything credential-like masked.
fn item_failure(code: ErrorCode, info: &str) -> Failure {
    Failure::service(code, info)
}

/// Maps `ResultItem[]` to one outcome per requested ID: no item is [`Failure::NoResult`], a
/// non-zero `ResultCode` the item's failure, and a zero one whatever `ok` makes of the item.
fn map_result_items<I, T>(
    ids: &[UserId],
    items: &[I],
    fields: impl Fn(&I) -> (&str, ErrorCode, &str),
    ok: impl Fn(&I) -> Result<T, Failure>,
) -> Vec<Result<T, Failure>> {
    let items = by_user(items, |i| fields(i).0);
    ids.iter()
        .map(|id| match items.get(id.as_str()) {
            None => Err(Failure::NoResult),
            Some(item) => match fields(item) {
                (_, code, info) if !code.is_success() => Err(item_failure(code, info)),
                _ => ok(item),
            },
        })
        .collect()
}

/// What succeeded for one account.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Success {
    /// Imported (new, or already present).
    Imported,
    /// Checked: `Imported` or `NotImported`.
    Checked(AccountStatus),
    /// Deleted.
    Deleted,
    /// Delete answered 70107 (does not exist) after an attempt that may have been processed:
    /// a retry after a timeout, closed connection or HTTP 5xx, or a resumed job's item that an
    /// earlier run sent ([`BulkOptions::sent_before`](crate::bulk::BulkOptions::sent_before)).
    /// The account is gone, possibly by that earlier attempt.
    Absent,
    /// Online status.
    Online(OnlineInfo),
    /// Login state invalidated.
    Kicked,
    /// Profile fields read: the requested ones that are set.
    Profile(Box<Profile>),
    /// Profile fields set.
    ProfileSet,
    /// Skipped: the same UserID appeared earlier in the input, at position `first` (0-based;
    /// `None` past the 4,294,967,294th item, where positions are not kept), and is handled
    /// there. Not a failure.
    Duplicate {
        /// The position of its first occurrence.
        first: Option<u64>,
    },
}

impl Success {
    /// What kind of success this is, for counting in reports.
    pub fn kind(&self) -> SuccessKind {
        match self {
            Success::Imported => SuccessKind::Imported,
            Success::Checked(status) => SuccessKind::Checked(status.clone()),
            Success::Deleted => SuccessKind::Deleted,
            Success::Absent => SuccessKind::Absent,
            Success::Online(info) => SuccessKind::Online(info.status.clone()),
            Success::Kicked => SuccessKind::Kicked,
            Success::Profile(_) => SuccessKind::ProfileRead,
            Success::ProfileSet => SuccessKind::ProfileSet,
            Success::Duplicate { .. } => SuccessKind::Duplicate,
        }
    }

    /// A short label: `imported`, `Imported`/`NotImported`, `deleted`, `absent`, `kicked`,
    /// `read`, `set`, `duplicate`, or the online status (`Online`, `PushOnline`, `Offline`).
    pub fn label(&self) -> &str {
        match self {
            Success::Imported => "imported",
            Success::Checked(status) => status.as_str(),
            Success::Deleted => "deleted",
            Success::Absent => "absent",
            Success::Online(info) => info.status.as_str(),
            Success::Kicked => "kicked",
            Success::Profile(_) => "read",
            Success::ProfileSet => "set",
            Success::Duplicate { .. } => "duplicate",
        }
    }
}

/// What kind of [`Success`] an outcome is, without its details: the key reports count by.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SuccessKind {
    /// Imported.
    Imported,
    /// Checked, with the status found.
    Checked(AccountStatus),
    /// Deleted.
    Deleted,
    /// Already gone after an ambiguous earlier attempt.
    Absent,
    /// Online status found.
    Online(OnlineStatus),
    /// Login state invalidated.
    Kicked,
    /// Profile fields read.
    ProfileRead,
    /// Profile fields set.
    ProfileSet,
    /// Skipped as a repeat of an earlier input item.
    Duplicate,
}

impl std::fmt::Display for SuccessKind {
    /// The label of [`Success::label`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuccessKind::Imported => f.write_str("imported"),
            SuccessKind::Checked(status) => f.write_str(status.as_str()),
            SuccessKind::Deleted => f.write_str("deleted"),
            SuccessKind::Absent => f.write_str("absent"),
            SuccessKind::Online(status) => f.write_str(status.as_str()),
            SuccessKind::Kicked => f.write_str("kicked"),
            SuccessKind::ProfileRead => f.write_str("read"),
            SuccessKind::ProfileSet => f.write_str("set"),
            SuccessKind::Duplicate => f.write_str("duplicate"),
        }
    }
}

/// One account waiting in, or sent in, a chunk.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    pub(crate) position: u64,
    pub(crate) id: UserId,
    pub(crate) nick: Option<String>,
    pub(crate) face_url: Option<String>,
    /// The fields to set, for a profile write.
    pub(crate) profile: Option<Box<Profile>>,
}

impl Pending {
    /// The chunk's UserIDs, in order.
    pub(crate) fn ids(batch: &[Pending]) -> Vec<UserId> {
        batch.iter().map(|p| p.id.clone()).collect()
    }

    /// The account with its profile.
    pub(crate) fn profile(&self) -> AccountProfile {
        let mut profile = AccountProfile::new(self.id.clone());
        profile.nick = self.nick.clone();
        profile.face_url = self.face_url.clone();
        profile
    }
}

/// What a chunk's calls went through.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ChunkTally {
    pub(crate) requests: u64,
    pub(crate) retries: u64,
    pub(crate) throttled: u64,
}

impl ChunkTally {
    /// Adds one call's attempts.
    pub(crate) fn add(&mut self, report: &CallReport) {
        self.requests += u64::from(report.attempts);
        self.retries += u64::from(report.attempts.saturating_sub(1));
        self.throttled += u64::from(report.throttled);
    }
}

/// Sends one chunk's request and maps its answer to one result per account, or fails each of
/// the `count` accounts with the call's error: what every bulk operation shares.
pub(crate) async fn call_chunk<E: Endpoint>(
    client: &Client,
    request: &E,
    policy: &RetryPolicy,
    tally: &mut ChunkTally,
    count: usize,
    map: impl FnOnce(&E::Response, &CallReport) -> Vec<Result<Success, Failure>>,
) -> Vec<Result<Success, Failure>> {
    let (result, report) = client.call_with(request, policy).await;
    tally.add(&report);
    match result {
        Ok(response) => map(&response, &report),
        Err(err) => fail_all(count, never_sent(err, &report)),
    }
}

/// The failure of a call's accounts: [`Failure::NotAttempted`] when the client stopped
/// before any attempt left, else the call's error.
pub(crate) fn never_sent(err: Error, report: &CallReport) -> Failure {
    let err = Arc::new(err);
    match &*err {
        Error::Stopped if report.sent == 0 => Failure::NotAttempted(err),
        _ => Failure::Request(err),
    }
}

/// Sends a one-account request and maps its answer: the service's refusal with a code no retry
/// changes (70107, 40003...) is the account's own failure, as a batch API's per-item code
/// would be; a refusal of the credentials, or a failure to get an answer, stays the call's
/// error (which the bulk engine's stop policy sees).
pub(crate) async fn call_single<E: Endpoint>(
    client: &Client,
    request: &E,
    policy: &RetryPolicy,
    tally: &mut ChunkTally,
    success: Success,
) -> Result<Success, Failure> {
    let (result, report) = client.call_with(request, policy).await;
    tally.add(&report);
    match result {
        Ok(_) => Ok(success),
        Err(Error::Api(err)) if !err.is_auth() && !err.retry_class().is_retryable() => {
            Err(item_failure(err.code(), err.info()))
        }
        Err(err) => Err(never_sent(err, &report)),
    }
}

/// Every account of a chunk failed with the same failure.
pub(crate) fn fail_all<T>(n: usize, failure: Failure) -> Vec<Result<T, Failure>> {
    (0..n).map(|_| Err(failure.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::COMMANDS;

    /// Every operation is listed in the crate docs' table under its command, linking the method
    /// of the same name (rustdoc checks the link resolves).
    #[test]
    fn the_crate_docs_list_every_operation_under_its_command() {
        let docs = include_str!("lib.rs");
        let readme = include_str!("../README.md");
        for command in COMMANDS {
            let row = format!("//! | `{command}` | [`{command}`](Client::{command})");
            assert!(docs.contains(&row), "lib.rs: no operation row {row:?}");
            let row = format!("| `{command}` | `Client::{command}`");
            assert!(readme.contains(&row), "README.md: no operation row {row:?}");
        }
        assert!(COMMANDS.contains(&"portrait_get"), "{COMMANDS:?}");
    }
}
