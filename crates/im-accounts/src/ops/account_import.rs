//! Importing one account.

use im_client::Error;
use im_proto::AccountProfile;
use im_proto::account::account_import::Request;

use crate::Client;

impl Client {
    /// Imports one account (`account_import`), with its nickname and avatar when given.
    /// Importing an existing account again is not an error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a profile value over 500 bytes (nothing is sent); otherwise
    /// as [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_proto::{AccountProfile, UserId};
    ///
    /// client.account_import(UserId::new("alice")?).await?;
    /// client
    ///     .account_import(AccountProfile::new(UserId::new("bob")?).with_nick("Bob"))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn account_import(&self, account: impl Into<AccountProfile>) -> Result<(), Error> {
        let request = Request::from(account.into());
        self.call(&request).await.map(drop)
    }

    /// The former name of [`Client::account_import`].
    ///
    /// # Errors
    ///
    /// As [`Client::account_import`].
    #[deprecated(note = "renamed to `Client::account_import`, after the command")]
    pub async fn import_account(&self, account: impl Into<AccountProfile>) -> Result<(), Error> {
        self.account_import(account).await
    }
}
