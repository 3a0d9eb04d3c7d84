//! Typed operations, one module per API (declared from im-proto's table, so an API without a
//! client operation does not compile), and the mapping of batch answers to one outcome per
//! requested account that they share.

use std::collections::HashMap;

use im_proto::{ErrorCode, UserId};

use crate::Failure;

macro_rules! operations {
    ($($variant:ident $module:ident,)*) => {
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

im_proto::for_each_api!(operations);

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
    Failure::Service {
        code,
        info: crate::error::mask_credential_runs(info),
    }
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
