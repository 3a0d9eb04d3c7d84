//! Importing up to 100 accounts per call, and the bulk import's chunks.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use parking_lot::Mutex;

use im_client::bulk::{Batch, BulkOperation};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure, InvalidInput, RetryPolicy};
use im_proto::account::account_import;
use im_proto::account::multiaccount_import::{Request, Response};
use im_proto::{AccountProfile, Endpoint, Metadata, UserId};

use crate::Client;

use super::{AccountItem, ItemOutcome, ProfileUse, Success, keys, zip};

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
        Ok(zip(&ids, map_fail_accounts(keys(&ids), &response, || ())))
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
        Ok(zip(ids, map_fail_accounts(keys(ids), &response, || ())))
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

/// One outcome per requested ID, as the declaration maps the answer (`FailAccounts` lists the
/// accounts that failed, without a reason: [`Failure::ListedInFailAccounts`]; the others were
/// imported: `imported` each).
fn map_fail_accounts<'k, T>(
    ids: impl IntoIterator<Item = &'k str>,
    response: &Response,
    imported: impl Fn() -> T,
) -> Vec<Result<T, Failure>> {
    let mapping = results::declared(&Request::METADATA);
    let listed = response.fail_accounts();
    results::map_with(
        mapping,
        ids,
        listed,
        |id| ItemResult::new(id),
        |_| Ok(imported()),
    )
}

/// The bulk import: `multiaccount_import` (`AccountList` when any account of a chunk has a
/// profile, else `Accounts`); each account listed in `FailAccounts` is imported alone with
/// `account_import` up to `fail_accounts_retries` times to learn its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MultiaccountImport {
    fail_accounts_retries: u32,
}

impl MultiaccountImport {
    /// The bulk import, each `FailAccounts` entry retried alone up to `fail_accounts_retries`
    /// times (0: reported [`Failure::ListedInFailAccounts`]).
    pub fn new(fail_accounts_retries: u32) -> Self {
        MultiaccountImport {
            fail_accounts_retries,
        }
    }
}

impl BulkOperation for MultiaccountImport {
    account_operation!(ProfileUse::Import);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "import"
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let items = batch.items();
        let with_profiles = items
            .iter()
            .any(|item| item.nick.is_some() || item.face_url.is_some());
        let request = if with_profiles {
            Request::account_list(items.iter().map(AccountItem::account_profile).collect())
        } else {
            Request::accounts(AccountItem::ids(items))
        };
        let response = match batch.call(&request).await {
            (Ok(response), _) => response,
            (Err(failure), _) => return batch.fail_all(failure),
        };
        let ids = items.iter().map(|item| item.id.as_str());
        let mut results = map_fail_accounts(ids, &response, || Success::Imported);
        if self.fail_accounts_retries > 0 {
            let fallback = Fallback::new(batch, self.fail_accounts_retries);
            fallback.run(&mut results).await;
        }
        results
    }
}

/// How many `FailAccounts` entries of one chunk are imported alone at the same time (the
/// single import's rate limiter sets the pace).
const FALLBACK_CONCURRENCY: usize = 8;

/// Imports each `FailAccounts` entry of a chunk alone to learn its code: concurrently, with a
/// small budget of its own (the chunk's is the chunk's), and stopping at the first sign that the
/// single import is out of service (a failure that is not the service's answer for the
/// account): the entries left get that failure at once, instead of each waiting out retries.
struct Fallback<'b, 'a> {
    batch: &'b Batch<'a, AccountItem>,
    policy: RetryPolicy,
    tries: u32,
    outage: Mutex<Option<Arc<Error>>>,
}

impl<'b, 'a> Fallback<'b, 'a> {
    fn new(batch: &'b Batch<'a, AccountItem>, tries: u32) -> Self {
        let chunk = batch.policy();
        let policy = chunk
            .clone()
            .max_attempts(chunk.attempts().min(3))
            .max_elapsed(chunk.elapsed_budget().min(Duration::from_secs(10)));
        Fallback {
            batch,
            policy,
            tries,
            outage: Mutex::new(None),
        }
    }

    /// Replaces the results of the listed entries with what importing each alone gave.
    async fn run(&self, results: &mut [Result<Success, Failure>]) {
        let listed: Vec<usize> = (0..results.len())
            .filter(|&i| matches!(results[i], Err(Failure::ListedInFailAccounts)))
            .collect();
        let items = self.batch.items();
        let mut alone = futures::stream::iter(listed)
            .map(|i| async move { (i, self.import(&items[i]).await) })
            .buffer_unordered(FALLBACK_CONCURRENCY);
        while let Some((i, result)) = alone.next().await {
            results[i] = result;
        }
    }

    /// Imports one entry alone, up to `tries` times while the answers are retryable.
    async fn import(&self, item: &AccountItem) -> Result<Success, Failure> {
        let mut last = Failure::ListedInFailAccounts;
        for _ in 0..self.tries {
            if let Some(outage) = self.outage.lock().clone() {
                return Err(Failure::Request(outage));
            }
            let request = account_import::Request::from(item.account_profile());
            let (result, _) = self.batch.call_with(&request, &self.policy).await;
            match result {
                Ok(_) => return Ok(Success::Imported),
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
                    return Err(Failure::Request(err));
                }
            }
        }
        Err(last)
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
        let out = map_fail_accounts(keys(&request), &response, || ());
        assert!(matches!(out[0], Err(Failure::ListedInFailAccounts)));
        assert!(out[1].is_ok());
        assert!(matches!(out[2], Err(Failure::ListedInFailAccounts)));

        // A successful answer without FailAccounts means every account was imported.
        let response: Response =
            serde_json::from_str(r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#).unwrap();
        assert!(
            map_fail_accounts(keys(&request), &response, || ())
                .iter()
                .all(Result::is_ok)
        );
    }
}
