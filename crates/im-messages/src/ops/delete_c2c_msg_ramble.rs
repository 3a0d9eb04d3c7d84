//! Deleting messages from one party's history only.

use im_client::Error;
use im_proto::UserId;
use im_proto::message::MsgKey;
use im_proto::openim::delete_c2c_msg_ramble::Request;

use crate::Client;

impl Client {
    /// Deletes up to 30 messages of `operator`'s conversation with `peer` from `operator`'s
    /// history only (`delete_c2c_msg_ramble`); `peer` still sees them. Gives the keys the
    /// answer names as malformed (`InvalidMsgKeyList`, when the service lists any).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 30 keys; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn delete_c2c_msg_ramble(
        &self,
        operator: &UserId,
        peer: &UserId,
        keys: &[MsgKey],
    ) -> Result<Vec<String>, Error> {
        let keys = keys.iter().map(|k| k.as_str().to_owned()).collect();
        let request = Request::new(operator.clone(), peer.clone(), keys);
        let response = self.call(&request).await?;
        Ok(response.invalid_msg_key_list.unwrap_or_default())
    }
}
