//! `import_group`: a group brought over from another system, with its creation time.

use im_client::Error;
use im_proto::group::import_group;

use super::create_group::missing_group_id;
use crate::Client;

impl Client {
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
