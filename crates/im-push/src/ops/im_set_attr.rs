//! `im_set_attr`: set the attributes of any number of users, 100 a call.

use im_client::Error;
use im_proto::Endpoint;
use im_proto::all_member_push::im_set_attr::{Request, UserAttrsItem};

use super::in_chunks;
use crate::Client;

impl Client {
    /// Sends the user attributes to set (merged with those held; each attribute one the app named, values at most 50 bytes) (`im_set_attr`), in calls of 100 users, in order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an item breaking the request's rules; otherwise as
    /// [`call`](im_client::Client::call), for the first call that fails (the calls before it
    /// were applied; sending the whole list again is harmless).
    pub async fn im_set_attr(&self, items: Vec<UserAttrsItem>) -> Result<(), Error> {
        in_chunks(&Request::METADATA, items, |chunk| async move {
            self.call(&Request::new(chunk)).await.map(|_| ())
        })
        .await
    }
}
