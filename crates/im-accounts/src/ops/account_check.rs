//! Checking whether up to 100 accounts were imported, and the bulk check's chunks.

use im_client::bulk::{Batch, BulkOperation};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::account::account_check::{Request, Response, ResultItem};
use im_proto::{AccountStatus, Endpoint, Metadata, UserId};

use crate::Client;

use super::{AccountItem, ItemOutcome, ProfileUse, Success, keys, zip};

impl Client {
    /// Checks up to 100 accounts (`account_check`): `Imported` or `NotImported` each.
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
    /// use im_proto::{AccountStatus, UserId};
    ///
    /// let ids = [UserId::new("alice")?];
    /// let outcomes = client.account_check(&ids).await?;
    /// let imported = matches!(outcomes[0].result, Ok(AccountStatus::Imported));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn account_check(
        &self,
        ids: &[UserId],
    ) -> Result<Vec<ItemOutcome<AccountStatus>>, Error> {
        let response = self.call(&Request::new(ids.to_vec())).await?;
        Ok(zip(ids, map_statuses(ids, &response)))
    }

    /// The former name of [`Client::account_check`].
    ///
    /// # Errors
    ///
    /// As [`Client::account_check`].
    #[deprecated(note = "renamed to `Client::account_check`, after the command")]
    pub async fn check_accounts(
        &self,
        ids: &[UserId],
    ) -> Result<Vec<ItemOutcome<AccountStatus>>, Error> {
        self.account_check(ids).await
    }
}

/// One outcome per requested ID from `ResultItem[]`, as the declaration maps it; an ID with no
/// item, or an item without a status, is [`Failure::NoResult`].
fn map_statuses(ids: &[UserId], response: &Response) -> Vec<Result<AccountStatus, Failure>> {
    let mapping = results::declared(&Request::METADATA);
    fn read(i: &ResultItem) -> ItemResult<'_> {
        ItemResult::new(&i.user_id).with_code(i.result_code, &i.result_info)
    }
    results::map_with(
        mapping,
        keys(ids),
        response.result_items(),
        read,
        |item| match item.and_then(|i| i.account_status.as_ref()) {
            None => Err(Failure::NoResult),
            Some(AccountStatus::Other(value)) => Err(Failure::UnknownValue {
                field: "AccountStatus",
                value: value.clone(),
            }),
            Some(status) => Ok(status.clone()),
        },
    )
}

/// The bulk check: `account_check`, 100 accounts per call; each success is a
/// [`Success::Checked`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountCheck;

impl BulkOperation for AccountCheck {
    account_operation!(ProfileUse::Ignore);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "check"
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let request = Request::new(AccountItem::ids(batch.items()));
        match batch.call(&request).await {
            (Ok(response), _) => map_statuses(&request.check_item, &response)
                .into_iter()
                .map(|r| r.map(Success::Checked))
                .collect(),
            (Err(failure), _) => batch.fail_all(failure),
        }
    }
}

#[cfg(test)]
mod tests {
    use im_proto::ErrorCode;
    use im_proto::account::account_check::ResultItem;

    use super::*;

    #[test]
    fn absent_accounts_are_no_result_never_success() {
        let request: Vec<UserId> = ["a", "b", "c"].map(|n| UserId::new(n).unwrap()).into();
        let response = Response::ok(vec![
            ResultItem::new("a", AccountStatus::Imported),
            ResultItem::failed("b", ErrorCode::SERVER_TIMEOUT, "t"),
        ]);
        let out = map_statuses(&request, &response);
        assert_eq!(out[0].as_ref().unwrap(), &AccountStatus::Imported);
        assert_eq!(
            out[1].as_ref().unwrap_err().code(),
            Some(ErrorCode::SERVER_TIMEOUT)
        );
        assert!(matches!(out[2], Err(Failure::NoResult)));

        let odd = Response::ok(vec![ResultItem::new("a", AccountStatus::from("Frozen"))]);
        let out = map_statuses(&request[..1], &odd);
        let failure = out[0].as_ref().unwrap_err();
        assert!(matches!(failure, Failure::UnknownValue { value, .. } if value == "Frozen"));
        assert_eq!(failure.label(), "unknown_value");
    }
}
