//! `follow_check`: the follow relation with up to 100 accounts, and the bulk check of pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::follow::follow_check::{Request, Response};
use im_proto::{Endpoint, FollowRelation, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

impl Client {
    /// `from`'s follow relation with up to 100 accounts (`follow_check`): one
    /// [`Success::FollowChecked`] per account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn follow_check(
        &self,
        from: &UserId,
        to: &[UserId],
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(&Request::new(from.clone(), to.to_vec())).await?;
        Ok(zip(to, map_check(to, &response)))
    }
}

fn map_check(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |_| false,
        |item| match item.map(|i| i.follow_type) {
            Some(FollowRelation::Other(n)) => Err(Failure::UnknownValue {
                field: "FollowType",
                value: n.to_string(),
            }),
            Some(relation) => Ok(Success::FollowChecked(relation)),
            None => Err(Failure::NoResult),
        },
    )
}

/// The bulk follow check of pairs (`follow_check`), 100 a call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FollowCheck;

impl BulkOperation for FollowCheck {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "check"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let to = targets(batch, &idx);
            match batch.call(&Request::new(from, to.clone())).await {
                (Ok(response), _) => map_check(&to, &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
