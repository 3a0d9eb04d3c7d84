//! `import_group_member`: members with their join time and role, 20 a call (the 2026-01
//! page), and the bulk import of any number.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::group::import_group_member::{MemberToImport, Request, Response};
use im_proto::{Endpoint, Metadata};

use super::{ItemOutcome, MemberItem, Success, member_results, zip};
use crate::Client;

impl Client {
    /// Imports up to 20 members into a group (`import_group_member`), without notifying
    /// anyone: one outcome per member, [`Success::Imported`], [`Success::AlreadyMember`], or
    /// the member's failure (`Result` 0: an unknown account, a `JoinTime` not after the
    /// group's creation or not before now, a role the group cannot have, no room).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 members; otherwise as
    /// [`call`](im_client::Client::call) (10007 for an AVChatRoom, 10010 for no such group).
    pub async fn import_group_member(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        let accounts: Vec<&str> = request
            .member_list
            .iter()
            .map(|m| m.member_account.as_str())
            .collect();
        let results = map_import(&accounts, &response);
        Ok(zip(accounts.iter().map(|a| (*a).to_owned()), results))
    }
}

fn map_import(accounts: &[&str], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.member_list.as_deref().unwrap_or_default();
    member_results(
        &Request::METADATA,
        accounts,
        items,
        |r| (r.member_account.as_str(), r.result),
        Success::Imported,
    )
}

/// The import item of a member.
fn import_item(item: &MemberItem) -> MemberToImport {
    let mut out = MemberToImport::new(item.account.clone());
    out.role.clone_from(&item.member.role);
    out.join_time = item.member.join_time;
    out.unread_msg_num = item.member.unread_msg_num;
    out
}

/// The bulk import of members into one group (`import_group_member`): chunks of at most the
/// declared 20, one outcome per member ([`Success::Imported`] or [`Success::AlreadyMember`],
/// a refused member its own failure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportGroupMember {
    /// The group's `GroupId`.
    pub group_id: String,
}

impl ImportGroupMember {
    /// The import into `group_id`.
    pub fn new(group_id: impl Into<String>) -> Self {
        ImportGroupMember {
            group_id: group_id.into(),
        }
    }
}

impl BulkOperation for ImportGroupMember {
    member_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "import"
    }

    async fn send(&self, batch: &Batch<'_, MemberItem>) -> Vec<Result<Success, Failure>> {
        let members = batch.items().iter().map(import_item).collect();
        let request = Request::new(self.group_id.clone(), members);
        match batch.call(&request).await {
            (Ok(response), _) => {
                let accounts: Vec<&str> =
                    batch.items().iter().map(|i| i.account.as_str()).collect();
                map_import(&accounts, &response)
            }
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}
