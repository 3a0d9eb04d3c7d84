//! A run's accounting: the [`Report`] it ends with and the [`Progress`] it publishes on the
//! way, kept by one [`Tally`].

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Index;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::operation::CallCounts;
use super::outcome::{ItemOutcome, NotAttempted, Outcome};
use crate::{Failure, FailureKind};

/// Counts by a typed key (what succeeded how, or failed why), ordered by key.
///
/// Also indexable by the key's label (`report.by_kind["imported"]`), which panics when no
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
}

impl<K: Ord> Counts<K> {
    /// Adds `n` to the count of `key`.
    pub fn add(&mut self, key: K, n: u64) {
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
    /// What names the item ([`ItemOutcome::label`]).
    pub label: String,
    /// Why it failed.
    pub failure: Failure,
}

/// The final account of a run: every input item is in exactly one of `skipped`, `succeeded`,
/// `failed`, `not_attempted` and `duplicates`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Report<K: Ord> {
    /// The operation's name ([`BulkOperation::name`](super::BulkOperation::name)).
    pub operation: &'static str,
    /// Input items read, skipped ones included.
    pub total: u64,
    /// Items skipped by resume.
    pub skipped: u64,
    /// Items that succeeded.
    pub succeeded: u64,
    /// Items that failed.
    pub failed: u64,
    /// Items never sent because the job stopped ([`NotAttempted::Stopped`]): neither
    /// succeeded nor failed; a rerun sends them.
    pub not_attempted: u64,
    /// Items not sent as repeats of an earlier item ([`NotAttempted::Duplicate`]).
    pub duplicates: u64,
    /// Successes by kind.
    pub by_kind: Counts<K>,
    /// Failures by kind.
    pub failures_by_reason: Counts<FailureKind>,
    /// The first failures.
    pub failure_samples: Vec<FailureSample>,
    /// Requests sent (every attempt of every call).
    pub requests: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Throttled answers.
    pub throttled: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl<K: Ord> Report<K> {
    /// An empty report of the operation named `operation`.
    pub fn new(operation: &'static str) -> Self {
        Report {
            operation,
            total: 0,
            skipped: 0,
            succeeded: 0,
            failed: 0,
            not_attempted: 0,
            duplicates: 0,
            by_kind: Counts::default(),
            failures_by_reason: Counts::default(),
            failure_samples: Vec::new(),
            requests: 0,
            retries: 0,
            throttled: 0,
            elapsed: Duration::ZERO,
        }
    }

    /// Items that succeeded or failed per second (skipped ones excluded).
    pub fn rate(&self) -> f64 {
        per_second(self.succeeded + self.failed, self.elapsed)
    }
}

fn per_second(n: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { n as f64 / secs } else { 0.0 }
}

/// A progress snapshot.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// Items with an outcome so far.
    pub done: u64,
    /// Of which succeeded.
    pub succeeded: u64,
    /// Of which failed.
    pub failed: u64,
    /// Of which were never sent because the job stopped.
    pub not_attempted: u64,
    /// Of which were repeats of an earlier item.
    pub duplicates: u64,
    /// Items skipped by resume.
    pub skipped: u64,
    /// The input size, when given with [`BulkOptions::total_hint`](super::BulkOptions::total_hint).
    pub total: Option<u64>,
    /// Time since the run started.
    pub elapsed: Duration,
    /// Items per second so far.
    pub rate: f64,
    /// Estimated time left, when the total is known.
    pub eta: Option<Duration>,
}

/// Keeps the report of a running job and publishes its progress.
pub(super) struct Tally<K: Ord> {
    report: Report<K>,
    samples: usize,
    started: Instant,
    total_hint: Option<u64>,
    progress: watch::Sender<Progress>,
}

