//! `del_robots`: robot accounts taken out of a live group's online list.

use im_client::Error;
use im_proto::UserId;
use im_proto::live_group::del_robots::Request;

use crate::Client;

impl Client {
    /// Removes the robot `accounts` that [`add_robots`](Client::add_robots) pinned in the live
    /// group `group_id` (`del_robots`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10007 for a group that is not an AVChatRoom or an
    /// edition below Ultimate).
    pub async fn del_robots(&self, group_id: &str, accounts: &[UserId]) -> Result<(), Error> {
        let request = Request::new(group_id, accounts.to_vec());
        self.call(&request).await.map(|_| ())
    }
}
