//! `forbid_send_msg`: members muted (or unmuted) for a time, 500 a call, and the bulk mute
//! of any number.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::group::forbid_send_msg::Request;
use im_proto::{Endpoint, Metadata};

use super::{MemberItem, Success};
use crate::Client;

impl Client {
    /// Mutes up to 500 members for `MuteTime` seconds from now (0 unmutes, 4294967295 for
    /// ever) (`forbid_send_msg`); non-members are left alone. No per-member results: the call
    /// succeeds or fails as a whole.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 500 accounts; otherwise as
    /// [`call`](im_client::Client::call) (10007 for a Work group).
    pub async fn forbid_send_msg(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}

/// The bulk mute of members of one group (`forbid_send_msg`) for `mute_time` seconds (0:
/// unmute): chunks of at most the declared 500; each member [`Success::Muted`], or the
/// failure of its chunk's call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForbidSendMsg {
    /// The group's `GroupId`.
    pub group_id: String,
    /// `MuteTime`: seconds from now; 0 unmutes; 4294967295 for ever.
    pub mute_time: u32,
}

impl ForbidSendMsg {
    /// Mutes members of `group_id` for `mute_time` seconds (0 unmutes).
    pub fn new(group_id: impl Into<String>, mute_time: u32) -> Self {
        ForbidSendMsg {
            group_id: group_id.into(),
            mute_time,
        }
    }
}

impl BulkOperation for ForbidSendMsg {
    member_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "mute"
    }

    async fn send(&self, batch: &Batch<'_, MemberItem>) -> Vec<Result<Success, Failure>> {
        let accounts = batch.items().iter().map(|i| i.account.clone()).collect();
        let request = Request::new(self.group_id.clone(), accounts, self.mute_time);
        match batch.call(&request).await {
            (Ok(_), _) => batch.items().iter().map(|_| Ok(Success::Muted)).collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}
