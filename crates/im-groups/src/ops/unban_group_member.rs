//! `unban_group_member`: bans lifted, 20 a call, and the bulk unban of any number.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::group::unban_group_member::Request;
use im_proto::{Endpoint, Metadata};

use super::{MemberItem, Success};
use crate::Client;

impl Client {
    /// Lifts the bans of up to 20 accounts (`unban_group_member`). No per-member results.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn unban_group_member(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}

/// The bulk unban of accounts of one group (`unban_group_member`): chunks of at most the
/// declared 20; each account [`Success::Unbanned`], or its chunk's failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnbanGroupMember {
    /// The group's `GroupId`.
    pub group_id: String,
}

impl UnbanGroupMember {
    /// Lifts bans in `group_id`.
    pub fn new(group_id: impl Into<String>) -> Self {
        UnbanGroupMember {
            group_id: group_id.into(),
        }
    }
}

impl BulkOperation for UnbanGroupMember {
    member_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "unban"
    }

    async fn send(&self, batch: &Batch<'_, MemberItem>) -> Vec<Result<Success, Failure>> {
        let accounts = batch.items().iter().map(|i| i.account.clone()).collect();
        let request = Request::new(self.group_id.clone(), accounts);
        match batch.call(&request).await {
            (Ok(_), _) => batch
                .items()
                .iter()
                .map(|_| Ok(Success::Unbanned))
                .collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}
