//! `im_remove_attr`: remove attributes of any number of users, 100 a call.

use im_client::Error;
use im_proto::Endpoint;
use im_proto::all_member_push::im_remove_attr::{Request, UserAttrsItem};

use super::in_chunks;
use crate::Client;

impl Client {
    /// Sends the users and the names of the attributes to remove (`im_remove_attr`), in calls of 100 users, in order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an item breaking the request's rules; otherwise as
    /// [`call`](im_client::Client::call), for the first call that fails (the calls before it
    /// were applied; sending the whole list again is harmless).
    pub async fn im_remove_attr(&self, items: Vec<UserAttrsItem>) -> Result<(), Error> {
        in_chunks(&Request::METADATA, items, |chunk| async move {
            self.call(&Request::new(chunk)).await.map(|_| ())
        })
        .await
    }
}
