//! `group_delete`: friend lists removed (their friends stay friends).

use im_client::Error;
use im_proto::UserId;
use im_proto::sns::group_delete::Request;

use crate::Client;

impl Client {
    /// Removes up to 32 friend lists of `from` (`group_delete`); the friends in them stay
    /// friends.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (30001 for a name that is not a list).
    pub async fn group_delete(&self, from: &UserId, names: &[&str]) -> Result<(), Error> {
        let names = names.iter().map(|n| (*n).to_owned()).collect();
        self.call(&Request::new(from.clone(), names))
            .await
            .map(|_| ())
    }
}
