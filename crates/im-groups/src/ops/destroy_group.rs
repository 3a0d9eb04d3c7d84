//! `destroy_group`: a group dissolved, with its members and history.

use im_client::Error;
use im_proto::group::destroy_group::Request;

use crate::Client;

impl Client {
    /// Dissolves the group `group_id` (`destroy_group`), whatever its type.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call): 10010 when no such group exists (already
    /// dissolved), 10015 for an ID no group can have.
    pub async fn destroy_group(&self, group_id: &str) -> Result<(), Error> {
        self.call(&Request::new(group_id)).await.map(|_| ())
    }
}
