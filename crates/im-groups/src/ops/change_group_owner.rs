//! `change_group_owner`: a group's ownership handed to a member.

use im_client::Error;
use im_proto::UserId;
use im_proto::group::change_group_owner::Request;

use crate::Client;

impl Client {
    /// Makes the member `new_owner` the owner of `group_id` (`change_group_owner`); the old
    /// owner becomes an ordinary member.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10004 for a non-member, 10007 for an
    /// AVChatRoom).
    pub async fn change_group_owner(
        &self,
        group_id: &str,
        new_owner: &UserId,
    ) -> Result<(), Error> {
        let request = Request::new(group_id, new_owner.clone());
        self.call(&request).await.map(|_| ())
    }
}
