//! `get_group_muted_account` (legacy `get_group_shutted_uin`): the members muted now.

use im_client::Error;
use im_proto::group::get_group_muted_account::{MutedAccount, Request};

use crate::Client;

impl Client {
    /// The members of `group_id` muted now, each with the end of its mute
    /// (`get_group_muted_account`; `MutedUntil`, Unix seconds, 4294967295 for ever).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn get_group_muted_account(
        &self,
        group_id: &str,
    ) -> Result<Vec<MutedAccount>, Error> {
        let response = self.call(&Request::new(group_id)).await?;
        Ok(response.muted_account_list.unwrap_or_default())
    }
}
