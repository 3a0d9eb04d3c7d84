//! Typed operations for the six account APIs, and the mapping of batch answers to one outcome
//! per requested account.

use std::collections::HashMap;

use im_proto::account_check::AccountStatus;
use im_proto::multiaccount_import::AccountProfile;
use im_proto::query_online_status::{OnlineStatus, PlatformStatus, QueryResult};
use im_proto::{
    ErrorCode, UserId, account_check, account_delete, account_import, kick, multiaccount_import,
    query_online_status,
};
use serde_json::{Map, Value};

use crate::{Client, Error, Failure};

/// One requested account's outcome in a batch operation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The account.
    pub user_id: UserId,
    /// What happened to it.
    pub result: Result<T, Failure>,
}

impl<T> ItemOutcome<T> {
    /// Whether the account succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

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

    pub(crate) fn request(self, ids: Vec<UserId>) -> query_online_status::Request {
        let mut request = query_online_status::Request::new(ids);
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
    /// Imports one account (`account_import`), with its nickname and avatar when given.
    /// Importing an existing account again is not an error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a profile value over 500 bytes (nothing is sent); otherwise
    /// as [`Client::call`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_accounts::Error> {
    /// use im_proto::{UserId, multiaccount_import::AccountProfile};
    ///
    /// client.import_account(UserId::new("alice")?).await?;
    /// client
    ///     .import_account(AccountProfile::new(UserId::new("bob")?).with_nick("Bob"))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn import_account(&self, account: impl Into<AccountProfile>) -> Result<(), Error> {
        let request: account_import::Request = account.into().into();
        self.call(&request).await.map(drop)
    }

    /// Imports up to 100 accounts by ID (`multiaccount_import`, `Accounts` shape); one outcome
    /// per requested account, in request order. Accounts listed in `FailAccounts` fail with
    /// [`Failure::ListedInFailAccounts`]; [`Client::import_account`] on them gives the reason.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`Client::call`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_accounts::Error> {
    /// use im_proto::UserId;
    ///
    /// let ids = ["u1", "u2"].map(|s| UserId::new(s).unwrap());
    /// for outcome in client.import_accounts(&ids).await? {
    ///     if let Err(failure) = &outcome.result {
    ///         eprintln!("{}: {failure}", outcome.user_id);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn import_accounts(&self, ids: &[UserId]) -> Result<Vec<ItemOutcome<()>>, Error> {
        let request = multiaccount_import::Request::accounts(ids.to_vec());
        let response = self.call(&request).await?;
        Ok(zip(ids, map_multiaccount_import(ids, &response)))
    }

    /// Imports up to 100 accounts with profiles (`multiaccount_import`, `AccountList` shape).
    ///
    /// # Errors
    ///
    /// As [`Client::import_accounts`]; also a profile value over 500 bytes.
    pub async fn import_profiles(
        &self,
        profiles: &[AccountProfile],
    ) -> Result<Vec<ItemOutcome<()>>, Error> {
        let request = multiaccount_import::Request::account_list(profiles.to_vec());
        let response = self.call(&request).await?;
        let ids: Vec<UserId> = profiles.iter().map(|p| p.user_id.clone()).collect();
        Ok(zip(&ids, map_multiaccount_import(&ids, &response)))
    }

    /// Checks up to 100 accounts (`account_check`): `Imported` or `NotImported` each.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`Client::call`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_accounts::Error> {
    /// use im_proto::{UserId, account_check::AccountStatus};
    ///
    /// let ids = [UserId::new("alice")?];
    /// let outcomes = client.check_accounts(&ids).await?;
    /// let imported = matches!(outcomes[0].result, Ok(AccountStatus::Imported));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn check_accounts(
        &self,
        ids: &[UserId],
    ) -> Result<Vec<ItemOutcome<AccountStatus>>, Error> {
        let response = self
            .call(&account_check::Request::new(ids.to_vec()))
            .await?;
        Ok(zip(ids, map_account_check(ids, &response)))
    }

    /// Deletes up to 100 accounts (`account_delete`). An account that does not exist fails
    /// with code 70107. Deletion is irrecoverable.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`Client::call`].
    pub async fn delete_accounts(&self, ids: &[UserId]) -> Result<Vec<ItemOutcome<()>>, Error> {
        let response = self
            .call(&account_delete::Request::new(ids.to_vec()))
            .await?;
        Ok(zip(ids, map_account_delete(ids, &response)))
    }

    /// Invalidates one account's login state (`kick`): every UserSig issued earlier for it stops
    /// working.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with 70107 when the account does not exist; otherwise as
    /// [`Client::call`].
    pub async fn kick(&self, id: &UserId) -> Result<(), Error> {
        self.call(&kick::Request::new(id.clone())).await.map(drop)
    }

    /// Queries the online status of up to 500 accounts (`query_online_status`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 500 accounts; otherwise as
    /// [`Client::call`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_accounts::Error> {
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
        Ok(zip(ids, map_online_status(ids, &response)))
    }
}

fn zip<T>(ids: &[UserId], results: Vec<Result<T, Failure>>) -> Vec<ItemOutcome<T>> {
    ids.iter()
        .cloned()
        .zip(results)
        .map(|(user_id, result)| ItemOutcome { user_id, result })
        .collect()
}

/// One outcome per requested ID: those in `FailAccounts` failed, the rest were imported (that is
/// how the API reports success).
pub(crate) fn map_multiaccount_import(
    ids: &[UserId],
    response: &multiaccount_import::Response,
) -> Vec<Result<(), Failure>> {
    let failed: std::collections::HashSet<&str> = response
        .fail_accounts()
        .iter()
        .map(String::as_str)
        .collect();
    ids.iter()
        .map(|id| {
            if failed.contains(id.as_str()) {
                Err(Failure::ListedInFailAccounts)
            } else {
                Ok(())
            }
        })
        .collect()
}

