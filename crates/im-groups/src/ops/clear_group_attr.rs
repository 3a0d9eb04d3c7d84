//! `clear_group_attr`: every custom attribute of a group removed.

use im_client::Error;
use im_proto::group::clear_group_attr::Request;

use crate::Client;

impl Client {
    /// Removes every custom attribute of `group_id` (`clear_group_attr`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10007 for a community).
    pub async fn clear_group_attr(&self, group_id: &str) -> Result<(), Error> {
        self.call(&Request::new(group_id)).await.map(|_| ())
    }
}
