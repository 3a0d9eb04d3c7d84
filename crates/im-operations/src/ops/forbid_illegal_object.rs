//! `forbid_illegal_object`: bans a chat file.

use im_client::Error;
use im_proto::cos_msg::forbid_illegal_object::Request;

use crate::Client;

impl Client {
    /// Bans the chat file at `raw_url` (`forbid_illegal_object`): the `URL` field of the
    /// rich-media message that carries it (files uploaded through the IM SDK).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn forbid_illegal_object(&self, raw_url: &str) -> Result<(), Error> {
        self.call(&Request::new(raw_url)).await.map(drop)
    }
}
