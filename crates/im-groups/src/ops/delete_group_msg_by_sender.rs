//! `delete_group_msg_by_sender`: every recent message of one sender in a group, hidden.

use im_client::Error;
use im_proto::UserId;
use im_proto::group::delete_group_msg_by_sender::Request;

use crate::Client;

impl Client {
    /// Marks the messages `sender` sent to `group_id` (among its newest 1000) so that clients
    /// no longer pull them (`delete_group_msg_by_sender`); the admin still reads them.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn delete_group_msg_by_sender(
        &self,
        group_id: &str,
        sender: &UserId,
    ) -> Result<(), Error> {
        let request = Request::new(group_id, sender.clone());
        self.call(&request).await.map(|_| ())
    }
}
