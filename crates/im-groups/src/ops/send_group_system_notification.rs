//! `send_group_system_notification`: a system notice to a group's online members, to all of
//! them or to named ones (50 a call, any number in chunks of 50).

use std::sync::Arc;

use im_client::{Error, Failure};
use im_proto::UserId;
use im_proto::group::send_group_system_notification::Request;

use super::{ItemOutcome, zip};
use crate::Client;

/// The most members one notification names (the declared `ToMembers_Account` maximum).
pub const NOTIFICATION_CHUNK: usize = 50;

impl Client {
    /// Sends a system notification (`send_group_system_notification`) to every member of the
    /// group, or to the up to 50 named in `ToMembers_Account`. Never resent after a lost
    /// answer (its declaration: the service does not deduplicate it).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for more than 50 members; otherwise as
    /// [`call`](im_client::Client::call) (10004 for a named non-member).
    pub async fn send_group_system_notification(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }

    /// Sends `content` to the members `to` of `group_id`, in chunks of
    /// [`NOTIFICATION_CHUNK`]: one outcome per member (its UserID), a chunk's refused call
    /// failing each of its members.
    pub async fn notify_group_members(
        &self,
        group_id: &str,
        content: &str,
        to: &[UserId],
    ) -> Vec<ItemOutcome<()>> {
        let mut out = Vec::with_capacity(to.len());
        for chunk in to.chunks(NOTIFICATION_CHUNK) {
            let mut request = Request::new(group_id, content);
            request.to_members_account = Some(chunk.to_vec());
            let results = match self.send_group_system_notification(&request).await {
                Ok(()) => chunk.iter().map(|_| Ok(())).collect(),
                Err(err) => {
                    let failure = Failure::Request(Arc::new(err));
                    chunk.iter().map(|_| Err(failure.clone())).collect()
                }
            };
            out.extend(zip(chunk.iter().map(|u| u.as_str().to_owned()), results));
        }
        out
    }
}
