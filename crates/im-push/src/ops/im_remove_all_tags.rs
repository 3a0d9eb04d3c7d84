//! `im_remove_all_tags`: removes every tag of any number of users, 100 a call.

use im_client::Error;
use im_proto::all_member_push::im_remove_all_tags::Request;
use im_proto::{Endpoint, UserId};

use super::in_chunks;
use crate::Client;

impl Client {
    /// Removes every tag of `accounts` (`im_remove_all_tags`), in calls of 100, in order.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call), for the first call that fails (the calls before
    /// it were applied; sending the whole list again is harmless).
    pub async fn im_remove_all_tags(&self, accounts: Vec<UserId>) -> Result<(), Error> {
        in_chunks(&Request::METADATA, accounts, |chunk| async move {
            self.call(&Request::new(chunk)).await.map(|_| ())
        })
        .await
    }
}
