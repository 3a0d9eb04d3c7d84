//! Setting one account's profile fields, and the bulk profile write's chunks (one account per
//! call).

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::profile::portrait_set::Request;
use im_proto::{Endpoint, Metadata, Profile, ProfileItem, UserId};

use crate::Client;

use super::{AccountItem, ProfileUse, Success};

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

/// The bulk profile write: `portrait_set`, one account per call, each item's fields (a
/// [`BulkItem::Profile`](super::BulkItem::Profile), or an account's `Nick` and `FaceUrl`);
/// the service's refusal of an account (40003...) is its failure. Each success is
/// [`Success::ProfileSet`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PortraitSet;

impl BulkOperation for PortraitSet {
    account_operation!(ProfileUse::Full);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "profile-set"
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let mut results = Vec::with_capacity(batch.items().len());
        for item in batch.items() {
            let items = item
                .profile
                .as_deref()
                .map(Profile::to_items)
                .unwrap_or_default();
            let request = Request::new(item.id.clone(), items);
            let result = batch.call_one(&request).await;
            results.push(result.map(|_| Success::ProfileSet));
        }
        results
    }
}
