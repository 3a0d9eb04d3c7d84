//! `ban_group_member`: members removed and kept out for a time, 20 a call, and the bulk ban
//! of any number.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::group::ban_group_member::Request;
use im_proto::{Endpoint, Metadata};

use super::{MemberItem, Success};
use crate::Client;

impl Client {
    /// Bans up to 20 members for `Duration` seconds (`ban_group_member`): they leave the
    /// group and cannot be added back while banned. No per-member results.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 accounts; otherwise as
    /// [`call`](im_client::Client::call) (10007 below the editions that have bans).
    pub async fn ban_group_member(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}

/// The bulk ban of members of one group (`ban_group_member`) for `duration` seconds: chunks
/// of at most the declared 20; each member [`Success::Banned`], or its chunk's failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BanGroupMember {
    /// The group's `GroupId`.
    pub group_id: String,
    /// `Duration`, seconds.
    pub duration: u32,
    /// `Description`, the reason.
    pub description: Option<String>,
}

impl BanGroupMember {
    /// Bans members of `group_id` for `duration` seconds.
    pub fn new(group_id: impl Into<String>, duration: u32) -> Self {
        BanGroupMember {
            group_id: group_id.into(),
            duration,
            description: None,
        }
    }
}

impl BulkOperation for BanGroupMember {
    member_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "ban"
    }

    async fn send(&self, batch: &Batch<'_, MemberItem>) -> Vec<Result<Success, Failure>> {
        let accounts = batch.items().iter().map(|i| i.account.clone()).collect();
        let mut request = Request::new(self.group_id.clone(), accounts, self.duration);
        request.description.clone_from(&self.description);
        match batch.call(&request).await {
            (Ok(_), _) => batch.items().iter().map(|_| Ok(Success::Banned)).collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}
