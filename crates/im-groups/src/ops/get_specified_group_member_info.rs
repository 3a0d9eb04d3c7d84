//! `get_specified_group_member_info`: named members' info, 50 a call, any number in chunks
//! of 50.

use std::sync::Arc;

use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::group::get_specified_group_member_info::{MemberItem, Request};
use im_proto::{Endpoint, UserId};

use super::{ItemOutcome, coded, zip};
use crate::Client;

/// The most accounts one `get_specified_group_member_info` call names (the declared maximum).
pub const SPECIFIED_MEMBER_CHUNK: usize = 50;

impl Client {
    /// The info of up to 50 named members (`get_specified_group_member_info`), with the
    /// request's filters: one outcome per account, its [`MemberItem`], or
    /// [`Failure::NoResult`] for an account the answer leaves out (not a member).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 50 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn get_specified_group_member_info(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<MemberItem>>, Error> {
        let response = self.call(request).await?;
        let items = response.member_list.as_deref().unwrap_or_default();
        let read = coded(|m: &MemberItem| ItemResult::new(&m.member_account));
        let keys = request.member_list_account.iter().map(UserId::as_str);
        let mapped = results::map_with(
            results::declared(&Request::METADATA),
            keys,
            items,
            read,
            |m| m.cloned().ok_or(Failure::NoResult),
        );
        let keys = request.member_list_account.iter();
        Ok(zip(keys.map(|u| u.as_str().to_owned()), mapped))
    }

    /// The info of the members `accounts` of `group_id` (every field), in chunks of
    /// [`SPECIFIED_MEMBER_CHUNK`]: one outcome per account, in order; a chunk's refused call
    /// fails each of its accounts.
    pub async fn members_info(
        &self,
        group_id: &str,
        accounts: &[UserId],
    ) -> Vec<ItemOutcome<MemberItem>> {
        let mut out = Vec::with_capacity(accounts.len());
        for chunk in accounts.chunks(SPECIFIED_MEMBER_CHUNK) {
            let request = Request::new(group_id, chunk.to_vec());
            match self.get_specified_group_member_info(&request).await {
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
