//! `clear_group_msg`: a group's history cleared for its members.

use im_client::Error;
use im_proto::group::clear_group_msg::Request;

use crate::Client;

impl Client {
    /// Marks `group_id`'s messages up to `msg_seq` (all without one) cleared
    /// (`clear_group_msg`): members no longer pull them; nothing is deleted.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10007 for a community).
    pub async fn clear_group_msg(&self, group_id: &str, msg_seq: Option<u32>) -> Result<(), Error> {
        let mut request = Request::new(group_id);
        request.msg_seq = msg_seq;
        self.call(&request).await.map(|_| ())
    }
}
