//! A run's accounting: the [`Report`] it ends with and the [`Progress`] it publishes on the
//! way, kept by one [`Tally`].

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Index;
use std::time::Duration;

use im_client::{Failure, FailureKind};
use tokio::sync::watch;
use tokio::time::Instant;

use super::{BulkOp, BulkOutcome, Progress};
use crate::ops::{ChunkTally, SuccessKind};

/// Counts by a typed key (what succeeded how, or failed why), ordered by key.
///
/// Also indexable by the key's label (`report.by_status["imported"]`), which panics when no
/// key has that label, as a map's index does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts<K: Ord>(BTreeMap<K, u64>);

impl<K: Ord> Default for Counts<K> {
    fn default() -> Self {
        Counts(BTreeMap::new())
    }
}

impl<K: Ord + fmt::Display> Counts<K> {
    /// The count of `key` (0 when absent).
    pub fn get(&self, key: &K) -> u64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// The count of the key labelled `label` (0 when absent).
    pub fn by_label(&self, label: &str) -> u64 {
        self.iter()
            .find(|(key, _)| key.to_string() == label)
            .map_or(0, |(_, n)| n)
    }

    /// Every key with its count, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, u64)> + '_ {
        self.0.iter().map(|(k, n)| (k, *n))
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The counts keyed by label, as reports print them.
    pub fn to_labels(&self) -> BTreeMap<String, u64> {
        self.iter().map(|(k, n)| (k.to_string(), n)).collect()
    }

    fn add(&mut self, key: K, n: u64) {
        *self.0.entry(key).or_default() += n;
    }
}

impl<K: Ord + fmt::Display> Index<&str> for Counts<K> {
    type Output = u64;

    fn index(&self, label: &str) -> &u64 {
        self.0
            .iter()
            .find(|(key, _)| key.to_string() == label)
            .map(|(_, n)| n)
            .unwrap_or_else(|| panic!("no count labelled {label:?}"))
    }
}

/// One failure kept as an example in the report.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FailureSample {
    /// The item's 0-based input position.
    pub position: u64,
    /// The UserID as given (for a rejected item, its label).
    pub user_id: String,
    /// Why it failed.
    pub failure: Failure,
}

/// The final account of a run.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Report {
    /// The operation.
    pub op: BulkOp,
    /// Input items read, skipped ones included.
    pub total: u64,
    /// Items skipped by resume.
    pub skipped: u64,
    /// Items that succeeded.
    pub succeeded: u64,
    /// Items that failed.
    pub failed: u64,
    /// Items never sent because the job stopped ([`Failure::NotAttempted`]): neither
    /// succeeded nor failed; a rerun sends them.
    pub not_attempted: u64,
    /// Successes by kind.
    pub by_status: Counts<SuccessKind>,
    /// Failures by kind.
    pub failures_by_reason: Counts<FailureKind>,
    /// The first failures.
    pub failure_samples: Vec<FailureSample>,
    /// Requests sent (chunk attempts and single retries of `FailAccounts`).
    pub requests: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Throttled answers.
    pub throttled: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    /// An empty report of `op`.
    pub fn new(op: BulkOp) -> Self {
        Report {
            op,
            total: 0,
            skipped: 0,
            succeeded: 0,
            failed: 0,
            not_attempted: 0,
            by_status: Counts::default(),
            failures_by_reason: Counts::default(),
            failure_samples: Vec::new(),
            requests: 0,
            retries: 0,
            throttled: 0,
            elapsed: Duration::ZERO,
        }
    }

    /// Items with an outcome per second (skipped ones excluded).
    pub fn rate(&self) -> f64 {
        per_second(self.succeeded + self.failed, self.elapsed)
    }
}

fn per_second(n: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { n as f64 / secs } else { 0.0 }
}

/// Keeps the report of a running job and publishes its progress.
pub(super) struct Tally {
    report: Report,
    samples: usize,
    started: Instant,
    total_hint: Option<u64>,
    progress: watch::Sender<Progress>,
}

impl Tally {
    pub(super) fn new(
        op: BulkOp,
        samples: usize,
        total_hint: Option<u64>,
        progress: watch::Sender<Progress>,
    ) -> Self {
        Tally {
            report: Report::new(op),
            samples,
            started: Instant::now(),
            total_hint,
            progress,
        }
    }

    /// One input item read.
    pub(super) fn read(&mut self) {
        self.report.total += 1;
    }

    /// One input item skipped.
    pub(super) fn skipped(&mut self) {
        self.report.skipped += 1;
    }

