//! Importing up to 100 accounts per call, and the bulk import's chunks.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use parking_lot::Mutex;

use im_client::{Error, Failure, InvalidInput, RetryPolicy};
use im_proto::account::multiaccount_import::{Request, Response};
use im_proto::{AccountProfile, UserId};

use crate::Client;

use super::{ChunkTally, ItemOutcome, Pending, Success, zip};

impl Client {
    /// Imports up to 100 accounts with their nicknames and avatars when given
    /// (`multiaccount_import`, in its `AccountList` shape); one outcome per requested account,
    /// in request order. Accounts listed in `FailAccounts` fail with
    /// [`Failure::ListedInFailAccounts`]; [`Client::account_import`] on them gives the reason.
    /// [`Client::import_accounts`] sends UserIDs alone (the `Accounts` shape).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts, or a profile value over 500
    /// bytes (nothing is sent); otherwise as [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
    /// use im_proto::{AccountProfile, UserId};
    ///
    /// let accounts = [
    ///     AccountProfile::new(UserId::new("u1")?).with_nick("One"),
    ///     AccountProfile::new(UserId::new("u2")?),
    /// ];
    /// for outcome in client.multiaccount_import(&accounts).await? {
    ///     if let Err(failure) = &outcome.result {
    ///         eprintln!("{}: {failure}", outcome.user_id);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn multiaccount_import(
        &self,
        accounts: &[AccountProfile],
    ) -> Result<Vec<ItemOutcome<()>>, Error> {
        too_many_for_one_call(accounts.len())?;
        let response = self.call(&Request::account_list(accounts.to_vec())).await?;
        let ids: Vec<UserId> = accounts.iter().map(|p| p.user_id.clone()).collect();
        Ok(zip(&ids, map_fail_accounts(&ids, &response)))
    }

    /// Imports up to 100 accounts by UserID alone: `multiaccount_import` in its `Accounts`
    /// shape (a friendlier form of [`Client::multiaccount_import`] when there is no profile to
    /// set); one outcome per requested account, in request order, as there.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 100 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_accounts::Client) -> Result<(), im_client::Error> {
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
        too_many_for_one_call(ids.len())?;
        let response = self.call(&Request::accounts(ids.to_vec())).await?;
        Ok(zip(ids, map_fail_accounts(ids, &response)))
    }

    /// The former name of [`Client::multiaccount_import`].
    ///
    /// # Errors
    ///
    /// As [`Client::multiaccount_import`].
    #[deprecated(note = "renamed to `Client::multiaccount_import`, after the command")]
    pub async fn import_profiles(
        &self,
        profiles: &[AccountProfile],
    ) -> Result<Vec<ItemOutcome<()>>, Error> {
        self.multiaccount_import(profiles).await
    }
}

/// More accounts than one call takes: an error that says what to use instead.
fn too_many_for_one_call(count: usize) -> Result<(), Error> {
    let max = <Request as im_proto::Endpoint>::METADATA.max_items;
    if count <= max {
        return Ok(());
    }
    Err(Error::InvalidInput(InvalidInput::Other(format!(
        "{count} accounts in one call, over the {max} it takes: use Client::bulk (or bulk_iter) with BulkOp::Import, which chunks, paces and reports every account"
    ))))
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
        Err(err) => return super::fail_all(batch.len(), super::never_sent(err, &report)),
    };
    let mapped = map_fail_accounts(batch.iter().map(|p| &p.id), &response);
    let mut results: Vec<Result<Success, Failure>> = mapped
        .into_iter()
        .map(|r| r.map(|()| Success::Imported))
        .collect();
    if fail_accounts_retries > 0 {
        let fallback = Fallback::new(client, policy, fail_accounts_retries);
        fallback.run(batch, &mut results, tally).await;
    }
    results
}

/// How many `FailAccounts` entries of one chunk are imported alone at the same time (the
/// single import's rate limiter sets the pace).
const FALLBACK_CONCURRENCY: usize = 8;

/// Imports each `FailAccounts` entry of a chunk alone to learn its code: concurrently, with a
/// small budget of its own (the chunk's is the chunk's), and stopping at the first sign that the
/// single import is out of service (a failure that is not the service's answer for the
/// account): the entries left get that failure at once, instead of each waiting out retries.
struct Fallback<'a> {
    client: &'a Client,
    policy: RetryPolicy,
    tries: u32,
    outage: Mutex<Option<Arc<Error>>>,
}

impl<'a> Fallback<'a> {
    fn new(client: &'a Client, chunk: &RetryPolicy, tries: u32) -> Self {
        let policy = chunk
            .clone()
            .max_attempts(chunk.attempts().min(3))
            .max_elapsed(chunk.elapsed_budget().min(Duration::from_secs(10)));
        Fallback {
            client,
            policy,
            tries,
            outage: Mutex::new(None),
        }
    }

    /// Replaces the results of the listed entries with what importing each alone gave.
    async fn run(
        &self,
        batch: &[Pending],
        results: &mut [Result<Success, Failure>],
        tally: &mut ChunkTally,
    ) {
        let listed: Vec<usize> = (0..results.len())
            .filter(|&i| matches!(results[i], Err(Failure::ListedInFailAccounts)))
            .collect();
        let mut alone = futures::stream::iter(listed)
            .map(|i| async move { (i, self.import(&batch[i]).await) })
            .buffer_unordered(FALLBACK_CONCURRENCY);
        while let Some((i, (result, calls))) = alone.next().await {
            tally.requests += calls.requests;
            tally.retries += calls.retries;
            tally.throttled += calls.throttled;
            results[i] = result;
        }
    }

    /// Imports one entry alone, up to `tries` times while the answers are retryable.
    async fn import(&self, pending: &Pending) -> (Result<Success, Failure>, ChunkTally) {
        let mut tally = ChunkTally::default();
        let mut last = Failure::ListedInFailAccounts;
        for _ in 0..self.tries {
            if let Some(outage) = self.outage.lock().clone() {
                return (Err(Failure::Request(outage)), tally);
            }
            let (result, report) = self
                .client
                .account_import_with(pending.profile(), &self.policy)
                .await;
            tally.add(&report);
            match result {
                Ok(()) => return (Ok(Success::Imported), tally),
                Err(Error::Api(api)) => {
                    let retryable = api.retry_class().is_retryable();
                    last = Failure::Service {
                        code: api.code(),
                        info: api.info().to_owned(),
                    };
                    if !retryable {
                        break;
                    }
                }
                Err(err) => {
                    let err = Arc::new(err);
                    self.outage.lock().get_or_insert_with(|| err.clone());
                    return (Err(Failure::Request(err)), tally);
                }
            }
        }
        (Err(last), tally)
    }
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
