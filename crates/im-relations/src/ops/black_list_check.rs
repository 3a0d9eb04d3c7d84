//! `black_list_check`: the blocklist relation with up to 1000 accounts, and the bulk check of
//! pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::sns::black_list_check::{BlackCheckType, BlackRelation, Request, Response};
use im_proto::{Endpoint, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

impl Client {
    /// Checks `request.from_account`'s blocklist relation with up to 1000 accounts
    /// (`black_list_check`): one [`Success::BlackChecked`] per account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 1000 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn black_list_check(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        Ok(zip(
            &request.to_account,
            map_check(&request.to_account, &response),
        ))
    }
}

fn map_check(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response
        .black_list_check_item
        .as_deref()
        .unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |_| false,
        |item| match item.map(|i| &i.relation) {
            Some(BlackRelation::Other(value)) => Err(Failure::UnknownValue {
                field: "Relation",
                value: value.clone(),
            }),
            Some(relation) => Ok(Success::BlackChecked(relation.clone())),
            None => Err(Failure::NoResult),
        },
    )
}

/// The bulk blocklist check of pairs (`black_list_check`), one way or both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlackListCheck {
    /// `BlackCheckResult_Type_Both`: both blocklists are read.
    pub both: bool,
}

impl BulkOperation for BlackListCheck {
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
            let check = if self.both {
                BlackCheckType::Both
            } else {
                BlackCheckType::Single
            };
            match batch.call(&Request::new(from, to.clone(), check)).await {
                (Ok(response), _) => map_check(&to, &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
