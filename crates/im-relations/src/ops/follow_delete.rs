//! `follow_delete`: one account unfollows up to 20 others, and the bulk unfollow of pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::follow::follow_delete::{Request, Response};
use im_proto::{Endpoint, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

impl Client {
    /// Makes `from` unfollow up to 20 accounts (`follow_delete`): one [`Success::Unfollowed`]
    /// per account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn follow_delete(
        &self,
        from: &UserId,
        to: &[UserId],
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(&Request::new(from.clone(), to.to_vec())).await?;
        Ok(zip(to, map_unfollow(to, &response)))
    }
}

fn map_unfollow(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |_| false,
        |item| item.map(|_| Success::Unfollowed).ok_or(Failure::NoResult),
    )
}

/// The bulk unfollow of pairs (`follow_delete`), 20 a call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FollowDelete;

impl BulkOperation for FollowDelete {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "unfollow"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let to = targets(batch, &idx);
            match batch.call(&Request::new(from, to.clone())).await {
                (Ok(response), _) => map_unfollow(&to, &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
