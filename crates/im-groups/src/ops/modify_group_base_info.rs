//! `modify_group_base_info`: a group's profile fields changed.

use im_client::Error;
use im_proto::group::modify_group_base_info::Request;

use crate::Client;

impl Client {
    /// Changes the fields set in `request` of a group's profile (`modify_group_base_info`):
    /// name, introduction, notification, avatar, member cap, join options, whole-group mute,
    /// custom fields (an empty value deletes one).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a field over its length or a custom field breaking its
    /// rules (nothing is sent); otherwise as [`call`](im_client::Client::call) (10004 for a
    /// `MaxMemberNum` below the members or above the cap, 10007 for an `ApplyJoinOption` the
    /// type does not take or a `From_Account` neither owner nor admin).
    pub async fn modify_group_base_info(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}
