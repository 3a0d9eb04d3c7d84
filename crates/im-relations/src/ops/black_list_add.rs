//! `black_list_add`: accounts blocked, 1000 a call (a friendship between the two ends), and
//! the bulk block of pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::sns::black_list_add::{Request, Response};
use im_proto::{Endpoint, ErrorCode, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

impl Client {
    /// Blocks up to 1000 accounts for `request.from_account` (`black_list_add`): one outcome
    /// per account, [`Success::Blocked`] or [`Success::AlreadyThere`] (30001).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 1000 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn black_list_add(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        Ok(zip(
            &request.to_account,
            map_block(&request.to_account, &response),
        ))
    }
}

fn map_block(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |code| code == ErrorCode::SNS_INVALID_PARAMETERS,
        |item| match item.map(|i| i.result_code) {
            Some(ErrorCode::SNS_INVALID_PARAMETERS) => Ok(Success::AlreadyThere),
            Some(_) => Ok(Success::Blocked),
            None => Err(Failure::NoResult),
        },
    )
}

/// The bulk block of pairs (`black_list_add`): `To_Account` into `From_Account`'s blocklist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlackListAdd;

impl BulkOperation for BlackListAdd {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "block"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let to = targets(batch, &idx);
            match batch.call(&Request::new(from, to.clone())).await {
                (Ok(response), _) => map_block(&to, &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
