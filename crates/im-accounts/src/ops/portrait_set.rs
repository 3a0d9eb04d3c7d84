//! Setting one account's profile fields, and the bulk profile write's chunks (one account per
//! call).

use im_client::{Error, Failure, RetryPolicy};
use im_proto::profile::portrait_set::Request;
use im_proto::{Profile, ProfileItem, UserId};

use crate::Client;

use super::{ChunkTally, Pending, Success, call_single};

impl Client {
    /// Sets profile fields of one account (`portrait_set`): the items as given, tags in this
    /// order and values as they are; the fields not listed keep their values.
    /// [`Client::set_profile`] takes a [`Profile`] instead.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for no item or a value that breaks its tag's rule (nothing is
    /// sent); [`Error::Api`] with the service's code (40003: no such account, 40009: a custom
    /// tag not configured...); otherwise as [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_proto::{ProfileItem, ProfileTag, UserId};
    ///
    /// let items = vec![
    ///     ProfileItem::new(ProfileTag::Nick, "Alice"),
    ///     ProfileItem::new(ProfileTag::BirthDay, 19900101_u32),
    /// ];
    /// client.portrait_set(&UserId::new("alice")?, items).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn portrait_set(&self, id: &UserId, items: Vec<ProfileItem>) -> Result<(), Error> {
        self.call(&Request::new(id.clone(), items)).await.map(drop)
    }

    /// Sets the fields `profile` has on one account: [`Client::portrait_set`] (the
    /// `portrait_set` command) with `profile`'s items; the others keep their values.
    ///
    /// # Errors
    ///
    /// As [`Client::portrait_set`]; an empty profile is refused before sending.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_proto::{Gender, Profile, UserId};
    ///
    /// let profile = Profile::new()
    ///     .with_nick("Alice")
    ///     .with_gender(Gender::Female)
    ///     .with_birthday(19900101);
    /// client.set_profile(&UserId::new("alice")?, &profile).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn set_profile(&self, id: &UserId, profile: &Profile) -> Result<(), Error> {
        self.portrait_set(id, profile.to_items()).await
    }

    /// The former name of [`Client::portrait_set`].
    ///
    /// # Errors
    ///
    /// As [`Client::portrait_set`].
    #[deprecated(note = "renamed to `Client::portrait_set`, after the command")]
    pub async fn set_profile_items(
        &self,
        id: &UserId,
        items: Vec<ProfileItem>,
    ) -> Result<(), Error> {
        self.portrait_set(id, items).await
    }
}

/// One chunk of a bulk profile write: one call per account; the service's refusal of an
/// account (40003...) is its failure.
pub(crate) async fn profile_set_chunk(
    client: &Client,
    batch: &[Pending],
    policy: &RetryPolicy,
    tally: &mut ChunkTally,
) -> Vec<Result<Success, Failure>> {
    let mut results = Vec::with_capacity(batch.len());
    for pending in batch {
        let items = pending
            .profile
            .as_deref()
            .map(Profile::to_items)
            .unwrap_or_default();
        let request = Request::new(pending.id.clone(), items);
        results.push(call_single(client, &request, policy, tally, Success::ProfileSet).await);
    }
    results
}
