//! `add_robots`: robot accounts pinned in a live group's online list.

use im_client::Error;
use im_proto::UserId;
use im_proto::live_group::add_robots::Request;

use crate::Client;

impl Client {
    /// Pins the robot `accounts` (create_robot's) in the live group `group_id`'s online list
    /// (`add_robots`), without their joining.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10004 for an account that is not a robot, 10007
    /// for a group that is not an AVChatRoom or an edition below Ultimate).
    pub async fn add_robots(&self, group_id: &str, accounts: &[UserId]) -> Result<(), Error> {
        let request = Request::new(group_id, accounts.to_vec());
        self.call(&request).await.map(|_| ())
    }
}
