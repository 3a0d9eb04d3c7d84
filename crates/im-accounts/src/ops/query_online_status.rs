//! Querying the online status of up to 500 accounts, and the bulk query's chunks.

use im_client::{Error, Failure, RetryPolicy};
use im_proto::openim::query_online_status::{QueryResult, Request, Response};
use im_proto::{OnlineStatus, PlatformStatus, UserId};
use serde_json::{Map, Value};

use crate::Client;

use super::{ChunkTally, ItemOutcome, Pending, Success, by_user, call_chunk, item_failure, zip};

/// One account's online status, from `QueryResult[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OnlineInfo {
    /// `Online`, `PushOnline` or `Offline`.
    pub status: OnlineStatus,
    /// Per-platform status (only when detail was asked for and the user has sessions).
    pub detail: Vec<PlatformStatus>,
    /// Fields this version does not know (for example those of `IsReturnInstid`), verbatim.
    pub extra: Map<String, Value>,
}

impl From<&QueryResult> for OnlineInfo {
    fn from(result: &QueryResult) -> Self {
        OnlineInfo {
            status: result.status.clone(),
            detail: result.detail.clone().unwrap_or_default(),
            extra: result.extra.clone(),
        }
    }
}

/// Options of [`Client::query_online_status`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusOptions {
    /// `IsNeedDetail`: include per-platform detail.
    pub detail: bool,
    /// `IsReturnInstid`: return device instance ids.
    pub instid: bool,
    /// `IsReturnCustomStatus`: return the user-defined status.
    pub custom_status: bool,
}

impl StatusOptions {
    /// Asks for per-platform detail.
    pub fn with_detail(mut self, detail: bool) -> Self {
        self.detail = detail;
        self
    }

    fn request(self, ids: Vec<UserId>) -> Request {
        let mut request = Request::new(ids);
        if self.detail {
            request.is_need_detail = Some(true);
        }
        if self.instid {
            request.is_return_instid = Some(true);
        }
        if self.custom_status {
            request.is_return_custom_status = Some(true);
        }
        request
    }
}

impl Client {
    /// Queries the online status of up to 500 accounts (`query_online_status`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 500 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_accounts::StatusOptions;
    /// use im_proto::UserId;
    ///
    /// let ids = [UserId::new("alice")?];
    /// for outcome in client
    ///     .query_online_status(&ids, StatusOptions::default().with_detail(true))
    ///     .await?
    /// {
    ///     match outcome.result {
    ///         Ok(info) => println!("{}: {}", outcome.user_id, info.status),
    ///         Err(failure) => println!("{}: {failure}", outcome.user_id),
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn query_online_status(
        &self,
        ids: &[UserId],
        options: StatusOptions,
    ) -> Result<Vec<ItemOutcome<OnlineInfo>>, Error> {
        let response = self.call(&options.request(ids.to_vec())).await?;
        Ok(zip(ids, map_statuses(ids, &response)))
    }
}

/// One outcome per requested ID from `QueryResult[]` and `ErrorList[]`; an ID in neither is
/// [`Failure::NoResult`].
fn map_statuses(ids: &[UserId], response: &Response) -> Vec<Result<OnlineInfo, Failure>> {
    let results = by_user(response.query_results(), |r| r.to_account.as_str());
    let errors = by_user(response.errors(), |e| e.to_account.as_str());
    ids.iter()
        .map(|id| {
            if let Some(result) = results.get(id.as_str()) {
                match &result.status {
                    OnlineStatus::Other(value) => Err(Failure::UnknownValue {
                        field: "Status",
                        value: value.clone(),
                    }),
                    _ => Ok(OnlineInfo::from(*result)),
                }
            } else if let Some(error) = errors.get(id.as_str()) {
                Err(item_failure(error.error_code, ""))
            } else {
                Err(Failure::NoResult)
            }
        })
        .collect()
}

/// One chunk of a bulk status query.
pub(crate) async fn status_chunk(
    client: &Client,
    options: StatusOptions,
    batch: &[Pending],
    policy: &RetryPolicy,
    tally: &mut ChunkTally,
) -> Vec<Result<Success, Failure>> {
    let request = options.request(Pending::ids(batch));
    let ids = &request.to_account;
    call_chunk(client, &request, policy, tally, ids.len(), |response, _| {
        map_statuses(ids, response)
            .into_iter()
            .map(|r| r.map(Success::Online))
            .collect()
    })
    .await
}

#[cfg(test)]
mod tests {
    use im_proto::ErrorCode;
    use im_proto::openim::query_online_status::ErrorItem;

    use super::*;

    #[test]
    fn absent_accounts_are_no_result_never_success() {
        let request: Vec<UserId> = ["a", "b", "c"].map(|n| UserId::new(n).unwrap()).into();
        let response = Response::ok(
            vec![QueryResult::new("b", OnlineStatus::Online)],
            vec![ErrorItem::new("a", ErrorCode::ACCOUNT_NOT_FOUND)],
        );
        let out = map_statuses(&request, &response);
        assert!(out[0].is_err());
        assert_eq!(out[1].as_ref().unwrap().status, OnlineStatus::Online);
        assert!(matches!(out[2], Err(Failure::NoResult)));

        let odd = Response::ok(
            vec![QueryResult::new("a", OnlineStatus::from("Busy"))],
            vec![],
        );
        assert!(matches!(
            &map_statuses(&request[..1], &odd)[0],
            Err(Failure::UnknownValue { field: "Status", value }) if value == "Busy"
        ));
    }
}
