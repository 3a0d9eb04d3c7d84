//! The chunks in flight: at most `limit` tasks, each remembered by the input positions it
//! carries so that a task that dies still accounts for each of them. (A panic in an API's
//! chunk code is caught inside the task, with the UserIDs at hand; this is the last resort.)

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use im_client::{Error, Failure};
use tokio::task::{Id, JoinSet};

use super::{BulkOutcome, ChunkDone};
use crate::ops::{ChunkTally, Pending};

pub(super) struct InFlight {
    tasks: JoinSet<ChunkDone>,
    members: HashMap<Id, Vec<u64>>,
    limit: usize,
}

impl InFlight {
    pub(super) fn new(limit: usize) -> Self {
        InFlight {
            tasks: JoinSet::new(),
            members: HashMap::new(),
            limit: limit.max(1),
        }
    }

    /// Whether another chunk may start.
    pub(super) fn has_room(&self) -> bool {
        self.tasks.len() < self.limit
    }

    /// Whether no chunk is in flight.
    pub(super) fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Starts the task `start` makes of `batch`, remembering the batch's accounts.
    pub(super) fn spawn<F>(&mut self, batch: Vec<Pending>, start: impl FnOnce(Vec<Pending>) -> F)
    where
        F: Future<Output = ChunkDone> + Send + 'static,
    {
        let members = batch.iter().map(|p| p.position).collect();
        let handle = self.tasks.spawn(start(batch));
        self.members.insert(handle.id(), members);
    }

    /// The next chunk to finish; a task that panicked (it never should) fails each of its
    /// accounts instead of losing them. `None` when nothing is in flight.
    pub(super) async fn join_next(&mut self) -> Option<ChunkDone> {
        match self.tasks.join_next_with_id().await? {
            Ok((id, done)) => {
                self.members.remove(&id);
                Some(done)
            }
            Err(err) => {
                let members = self.members.remove(&err.id()).unwrap_or_default();
                let error = Arc::new(Error::config(format!(
                    "internal error in a bulk chunk: {err}"
                )));
                let outcomes = members
                    .into_iter()
                    .map(|position| BulkOutcome {
                        position,
                        user_id: String::new(),
                        result: Err(Failure::Request(error.clone())),
                    })
                    .collect();
                Some(ChunkDone {
                    outcomes,
                    tally: ChunkTally::default(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use im_proto::UserId;

    use super::*;

    fn batch(positions: &[u64]) -> Vec<Pending> {
        positions
            .iter()
            .map(|&position| Pending {
                position,
                id: UserId::new(format!("u{position}")).unwrap(),
                nick: None,
                face_url: None,
                profile: None,
            })
            .collect()
    }

    #[tokio::test]
    async fn a_task_that_panics_still_reports_each_account() {
        let mut inflight = InFlight::new(2);
        assert!(inflight.has_room() && inflight.is_empty());
        inflight.spawn(batch(&[0]), |_| async {
            ChunkDone {
                outcomes: Vec::new(),
                tally: ChunkTally::default(),
            }
        });
        inflight.spawn(batch(&[1, 2]), |_| async { panic!("a bug") });
        assert!(!inflight.has_room());
        let mut failed = Vec::new();
        while let Some(done) = inflight.join_next().await {
            failed.extend(done.outcomes);
        }
        let mut positions: Vec<u64> = failed.iter().map(|o| o.position).collect();
        positions.sort_unstable();
        assert_eq!(positions, [1, 2]);
        assert!(failed.iter().all(|o| o.result.is_err()));
        assert!(inflight.join_next().await.is_none());
    }
}
