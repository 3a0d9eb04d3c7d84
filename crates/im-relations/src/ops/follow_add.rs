//! `follow_add`: one account follows up to 20 others, and the bulk follow of pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::follow::follow_add::{FollowItem, Request, Response};
use im_proto::{Endpoint, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

impl Client {
    /// Makes `from` follow up to 20 accounts (`follow_add`): one [`Success::Followed`] per
    /// account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn follow_add(
        &self,
        from: &UserId,
        to: &[UserId],
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let items = to.iter().cloned().map(FollowItem::new).collect();
        let response = self.call(&Request::new(from.clone(), items)).await?;
        Ok(zip(to, map_follow(to, &response)))
    }
}

fn map_follow(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |_| false,
        |item| item.map(|_| Success::Followed).ok_or(Failure::NoResult),
    )
}

/// The bulk follow of pairs (`follow_add`): one call per `From_Account` of each chunk of at
/// most 20 pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FollowAdd;

impl BulkOperation for FollowAdd {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "follow"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let to = targets(batch, &idx);
            let items = to.iter().cloned().map(FollowItem::new).collect();
            match batch.call(&Request::new(from, items)).await {
                (Ok(response), _) => map_follow(&to, &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