fn by_user<T>(items: &[T], key: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        // The first answer for an ID wins (the service answers duplicates once per occurrence).
        map.entry(key(item)).or_insert(item);
    }
    map
}

/// A per-account failure; the service's text is kept, with anything credential-like masked.
fn item_failure(code: ErrorCode, info: &str) -> Failure {
    Failure::Service {
        code,
        info: crate::error::mask_credential_runs(info),
    }
}

/// One outcome per requested ID from `ResultItem[]`; an ID with no item is
/// [`Failure::NoResult`].
pub(crate) fn map_account_check(
    ids: &[UserId],
    response: &account_check::Response,
) -> Vec<Result<AccountStatus, Failure>> {
    map_result_items(
        ids,
        response.result_items(),
        |i| (i.user_id.as_str(), i.result_code, i.result_info.as_str()),
        |i| i.account_status.clone().ok_or(Failure::NoResult),
    )
}

/// One outcome per requested ID from `ResultItem[]`; an ID with no item is
/// [`Failure::NoResult`].
pub(crate) fn map_account_delete(
    ids: &[UserId],
    response: &account_delete::Response,
) -> Vec<Result<(), Failure>> {
    map_result_items(
        ids,
        response.result_items(),
        |i| (i.user_id.as_str(), i.result_code, i.result_info.as_str()),
        |_| Ok(()),
    )
}

/// Maps `ResultItem[]` to one outcome per requested ID: no item is [`Failure::NoResult`], a
/// non-zero `ResultCode` the item's failure, and a zero one whatever `ok` makes of the item.
fn map_result_items<I, T>(
    ids: &[UserId],
    items: &[I],
    fields: impl Fn(&I) -> (&str, ErrorCode, &str),
    ok: impl Fn(&I) -> Result<T, Failure>,
) -> Vec<Result<T, Failure>> {
    let items = by_user(items, |i| fields(i).0);
    ids.iter()
        .map(|id| match items.get(id.as_str()) {
            None => Err(Failure::NoResult),
            Some(item) => match fields(item) {
                (_, code, info) if !code.is_success() => Err(item_failure(code, info)),
                _ => ok(item),
            },
        })
        .collect()
}

/// One outcome per requested ID from `QueryResult[]` and `ErrorList[]`; an ID in neither is
/// [`Failure::NoResult`].
pub(crate) fn map_online_status(
    ids: &[UserId],
    response: &query_online_status::Response,
) -> Vec<Result<OnlineInfo, Failure>> {
    let results = by_user(response.query_results(), |r| r.to_account.as_str());
    let errors = by_user(response.errors(), |e| e.to_account.as_str());
    ids.iter()
        .map(|id| {
            if let Some(result) = results.get(id.as_str()) {
                Ok(OnlineInfo::from(*result))
            } else if let Some(error) = errors.get(id.as_str()) {
                Err(item_failure(error.error_code, ""))
            } else {
                Err(Failure::NoResult)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use im_proto::query_online_status::ErrorItem;

    use super::*;

    fn ids(names: &[&str]) -> Vec<UserId> {
        names.iter().map(|n| UserId::new(*n).unwrap()).collect()
    }

    #[test]
    fn absent_accounts_are_no_result_never_success() {
        let request = ids(&["a", "b", "c"]);
        let response = account_check::Response::ok(vec![
            account_check::ResultItem::new("a", AccountStatus::Imported),
            account_check::ResultItem::failed("b", ErrorCode::SERVER_TIMEOUT, "t"),
        ]);
        let out = map_account_check(&request, &response);
        assert_eq!(out[0].as_ref().unwrap(), &AccountStatus::Imported);
        assert_eq!(
            out[1].as_ref().unwrap_err().code(),
            Some(ErrorCode::SERVER_TIMEOUT)
        );
        assert!(matches!(out[2], Err(Failure::NoResult)));

        let response = account_delete::Response::ok(vec![account_delete::ResultItem::new(
            "c",
            ErrorCode::ACCOUNT_NOT_FOUND,
            "Err_TLS_PT_Open_Login_Account_Not_Exist",
        )]);
        let out = map_account_delete(&request, &response);
        assert!(matches!(out[0], Err(Failure::NoResult)));
        assert_eq!(
            out[2].as_ref().unwrap_err().code(),
            Some(ErrorCode::ACCOUNT_NOT_FOUND)
        );

        let response = query_online_status::Response::ok(
            vec![QueryResult::new("b", OnlineStatus::Online)],
            vec![ErrorItem::new("a", ErrorCode::ACCOUNT_NOT_FOUND)],
        );
        let out = map_online_status(&request, &response);
        assert!(out[0].is_err());
        assert_eq!(out[1].as_ref().unwrap().status, OnlineStatus::Online);
        assert!(matches!(out[2], Err(Failure::NoResult)));
    }

    #[test]
    fn fail_accounts_and_duplicates() {
        let request = ids(&["a", "b", "a"]);
        let response = multiaccount_import::Response::ok(vec!["a".into()]);
        let out = map_multiaccount_import(&request, &response);
        assert!(matches!(out[0], Err(Failure::ListedInFailAccounts)));
        assert!(out[1].is_ok());
        assert!(matches!(out[2], Err(Failure::ListedInFailAccounts)));

        // A successful answer without FailAccounts means every account was imported.
        let response: multiaccount_import::Response =
            serde_json::from_str(r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#).unwrap();
        assert!(
            map_multiaccount_import(&request, &response)
                .iter()
                .all(Result::is_ok)
        );
    }
}
