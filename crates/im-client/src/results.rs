//! The per-item results of a list call, mapped back to the requested items as the API's
//! declaration says ([`ResultMapping`]): one result per requested item, in request order,
//! whatever order, repeats or gaps the answer has.
//!
//! The answer's result items are typed by each API's module; a mapping reads each through a
//! function giving its [`ItemResult`] (the key it answers, its code and text), so one
//! implementation serves every declared list.
//!
//! - [`ResultMapping::ByKey`]: each item gets the first result naming its key; none is
//!   [`Failure::NoResult`] (never a success).
//! - [`ResultMapping::ByPosition`]: the n-th item gets the n-th result; a short list leaves the
//!   last items [`Failure::NoResult`].
//! - [`ResultMapping::FailuresOnly`]: an item the list names failed (with the listed code, or
//!   [`Failure::ListedInFailAccounts`] when the list gives none); any other succeeded.
//! - [`ResultMapping::Envelope`]: the answer has no per-item results; each item succeeded (a
//!   failed envelope is the call's error, before any mapping).
//!
//! A result with a code that is not a success is its item's failure, [`Failure::Service`] with
//! the service's text (credential-like runs masked).

use std::collections::HashMap;

use im_proto::{ErrorCode, Metadata, ResultMapping};

use crate::Failure;

/// What a mapping reads of one result item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemResult<'a> {
    /// The key of the item it answers (a UserID, say); empty for a list without keys.
    pub key: &'a str,
    /// Its code, when the list carries one (`ResultCode`, `ErrorCode`).
    pub code: Option<ErrorCode>,
    /// The service's text for a failure (may be empty).
    pub info: &'a str,
}

impl<'a> ItemResult<'a> {
    /// A result naming `key`, without a code.
    pub fn new(key: &'a str) -> Self {
        ItemResult {
            key,
            code: None,
            info: "",
        }
    }

    /// With its code and text.
    pub fn with_code(mut self, code: ErrorCode, info: &'a str) -> Self {
        self.code = Some(code);
        self.info = info;
        self
    }

    /// The failure its code stands for, if the code is not a success.
    fn failure(&self) -> Option<Failure> {
        self.code
            .filter(|code| !code.is_success())
            .map(|code| Failure::service(code, self.info))
    }
}

/// How the answer of the API `meta` maps back to its items: its item list's declared mapping,
/// or [`ResultMapping::Envelope`] for an API without one.
pub fn declared(meta: &Metadata) -> ResultMapping {
    meta.items
        .map_or(ResultMapping::Envelope, |list| list.results)
}

/// Maps `results` (the declared result list of an answer) to the items requested under
/// `keys`, as `mapping` says: one entry per key, in request order. `Ok(Some(result))` is the
/// item's own successful result; `Ok(None)` a success without a result of its own (an item a
/// failures-only list does not name, or any item of an envelope-only answer); `Err` the item's
/// failure. [`map_with`] makes each success what the caller needs in the same pass.
///
/// # Examples
///
/// ```
/// use im_client::Failure;
/// use im_client::results::{ItemResult, map};
/// use im_proto::{ErrorCode, ResultMapping};
///
/// #[derive(Debug)]
/// struct Answer { user: String, code: ErrorCode }
/// let answers = [
///     Answer { user: "b".into(), code: ErrorCode::new(70107) },
///     Answer { user: "a".into(), code: ErrorCode::OK },
/// ];
/// let mapping = ResultMapping::ByKey { list: "ResultItem", key: "UserID" };
/// let mapped = map(mapping, ["a", "b", "c"], &answers, |r| {
///     ItemResult::new(&r.user).with_code(r.code, "")
/// });
/// assert_eq!(mapped[0].as_ref().unwrap().unwrap().user, "a");
/// assert_eq!(mapped[1].as_ref().unwrap_err().code(), Some(ErrorCode::new(70107)));
/// assert!(matches!(mapped[2], Err(Failure::NoResult)));
/// ```
pub fn map<'k, 'r, R>(
    mapping: ResultMapping,
    keys: impl IntoIterator<Item = &'k str>,
    results: &'r [R],
    read: impl Fn(&R) -> ItemResult<'_>,
) -> Vec<Result<Option<&'r R>, Failure>> {
    map_with(mapping, keys, results, read, Ok)
}

