//! Invalidating one account's login state.

use im_client::{Error, Failure, RetryPolicy};
use im_proto::UserId;
use im_proto::account::kick::Request;

use crate::Client;

use super::{ChunkTally, Pending, Success, call_single};

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

/// One chunk of a bulk kick (one account per call; the service's refusal of an account is its
/// failure).
pub(crate) async fn kick_chunk(
    client: &Client,
    batch: &[Pending],
    policy: &RetryPolicy,
    tally: &mut ChunkTally,
) -> Vec<Result<Success, Failure>> {
    let mut results = Vec::with_capacity(batch.len());
    for pending in batch {
        let request = Request::new(pending.id.clone());
        results.push(call_single(client, &request, policy, tally, Success::Kicked).await);
    }
    results
}