impl<K: Ord + Clone> Tally<K> {
    pub(super) fn new(
        operation: &'static str,
        samples: usize,
        total_hint: Option<u64>,
        progress: watch::Sender<Progress>,
    ) -> Self {
        Tally {
            report: Report::new(operation),
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
    pub(super) fn requests(&mut self, calls: &CallCounts) {
        self.report.requests += calls.requests;
        self.report.retries += calls.retries;
        self.report.throttled += calls.throttled;
    }

    /// A batch of outcomes, successes counted by `kind`. They are counted by runs of one kind
    /// (a chunk's are mostly alike): one map update per run, not per outcome.
    pub(super) fn outcomes<O>(&mut self, outcomes: &[ItemOutcome<O>], kind: impl Fn(&O) -> K) {
        let mut run: Option<(K, u64)> = None;
        for outcome in outcomes {
            let Outcome::Ok(output) = &outcome.outcome else {
                self.outcome(outcome);
                continue;
            };
            self.report.succeeded += 1;
            let kind = kind(output);
            match &mut run {
                Some((current, n)) if *current == kind => *n += 1,
                _ => {
                    if let Some((done, n)) = run.replace((kind, 1)) {
                        self.report.by_kind.add(done, n);
                    }
                }
            }
        }
        if let Some((done, n)) = run {
            self.report.by_kind.add(done, n);
        }
    }

    /// One outcome other than a success.
    fn outcome<O>(&mut self, outcome: &ItemOutcome<O>) {
        match &outcome.outcome {
            Outcome::Ok(_) => {}
            Outcome::NotAttempted(NotAttempted::Duplicate { .. }) => self.report.duplicates += 1,
            Outcome::NotAttempted(_) => self.report.not_attempted += 1,
            Outcome::Failed(failure) => {
                self.report.failed += 1;
                self.report.failures_by_reason.add(failure.kind(), 1);
                if self.report.failure_samples.len() < self.samples {
                    self.report.failure_samples.push(FailureSample {
                        position: outcome.position,
                        label: outcome.label.clone(),
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
        let done = report.succeeded + report.failed + report.not_attempted + report.duplicates;
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
            duplicates: report.duplicates,
            skipped: report.skipped,
            total: self.total_hint,
            elapsed,
            rate,
            eta,
        });
    }

    /// The final report.
    pub(super) fn finish(mut self) -> Report<K> {
        self.report.elapsed = self.started.elapsed();
        self.publish();
        self.report
    }
}

#[cfg(test)]
mod tests {
    use im_proto::ErrorCode;

    use super::*;

    fn outcome(position: u64, outcome: Outcome<&'static str>) -> ItemOutcome<&'static str> {
        ItemOutcome::new(position, format!("u{position}"), outcome)
    }

    #[test]
    fn outcomes_are_counted_by_kind_with_samples() {
        let (tx, rx) = watch::channel(Progress::default());
        let mut tally = Tally::new("check", 1, Some(10), tx);
        for _ in 0..4 {
            tally.read();
        }
        tally.skipped();
        let code = Failure::Service {
            code: ErrorCode::ACCOUNT_NOT_FOUND,
            info: String::new(),
        };
        let duplicate = NotAttempted::Duplicate { first: Some(1) };
        tally.outcomes(
            &[
                outcome(1, Outcome::Ok("Imported")),
                outcome(2, Outcome::NotAttempted(duplicate)),
                outcome(3, Outcome::Failed(code)),
            ],
            |kind| *kind,
        );
        tally.outcomes(&[outcome(4, Outcome::Ok("Imported"))], |kind| *kind);
        tally.publish();
        assert_eq!(rx.borrow().done, 4);
        assert_eq!(rx.borrow().skipped, 1);
        let report = tally.finish();
        assert_eq!((report.total, report.succeeded, report.failed), (4, 2, 1));
        assert_eq!(report.duplicates, 1);
        assert_eq!(report.by_kind["Imported"], 2);
        assert_eq!(report.failures_by_reason.by_label("70107"), 1);
        assert_eq!(report.failures_by_reason.by_label("70402"), 0);
        assert_eq!(report.failure_samples.len(), 1);
        assert_eq!(report.failure_samples[0].position, 3);
        let labels = report.failures_by_reason.to_labels();
        assert_eq!(labels.keys().collect::<Vec<_>>(), ["70107"]);
    }

    #[test]
    fn successes_are_counted_by_runs_of_one_kind_whatever_their_order() {
        let (tx, _rx) = watch::channel(Progress::default());
        let mut tally = Tally::new("check", 0, None, tx);
        let kinds = ["a", "a", "b", "a", "b", "b", "c"];
        let outcomes: Vec<_> = (0..)
            .zip(kinds)
            .map(|(p, k)| outcome(p, Outcome::Ok(k)))
            .collect();
        tally.outcomes(&outcomes, |kind| *kind);
        let report = tally.finish();
        assert_eq!(report.succeeded, 7);
        let counts: Vec<(&str, u64)> = report.by_kind.iter().map(|(k, n)| (*k, n)).collect();
        assert_eq!(counts, [("a", 3), ("b", 3), ("c", 1)]);
    }
}
