//! A job's summary: the numbers of its report (and of the earlier runs a checkpoint resumed)
//! as one JSON line last on stdout, or a few human lines on stderr.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use im_client::bulk::Report;
use serde::Serialize;

use super::operation::Relabel;
use crate::global::Global;
use crate::term::{EXIT_OK, WriteStop, json_line, push_line, write_stderr, write_stdout};

/// The JSON summary line.
#[derive(Serialize)]
struct SummaryJson<'a> {
    summary: bool,
    op: &'a str,
    total: u64,
    succeeded: u64,
    failed: u64,
    skipped: u64,
    /// Repeats of an earlier item, skipped (not in `succeeded`, not a failure).
    duplicates: u64,
    /// Never sent because the job stopped (not in `failed`): a rerun sends them.
    not_attempted: u64,
    by_status: &'a BTreeMap<String, u64>,
    failures_by_reason: &'a BTreeMap<String, u64>,
    requests: u64,
    retries: u64,
    throttled: u64,
    elapsed_ms: u64,
    rate: f64,
    /// What earlier runs of a resumed job reported (skipped by this one).
    #[serde(skip_serializing_if = "Option::is_none")]
    earlier: Option<Earlier>,
}

/// The outcomes earlier runs of a resumed job reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Earlier {
    /// Succeeded then.
    pub(crate) succeeded: u64,
    /// Failed then (not retried: the checkpoint records them as done).
    pub(crate) failed: u64,
}

/// The numbers a summary shows, labels rendered.
#[derive(Clone)]
pub(crate) struct Totals {
    /// Items read, skipped ones included.
    pub(crate) total: u64,
    /// Succeeded.
    pub(crate) succeeded: u64,
    /// Failed.
    pub(crate) failed: u64,
    /// Skipped (done by an earlier run).
    pub(crate) skipped: u64,
    /// Skipped as repeats of an earlier item (not in `succeeded`).
    pub(crate) duplicates: u64,
    /// Never sent: the job stopped first (neither succeeded nor failed).
    pub(crate) not_attempted: u64,
    /// Successes by label.
    pub(crate) by_status: BTreeMap<String, u64>,
    /// Failures by label.
    pub(crate) failures_by_reason: BTreeMap<String, u64>,
    /// HTTP requests.
    pub(crate) requests: u64,
    /// Retries.
    pub(crate) retries: u64,
    /// Throttled answers.
    pub(crate) throttled: u64,
    /// Wall time.
    pub(crate) elapsed: Duration,
    /// What earlier runs reported, when this run resumed a checkpoint.
    pub(crate) earlier: Option<Earlier>,
}

/// The label duplicates are counted under, beside the operation's own kinds.
pub(crate) const DUPLICATE: &str = "duplicate";

impl<K: Ord + std::fmt::Display> From<&Report<K>> for Totals {
    fn from(r: &Report<K>) -> Self {
        let mut by_status = r.by_kind.to_labels();
        if r.duplicates > 0 {
            *by_status.entry(DUPLICATE.to_owned()).or_default() += r.duplicates;
        }
        Totals {
            total: r.total,
            succeeded: r.succeeded,
            failed: r.failed,
            skipped: r.skipped,
            duplicates: r.duplicates,
            not_attempted: r.not_attempted,
            by_status,
            failures_by_reason: r.failures_by_reason.to_labels(),
            requests: r.requests,
            retries: r.retries,
            throttled: r.throttled,
            elapsed: r.elapsed,
            earlier: None,
        }
    }
}

fn counts(map: &BTreeMap<String, u64>) -> String {
    let mut items: Vec<(&String, &u64)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    items
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Totals {
    /// The same numbers with each status relabelled (a dry run's statuses are what the
    /// operation not done would have done).
    pub(crate) fn relabeled(&self, relabel: Relabel) -> Totals {
        let mut by_status = BTreeMap::new();
        for (status, n) in &self.by_status {
            *by_status.entry(relabel(status).to_owned()).or_default() += n;
        }
        Totals {
            by_status,
            ..self.clone()
        }
    }

    /// Items done per second.
    fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            (self.succeeded + self.failed) as f64 / secs
        } else {
            0.0
        }
    }
}