/// [`map`], each success made into what `ok` makes of the item's own result (`None` when it
/// has none), in one pass: `ok` may still fail the item (a result missing a field it needs).
pub fn map_with<'k, 'r, R, T>(
    mapping: ResultMapping,
    keys: impl IntoIterator<Item = &'k str>,
    results: &'r [R],
    read: impl Fn(&R) -> ItemResult<'_>,
    mut ok: impl FnMut(Option<&'r R>) -> Result<T, Failure>,
) -> Vec<Result<T, Failure>> {
    match mapping {
        ResultMapping::ByKey { .. } => by_key_with(keys, results, read, |r| ok(Some(r))),
        ResultMapping::ByPosition { .. } => {
            let count = keys.into_iter().count();
            by_position_with(count, results, read, |r| ok(Some(r)))
        }
        ResultMapping::FailuresOnly { .. } => failures_only_with(keys, results, read, || ok(None)),
        // A mapping this version does not know: the envelope's success is every item's.
        _ => keys.into_iter().map(|_| ok(None)).collect(),
    }
}

/// [`ResultMapping::ByKey`]: each key gets the first result naming it (the service answers a
/// repeated key once per occurrence); a key no result names is [`Failure::NoResult`], a result
/// with a failing code its item's failure.
pub fn by_key<'k, 'r, R>(
    keys: impl IntoIterator<Item = &'k str>,
    results: &'r [R],
    read: impl Fn(&R) -> ItemResult<'_>,
) -> Vec<Result<&'r R, Failure>> {
    by_key_with(keys, results, read, Ok)
}

fn by_key_with<'k, 'r, R, T>(
    keys: impl IntoIterator<Item = &'k str>,
    results: &'r [R],
    read: impl Fn(&R) -> ItemResult<'_>,
    mut ok: impl FnMut(&'r R) -> Result<T, Failure>,
) -> Vec<Result<T, Failure>> {
    let mut found: HashMap<&str, &'r R> = HashMap::with_capacity(results.len());
    for result in results {
        found.entry(read(result).key).or_insert(result);
    }
    keys.into_iter()
        .map(|key| match found.get(key) {
            None => Err(Failure::NoResult),
            Some(result) => match read(result).failure() {
                Some(failure) => Err(failure),
                None => ok(result),
            },
        })
        .collect()
}

/// [`ResultMapping::ByPosition`]: the n-th of `count` items gets the n-th result; items past
/// the end of the list are [`Failure::NoResult`], results past the last item are ignored.
pub fn by_position<R>(
    count: usize,
    results: &[R],
    read: impl Fn(&R) -> ItemResult<'_>,
) -> Vec<Result<&R, Failure>> {
    by_position_with(count, results, read, Ok)
}

fn by_position_with<'r, R, T>(
    count: usize,
    results: &'r [R],
    read: impl Fn(&R) -> ItemResult<'_>,
    mut ok: impl FnMut(&'r R) -> Result<T, Failure>,
) -> Vec<Result<T, Failure>> {
    (0..count)
        .map(|i| match results.get(i) {
            None => Err(Failure::NoResult),
            Some(result) => match read(result).failure() {
                Some(failure) => Err(failure),
                None => ok(result),
            },
        })
        .collect()
}

/// [`ResultMapping::FailuresOnly`]: a key the list names failed, with the listed code (or
/// [`Failure::ListedInFailAccounts`] when the list gives none: the batch import's
/// `FailAccounts`); a key it does not name succeeded.
pub fn failures_only<'k, R>(
    keys: impl IntoIterator<Item = &'k str>,
    failures: &[R],
    read: impl Fn(&R) -> ItemResult<'_>,
) -> Vec<Result<(), Failure>> {
    failures_only_with(keys, failures, read, || Ok(()))
}

fn failures_only_with<'k, R, T>(
    keys: impl IntoIterator<Item = &'k str>,
    failures: &[R],
    read: impl Fn(&R) -> ItemResult<'_>,
    mut ok: impl FnMut() -> Result<T, Failure>,
) -> Vec<Result<T, Failure>> {
    let mut listed: HashMap<&str, Failure> = HashMap::with_capacity(failures.len());
    for failure in failures {
        let result = read(failure);
        let why = result.failure().unwrap_or(Failure::ListedInFailAccounts);
        listed.entry(result.key).or_insert(why);
    }
    keys.into_iter()
        .map(|key| match listed.get(key) {
            Some(failure) => Err(failure.clone()),
            None => ok(),
        })
        .collect()
}

/// [`ResultMapping::Envelope`]: the answer was a success and has no per-item results, so each
/// of the `count` items succeeded.
pub fn envelope(count: usize) -> Vec<Result<(), Failure>> {
    vec![Ok(()); count]
}

