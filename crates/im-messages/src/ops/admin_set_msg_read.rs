//! Marking a one-to-one conversation as read.

use im_client::Error;
use im_proto::UserId;
use im_proto::openim::admin_set_msg_read::Request;

use crate::Client;

impl Client {
    /// Marks `report`'s messages from `peer` as read (`admin_set_msg_read`): those before
    /// `before` (Unix seconds; sent as the page's decimal string), or all of them now.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn admin_set_msg_read(
        &self,
        report: &UserId,
        peer: &UserId,
        before: Option<i64>,
    ) -> Result<(), Error> {
        let mut request = Request::new(report.clone(), peer.clone());
        request.msg_read_time = before.map(|t| t.to_string());
        self.call(&request).await?;
        Ok(())
    }
}
