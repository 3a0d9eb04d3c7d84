//! `friend_get_list`: chosen fields of chosen friends.

use im_client::{Error, Failure};
use im_proto::sns::friend_get_list::{Request, SnsProfileItem};
use im_proto::{Endpoint, UserId};

use super::{ItemOutcome, zip};
use crate::Client;

impl Client {
    /// The fields `tags` of up to 100 friends of `from` (`friend_get_list`): one outcome per
    /// account, its fields; one that is not a friend fails with 30001.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn friend_get_list(
        &self,
        from: &UserId,
        to: &[UserId],
        tags: &[&str],
    ) -> Result<Vec<ItemOutcome<Vec<SnsProfileItem>>>, Error> {
        let tags = tags.iter().map(|t| (*t).to_owned()).collect();
        let response = self
            .call(&Request::new(from.clone(), to.to_vec(), tags))
            .await?;
        let items = response.info_item.as_deref().unwrap_or_default();
        let read = super::coded(|i: &im_proto::sns::friend_get_list::InfoItem| {
            im_client::results::ItemResult::new(&i.to_account)
                .with_code(i.result_code, &i.result_info)
        });
        let mapping = im_client::results::declared(&Request::METADATA);
        let results = im_client::results::map_with(
            mapping,
            to.iter().map(UserId::as_str),
            items,
            read,
            |item| {
                item.map(|i| i.sns_profile_item.clone().unwrap_or_default())
                    .ok_or(Failure::NoResult)
            },
        );
        Ok(zip(to, results))
    }
}
