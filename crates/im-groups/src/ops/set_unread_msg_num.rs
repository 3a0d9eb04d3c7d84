//! `set_unread_msg_num`: a member's unread count in a group (for migrations).

use im_client::Error;
use im_proto::UserId;
use im_proto::group::set_unread_msg_num::Request;

use crate::Client;

impl Client {
    /// Sets how many of `group_id`'s newest messages `member` has not read
    /// (`set_unread_msg_num`), capped by the service at the messages stored.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10004 for a non-member).
    pub async fn set_unread_msg_num(
        &self,
        group_id: &str,
        member: &UserId,
        unread: u32,
    ) -> Result<(), Error> {
        let request = Request::new(group_id, member.clone(), unread);
        self.call(&request).await.map(|_| ())
    }
}
