//! `check_members`: which accounts are in a live group.

use im_client::Error;
use im_proto::UserId;
use im_proto::live_group::check_members::Request;

use crate::Client;

impl Client {
    /// Those of `accounts` that are in the live group `group_id` (`check_members`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10007 for a group that is not an AVChatRoom or an
    /// edition below Ultimate).
    pub async fn check_members(
        &self,
        group_id: &str,
        accounts: &[UserId],
    ) -> Result<Vec<String>, Error> {
        let response = self
            .call(&Request::new(group_id, accounts.to_vec()))
            .await?;
        Ok(response.member_account.unwrap_or_default())
    }
}
