//! `modify_group_member_info`: one member's role, message option, name card, custom fields
//! or mute.

use im_client::Error;
use im_proto::group::modify_group_member_info::Request;

use crate::Client;

impl Client {
    /// Changes the fields set in `request` of one member (`modify_group_member_info`): `Role`
    /// (`Admin` or `Member`, never the owner's), `MsgFlag`, `NameCard`, custom fields,
    /// `MuteTime` (seconds from now; 0 unmutes).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a value breaking its rules; otherwise as
    /// [`call`](im_client::Client::call) (10004 for a non-member or the owner's role, 10007
    /// for a mute in a type that cannot mute).
    pub async fn modify_group_member_info(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}