/// How a summary is written.
pub(crate) struct Style<'a> {
    /// The job's name (`import`, `delete (dry run)`).
    pub(crate) op: &'a str,
    /// What the items are called (`accounts`).
    pub(crate) noun: &'a str,
    /// One JSON line instead of human lines.
    pub(crate) json: bool,
    /// Only the first human line.
    pub(crate) quiet: bool,
    /// Failures whose human line was left out as a repeat of the first one's.
    pub(crate) repeated: u64,
}

/// Appends the summary of `totals` to `out`: one JSON line, or a few human lines (one with
/// `--quiet`).
pub(crate) fn render(style: &Style<'_>, totals: &Totals, out: &mut String) {
    if style.json {
        out.push_str(&json_line(&SummaryJson {
            summary: true,
            op: style.op,
            total: totals.total,
            succeeded: totals.succeeded,
            failed: totals.failed,
            skipped: totals.skipped,
            duplicates: totals.duplicates,
            not_attempted: totals.not_attempted,
            by_status: &totals.by_status,
            failures_by_reason: &totals.failures_by_reason,
            requests: totals.requests,
            retries: totals.retries,
            throttled: totals.throttled,
            elapsed_ms: u64::try_from(totals.elapsed.as_millis()).unwrap_or(u64::MAX),
            rate: (totals.rate() * 10.0).round() / 10.0,
            earlier: totals.earlier,
        }));
    } else {
        human(style, totals, out);
    }
}

/// The human summary: the counts on one line, then (unless quiet) the statuses, the reasons of
/// failures, what a checkpoint skipped and the retries.
fn human(style: &Style<'_>, totals: &Totals, out: &mut String) {
    if style.repeated > 0 {
        let _ = writeln!(
            out,
            "... and {} more {} failed with the same error",
            style.repeated, style.noun
        );
    }
    let duplicates = match totals.duplicates {
        0 => String::new(),
        n => format!(", {n} duplicate{} skipped", if n == 1 { "" } else { "s" }),
    };
    let not_attempted = match totals.not_attempted {
        0 => String::new(),
        n => format!(", {n} not attempted"),
    };
    let _ = writeln!(
        out,
        "{}: {} succeeded, {} failed{not_attempted}{duplicates} of {} in {:.2} s ({:.0} {}/s)",
        style.op,
        totals.succeeded,
        totals.failed,
        totals.total,
        totals.elapsed.as_secs_f64(),
        totals.rate(),
        style.noun
    );
    if style.quiet {
        return;
    }
    if !totals.by_status.is_empty() {
        push_line(out, &format!("  by status: {}", counts(&totals.by_status)));
    }
    if !totals.failures_by_reason.is_empty() {
        let reasons = counts(&totals.failures_by_reason);
        push_line(out, &format!("  failed by reason: {reasons}"));
    }
    skipped(totals, out);
    if totals.retries > 0 || totals.throttled > 0 {
        let _ = writeln!(
            out,
            "  requests: {} ({} retries, {} throttled)",
            totals.requests, totals.retries, totals.throttled
        );
    }
}

/// The line of what a checkpoint skipped, if anything.
fn skipped(totals: &Totals, out: &mut String) {
    match totals.earlier {
        Some(earlier) => {
            let retry = if earlier.failed > 0 {
                "; --retry-failed sends the failed ones again"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  skipped {} done by earlier runs (checkpoint): {} succeeded, {} failed{retry}",
                totals.skipped, earlier.succeeded, earlier.failed
            );
        }
        None if totals.skipped > 0 => {
            let _ = writeln!(out, "  skipped {} (checkpoint)", totals.skipped);
        }
        None => {}
    }
}

/// Writes a job's summary: with `--json`, its JSON line last on stdout (data); otherwise its
/// human lines on stderr (talk), which `--quiet` keeps for a run that did not succeed.
pub(crate) fn summary_out(global: &Global, text: &str, exit_code: u8) -> Result<(), WriteStop> {
    if global.json {
        write_stdout(text)
    } else {
        if !global.quiet || exit_code != EXIT_OK {
            write_stderr(text);
        }
        Ok(())
    }
}
