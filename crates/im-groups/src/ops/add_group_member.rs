//! `add_group_member`: members added (invited) to a group, 20 a call, and the bulk add of
//! any number.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::group::add_group_member::{MemberToAdd, Request, Response};
use im_proto::{Endpoint, Metadata};

use super::{ItemOutcome, MemberItem, Success, member_results, zip};
use crate::Client;

impl Client {
    /// Adds up to 20 members to a group (`add_group_member`): one outcome per member,
    /// [`Success::Added`], [`Success::AlreadyMember`], [`Success::Pending`] (the group's
    /// `InviteJoinOption` asks for approval), or the member's failure (`Result` 0: banned).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 members; otherwise as
    /// [`call`](im_client::Client::call) (10019 for an unknown account, 10014 when the
    /// group has no room for them, 10007 for an AVChatRoom).
    pub async fn add_group_member(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        let accounts: Vec<&str> = request
            .member_list
            .iter()
            .map(|m| m.member_account.as_str())
            .collect();
        let results = map_add(&accounts, &response);
        Ok(zip(accounts.iter().map(|a| (*a).to_owned()), results))
    }
}

fn map_add(accounts: &[&str], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.member_list.as_deref().unwrap_or_default();
    member_results(
        &Request::METADATA,
        accounts,
        items,
        |r| (r.member_account.as_str(), r.result),
        Success::Added,
    )
}

/// The bulk add of members to one group (`add_group_member`): chunks of at most the declared
/// 20, one outcome per member. A chunk the service refuses as a whole (10019: one of its
/// accounts does not exist) fails every member of that chunk with that code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddGroupMember {
    /// The group's `GroupId`.
    pub group_id: String,
    /// `Silence`: add without a notification to the group.
    pub silence: bool,
}

impl AddGroupMember {
    /// The add to `group_id`, with its notification.
    pub fn new(group_id: impl Into<String>) -> Self {
        AddGroupMember {
            group_id: group_id.into(),
            silence: false,
        }
    }

    /// Without the notification to the group (`Silence` 1).
    pub fn silent(mut self) -> Self {
        self.silence = true;
        self
    }
}

impl BulkOperation for AddGroupMember {
    member_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "add"
    }

    async fn send(&self, batch: &Batch<'_, MemberItem>) -> Vec<Result<Success, Failure>> {
        let members = batch
            .items()
            .iter()
            .map(|i| MemberToAdd::new(i.account.clone()))
            .collect();
        let mut request = Request::new(self.group_id.clone(), members);
        request.silence = self.silence.then_some(true);
        match batch.call(&request).await {
            (Ok(response), _) => {
                let accounts: Vec<&str> =
                    batch.items().iter().map(|i| i.account.as_str()).collect();
                map_add(&accounts, &response)
            }
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}
