//! `allow_banned_object`: unbans a chat file.

use im_client::Error;
use im_proto::cos_msg::allow_banned_object::Request;

use crate::Client;

impl Client {
    /// Unbans the chat file at `raw_url` (`allow_banned_object`), which
    /// [`Client::forbid_illegal_object`] banned.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn allow_banned_object(&self, raw_url: &str) -> Result<(), Error> {
        self.call(&Request::new(raw_url)).await.map(drop)
    }
}
