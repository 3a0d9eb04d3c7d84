//! `imctl accounts sync`: plan (reads only), show the plan, check the safety limits, then
//! apply it (writes), like `terraform plan` / `apply`.
//!
//! The plan is a file of one JSON object per account (`plan.rs`): `FILE.plan` with
//! `--checkpoint FILE`, else a temporary file. With a checkpoint, a rerun with the same inputs
//! applies the same plan and skips what the journal (`FILE`) says is done.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::accounts::checkpoint::Journal;
use crate::accounts::input::{Fields, InputReport, Source};
use crate::cli::{Global, InputArgs, SyncArgs};
use crate::config::{ClientSettings, connect};
use crate::text::push_line;
use crate::usersig::json_line;
use crate::{CliError, EXIT_OK, EXIT_USAGE, confirmed, error_line, note, write_stdout};

mod apply;
mod plan;

use apply::{Apply, Stopped, SyncPrinter};
use plan::{Counts, Entry, Kind, PlanWriter, Seen, read_plan};

/// Samples of each kind shown with a plan.
const SAMPLES: usize = 5;

/// Runs `imctl accounts sync`.
pub(crate) async fn run(global: &Global, args: &SyncArgs) -> Result<u8, CliError> {
    let desired = Source::open(&args.input, Fields::Profile, global.key_on_stdin())?;
    let previous = args.previous.as_deref().map(open_previous).transpose()?;
    let header = plan_header(args, &desired, previous.as_ref())?;
    let connection = connect(global, ClientSettings::default()).await?;
    let client = &connection.client;

    let temp;
    let plan_path = match &args.checkpoint {
        Some(checkpoint) => with_suffix(checkpoint, ".plan"),
        None => {
            temp = tempfile::NamedTempFile::new()
                .map_err(|e| CliError::failed(format!("cannot create a plan file: {e}")))?;
            temp.path().to_owned()
        }
    };
    let reuse = args.checkpoint.is_some() && plan_matches(&plan_path, &header)?;
    if reuse {
        if !global.quiet {
            note(&format!("using the plan saved in {}", plan_path.display()));
        }
    } else {
        let report = make_plan(client, args, desired, previous, &plan_path, &header).await?;
        if let Some(message) = report.error() {
            error_line(&format!("{message}; nothing was written"));
            return Ok(EXIT_USAGE);
        }
        if let Some(warning) = report.warning().filter(|_| !global.quiet) {
            note(&warning);
        }
    }
    let summary = PlanSummary::read(&plan_path)?;
    let limit = args.max_delete.limit(summary.counts.previous);
    let over = summary.counts.of(Kind::Delete) > limit;
    if args.dry_run {
        return show_plan(global, &plan_path, &summary, over.then_some(limit));
    }
    if !global.quiet || over {
        let mut text = String::new();
        summary.render(&mut text);
        for line in text.lines() {
            note(line);
        }
    }
    if over && !args.yes {
        error_line(&format!(
            "the plan deletes {} accounts, over --max-delete {} ({limit} of the {} in --previous); nothing was written: check the inputs, or rerun with --yes or a higher --max-delete",
            summary.counts.of(Kind::Delete),
            args.max_delete,
            summary.counts.previous
        ));
        return Ok(EXIT_USAGE);
    }
    let question = format!(
        "apply {} writes ({} create, {} update, {} delete)?",
        summary.counts.writes(),
        summary.counts.of(Kind::Create),
        summary.counts.of(Kind::Update),
        summary.counts.of(Kind::Delete)
    );
    if !args.yes && summary.counts.writes() > 0 && !confirmed(&question)? {
        note("not applied: nothing was written");
        return Ok(crate::EXIT_FAILED);
    }
    apply(global, args, client, &plan_path, &header, &summary).await
}

/// `--previous PATH`, a regular file (it is read for its UserIDs only).
fn open_previous(path: &Path) -> Result<Source, CliError> {
    if path.as_os_str() == "-" {
        return Err(CliError::usage(
            "--previous must be a file (standard input is for the desired state)",
        ));
    }
    let input = InputArgs {
        user_ids: Vec::new(),
        file: Some(path.to_owned()),
        format: None,
        strict: false,
    };
    Source::open(&input, Fields::UserId, false)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The plan file's first line: what it was made from (the inputs' content, `--prune`).
