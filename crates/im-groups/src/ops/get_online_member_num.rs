//! `get_online_member_num` (million_group_open_http_svc): the community online count.

use im_client::{DecodeError, Error};
use im_proto::community::get_online_member_num::Request;

use crate::Client;

impl Client {
    /// How many members of the community `group_id` are online
    /// (`million_group_open_http_svc/get_online_member_num`; the service refreshes a
    /// community's count every 4 minutes).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] for an `OK` answer without `OnlineMemberNum`; otherwise as
    /// [`call`](im_client::Client::call): 10010 for no such group.
    pub async fn get_online_member_num(&self, group_id: &str) -> Result<u64, Error> {
        let response = self.call(&Request::new(group_id)).await?;
        let count = response.online_member_num.ok_or_else(|| {
            Error::Decode(DecodeError::finding(
                "get_online_member_num answered OK without OnlineMemberNum",
                b"",
            ))
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
