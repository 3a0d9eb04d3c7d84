//! What reading the input leaves for the report: the line of each position, a read error
//! that stopped it, and the unconventional UserIDs seen.

use std::error::Error;
use std::sync::Arc;

use im_proto::UserId;
use parking_lot::Mutex;

use crate::term::BoxError;

/// UserIDs quoted in the unconventional-UserID warning, at most.
const SAMPLES: usize = 3;

/// Maps input positions to file line numbers.
///
/// Keeps one entry per run of skipped (blank or comment) lines, not one per line.
pub(crate) struct LineIndex {
    /// The number of items given as arguments (positions before the file's).
    arguments: u64,
    /// `(file item number, lines skipped before it)` wherever the skip count changes.
    breaks: Mutex<Vec<(u64, u64)>>,
}

impl LineIndex {
    pub(super) fn new(arguments: u64) -> Self {
        LineIndex {
            arguments,
            breaks: Mutex::new(Vec::new()),
        }
    }

    /// Records that file item `item` (0-based) is on line `line` (1-based).
    pub(super) fn record(&self, item: u64, line: u64) {
        // Items come in line order, at most one per line: the subtraction cannot go below zero
        // (saturating all the same: a wrong line number is better than a panic).
        let skipped = line.saturating_sub(1).saturating_sub(item);
        let mut breaks = self.breaks.lock();
        if breaks.last().map_or(0, |&(_, s)| s) != skipped {
            breaks.push((item, skipped));
        }
    }

    /// The file line of input position `position`; `None` for an argument.
    pub(crate) fn line(&self, position: u64) -> Option<u64> {
        let item = position.checked_sub(self.arguments)?;
        let breaks = self.breaks.lock();
        let at = breaks.partition_point(|&(i, _)| i <= item);
        let skipped = if at == 0 { 0 } else { breaks[at - 1].1 };
        Some(item + 1 + skipped)
    }
}

/// The reason of a rejected line starts with this.
pub(crate) fn line_label(line: u64) -> String {
    format!("line {line}")
}

/// What reading found beside the accounts: shared by the reader thread and the job.
#[derive(Clone, Default)]
pub(crate) struct InputReport(Arc<Mutex<Found>>);

#[derive(Default)]
struct Found {
    error: Option<Arc<dyn Error + Send + Sync>>,
    unconventional: u64,
    samples: Vec<String>,
}

impl InputReport {
    /// Records the error that stopped reading (the first one).
    pub(super) fn stop(&self, error: impl Into<BoxError>) {
        let error: BoxError = error.into();
        self.0.lock().error.get_or_insert(Arc::from(error));
    }

    /// The error, if reading stopped early.
    pub(crate) fn error(&self) -> Option<Arc<dyn Error + Send + Sync>> {
        self.0.lock().error.clone()
    }

    /// Records `user_id`, at `place` (`line 7`, `argument 2`), if it is valid but outside
    /// `[A-Za-z0-9_-]`; returns whether it was.
    pub(super) fn screen(&self, user_id: &str, place: impl FnOnce() -> String) -> bool {
        let unconventional = UserId::new(user_id).is_ok_and(|id| !id.is_conventional());
        if unconventional {
            let mut found = self.0.lock();
            found.unconventional += 1;
            if found.samples.len() < SAMPLES {
                found.samples.push(format!("{user_id:?} ({})", place()));
            }
        }
        unconventional
    }

    /// The warning about unconventional UserIDs, if any were read.
    pub(crate) fn warning(&self) -> Option<String> {
        let found = self.0.lock();
        let n = found.unconventional;
        (n > 0).then(|| {
            let more = if n > found.samples.len() as u64 { ", ..." } else { "" };
            format!(
                "warning: {n} UserID{} outside A-Z, a-z, 0-9, _ and - (the service accepts them; other tools may not): {}{more}; --strict refuses them",
                if n == 1 { " is" } else { "s are" },
                found.samples.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_to_lines() {
        let index = LineIndex::new(2);
        // Lines: 1 a, 2 blank, 3 #, 4 b, 5 c, 6 blank, 7 d
        index.record(0, 1);
        index.record(1, 4);
        index.record(2, 5);
        index.record(3, 7);
        assert_eq!(index.line(0), None);
        assert_eq!(index.line(1), None);
        assert_eq!(index.line(2), Some(1));
        assert_eq!(index.line(3), Some(4));
        assert_eq!(index.line(4), Some(5));
        assert_eq!(index.line(5), Some(7));
        assert_eq!(index.breaks.lock().len(), 2);
    }

    #[test]
    fn unconventional_user_ids_are_counted_with_samples() {
        let report = InputReport::default();
        assert_eq!(report.warning(), None);
        assert!(!report.screen("user_01-A", || unreachable!()));
        assert!(
            !report.screen(&"x".repeat(40), || unreachable!()),
            "invalid: the job's to report"
        );
        for (i, id) in ["a b", "c,d", "é", "f.g"].iter().enumerate() {
            assert!(report.screen(id, || format!("line {i}")));
        }
        let warning = report.warning().unwrap();
        assert!(
            warning.starts_with("warning: 4 UserIDs are outside"),
            "{warning}"
        );
        assert!(
            warning.contains("\"a b\" (line 0), \"c,d\" (line 1), \"é\" (line 2), ..."),
            "{warning}"
        );
    }
}
