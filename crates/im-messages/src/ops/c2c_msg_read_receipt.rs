//! Sending read receipts on behalf of a message's recipient.

use im_client::Error;
use im_proto::UserId;
use im_proto::message::MsgKey;
use im_proto::openim::c2c_msg_read_receipt::{MsgInfo, Request};

use crate::Client;

impl Client {
    /// Sends `reader`'s read receipts for the messages `keys` that `sender` sent to it
    /// (`c2c_msg_read_receipt`: `Operator_Account` is the reader, each `C2CMsgInfo` goes from
    /// `sender` to `reader`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] without keys; otherwise as [`call`](im_client::Client::call).
    pub async fn c2c_msg_read_receipt(
        &self,
        reader: &UserId,
        sender: &UserId,
        keys: &[MsgKey],
    ) -> Result<(), Error> {
        if keys.is_empty() {
            return Err(Error::invalid("C2CMsgInfo: give at least one message key"));
        }
        let info = keys
            .iter()
            .map(|k| MsgInfo::new(sender.clone(), reader.clone(), k.as_str()))
            .collect();
        let request = Request::new(reader.clone(), sender.clone(), info);
        self.call(&request).await?;
        Ok(())
    }
}
