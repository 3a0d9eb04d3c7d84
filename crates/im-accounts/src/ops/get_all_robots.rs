//! Listing the app's robots.

use im_client::Error;
use im_proto::robot::get_all_robots::Request;

use crate::Client;

impl Client {
    /// The UserIDs of the app's robots (`get_all_robots`), as the service lists them.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn get_all_robots(&self) -> Result<Vec<String>, Error> {
        let response = self.call(&Request::new()).await?;
        Ok(response.robot_account.unwrap_or_default())
    }

    /// The former name of [`Client::get_all_robots`].
    ///
    /// # Errors
    ///
    /// As [`Client::get_all_robots`].
    #[deprecated(note = "renamed to `Client::get_all_robots`, after the command")]
    pub async fn robots(&self) -> Result<Vec<String>, Error> {
        self.get_all_robots().await
    }
}
