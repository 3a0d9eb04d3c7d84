//! `friend_delete_all`: an account's whole friend table.

use im_client::Error;
use im_proto::UserId;
use im_proto::sns::friend_delete_all::{DeleteType, Request};

use crate::Client;

impl Client {
    /// Empties `from`'s friend table (`friend_delete_all`); `both`: also removes `from` from
    /// each former friend's table. The blocklist stays; no callback is sent.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn friend_delete_all(&self, from: &UserId, both: bool) -> Result<(), Error> {
        let mut request = Request::new(from.clone());
        request.delete_type = Some(if both {
            DeleteType::Both
        } else {
            DeleteType::Single
        });
        self.call(&request).await.map(|_| ())
    }
}
