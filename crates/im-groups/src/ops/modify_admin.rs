//! `modify_admin`: accounts made admins of a live group or no longer; at most 5 a call, as a
//! group has at most 5 (checked before sending).

use im_client::Error;
use im_proto::UserId;
use im_proto::live_group::modify_admin::Request;

use crate::Client;

/// What `modify_admin` does (`CommandType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AdminCommand {
    /// Makes the accounts admins (1).
    Add,
    /// Makes them admins no longer (2).
    Remove,
}

impl AdminCommand {
    /// The `CommandType` of the request.
    pub const fn code(self) -> i64 {
        match self {
            AdminCommand::Add => 1,
            AdminCommand::Remove => 2,
        }
    }
}

impl Client {
    /// Makes `accounts` admins of the live group `group_id` or no longer (`modify_admin`); an
    /// account need not be in the group.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 5 accounts; otherwise as
    /// [`call`](im_client::Client::call) (10004 for a 6th admin, 10007 for a group that is not
    /// an AVChatRoom or an edition below Ultimate).
    pub async fn modify_admin(
        &self,
        group_id: &str,
        command: AdminCommand,
        accounts: &[UserId],
    ) -> Result<(), Error> {
        let request = Request::new(group_id, command.code(), accounts.to_vec());
        self.call(&request).await.map(|_| ())
    }
}
