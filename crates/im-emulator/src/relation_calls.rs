//! What the relationship handlers (`sns`, `follow`) share: reading `From_Account`, the
//! per-item codes' texts, and answers with their `Fail_Account` list. The graph itself is
//! `relations`; each API's semantics are in its handler.

use im_proto::{Api, ApiResponse, Envelope, ErrorCode, UserId};

use crate::exchange::Answer;
use crate::relations::{Id, Relations};
use crate::shared::Shared;
use crate::state::Store;

/// The text of a per-item 30003.
pub(crate) const NOT_FOUND_INFO: &str = "Err_SNS_Account_Not_Exist";

/// An `OK` answer of `api` whose per-API fields `fill` sets.
pub(crate) fn ok<R: ApiResponse + serde::Serialize>(fill: impl FnOnce(&mut R)) -> Answer {
    let mut response = R::from_envelope(Envelope::ok());
    fill(&mut response);
    Answer::json(ErrorCode::OK, &response)
}

/// The accounts of `items` whose code is not a success, for `Fail_Account` (`None` when all
/// succeeded, as the pages show it only then).
pub(crate) fn failed<'a>(
    items: impl IntoIterator<Item = (&'a str, ErrorCode)>,
) -> Option<Vec<String>> {
    let failed: Vec<String> = items
        .into_iter()
        .filter(|(_, code)| !code.is_success())
        .map(|(to, _)| to.to_owned())
        .collect();
    (!failed.is_empty()).then_some(failed)
}

/// Whether `user` is an account of the app.
pub(crate) fn exists(store: &Store, user: &str) -> bool {
    store.accounts.contains_key(user)
}

/// `From_Account`'s id, or the call's 30003 refusal when it is not an account of the app.
pub(crate) fn from_account(
    api: Api,
    store: &Store,
    relations: &mut Relations,
    from: &UserId,
) -> Result<Id, Answer> {
    if !exists(store, from.as_str()) {
        return Err(Answer::fail_for(
            api,
            ErrorCode::SNS_ACCOUNT_NOT_FOUND,
            format!("From_Account {from} does not exist"),
        ));
    }
    Ok(relations.intern(from.as_str()))
}

/// Follows are switched off for this app: every follow API answers 30005.
pub(crate) fn follow_refused(api: Api, shared: &Shared) -> Option<Answer> {
    (!shared.relations.read().follow_enabled).then(|| {
        Answer::fail_for(
            api,
            ErrorCode::FOLLOW_NOT_ENABLED,
            "following is not enabled for this app: enable it in the console",
        )
    })
}

/// The current time as the graph keeps it.
pub(crate) fn now(shared: &Shared) -> u32 {
    crate::relations::secs(i64::try_from(shared.clock.now()).unwrap_or(i64::MAX))
}

/// Every field of `owner`'s entry `friend`, standard then custom, as `(tag, value)`.
pub(crate) fn friend_values(
    relations: &Relations,
    owner: Id,
    friend: &crate::relations::Friend,
) -> Vec<(String, im_proto::SnsValue)> {
    use im_proto::SnsValue;
    let mut values = vec![
        (
            im_proto::TAG_ADD_SOURCE.to_owned(),
            SnsValue::Str(relations.source(friend.source).to_owned()),
        ),
        (
            im_proto::TAG_ADD_TIME.to_owned(),
            SnsValue::Int(u64::from(friend.add_time)),
        ),
        (
            im_proto::TAG_GROUP.to_owned(),
            SnsValue::List(relations.list_names(owner, friend.lists)),
        ),
    ];
    let data = friend.data.as_deref().cloned().unwrap_or_default();
    values.push((im_proto::TAG_REMARK.to_owned(), SnsValue::Str(data.remark)));
    values.push((
        im_proto::TAG_ADD_WORDING.to_owned(),
        SnsValue::Str(data.wording),
    ));
    values.extend(data.custom);
    values
}

/// The `PairList` of a relationship callback: `from` → each of `done` (the items that
/// succeeded), and back when `both`; with `Initiator_Account` `from` when `initiated`.
pub(crate) fn pairs<'a>(
    from: &str,
    done: impl Iterator<Item = &'a str>,
    both: bool,
    initiated: bool,
) -> Vec<im_callback::sns::Pair> {
    let pair = |a: &str, b: &str| {
        let mut pair = im_callback::sns::Pair::default();
        pair.from_account = a.to_owned();
        pair.to_account = b.to_owned();
        pair.initiator_account = initiated.then(|| from.to_owned());
        pair
    };
    let mut list = Vec::new();
    for to in done {
        list.push(pair(from, to));
        if both {
            list.push(pair(to, from));
        }
    }
    list
}

/// Queues the after callback `make` builds from its `PairList` (`from` → each item of `items`
/// that succeeded, and back when `both`) and `EventTime` (milliseconds), when callbacks are on
/// and some pair changed: the list is built only then, not on every call.
pub(crate) fn after_pairs<'a, E: Into<im_callback::Event>>(
    shared: &Shared,
    from: &str,
    items: impl Iterator<Item = (&'a str, ErrorCode)>,
    both: bool,
    make: impl FnOnce(Vec<im_callback::sns::Pair>, u64) -> E,
) {
    if !shared.callbacks.enabled() {
        return;
    }
    let changed = pairs(from, succeeded(items), both, false);
    if changed.is_empty() {
        return;
    }
    let time = shared.clock.now().saturating_mul(1000);
    shared
        .callbacks
        .after(make(changed, time), crate::callbacks::Origin::rest());
}

/// The items of a per-item answer that succeeded.
pub(crate) fn succeeded<'a>(
    items: impl Iterator<Item = (&'a str, ErrorCode)>,
) -> impl Iterator<Item = &'a str> {
    items
        .filter(|(_, code)| *code == ErrorCode::OK)
        .map(|(name, _)| name)
}
