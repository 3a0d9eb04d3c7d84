//! `im_get_tag`: the push tags of any number of users, 100 a call.

use im_client::Error;
use im_proto::all_member_push::im_get_tag::Request;
use im_proto::{Endpoint, UserId};

use super::{AccountOutcome, by_account, chunk_size};
use crate::Client;

impl Client {
    /// The tags of `accounts`, one outcome each in their order (`im_get_tag`, 100 accounts a
    /// call): the account's tags, or [`Failure::NoResult`](im_client::Failure) when the answer
    /// did not list it.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call), for the first call that fails.
    pub async fn im_get_tag(
        &self,
        accounts: &[UserId],
    ) -> Result<Vec<AccountOutcome<Vec<String>>>, Error> {
        let mut out = Vec::with_capacity(accounts.len());
        for chunk in accounts.chunks(chunk_size(&Request::METADATA)) {
            let response = self.call(&Request::new(chunk.to_vec())).await?;
            let items = response.user_tags.unwrap_or_default();
            let items = items.into_iter().map(|i| (i.to_account, i.tags)).collect();
            out.extend(by_account(chunk, items));
        }
        Ok(out)
    }
}
