//! Overwriting a stored one-to-one message's body or custom data.

use im_client::{Error, InvalidInput};
use im_proto::UserId;
use im_proto::message::{MsgBody, MsgKey};
use im_proto::openim::modify_c2c_msg::Request;

use crate::Client;

use super::check_size;

impl Client {
    /// Overwrites the body and/or the custom data of the message `key` of `from` to `to`
    /// (`modify_c2c_msg`); at least one must be given.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when neither is given, or for a body a send refuses (nothing is
    /// sent); otherwise as [`call`](im_client::Client::call).
    pub async fn modify_c2c_msg(
        &self,
        from: &UserId,
        to: &UserId,
        key: &MsgKey,
        body: Option<MsgBody>,
        cloud_custom_data: Option<String>,
    ) -> Result<(), Error> {
        if body.is_none() && cloud_custom_data.is_none() {
            return Err(Error::invalid(
                "modify_c2c_msg: give MsgBody, CloudCustomData or both (nothing to change)",
            ));
        }
        if let Some(body) = &body {
            body.check_send()
                .map_err(|e| Error::InvalidInput(InvalidInput::Request(e)))?;
        }
        let mut request = Request::new(from.clone(), to.clone(), key.as_str());
        request.msg_body = body;
        request.cloud_custom_data = cloud_custom_data;
        check_size(&request)?;
        self.call(&request).await?;
        Ok(())
    }
}
