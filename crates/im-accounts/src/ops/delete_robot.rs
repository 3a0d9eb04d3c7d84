//! Deleting a robot (chatbot) account.

use im_client::Error;
use im_proto::UserId;
use im_proto::robot::delete_robot::Request;

use crate::Client;

impl Client {
    /// Deletes the robot `id` (`delete_robot`): it is marked invalid, its UserID stays.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a UserID that does not start with `@RBT#` (nothing is sent);
    /// [`Error::Api`] with 10004 for a robot that does not exist; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn delete_robot(&self, id: &UserId) -> Result<(), Error> {
        self.call(&Request::new(id.clone())).await.map(drop)
    }

    /// The former name of [`Client::delete_robot`].
    ///
    /// # Errors
    ///
    /// As [`Client::delete_robot`].
    #[deprecated(note = "renamed to `Client::delete_robot`, after the command")]
    pub async fn remove_robot(&self, id: &UserId) -> Result<(), Error> {
        self.delete_robot(id).await
    }
}
