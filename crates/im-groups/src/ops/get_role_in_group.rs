//! `get_role_in_group`: accounts' roles in a group, 500 a call, any number in chunks of 500.

use std::sync::Arc;

use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::group::get_role_in_group::{Request, RoleItem};
use im_proto::group_types::RoleInGroup;
use im_proto::{Endpoint, UserId};

use super::{ItemOutcome, coded, zip};
use crate::Client;

/// The most accounts one `get_role_in_group` call asks about (the declared maximum).
pub const ROLE_CHUNK: usize = 500;

impl Client {
    /// The roles of up to 500 accounts in a group (`get_role_in_group`): one outcome per
    /// account, `Owner`, `Admin`, `Member` or `NotMember`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 500 accounts; otherwise as
    /// [`call`](im_client::Client::call) (10007 for an AVChatRoom).
    pub async fn get_role_in_group(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<RoleInGroup>>, Error> {
        let response = self.call(request).await?;
        let items = response.user_id_list.as_deref().unwrap_or_default();
        let read = coded(|r: &RoleItem| ItemResult::new(&r.member_account));
        let keys = request.user_account.iter().map(UserId::as_str);
        let mapped = results::map_with(
            results::declared(&Request::METADATA),
            keys,
            items,
            read,
            |r| r.map(|r| r.role.clone()).ok_or(Failure::NoResult),
        );
        let keys = request.user_account.iter().map(|u| u.as_str().to_owned());
        Ok(zip(keys, mapped))
    }

    /// The roles of `accounts` in `group_id`, in chunks of [`ROLE_CHUNK`]: one outcome per
    /// account, in order; a chunk's refused call fails each of its accounts.
    pub async fn roles_in_group(
        &self,
        group_id: &str,
        accounts: &[UserId],
    ) -> Vec<ItemOutcome<RoleInGroup>> {
        let mut out = Vec::with_capacity(accounts.len());
        for chunk in accounts.chunks(ROLE_CHUNK) {
            match self
                .get_role_in_group(&Request::new(group_id, chunk.to_vec()))
                .await
            {
                Ok(outcomes) => out.extend(outcomes),
                Err(err) => {
                    let failure = Failure::Request(Arc::new(err));
                    let failed = chunk.iter().map(|_| Err(failure.clone())).collect();
                    out.extend(zip(chunk.iter().map(|u| u.as_str().to_owned()), failed));
                }
            }
        }
        out
    }
}
