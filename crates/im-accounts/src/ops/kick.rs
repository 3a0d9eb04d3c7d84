//! Invalidating one account's login state.

use im_client::Error;
use im_client::Failure;
use im_client::bulk::{Batch, BulkOperation};
use im_proto::account::kick::Request;
use im_proto::{Endpoint, Metadata, UserId};

use crate::Client;

use super::{AccountItem, ProfileUse, Success};

impl Client {
    /// Invalidates one account's login state (`kick`): every UserSig issued earlier for it stops
    /// working.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with 70107 when the account does not exist; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn kick(&self, id: &UserId) -> Result<(), Error> {
        self.call(&Request::new(id.clone())).await.map(drop)
    }
}

/// The bulk kick: `kick`, one account per call (the service's refusal of an account is its
/// failure); each success is [`Success::Kicked`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kick;

impl BulkOperation for Kick {
    account_operation!(ProfileUse::Ignore);

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    async fn send(&self, batch: &Batch<'_, AccountItem>) -> Vec<Result<Success, Failure>> {
        let mut results = Vec::with_capacity(batch.items().len());
        for item in batch.items() {
            let request = Request::new(item.id.clone());
            results.push(batch.call_one(&request).await.map(|_| Success::Kicked));
        }
        results
    }
}