/// Gives each item still [`Failure::NoResult`] its entry in a second list of failures by key
/// (the declaration's [`failure_items`](Metadata::failure_items), `ErrorList` of the
/// online-status query): the listed code, or [`Failure::ListedInFailAccounts`] without one.
pub fn fill_failures<'k, T, R>(
    mapped: &mut [Result<T, Failure>],
    keys: impl IntoIterator<Item = &'k str>,
    failures: &[R],
    read: impl Fn(&R) -> ItemResult<'_>,
) {
    if failures.is_empty() {
        return;
    }
    let listed = failures_only(keys, failures, read);
    for (slot, listed) in mapped.iter_mut().zip(listed) {
        if let (Err(Failure::NoResult), Err(failure)) = (&*slot, listed) {
            *slot = Err(failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A result item of a fake list: a key, and a code when the list has one.
    struct Fake(&'static str, Option<i64>);

    fn read(fake: &Fake) -> ItemResult<'_> {
        let result = ItemResult::new(fake.0);
        match fake.1 {
            Some(code) => result.with_code(ErrorCode::new(code), "why"),
            None => result,
        }
    }

    fn shown<T>(mapped: &[Result<T, Failure>], ok: impl Fn(&T) -> String) -> Vec<String> {
        mapped
            .iter()
            .map(|r| match r {
                Ok(value) => ok(value),
                Err(failure) => failure.label(),
            })
            .collect()
    }

    #[test]
    fn by_key_takes_the_first_result_of_each_key_in_request_order() {
        let results = [
            Fake("c", Some(0)),
            Fake("a", Some(70107)),
            Fake("c", Some(70107)),
            Fake("x", None),
        ];
        let mapped = by_key(["a", "b", "c", "c"], &results, read);
        assert_eq!(
            shown(&mapped, |r| format!("ok {}", r.0)),
            ["70107", "no_result", "ok c", "ok c"]
        );
    }

    #[test]
    fn by_position_pairs_in_order_and_never_takes_a_gap_for_a_success() {
        let results = [Fake("", None), Fake("", Some(40003)), Fake("", Some(0))];
        let mapped = by_position(4, &results, read);
        assert_eq!(
            shown(&mapped, |_| "ok".into()),
            ["ok", "40003", "ok", "no_result"]
        );
        assert_eq!(by_position(1, &results, read).len(), 1);
    }

    #[test]
    fn failures_only_fails_the_listed_keys_with_their_code_or_without_one() {
        let failures = [Fake("b", Some(70107)), Fake("d", None)];
        let mapped = failures_only(["a", "b", "c", "d"], &failures, read);
        assert_eq!(
            shown(&mapped, |()| "ok".into()),
            ["ok", "70107", "ok", "fail_accounts"]
        );
    }

    #[test]
    fn each_declared_mapping_is_followed() {
        let results = [Fake("b", Some(0)), Fake("a", Some(70107))];
        let keys = ["a", "b"];
        let show = |mapping| {
            shown(&map(mapping, keys, &results, read), |r| match r {
                Some(r) => format!("ok {}", r.0),
                None => "ok".into(),
            })
        };
        let by_key = ResultMapping::ByKey {
            list: "L",
            key: "K",
        };
        assert_eq!(show(by_key), ["70107", "ok b"]);
        assert_eq!(
            show(ResultMapping::ByPosition { list: "L" }),
            ["ok b", "70107"]
        );
        let failures = ResultMapping::FailuresOnly {
            list: "L",
            key: "K",
        };
        // Listed is failed: with its code, or (a success code) without a reason.
        assert_eq!(show(failures), ["70107", "fail_accounts"]);
        assert_eq!(show(ResultMapping::Envelope), ["ok", "ok"]);
    }

    #[test]
    fn map_with_makes_each_success_in_the_same_pass_and_may_still_fail_it() {
        let results = [Fake("a", None), Fake("b", Some(0)), Fake("c", Some(40003))];
        let by_key = ResultMapping::ByKey {
            list: "L",
            key: "K",
        };
        // A result without a code lacks what this caller needs: its item fails.
        let ok = |r: Option<&Fake>| match r {
            Some(Fake(key, Some(_))) => Ok(key.len()),
            Some(_) => Err(Failure::NoResult),
            None => Ok(0),
        };
        let mapped = map_with(by_key, ["a", "b", "c"], &results, read, ok);
        assert_eq!(
            shown(&mapped, |n| n.to_string()),
            ["no_result", "1", "40003"]
        );
        let failures = ResultMapping::FailuresOnly {
            list: "L",
            key: "K",
        };
        let mapped = map_with(failures, ["x", "c"], &results, read, ok);
        assert_eq!(shown(&mapped, |n| n.to_string()), ["0", "40003"]);
    }

    #[test]
    fn a_second_failure_list_fills_only_the_items_without_a_result() {
        let mut mapped: Vec<Result<u8, Failure>> =
            vec![Ok(1), Err(Failure::NoResult), Err(Failure::NoResult)];
        fill_failures(
            &mut mapped,
            ["a", "b", "c"],
            &[Fake("a", Some(70107)), Fake("b", Some(70107))],
            read,
        );
        assert_eq!(
            shown(&mapped, |n| n.to_string()),
            ["1", "70107", "no_result"]
        );
    }

    #[test]
    fn the_declared_mapping_of_an_api_without_a_list_is_the_envelope() {
        let mut meta = *im_proto::Api::Kick.metadata();
        assert_eq!(declared(&meta), ResultMapping::Envelope);
        meta.items = Some(im_proto::ItemList::new(
            "Things",
            3,
            ResultMapping::ByPosition { list: "Results" },
        ));
        assert_eq!(
            declared(&meta),
            ResultMapping::ByPosition { list: "Results" }
        );
    }
}
