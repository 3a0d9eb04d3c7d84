//! `create_group` and `import_group`: a new group, and a group brought over from another
//! system with its creation time.

use im_client::DecodeError;
use im_client::Error;
use im_proto::group::{create_group, import_group};

use crate::Client;

/// A group the service created: its `GroupId` and the whole answer.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CreatedGroup {
    /// The new group's ID (generated `@TGS#...`, or the custom one asked for).
    pub group_id: String,
    /// The answer, as the service gave it (`Type`, `HugeGroupFlag`, unknown fields kept).
    pub response: create_group::Response,
}

impl Client {
    /// Creates a group (`create_group`) with its owner and up to 100 initial members.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules (a custom ID's form, the
    /// profile's lengths, more than 100 members, a role other than `Admin`; nothing is sent);
    /// [`Error::Decode`] for an `OK` answer without `GroupId`; otherwise as
    /// [`call`](im_client::Client::call) (10021 for a custom ID another group has, 10025 for
    /// one the owner already has, 10007 for an AVChatRoom with members).
    pub async fn create_group(
        &self,
        request: &create_group::Request,
    ) -> Result<CreatedGroup, Error> {
        let response = self.call(request).await?;
        let group_id = response
            .group_id
            .clone()
            .ok_or_else(|| missing_group_id("create_group"))?;
        Ok(CreatedGroup { group_id, response })
    }

    /// Imports a group (`import_group`): created with its owner only, with its `CreateTime`,
    /// without notifying anyone; its members come with [`ImportGroupMember`](crate::ImportGroupMember),
    /// its history with [`Client::import_group_msgs`](crate::Client::import_group_msgs) later.
    /// Gives the group's ID.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules; [`Error::Decode`] for an
    /// `OK` answer without `GroupId`; otherwise as [`call`](im_client::Client::call) (10004
    /// for a future `CreateTime`, 10007 for an AVChatRoom, 10021 for a taken ID).
    pub async fn import_group(&self, request: &import_group::Request) -> Result<String, Error> {
        let response = self.call(request).await?;
        response
            .group_id
            .ok_or_else(|| missing_group_id("import_group"))
    }
}

fn missing_group_id(command: &str) -> Error {
    Error::Decode(DecodeError::finding(
        format!("{command} answered OK without a GroupId"),
        b"",
    ))
}
