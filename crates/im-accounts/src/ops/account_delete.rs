//! Deleting up to 100 accounts, and the bulk delete's chunks.

use im_client::bulk::{Batch, BulkOperation};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::account::account_delete::{Request, Response, ResultItem};
use im_proto::{Endpoint, ErrorCode, Metadata, UserId};

use crate::Client;

use super::{AccountItem, ItemOutcome, ProfileUse, Success, keys, zip};

impl Client {
    /// Deletes up to 100 accounts (`account_delete`). An account that does not exist fails
    /// with code 70107. Deletion is irrecoverable.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn account_delete(&self, ids: &[UserId]) -> Result<Vec<ItemOutcome<()>>, Error> {
        let response = self.call(&Request::new(ids.to_vec())).await?;
        Ok(zip(ids, map_deletions(ids, &response)))
    }

    /// The former name of [`Client::account_delete`].
    ///
    /// # Errors
    ///
    /// As [`Client::account_delete`].
    #[deprecated(note = "renamed to `Client::account_delete`, after the command")]
    pub async fn delete_accounts(&self, ids: &[UserId]) -> Result<Vec<ItemOutcome<()>>, Error> {
        self.account_delete(ids).await
    }
}

/// One outcome per requested ID from `ResultItem[]`, as the declaration maps it; an ID with no
/// item is [`Failure::NoResult`].
fn map_deletions(ids: &[UserId], response: &Response) -> Vec<Result<(), Failure>> {
    fn read(i: &ResultItem) -> ItemResult<'_> {
        ItemResult::new(&i.user_id).with_code(i.result_code, &i.result_info)
    }
    let mapping = results::declared(&Request::METADATA);
    results::map_with(
        mapping,
        keys(ids),
        response.result_items(),
        read,
        |_| Ok(()),
    )
}

/// The bulk delete: `account_delete`, 100 accounts per call. An account answered 70107 (does
/// not exist) after an earlier attempt that the service may have processed, in this call or in
/// an earlier run ([`Batch::sent_before`]), is [`Success::Absent`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountDelete;

impl BulkOperation for AccountDelete {
    account_operation!(ProfileUse::Ignore);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "delete"
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let request = Request::new(AccountItem::ids(batch.items()));
        let (response, report) = match batch.call(&request).await {
            (Ok(response), report) => (response, report),
            (Err(failure), _) => return batch.fail_all(failure),
        };
        let earlier = |i: usize| report.ambiguous || batch.sent_before(i);
        map_deletions(&request.delete_item, &response)
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Ok(()) => Ok(Success::Deleted),
                Err(failure)
                    if earlier(i) && failure.code() == Some(ErrorCode::ACCOUNT_NOT_FOUND) =>
                {
                    Ok(Success::Absent)
                }
                Err(failure) => Err(failure),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_accounts_are_no_result_never_success() {
        let request: Vec<UserId> = ["a", "b", "c"].map(|n| UserId::new(n).unwrap()).into();
        let response = Response::ok(vec![ResultItem::new(
            "c",
            ErrorCode::ACCOUNT_NOT_FOUND,
            "Err_TLS_PT_Open_Login_Account_Not_Exist",
        )]);
        let out = map_deletions(&request, &response);
        assert!(matches!(out[0], Err(Failure::NoResult)));
        assert_eq!(
            out[2].as_ref().unwrap_err().code(),
            Some(ErrorCode::ACCOUNT_NOT_FOUND)
        );
    }
}
