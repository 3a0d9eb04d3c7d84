//! `get_admin_list`: a live group's admins with their nicknames and avatars.

use im_client::Error;
use im_proto::live_group::get_admin_list::{Admin, Request};

use crate::Client;

impl Client {
    /// The admins of the live group `group_id` (`get_admin_list`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10007 for a group that is not an AVChatRoom or an
    /// edition below Ultimate).
    pub async fn get_admin_list(&self, group_id: &str) -> Result<Vec<Admin>, Error> {
        let response = self.call(&Request::new(group_id)).await?;
        Ok(response.admin_list.unwrap_or_default())
    }
}
