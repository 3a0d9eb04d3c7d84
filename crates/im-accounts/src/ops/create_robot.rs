//! Creating a robot (chatbot) account.

use im_client::Error;
use im_proto::robot::create_robot::Request;

use crate::Client;

impl Client {
    /// Creates the robot `request` describes (`create_robot`); creating it again creates no
    /// second one (its given profile fields are set).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a UserID that does not start with `@RBT#` or a profile value
    /// over 500 bytes (nothing is sent); [`Error::Api`] with 10008 when the app already has its
    /// 20 robots; otherwise as [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_proto::UserId;
    /// use im_proto::robot::create_robot::Request;
    ///
    /// let robot = Request::new(UserId::new("@RBT#helper")?).with_nick("Helper");
    /// client.create_robot(robot).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn create_robot(&self, request: impl Into<Request>) -> Result<(), Error> {
        self.call(&request.into()).await.map(drop)
    }

    /// The former name of [`Client::create_robot`].
    ///
    /// # Errors
    ///
    /// As [`Client::create_robot`].
    #[deprecated(note = "renamed to `Client::create_robot`, after the command")]
    pub async fn add_robot(&self, robot: impl Into<Request>) -> Result<(), Error> {
        self.create_robot(robot).await
    }
}
