//! `im_get_attr`: the push attributes of any number of users, 100 a call.

use std::collections::BTreeMap;

use im_client::Error;
use im_proto::all_member_push::im_get_attr::Request;
use im_proto::{Endpoint, UserId};

use super::{AccountOutcome, by_account, chunk_size};
use crate::Client;

impl Client {
    /// The attributes of `accounts`, one outcome each in their order (`im_get_attr`, 100
    /// accounts a call): the account's attributes (empty when it has none), or
    /// [`Failure::NoResult`](im_client::Failure) when the answer did not list it.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call), for the first call that fails.
    pub async fn im_get_attr(
        &self,
        accounts: &[UserId],
    ) -> Result<Vec<AccountOutcome<BTreeMap<String, String>>>, Error> {
        let mut out = Vec::with_capacity(accounts.len());
        for chunk in accounts.chunks(chunk_size(&Request::METADATA)) {
            let response = self.call(&Request::new(chunk.to_vec())).await?;
            let items = response.user_attrs.unwrap_or_default();
            let items = items.into_iter().map(|i| (i.to_account, i.attrs)).collect();
            out.extend(by_account(chunk, items));
        }
        Ok(out)
    }
}
