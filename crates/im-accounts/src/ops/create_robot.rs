//! Creating a robot (chatbot) account.

use im_proto::robot::create_robot::Request;

use crate::{Client, Error};

impl Client {
    /// Creates the robot `robot` describes (`create_robot`; a [`RobotProfile`](im_proto::RobotProfile)
    /// or the request itself); creating it again creates no second one (its given profile
    /// fields are set).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a UserID that does not start with `@RBT#` or a profile value
    /// over 500 bytes (nothing is sent); [`Error::Api`] with 10008 when the app already has its
    /// 20 robots; otherwise as [`Client::call`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_accounts::Error> {
    /// use im_proto::{RobotProfile, UserId};
    ///
    /// let mut robot = RobotProfile::new(UserId::new("@RBT#helper")?);
    /// robot.nick = Some("Helper".into());
    /// client.add_robot(robot).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn add_robot(&self, robot: impl Into<Request>) -> Result<(), Error> {
        self.call(&robot.into()).await.map(drop)
    }
}
