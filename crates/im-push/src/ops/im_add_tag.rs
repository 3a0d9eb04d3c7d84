//! `im_add_tag`: add tags to any number of users, 100 a call.

use im_client::Error;
use im_proto::Endpoint;
use im_proto::all_member_push::im_add_tag::{Request, UserTagsItem};

use super::in_chunks;
use crate::Client;

impl Client {
    /// Sends the users and the tags to add (at most 10 each, 1 to 50 bytes; a user holds at most 100) (`im_add_tag`), in calls of 100 users, in order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an item breaking the request's rules; otherwise as
    /// [`call`](im_client::Client::call), for the first call that fails (the calls before it
    /// were applied; sending the whole list again is harmless).
    pub async fn im_add_tag(&self, items: Vec<UserTagsItem>) -> Result<(), Error> {
        in_chunks(&Request::METADATA, items, |chunk| async move {
            self.call(&Request::new(chunk)).await.map(|_| ())
        })
        .await
    }
}
