//! `friend_delete`: friends removed one way or both ways, 1000 a call, and the bulk delete of
//! pairs.

use std::collections::HashSet;

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::sns::friend_delete::{DeleteType, Request, Response};
use im_proto::{Endpoint, ErrorCode, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

impl Client {
    /// Removes up to 1000 friends of `request.from_account` (`friend_delete`): one outcome per
    /// account, [`Success::Deleted`]; one that is not a friend fails with 31704.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 1000 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn friend_delete(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        Ok(zip(
            &request.to_account,
            map_delete(&request.to_account, &response, |_| false),
        ))
    }
}

/// One outcome per account; a 31704 of an account `sent_before` says may have been deleted by
/// an earlier request is [`Success::Absent`].
fn map_delete(
    to: &[UserId],
    response: &Response,
    sent_before: impl Fn(&str) -> bool,
) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |code| code == ErrorCode::FRIEND_NOT_FOUND,
        |item| match item {
            Some(i) if i.result_code != ErrorCode::FRIEND_NOT_FOUND => Ok(Success::Deleted),
            Some(i) if sent_before(&i.to_account) => Ok(Success::Absent),
            Some(i) => Err(Failure::service(i.result_code, &i.result_info)),
            None => Err(Failure::NoResult),
        },
    )
}

/// The bulk delete of friend pairs (`friend_delete`), one way or both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FriendDelete {
    /// `Delete_Type_Both`: also `From_Account` from `To_Account`'s table.
    pub both: bool,
}

impl BulkOperation for FriendDelete {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "delete"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let to = targets(batch, &idx);
            let mut request = Request::new(from, to.clone());
            request.delete_type = Some(if self.both {
                DeleteType::Both
            } else {
                DeleteType::Single
            });
            // The targets an earlier run may have deleted already, looked up once.
            let sent: HashSet<&str> = idx
                .iter()
                .filter(|&&i| batch.sent_before(i))
                .map(|&i| batch.items()[i].to.as_str())
                .collect();
            match batch.call(&request).await {
                (Ok(response), report) => {
                    map_delete(&to, &response, |a| report.ambiguous || sent.contains(a))
                }
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
