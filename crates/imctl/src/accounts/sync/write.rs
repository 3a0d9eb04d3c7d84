//! Writing: a saved plan applied (its phases are `apply`'s), resuming what a checkpoint's
//! journal says is done, then the summary of the writes and what to do after a stop.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::apply::{Apply, Stopped, SyncPrinter};
use crate::accounts::args::SyncArgs;
use crate::bulk::{Journal, bulk_options, stop_sending_on, summary_out};
use crate::global::Global;
use crate::signals::Interrupt;
use crate::term::{CliError, EXIT_FAILED, error_line, json_line, note, push_line};

/// The plan to apply: its file, its header (the journal's identity), its number of entries.
pub(super) struct Plan<'a> {
    /// The plan file.
    pub(super) path: &'a std::path::Path,
    /// Its first line, which names the inputs.
    pub(super) header: &'a str,
    /// Its entries.
    pub(super) total: u64,
}

/// What earlier runs of a resumed sync did, skipped by this one.
#[derive(Clone, Copy, Default)]
struct Earlier {
    done: u64,
    failed: u64,
}

impl Earlier {
    /// What `journal` says earlier runs did (with `--retry-failed`, the failed ones are this
    /// run's again), said on stderr unless `quiet`.
    fn of(journal: Option<&Journal>, retry_failed: bool, quiet: bool) -> Earlier {
        let mut done = journal.map_or(0, Journal::done_at_start);
        let mut failed = journal.map_or(0, Journal::failed_at_start);
        if retry_failed {
            // Applied again by this run.
            done -= failed;
            failed = 0;
        }
        if done > 0 && !quiet {
            note(&format!(
                "resuming from checkpoint: skipping {done} accounts already done ({failed} of them failed{})",
                if failed > 0 {
                    "; --retry-failed applies those again"
                } else {
                    ""
                }
            ));
        }
        Earlier { done, failed }
    }
}

/// Applies the plan, printing one outcome per entry and a summary.
pub(super) async fn apply(
    global: &Global,
    args: &SyncArgs,
    client: &im_accounts::Client,
    plan: &Plan<'_>,
    interrupt: &Interrupt,
) -> Result<u8, CliError> {
    // A first Ctrl-C or SIGTERM stops the sending: writes in flight finish and are journaled,
    // the rest are reported not sent, the summary prints; the exit code is the signal's.
    stop_sending_on(interrupt, client);
    let journal = match &args.checkpoint {
        Some(path) => Some(Journal::open(path, "sync", plan.header)?),
        None => None,
    };
    let earlier = Earlier::of(journal.as_ref(), args.retry_failed, global.quiet);
    let started = Instant::now();
    let mut printer = SyncPrinter::new(global.json);
    let options = bulk_options(args.concurrency, args.max_attempts);
    let mut run = Apply::new(client, plan.path, journal.as_ref(), &mut printer, options);
    run.interrupt = Some(interrupt.clone());
    if args.retry_failed
        && let Some(journal) = &journal
    {
        run.done = journal.succeeded_set();
    }
    let result = run.run().await;
    let requests = run.requests;
    drop(run);
    let mut earned = printer.exit_code();
    if earlier.failed > 0 {
        earned = earned.max(EXIT_FAILED);
    }
    match result {
        Ok(()) => {}
        Err(Stopped::Output(stop)) => return Ok(stop.exit_code(earned)),
        Err(Stopped::Failed(err)) => return Err(err),
    }
    let totals = Totals {
        printer: &printer,
        total: plan.total,
        skipped: earlier.done,
        requests,
        elapsed: started.elapsed(),
    };
    Ok(finish(global, args, &totals, earned, interrupt))
}

/// The summary, why the writes stopped and how to resume; the exit code.
fn finish(
    global: &Global,
    args: &SyncArgs,
    totals: &Totals<'_>,
    earned: u8,
    interrupt: &Interrupt,
) -> u8 {
    let text = if global.json {
        json_line(&totals.json())
    } else {
        totals.human(global.quiet)
    };
    let shown_code = interrupt.code().unwrap_or(earned);
    if let Err(stop) = summary_out(global, &text, shown_code) {
        return stop.exit_code(earned);
    }
    let printer = totals.printer;
    if let Some(reason) = &printer.stop_reason {
        error_line(&format!(
            "{} writes were not sent: the sync stopped after: {reason}; rerun to apply them",
            printer.not_attempted
        ));
    }
    let Some(code) = interrupt.code() else {
        return earned;
    };
    let resume = match &args.checkpoint {
        Some(path) => format!(
            "rerun with the same --checkpoint {} to resume",
            path.display()
        ),
        None => "rerun to plan and apply again".to_owned(),
    };
    note(&format!(
        "stopped: the writes not sent were not applied; {resume}"
    ));
    code
}

/// The numbers of an applied sync.
struct Totals<'a> {
    printer: &'a SyncPrinter,
    total: u64,
    skipped: u64,
    requests: (u64, u64, u64),
    elapsed: Duration,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    summary: bool,
    op: &'static str,
    total: u64,
    succeeded: u64,
    failed: u64,
    /// Writes never sent because the run stopped (not in `failed`): a rerun applies them.
    not_attempted: u64,
    skipped: u64,
    by_status: &'a std::collections::BTreeMap<&'static str, u64>,
    failures_by_reason: &'a std::collections::BTreeMap<String, u64>,
    requests: u64,
    retries: u64,
    throttled: u64,
    elapsed_ms: u64,
}

impl Totals<'_> {
    fn succeeded(&self) -> u64 {
        self.printer.by_status.values().sum()
    }

    fn json(&self) -> SummaryJson<'_> {
        SummaryJson {
            summary: true,
            op: "sync",
            total: self.total,
            succeeded: self.succeeded(),
            failed: self.printer.failed,
            not_attempted: self.printer.not_attempted,
            skipped: self.skipped,
            by_status: &self.printer.by_status,
            failures_by_reason: &self.printer.failures_by_reason,
            requests: self.requests.0,
            retries: self.requests.1,
            throttled: self.requests.2,
            elapsed_ms: u64::try_from(self.elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }

    fn human(&self, quiet: bool) -> String {
        let mut out = String::new();
        let by: Vec<String> = self
            .printer
            .by_status
            .iter()
            .map(|(status, n)| format!("{n} {status}"))
            .collect();
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" ({})", by.join(", "))
        };
        let not_attempted = match self.printer.not_attempted {
            0 => String::new(),
            n => format!(", {n} not attempted"),
        };
        push_line(
            &mut out,
            &format!(
                "sync: {} succeeded{by}, {} failed{not_attempted} of {} in {:.2} s",
                self.succeeded(),
                self.printer.failed,
                self.total,
                self.elapsed.as_secs_f64()
            ),
        );
        if quiet {
            return out;
        }
        if !self.printer.failures_by_reason.is_empty() {
            let reasons: Vec<String> = self
                .printer
                .failures_by_reason
                .iter()
                .map(|(r, n)| format!("{r} {n}"))
                .collect();
            push_line(
                &mut out,
                &format!("  failed by reason: {}", reasons.join(", ")),
            );
        }
        if self.skipped > 0 {
            push_line(
                &mut out,
                &format!(
                    "  skipped {} done by earlier runs (checkpoint)",
                    self.skipped
                ),
            );
        }
        let (requests, retries, throttled) = self.requests;
        push_line(
            &mut out,
            &format!("  writes: {requests} requests ({retries} retries, {throttled} throttled)"),
        );
        out
    }
}
