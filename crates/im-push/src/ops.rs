//! Typed operations, one module per API, and what they share: the [`Push`] builder and the
//! splitting of user lists into calls of the declared maximum.

use std::collections::HashMap;

use im_client::{Error, Failure};
use im_proto::Metadata;

mod im_add_tag;
mod im_get_attr;
mod im_get_attr_name;
mod im_get_tag;
mod im_push;
mod im_remove_all_tags;
mod im_remove_attr;
mod im_remove_tag;
mod im_set_attr;
mod im_set_attr_name;

pub use im_push::Push;

/// One requested account's outcome of a read: its value, or [`Failure::NoResult`] when the
/// answer did not list it.
pub type AccountOutcome<T> = (String, Result<T, Failure>);

/// The most items one call of `meta` carries (its declared item list's maximum).
pub(crate) fn chunk_size(meta: &Metadata) -> usize {
    meta.items.map_or(1, |items| items.max.max(1))
}

/// `items` in calls of `meta`'s declared maximum, sent in order by `send`; the first failing
/// call's error ends it (the calls before it were applied: the push writes are all safe to
/// send again, so running the whole list again is harmless).
pub(crate) async fn in_chunks<T, F, Fut>(
    meta: &Metadata,
    items: Vec<T>,
    mut send: F,
) -> Result<(), Error>
where
    F: FnMut(Vec<T>) -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let size = chunk_size(meta);
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let chunk: Vec<T> = items.by_ref().take(size).collect();
        send(chunk).await?;
    }
    Ok(())
}

/// The answer's items put back in the order of `asked`, one outcome each: an account the
/// answer does not list fails with [`Failure::NoResult`].
pub(crate) fn by_account<T>(
    asked: &[im_proto::UserId],
    answered: Vec<(String, T)>,
) -> Vec<AccountOutcome<T>> {
    let mut answered: HashMap<String, T> = answered.into_iter().collect();
    asked
        .iter()
        .map(|user| {
            let id = user.as_str().to_owned();
            let outcome = answered.remove(&id).ok_or(Failure::NoResult);
            (id, outcome)
        })
        .collect()
}