fn plan_header(
    args: &SyncArgs,
    desired: &Source,
    previous: Option<&Source>,
) -> Result<String, CliError> {
    #[derive(Serialize)]
    struct Header {
        imctl_sync_plan: u32,
        desired: String,
        previous: Option<String>,
        prune: bool,
    }
    // Without a checkpoint the plan is never reused, and a stream cannot be identified.
    let (desired, previous) = match &args.checkpoint {
        Some(_) => (
            desired.fingerprint()?,
            previous.map(Source::fingerprint).transpose()?,
        ),
        None => (String::new(), None),
    };
    let header = Header {
        imctl_sync_plan: 1,
        desired,
        previous,
        prune: args.prune,
    };
    Ok(json_line(&header).trim_end().to_owned())
}

/// Whether a complete plan for these inputs is saved at `path`.
///
/// # Errors
///
/// Exit 2 when a plan for other inputs is there.
fn plan_matches(path: &Path, header: &str) -> Result<bool, CliError> {
    if !path.exists() {
        return Ok(false);
    }
    let saved = read_plan(path)
        .map_err(|e| CliError::usage(format!("cannot read the plan {}: {e}", path.display())))?;
    if saved.header == header {
        return Ok(true);
    }
    Err(CliError::usage(format!(
        "the checkpoint's plan {} was made from other inputs (or another --prune); to start over, delete it and its journal",
        path.display()
    )))
}

/// Reads the service's state for every desired account and writes the plan to `path`
/// (through a temporary file renamed at the end: a plan file is always complete).
async fn make_plan(
    client: &im_accounts::Client,
    args: &SyncArgs,
    desired: Source,
    previous: Option<Source>,
    path: &Path,
    header: &str,
) -> Result<InputReport, CliError> {
    let partial = with_suffix(path, ".partial");
    let failed = |e: std::io::Error| {
        CliError::failed(format!("cannot write the plan {}: {e}", partial.display()))
    };
    let file = std::fs::File::create(&partial).map_err(failed)?;
    let mut out = PlanWriter::new(file, header).map_err(failed)?;
    let mut seen = Seen::default();
    let (items, index, report) = desired.into_stream();
    plan::plan_desired(client, items, &index, &mut seen, &mut out)
        .await
        .map_err(failed)?;
    if let Some(previous) = previous {
        let (items, index, previous_report) = previous.into_stream();
        plan::plan_previous(client, items, &index, &seen, args.prune, &mut out)
            .await
            .map_err(failed)?;
        if let Some(message) = previous_report.error() {
            return Err(CliError::usage(format!("--previous: {message}")));
        }
    }
    out.finish().map_err(failed)?;
    std::fs::rename(&partial, path).map_err(failed)?;
    Ok(report)
}

/// A plan's counts and a few entries of each kind.
struct PlanSummary {
    counts: Counts,
    samples: Vec<(Kind, Vec<Entry>)>,
}

impl PlanSummary {
    fn read(path: &Path) -> Result<PlanSummary, CliError> {
        let unreadable = |e: std::io::Error| {
            CliError::failed(format!("cannot read the plan {}: {e}", path.display()))
        };
        let mut entries = read_plan(path).map_err(unreadable)?;
        let mut counts = Counts::default();
        let mut samples: Vec<(Kind, Vec<Entry>)> =
            Kind::ALL.iter().map(|&k| (k, Vec::new())).collect();
        for entry in entries.by_ref() {
            let entry = entry.map_err(unreadable)?;
            counts.add(&entry);
            if let Some((_, list)) = samples.iter_mut().find(|(k, _)| *k == entry.action)
                && list.len() < SAMPLES
            {
                list.push(entry);
            }
        }
        counts.previous = entries.previous;
        Ok(PlanSummary { counts, samples })
    }

    /// The plan in a few human lines.
    fn render(&self, out: &mut String) {
        let parts: Vec<String> = Kind::ALL
            .iter()
            .map(|&k| format!("{} {}", self.counts.of(k), k.as_str()))
            .collect();
        push_line(
            out,
            &format!(
                "plan: {} ({} writes; {} accounts in --previous)",
                parts.join(", "),
                self.counts.writes(),
                self.counts.previous
            ),
        );
        for (kind, entries) in &self.samples {
            if entries.is_empty() {
                continue;
            }
            let shown: Vec<String> = entries.iter().map(sample).collect();
            let more = self.counts.of(*kind) - entries.len() as u64;
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            push_line(
                out,
                &format!("  {}: {}{more}", kind.as_str(), shown.join("; ")),
            );
        }
    }
}

