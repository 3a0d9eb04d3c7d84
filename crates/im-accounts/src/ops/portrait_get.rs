//! Reading profile fields of up to 100 accounts, and the bulk profile read's chunks.

use std::sync::Arc;

use im_client::bulk::{Batch, BulkOperation};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::profile::portrait_get::{Request, Response, UserProfileItem};
use im_proto::{Endpoint, Metadata, Profile, ProfileTag, UserId};

use crate::Client;

use super::{AccountItem, ItemOutcome, ProfileUse, Success, keys, zip};

impl Client {
    /// Reads `tags` of up to 100 accounts (`portrait_get`): each account's profile holds the
    /// requested fields it has set, or the account's failure (40003: no such account).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts, no tag, or a tag that is
    /// neither standard nor a well-formed custom one; otherwise as [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_proto::{ProfileTag, UserId};
    ///
    /// let ids = [UserId::new("alice")?];
    /// let outcomes = client.portrait_get(&ids, &[ProfileTag::Nick, ProfileTag::Image]).await?;
    /// if let Ok(profile) = &outcomes[0].result {
    ///     println!("{:?}", profile.nick);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn portrait_get(
        &self,
        ids: &[UserId],
        tags: &[ProfileTag],
    ) -> Result<Vec<ItemOutcome<Profile>>, Error> {
        let response = self
            .call(&Request::new(ids.to_vec(), tags.to_vec()))
            .await?;
        Ok(zip(ids, map_profiles(ids, &response)))
    }

    /// The former name of [`Client::portrait_get`].
    ///
    /// # Errors
    ///
    /// As [`Client::portrait_get`].
    #[deprecated(note = "renamed to `Client::portrait_get`, after the command")]
    pub async fn get_profiles(
        &self,
        ids: &[UserId],
        tags: &[ProfileTag],
    ) -> Result<Vec<ItemOutcome<Profile>>, Error> {
        self.portrait_get(ids, tags).await
    }
}

/// One outcome per requested ID from `UserProfileItem[]`, as the declaration maps it; an ID
/// with no item is [`Failure::NoResult`].
fn map_profiles(ids: &[UserId], response: &Response) -> Vec<Result<Profile, Failure>> {
    fn read(i: &UserProfileItem) -> ItemResult<'_> {
        ItemResult::new(&i.to_account).with_code(i.result_code, &i.result_info)
    }
    let mapping = results::declared(&Request::METADATA);
    let items = response.user_profile_items();
    results::map_with(mapping, keys(ids), items, read, |item| {
        item.map(UserProfileItem::profile).ok_or(Failure::NoResult)
    })
}

/// The bulk profile read: `portrait_get` of these tags, 100 accounts per call; each success is
/// a [`Success::Profile`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortraitGet {
    tags: Arc<[ProfileTag]>,
}

impl PortraitGet {
    /// Reading `tags` of each account.
    pub fn new(tags: impl Into<Arc<[ProfileTag]>>) -> Self {
        PortraitGet { tags: tags.into() }
    }
}

impl BulkOperation for PortraitGet {
    account_operation!(ProfileUse::Ignore);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "profile-get"
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let request = Request::new(AccountItem::ids(batch.items()), self.tags.to_vec());
        match batch.call(&request).await {
            (Ok(response), _) => map_profiles(&request.to_account, &response)
                .into_iter()
                .map(|r| r.map(|profile| Success::Profile(Box::new(profile))))
                .collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}

#[cfg(test)]
mod tests {
    use im_proto::{ErrorCode, ProfileItem};

    use super::*;

    #[test]
    fn each_account_gets_its_profile_or_its_failure() {
        let ids: Vec<UserId> = ["a", "b", "c"].map(|n| UserId::new(n).unwrap()).into();
        let response = Response::ok(vec![
            UserProfileItem::failed("b", ErrorCode::PROFILE_ACCOUNT_NOT_FOUND, "gone"),
            UserProfileItem::new("a", vec![ProfileItem::new(ProfileTag::Nick, "A")]),
        ]);
        let out = map_profiles(&ids, &response);
        assert_eq!(out[0].as_ref().unwrap().nick.as_deref(), Some("A"));
        assert_eq!(
            out[1].as_ref().unwrap_err().code(),
            Some(ErrorCode::PROFILE_ACCOUNT_NOT_FOUND)
        );
        assert!(matches!(out[2], Err(Failure::NoResult)));
    }
}