    /// What a chunk's calls went through.
    pub(super) fn requests(&mut self, tally: &ChunkTally) {
        self.report.requests += tally.requests;
        self.report.retries += tally.retries;
        self.report.throttled += tally.throttled;
    }

    /// A batch of outcomes. Successes are counted by runs of one kind (a chunk's are mostly
    /// alike): one map update per run, not per outcome.
    pub(super) fn outcomes(&mut self, outcomes: &[BulkOutcome]) {
        let mut run: Option<(SuccessKind, u64)> = None;
        for outcome in outcomes {
            let Ok(success) = &outcome.result else {
                self.outcome(outcome);
                continue;
            };
            self.report.succeeded += 1;
            let kind = success.kind();
            match &mut run {
                Some((current, n)) if *current == kind => *n += 1,
                _ => {
                    if let Some((done, n)) = run.replace((kind, 1)) {
                        self.report.by_status.add(done, n);
                    }
                }
            }
        }
        if let Some((done, n)) = run {
            self.report.by_status.add(done, n);
        }
    }

    /// One outcome.
    fn outcome(&mut self, outcome: &BulkOutcome) {
        match &outcome.result {
            Ok(success) => {
                self.report.succeeded += 1;
                self.report.by_status.add(success.kind(), 1);
            }
            Err(failure) if failure.is_not_attempted() => self.report.not_attempted += 1,
            Err(failure) => {
                self.report.failed += 1;
                self.report.failures_by_reason.add(failure.kind(), 1);
                if self.report.failure_samples.len() < self.samples {
                    self.report.failure_samples.push(FailureSample {
                        position: outcome.position,
                        user_id: outcome.user_id.clone(),
                        failure: failure.clone(),
                    });
                }
            }
        }
    }

    /// Publishes a progress snapshot.
    pub(super) fn publish(&self) {
        let elapsed = self.started.elapsed();
        let report = &self.report;
        let done = report.succeeded + report.failed + report.not_attempted;
        let rate = per_second(done, elapsed);
        let eta = self.total_hint.and_then(|total| {
            let left = total.saturating_sub(done + report.skipped);
            (rate > 0.0).then(|| Duration::from_secs_f64(left as f64 / rate))
        });
        self.progress.send_replace(Progress {
            done,
            succeeded: report.succeeded,
            failed: report.failed,
            not_attempted: report.not_attempted,
            skipped: report.skipped,
            total: self.total_hint,
            elapsed,
            rate,
            eta,
        });
    }

    /// The final report.
    pub(super) fn finish(mut self) -> Report {
        self.report.elapsed = self.started.elapsed();
        self.publish();
        self.report
    }
}

#[cfg(test)]
mod tests {
    use im_proto::{AccountStatus, ErrorCode};

    use super::*;
    use crate::bulk::Success;

    fn outcome(position: u64, result: Result<Success, Failure>) -> BulkOutcome {
        BulkOutcome {
            position,
            user_id: format!("u{position}"),
            result,
        }
    }

    #[test]
    fn outcomes_are_counted_by_kind_with_samples() {
        let (tx, rx) = watch::channel(Progress::default());
        let mut tally = Tally::new(BulkOp::Check, 1, Some(10), tx);
        for _ in 0..4 {
            tally.read();
        }
        tally.skipped();
        let imported = Success::Checked(AccountStatus::Imported);
        let code = Failure::Service {
            code: ErrorCode::ACCOUNT_NOT_FOUND,
            info: String::new(),
        };
        tally.outcomes(&[
            outcome(1, Ok(imported.clone())),
            outcome(2, Ok(Success::Duplicate { first: Some(1) })),
            outcome(3, Err(code)),
        ]);
        tally.outcomes(&[outcome(4, Ok(imported))]);
        tally.publish();
        assert_eq!(rx.borrow().done, 4);
        assert_eq!(rx.borrow().skipped, 1);
        let report = tally.finish();
        assert_eq!((report.total, report.succeeded, report.failed), (4, 3, 1));
        assert_eq!(report.by_status["Imported"], 2);
        assert_eq!(report.by_status["duplicate"], 1);
        assert_eq!(report.failures_by_reason.by_label("70107"), 1);
        assert_eq!(report.failures_by_reason.by_label("70402"), 0);
        assert_eq!(report.failure_samples.len(), 1);
        assert_eq!(report.failure_samples[0].position, 3);
        let labels = report.failures_by_reason.to_labels();
        assert_eq!(labels.keys().collect::<Vec<_>>(), ["70107"]);
    }
}
