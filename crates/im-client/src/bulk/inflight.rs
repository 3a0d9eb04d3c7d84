//! The chunks in flight: at most `limit` tasks, each remembered by the input positions it
//! carries so that a task that dies still accounts for each of them. (A panic in an
//! operation's send is caught inside the task, with the labels at hand; this is the last
//! resort, reported as an [`Error::Internal`] with the panic's message.)

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use tokio::task::{Id, JoinSet};

use super::operation::CallCounts;
use super::outcome::{ItemOutcome, Outcome};
use crate::error::{Error, Failure};

/// What a chunk task hands back.
pub(super) struct ChunkDone<O> {
    pub(super) outcomes: Vec<ItemOutcome<O>>,
    pub(super) calls: CallCounts,
}

pub(super) struct InFlight<O> {
    tasks: JoinSet<ChunkDone<O>>,
    members: HashMap<Id, Vec<u64>>,
    limit: usize,
}

impl<O: Send + 'static> InFlight<O> {
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

    /// Starts `task`, the chunk of the items at `positions`.
    pub(super) fn spawn<F>(&mut self, positions: Vec<u64>, task: F)
    where
        F: Future<Output = ChunkDone<O>> + Send + 'static,
    {
        let handle = self.tasks.spawn(task);
        self.members.insert(handle.id(), positions);
    }

    /// The next chunk to finish; a task that panicked (it never should) fails each of its
    /// items instead of losing them. `None` when nothing is in flight.
    pub(super) async fn join_next(&mut self) -> Option<ChunkDone<O>> {
        match self.tasks.join_next_with_id().await? {
            Ok((id, done)) => {
                self.members.remove(&id);
                Some(done)
            }
            Err(err) => {
                let members = self.members.remove(&err.id()).unwrap_or_default();
                let error = Arc::new(match err.try_into_panic() {
                    Ok(payload) => Error::from_panic("a bulk chunk's task", &*payload),
                    Err(err) => Error::internal(format!("a bulk chunk's task ended: {err}")),
                });
                let outcomes = members
                    .into_iter()
                    .map(|position| {
                        let failure = Failure::Request(error.clone());
                        ItemOutcome::new(position, String::new(), Outcome::Failed(failure))
                    })
                    .collect();
                Some(ChunkDone {
                    outcomes,
                    calls: CallCounts::default(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_task_that_panics_still_reports_each_item() {
        let mut inflight = InFlight::<()>::new(2);
        assert!(inflight.has_room() && inflight.is_empty());
        inflight.spawn(vec![0], async {
            ChunkDone {
                outcomes: Vec::new(),
                calls: CallCounts::default(),
            }
        });
        inflight.spawn(vec![1, 2], async { panic!("a bug") });
        assert!(!inflight.has_room());
        let mut failed = Vec::new();
        while let Some(done) = inflight.join_next().await {
            failed.extend(done.outcomes);
        }
        let mut positions: Vec<u64> = failed.iter().map(|o| o.position).collect();
        positions.sort_unstable();
        assert_eq!(positions, [1, 2]);
        for outcome in &failed {
            let failure = outcome.outcome.failure().expect("failed");
            let Failure::Request(err) = failure else {
                panic!("{failure:?}")
            };
            assert!(matches!(**err, Error::Internal { .. }), "{err:?}");
            assert_eq!(failure.label(), "internal");
            assert_eq!(
                err.to_string(),
                "internal error: a bulk chunk's task panicked: a bug; please report it"
            );
        }
        assert!(inflight.join_next().await.is_none());
    }
}
