//! `friend_update`: the remark, lists and custom fields of existing friends.

use im_client::{Error, Failure};
use im_proto::Endpoint;
use im_proto::UserId;
use im_proto::sns::friend_update::Request;

use super::{ItemOutcome, map_items, zip};
use crate::Client;

impl Client {
    /// Updates fields of up to 100 friends of `request.from_account` (`friend_update`): one
    /// outcome per friend (`Ok(())`; one that is not a friend fails with 30001).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 items; 30001 for the whole call for
    /// a field that cannot be set; otherwise as [`call`](im_client::Client::call).
    pub async fn friend_update(&self, request: &Request) -> Result<Vec<ItemOutcome<()>>, Error> {
        let response = self.call(request).await?;
        let to: Vec<UserId> = request
            .update_item
            .iter()
            .map(|i| i.to_account.clone())
            .collect();
        let items = response.result_item.as_deref().unwrap_or_default();
        let results = map_items(
            &Request::METADATA,
            &to,
            items,
            |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
            |_| false,
            |item| item.map(|_| super::Success::Added).ok_or(Failure::NoResult),
        );
        Ok(zip(
            &to,
            results.into_iter().map(|r| r.map(|_| ())).collect(),
        ))
    }
}