/// One entry in a plan's samples.
fn sample(entry: &Entry) -> String {
    let mut text = entry.user_id.clone();
    match (entry.action, &entry.why) {
        (Kind::Update, _) => text.push_str(&format!(" ({})", entry.field_names())),
        (Kind::Invalid | Kind::Failed, Some(why)) => {
            // A bad line's reason already starts with `line N:`.
            if !why.starts_with(&format!("{text}:")) {
                text = match entry.line {
                    Some(line) => format!("{text} (line {line}): {why}"),
                    None => format!("{text}: {why}"),
                };
            } else {
                text.clone_from(why);
            }
        }
        _ => {}
    }
    text
}

/// `--dry-run`: the plan on stdout (human lines, or every entry and a summary as JSON).
fn show_plan(
    global: &Global,
    path: &Path,
    summary: &PlanSummary,
    over: Option<u64>,
) -> Result<u8, CliError> {
    let mut text = String::new();
    if global.json {
        let entries =
            read_plan(path).map_err(|e| CliError::failed(format!("cannot read the plan: {e}")))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| CliError::failed(format!("cannot read the plan: {e}")))?;
            text.push_str(&json_line(&entry));
            if text.len() > 1 << 16 {
                if let Err(stop) = write_stdout(&text) {
                    return Ok(stop.exit_code(EXIT_OK));
                }
                text.clear();
            }
        }
        text.push_str(&json_line(&DryRunJson::new(summary, over)));
    } else {
        summary.render(&mut text);
        if let Some(limit) = over {
            push_line(
                &mut text,
                &format!("over --max-delete ({limit}): applying would stop without --yes"),
            );
        }
        text.push_str("dry run: nothing was written\n");
    }
    if let Err(stop) = write_stdout(&text) {
        return Ok(stop.exit_code(EXIT_OK));
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct DryRunJson {
    summary: bool,
    op: &'static str,
    dry_run: bool,
    plan: std::collections::BTreeMap<&'static str, u64>,
    writes: u64,
    previous: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    over_max_delete: Option<u64>,
}

impl DryRunJson {
    fn new(summary: &PlanSummary, over: Option<u64>) -> Self {
        DryRunJson {
            summary: true,
            op: "sync",
            dry_run: true,
            plan: Kind::ALL
                .iter()
                .map(|&k| (k.as_str(), summary.counts.of(k)))
                .collect(),
            writes: summary.counts.writes(),
            previous: summary.counts.previous,
            over_max_delete: over,
        }
    }
}

/// Applies the plan, printing one outcome per entry and a summary.
async fn apply(
    global: &Global,
    args: &SyncArgs,
    client: &im_accounts::Client,
    plan_path: &Path,
    header: &str,
    summary: &PlanSummary,
) -> Result<u8, CliError> {
    let mut journal = match &args.checkpoint {
        Some(path) => Some(Journal::open(path, "sync", header)?),
        None => None,
    };
    let earlier = journal.as_ref().map_or(0, Journal::done_at_start);
    let earlier_failed = journal.as_ref().map_or(0, Journal::failed_at_start);
    if earlier > 0 && !global.quiet {
        note(&format!(
            "resuming from checkpoint: skipping {earlier} accounts already done ({earlier_failed} of them failed)"
        ));
    }
    let started = std::time::Instant::now();
    let mut printer = SyncPrinter::new(global.json, global.quiet);
    let options = crate::accounts::bulk_options(args.concurrency, args.max_attempts);
    let mut run = Apply::new(client, plan_path, journal.as_mut(), &mut printer, options);
    let result = run.run().await;
    let requests = run.requests;
    drop(run);
    let mut earned = printer.exit_code();
    if earlier_failed > 0 {
        earned = earned.max(crate::EXIT_FAILED);
    }
    match result {
        Ok(()) => {}
        Err(Stopped::Output(stop)) => return Ok(stop.exit_code(earned)),
        Err(Stopped::Failed(err)) => return Err(err),
    }
    let totals = Totals {
        printer: &printer,
        total: summary.counts.total(),
        skipped: earlier,
        requests,
        elapsed: started.elapsed(),
    };
    let text = if global.json {
        json_line(&totals.json())
    } else {
        totals.human(global.quiet)
    };
    if let Err(stop) = write_stdout(&text) {
        return Ok(stop.exit_code(earned));
    }
    Ok(earned)
}

/// The numbers of an applied sync.
struct Totals<'a> {
    printer: &'a SyncPrinter,
    total: u64,
    skipped: u64,
    requests: (u64, u64, u64),
    elapsed: std::time::Duration,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    summary: bool,
    op: &'static str,
    total: u64,
    succeeded: u64,
    failed: u64,
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
        push_line(
            &mut out,
            &format!(
                "sync: {} succeeded{by}, {} failed of {} in {:.2} s",
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
