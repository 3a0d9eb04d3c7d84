//! `im_remove_tag`: remove tags of any number of users, 100 a call.

use im_client::Error;
use im_proto::Endpoint;
use im_proto::all_member_push::im_remove_tag::{Request, UserTagsItem};

use super::in_chunks;
use crate::Client;

impl Client {
    /// Sends the users and the tags to remove (`im_remove_tag`), in calls of 100 users, in order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an item breaking the request's rules; otherwise as
    /// [`call`](im_client::Client::call), for the first call that fails (the calls before it
    /// were applied; sending the whole list again is harmless).
    pub async fn im_remove_tag(&self, items: Vec<UserTagsItem>) -> Result<(), Error> {
        in_chunks(&Request::METADATA, items, |chunk| async move {
            self.call(&Request::new(chunk)).await.map(|_| ())
        })
        .await
    }
}
