//! `delete_group_member`: members removed from a group, 100 a call, and the bulk removal of
//! any number.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::Metadata;
use im_proto::group::delete_group_member::Request;

use super::{MemberItem, Success};
use crate::Client;

impl Client {
    /// Removes up to 100 members from a group (`delete_group_member`); an account that is
    /// not a member is no error. The answer has no per-member results: the call succeeds or
    /// fails as a whole.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`call`](im_client::Client::call) (10004 for the owner or an AVChatRoom).
    pub async fn delete_group_member(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}

/// The bulk removal of members from one group (`delete_group_member`): chunks of at most the
/// declared 100; each member [`Success::Deleted`], or the failure of its chunk's call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteGroupMember {
    /// The group's `GroupId`.
    pub group_id: String,
    /// `Silence`: remove without a notification to the group.
    pub silence: bool,
    /// `Reason`, told to the removed members.
    pub reason: Option<String>,
}

impl DeleteGroupMember {
    /// The removal from `group_id`, with its notification.
    pub fn new(group_id: impl Into<String>) -> Self {
        DeleteGroupMember {
            group_id: group_id.into(),
            silence: false,
            reason: None,
        }
    }

    /// Without the notification to the group (`Silence` 1).
    pub fn silent(mut self) -> Self {
        self.silence = true;
        self
    }

    /// With the `Reason` told to the removed members.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

impl BulkOperation for DeleteGroupMember {
    member_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &<Request as im_proto::Endpoint>::METADATA }
    }

    fn name(&self) -> &'static str {
        "remove"
    }

    async fn send(&self, batch: &Batch<'_, MemberItem>) -> Vec<Result<Success, Failure>> {
        let accounts = batch.items().iter().map(|i| i.account.clone()).collect();
        let mut request = Request::new(self.group_id.clone(), accounts);
        request.silence = self.silence.then_some(true);
        request.reason.clone_from(&self.reason);
        match batch.call(&request).await {
            (Ok(_), _) => batch.items().iter().map(|_| Ok(Success::Deleted)).collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}
