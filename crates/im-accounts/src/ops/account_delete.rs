//! Deleting up to 100 accounts, and the bulk delete's chunks.

use im_client::{Error, Failure, RetryPolicy};
use im_proto::account::account_delete::{Request, Response};
use im_proto::{ErrorCode, UserId};

use crate::Client;

use super::{ChunkTally, ItemOutcome, Pending, Success, call_chunk, map_result_items, zip};

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

/// One outcome per requested ID from `ResultItem[]`; an ID with no item is
/// [`Failure::NoResult`].
fn map_deletions(ids: &[UserId], response: &Response) -> Vec<Result<(), Failure>> {
    map_result_items(
        ids,
        response.result_items(),
        |i| (i.user_id.as_str(), i.result_code, i.result_info.as_str()),
        |_| Ok(()),
    )
}

/// One chunk of a bulk delete. An account answered 70107 (does not exist) after an earlier
/// attempt that the service may have processed, in this call or in an earlier run
/// (`sent_before` its position), is [`Success::Absent`].
pub(crate) async fn delete_chunk(
    client: &Client,
    batch: &[Pending],
    policy: &RetryPolicy,
    tally: &mut ChunkTally,
    sent_before: Option<&(dyn Fn(u64) -> bool + Send + Sync)>,
) -> Vec<Result<Success, Failure>> {
    let request = Request::new(Pending::ids(batch));
    let ids = &request.delete_item;
    let earlier = |i: usize| sent_before.is_some_and(|sent| sent(batch[i].position));
    call_chunk(
        client,
        &request,
        policy,
        tally,
        ids.len(),
        |response, report| {
            map_deletions(ids, response)
                .into_iter()
                .enumerate()
                .map(|(i, r)| match r {
                    Ok(()) => Ok(Success::Deleted),
                    Err(failure)
                        if (report.ambiguous || earlier(i))
                            && failure.code() == Some(ErrorCode::ACCOUNT_NOT_FOUND) =>
                    {
                        Ok(Success::Absent)
                    }
                    Err(failure) => Err(failure),
                })
                .collect()
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use im_proto::account::account_delete::ResultItem;

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
