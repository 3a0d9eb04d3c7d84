//! `modify_group_msg` (`v4/openim/modify_group_msg`): a stored group message's body or
//! custom data, changed in place.

use im_client::Error;
use im_proto::openim::modify_group_msg::Request;

use crate::Client;

impl Client {
    /// Changes a group message's `MsgBody` and/or `CloudCustomData` (`modify_group_msg`), the
    /// message named by its group and `MsgSeq`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules (neither field set, a body a
    /// send refuses); otherwise as [`call`](im_client::Client::call).
    pub async fn modify_group_msg(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}
