//! `friend_add`: friends added one way or both ways, 1000 a call, and the bulk add of pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::sns::friend_add::{AddFriendItem, AddType, Request, Response};
use im_proto::{Endpoint, ErrorCode, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

/// The `AddSource` of an added pair that names none.
pub const ADD_ADD_SOURCE: &str = "AddSource_Type_Server";

impl Client {
    /// Adds up to 1000 friends of `request.from_account` (`friend_add`): one outcome per item,
    /// [`Success::Added`], [`Success::Pending`] (30539: the target must confirm) or
    /// [`Success::AlreadyThere`] (30001).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 1000 items; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn friend_add(&self, request: &Request) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        let to: Vec<UserId> = request
            .add_friend_item
            .iter()
            .map(|i| i.to_account.clone())
            .collect();
        Ok(zip(&to, map_add(&to, &response)))
    }
}

fn map_add(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    let kept =
        |code| code == ErrorCode::SNS_INVALID_PARAMETERS || code == ErrorCode::FRIEND_ADD_PENDING;
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        kept,
        |item| match item.map(|i| i.result_code) {
            Some(ErrorCode::SNS_INVALID_PARAMETERS) => Ok(Success::AlreadyThere),
            Some(ErrorCode::FRIEND_ADD_PENDING) => Ok(Success::Pending),
            Some(_) => Ok(Success::Added),
            None => Err(Failure::NoResult),
        },
    )
}

/// The bulk add of friend pairs (`friend_add`): one call per `From_Account` of each chunk of
/// at most 1000 pairs, with this add type and forced or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FriendAdd {
    /// Both ways (the default) or one way.
    pub both: bool,
    /// `ForceAddFlags` 1: the targets' `AllowType` is not consulted.
    pub force: bool,
}

impl Default for FriendAdd {
    fn default() -> Self {
        FriendAdd {
            both: true,
            force: false,
        }
    }
}

impl BulkOperation for FriendAdd {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "add"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let items = idx
                .iter()
                .map(|&i| {
                    let item = &batch.items()[i];
                    let source = item.pair.add_source.as_deref().unwrap_or(ADD_ADD_SOURCE);
                    let mut out = AddFriendItem::new(item.to.clone(), source);
                    out.remark.clone_from(&item.pair.remark);
                    out.group_name = item.pair.group_name.first().cloned();
                    out.add_wording.clone_from(&item.pair.add_wording);
                    out
                })
                .collect();
            let mut request = Request::new(from, items);
            request.add_type = Some(if self.both {
                AddType::Both
            } else {
                AddType::Single
            });
            request.force_add_flags = self.force.then_some(true);
            match batch.call(&request).await {
                (Ok(response), _) => map_add(&targets(batch, &idx), &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
