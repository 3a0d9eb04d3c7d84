//! Querying the online status of up to 500 accounts, and the bulk query's chunks.

use im_client::bulk::{Batch, BulkOperation};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::openim::query_online_status::{QueryResult, Request, Response};
use im_proto::{Endpoint, Metadata, OnlineStatus, PlatformStatus, UserId};
use serde_json::{Map, Value};

use crate::Client;

use super::{AccountItem, ItemOutcome, ProfileUse, Success, keys, zip};

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

/// One outcome per requested ID from `QueryResult[]` as the declaration maps it, then from
/// the declared failure list `ErrorList[]`; an ID in neither is [`Failure::NoResult`].
fn map_statuses(ids: &[UserId], response: &Response) -> Vec<Result<OnlineInfo, Failure>> {
    let mapping = results::declared(&Request::METADATA);
    let found = response.query_results();
    fn read(r: &QueryResult) -> ItemResult<'_> {
        ItemResult::new(&r.to_account)
    }
    let mut mapped = results::map_with(mapping, keys(ids), found, read, |found| {
        match found.ok_or(Failure::NoResult)? {
            QueryResult {
                status: OnlineStatus::Other(value),
                ..
            } => Err(Failure::UnknownValue {
                field: "Status",
                value: value.clone(),
            }),
            found => Ok(OnlineInfo::from(found)),
        }
    });
    results::fill_failures(&mut mapped, keys(ids), response.errors(), |e| {
        ItemResult::new(&e.to_account).with_code(e.error_code, "")
    });
    mapped
}

/// The bulk online-status query: `query_online_status` with these options, 500 accounts per
/// call; each success is a [`Success::Online`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryOnlineStatus {
    options: StatusOptions,
}

impl QueryOnlineStatus {
    /// Querying with `options`.
    pub fn new(options: StatusOptions) -> Self {
        QueryOnlineStatus { options }
    }
}

impl BulkOperation for QueryOnlineStatus {
    account_operation!(ProfileUse::Ignore);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "status"
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let request = self.options.request(AccountItem::ids(batch.items()));
        match batch.call(&request).await {
            (Ok(response), _) => map_statuses(&request.to_account, &response)
                .into_iter()
                .map(|r| r.map(Success::Online))
                .collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
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
