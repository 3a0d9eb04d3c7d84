//! Importing up to 100 accounts per call, and the bulk import's chunks.

use std::collections::HashSet;

use im_proto::multiaccount_import::{Request, Response};
use im_proto::{AccountProfile, UserId};

use crate::{Client, Error, Failure, RetryPolicy};

use super::{ChunkTally, Pending, Success, ItemOutcome, zip};

impl Client {
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
        let response = self.call(&Request::accounts(ids.to_vec())).await?;
        Ok(zip(ids, map_fail_accounts(ids, &response)))
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
        let response = self
            .call(&Request::account_list(profiles.to_vec()))
            .await?;
        let ids: Vec<UserId> = profiles.iter().map(|p| p.user_id.clone()).collect();
        Ok(zip(&ids, map_fail_accounts(&ids, &response)))
    }
}

/// One outcome per requested ID: those in `FailAccounts` failed, the rest were imported (that is
/// how the API reports success).
fn map_fail_accounts<'a>(
    ids: impl IntoIterator<Item = &'a UserId>,
    response: &Response,
) -> Vec<Result<(), Failure>> {
    let failed: HashSet<&str> = response
        .fail_accounts()
        .iter()
        .map(String::as_str)
        .collect();
    ids.into_iter()
        .map(|id| {
            if failed.contains(id.as_str()) {
                Err(Failure::ListedInFailAccounts)
            } else {
                Ok(())
            }
        })
        .collect()
}

/// One chunk of a bulk import: `AccountList` when any account has a profile, else `Accounts`;
/// each `FailAccounts` entry is imported alone up to `fail_accounts_retries` times to learn its
/// code.
pub(crate) async fn import_chunk(
    client: &Client,
    batch: &[Pending],
    policy: &RetryPolicy,
    fail_accounts_retries: u32,
    tally: &mut ChunkTally,
) -> Vec<Result<Success, Failure>> {
    let with_profiles = batch
        .iter()
        .any(|p| p.nick.is_some() || p.face_url.is_some());
    let request = if with_profiles {
        Request::account_list(batch.iter().map(Pending::profile).collect())
    } else {
        Request::accounts(Pending::ids(batch))
    };
    let (result, report) = client.call_with(&request, policy).await;
    tally.add(&report);
    let response = match result {
        Ok(response) => response,
        Err(err) => return super::fail_all(batch.len(), err),
    };
    // Each FailAccounts entry is learned about alone, after the chunk's own call.
    let mut results = Vec::with_capacity(batch.len());
    let mapped = map_fail_accounts(batch.iter().map(|p| &p.id), &response);
    for (pending, mapped) in batch.iter().zip(mapped) {
        let result = match mapped {
            Ok(()) => Ok(Success::Imported),
            Err(failure) if fail_accounts_retries == 0 => Err(failure),
            Err(_) => import_alone(client, pending, policy, fail_accounts_retries, tally).await,
        };
        results.push(result);
    }
    results
}

/// Imports one `FailAccounts` entry alone, up to `tries` times, to learn its code.
async fn import_alone(
    client: &Client,
    pending: &Pending,
    policy: &RetryPolicy,
    tries: u32,
    tally: &mut ChunkTally,
) -> Result<Success, Failure> {
    let mut last = Failure::ListedInFailAccounts;
    for _ in 0..tries {
        let (result, report) = client.import_account_with(pending.profile(), policy).await;
        tally.add(&report);
        match result {
            Ok(()) => return Ok(Success::Imported),
            Err(Error::Api(api)) => {
                last = Failure::Service {
                    code: api.code(),
                    info: api.info().to_owned(),
                };
                if !api.code().is_retryable() {
                    break;
                }
            }
            Err(err) => last = Failure::Request(std::sync::Arc::new(err)),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<UserId> {
        names.iter().map(|n| UserId::new(*n).unwrap()).collect()
    }

    #[test]
    fn fail_accounts_and_duplicates() {
        let request = ids(&["a", "b", "a"]);
        let response = Response::ok(vec!["a".into()]);
        let out = map_fail_accounts(&request, &response);
        assert!(matches!(out[0], Err(Failure::ListedInFailAccounts)));
        assert!(out[1].is_ok());
        assert!(matches!(out[2], Err(Failure::ListedInFailAccounts)));

        // A successful answer without FailAccounts means every account was imported.
        let response: Response =
            serde_json::from_str(r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#).unwrap();
        assert!(
            map_fail_accounts(&request, &response)
                .iter()
                .all(Result::is_ok)
        );
    }
}
