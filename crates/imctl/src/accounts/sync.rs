//! `imctl accounts sync`: plan (reads only), show the plan, check the safety limits, then
//! apply it (writes), like `terraform plan` / `apply`.
//!
//! The plan is a file of one JSON object per account (`plan.rs`): `FILE.plan` with
//! `--checkpoint FILE`, else a temporary file. With a checkpoint, a rerun with the same inputs
//! applies the same plan and skips what the journal (`FILE`) says is done.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::accounts::args::SyncArgs;
use crate::bulk::{Fields, InputArgs, InputReport, Source, argument_item};
use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::signals::Interrupt;
use crate::term::json_line;
use crate::term::push_line;
use crate::term::{
    BoxError, CliError, Context, EXIT_OK, EXIT_USAGE, confirmed, error_line, note, render,
    write_stdout,
};
use futures::StreamExt;

mod apply;
mod plan;
mod write;

use plan::{Counts, Entry, Kind, PlanWriter, Prune, Seen, read_plan};

/// Samples of each kind shown with a plan.
const SAMPLES: usize = 5;

/// The plan file's format: 2 ends with a checksummed trailer.
const PLAN_VERSION: u32 = 2;

/// Runs `imctl accounts sync`.
pub(crate) async fn run(global: &Global, args: &SyncArgs) -> Result<u8, CliError> {
    // `--strict` is the plan's to apply: a refused UserID is still named in the desired state
    // (and so never deleted).
    let mut lenient = args.input.clone();
    lenient.strict = false;
    let desired = Source::open(&lenient, Fields::Profile, global.key_on_stdin())?;
    let previous = args.previous.as_deref().map(open_previous).transpose()?;
    let connection = connect(global, ClientSettings::default()).await?;
    let client = &connection.client;
    let header = plan_header(args, client.sdkappid(), &desired, previous.as_ref())?;
    let interrupt = Interrupt::watch()
        .map_err(|e| CliError::failed(Context::new("cannot listen for signals", e)))?;

    let temp;
    let plan_path = match &args.checkpoint {
        Some(checkpoint) => with_suffix(checkpoint, ".plan"),
        None => {
            temp = tempfile::NamedTempFile::new()
                .map_err(|e| CliError::failed(Context::new("cannot create a plan file", e)))?;
            temp.path().to_owned()
        }
    };
    let reuse = args.checkpoint.is_some() && plan_matches(&plan_path, &header)?;
    if reuse {
        if !global.quiet {
            note(&format!("using the plan saved in {}", plan_path.display()));
        }
    } else {
        let inputs = Inputs {
            desired,
            previous,
            header: &header,
        };
        let made = make_plan(global, client, args, inputs, &plan_path, &interrupt).await?;
        match made {
            Made::Saved(report) => {
                if let Some(warning) = report.warning().filter(|_| !global.quiet) {
                    note(&warning);
                }
            }
            Made::NotSaved(code) => return Ok(code),
        }
    }
    let summary = PlanSummary::read(&plan_path, args.prune)?;
    if let Some(code) = decide(global, args, &plan_path, &summary)? {
        return Ok(code);
    }
    let plan = write::Plan {
        path: &plan_path,
        header: &header,
        total: summary.counts.total(),
    };
    write::apply(global, args, client, &plan, &interrupt).await
}

/// Shows the plan (the whole of it with `--dry-run`) and checks what stops it from being
/// applied: unreadable desired lines under `--prune`, `--max-delete`, the terminal's answer.
/// `Some(exit code)` when the run ends here.
fn decide(
    global: &Global,
    args: &SyncArgs,
    plan_path: &Path,
    summary: &PlanSummary,
) -> Result<Option<u8>, CliError> {
    let limit = args.max_delete.limit(summary.counts.previous);
    let over = summary.counts.of(Kind::Delete) > limit;
    let blocked = args.prune && summary.counts.unreadable > 0;
    if args.dry_run {
        let code = show_plan(global, plan_path, summary, over.then_some(limit))?;
        if blocked {
            error_line(&unreadable_message(&summary.counts));
            return Ok(Some(EXIT_USAGE));
        }
        return Ok(Some(code));
    }
    if !global.quiet || over || blocked {
        let mut text = String::new();
        summary.render(&mut text);
        for line in text.lines() {
            note(line);
        }
    }
    if blocked {
        error_line(&format!(
            "{}; nothing was written",
            unreadable_message(&summary.counts)
        ));
        return Ok(Some(EXIT_USAGE));
    }
    if over && !args.yes {
        error_line(&format!(
            "the plan deletes {} accounts, over --max-delete {} ({limit} of the {} in --previous); nothing was written: check the inputs, or rerun with --yes or a higher --max-delete",
            summary.counts.of(Kind::Delete),
            args.max_delete,
            summary.counts.previous
        ));
        return Ok(Some(EXIT_USAGE));
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
        return Ok(Some(crate::term::EXIT_FAILED));
    }
    Ok(None)
}

/// Why `--prune` refuses a plan with unreadable desired lines.
fn unreadable_message(counts: &Counts) -> String {
    format!(
        "--prune deletes nothing: {} desired line{} could not be read ({}), so {} UserID{} unknown and could be any account of --previous; fix {}, or rerun without --prune",
        counts.unreadable,
        if counts.unreadable == 1 { "" } else { "s" },
        counts.unreadable_text(),
        if counts.unreadable == 1 {
            "its"
        } else {
            "their"
        },
        if counts.unreadable == 1 {
            " is"
        } else {
            "s are"
        },
        if counts.unreadable == 1 { "it" } else { "them" },
    )
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

/// The plan file's first line: what it was made from (the app, the inputs' content,
/// `--prune`).
fn plan_header(
    args: &SyncArgs,
    sdkappid: u64,
    desired: &Source,
    previous: Option<&Source>,
) -> Result<String, CliError> {
    #[derive(Serialize)]
    struct Header {
        imctl_sync_plan: u32,
        sdkappid: u64,
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
        imctl_sync_plan: PLAN_VERSION,
        sdkappid,
        desired,
        previous,
        prune: args.prune,
    };
    Ok(json_line(&header).trim_end().to_owned())
}

/// Whether a plan for these inputs is saved at `path`.
///
/// # Errors
///
/// Exit 2 when a plan for other inputs, or something that is not a plan, is there.
fn plan_matches(path: &Path, header: &str) -> Result<bool, CliError> {
    if !path.exists() {
        return Ok(false);
    }
    let saved = read_plan(path).map_err(|e| {
        CliError::usage(Context::new(
            format!("cannot read the plan {}", path.display()),
            e,
        ))
    })?;
    if saved.header == header {
        return Ok(true);
    }
    let version = serde_json::from_str::<serde_json::Value>(&saved.header)
        .ok()
        .and_then(|v| v.get("imctl_sync_plan").and_then(serde_json::Value::as_u64));
    Err(CliError::usage(match version {
        None => format!(
            "{} is not an imctl sync plan (left untouched); choose another --checkpoint",
            path.display()
        ),
        Some(v) if v != u64::from(PLAN_VERSION) => format!(
            "the checkpoint's plan {} was made by another version of imctl; to start over, delete it and its journal",
            path.display()
        ),
        Some(_) => format!(
            "the checkpoint's plan {} was made from other inputs, for another app (SDKAppID) or with another --prune; to start over, delete it and its journal",
            path.display()
        ),
    }))
}

/// What planning gave.
enum Made {
    /// A complete plan, saved; what reading the desired state found beside the accounts.
    Saved(InputReport),
    /// No plan: the run ends with this code (reads failed, the input stopped, a signal).
    NotSaved(u8),
}

/// The inputs a plan is made from.
struct Inputs<'a> {
    desired: Source,
    previous: Option<Source>,
    header: &'a str,
}

/// Reads the service's state for every desired account and writes the plan to `path`,
/// through a temporary file beside it (created 0600) renamed at the end: a plan file is always
/// complete, and is saved only when every read succeeded and the whole input was read.
async fn make_plan(
    global: &Global,
    client: &im_accounts::Client,
    args: &SyncArgs,
    inputs: Inputs<'_>,
    path: &Path,
    interrupt: &Interrupt,
) -> Result<Made, CliError> {
    let failed = |e: std::io::Error| {
        CliError::failed(Context::new(
            format!("cannot write the plan {}", path.display()),
            e,
        ))
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    let mut out = PlanWriter::new(file, inputs.header).map_err(failed)?;
    let mut seen = Seen::default();
    let (items, index, report) = inputs.desired.into_stream(&argument_item);
    let items = items.take_until(interrupt.requested());
    let desired = (&mut seen, args.input.strict);
    plan::plan_desired(client, items, &index, desired, &mut out)
        .await
        .map_err(failed)?;
    if let Some(code) = not_saved(interrupt, report.error(), "") {
        return Ok(Made::NotSaved(code));
    }
    if let Some(previous) = inputs.previous {
        let prune = match (args.prune, out.counts.unreadable) {
            (false, _) => Prune::Off,
            (true, 0) => Prune::On,
            (true, _) => Prune::Blocked,
        };
        let (items, index, previous_report) = previous.into_stream(&argument_item);
        let items = items.take_until(interrupt.requested());
        plan::plan_previous(client, items, &index, &seen, prune, &mut out)
            .await
            .map_err(failed)?;
        let error = previous_report.error();
        if let Some(code) = not_saved(interrupt, error, "--previous: ") {
            return Ok(Made::NotSaved(code));
        }
    }
    if out.counts.of(Kind::Failed) > 0 {
        return failed_reads(global, &out).map(Made::NotSaved);
    }
    let (file, _) = out.finish().map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    file.persist(path).map_err(|e| failed(e.error))?;
    Ok(Made::Saved(report))
}

/// The exit code when planning must stop here: a signal came, or an input could not be read
/// to its end (its `error`, shown after `what`).
fn not_saved(
    interrupt: &Interrupt,
    error: Option<Arc<dyn std::error::Error + Send + Sync>>,
    what: &str,
) -> Option<u8> {
    if let Some(code) = interrupt.code() {
        note("stopped while planning: the plan was not saved and nothing was written");
        return Some(code);
    }
    let error = error?;
    error_line(&format!(
        "{what}{}; the plan was not saved and nothing was written",
        render(&*error)
    ));
    Some(EXIT_USAGE)
}

/// Reports the reads that failed (a plan is never saved with them): human lines on stderr,
/// or the failed entries and a summary as JSON; the exit code (3 when the service refused
/// the credentials, else 1).
fn failed_reads(global: &Global, out: &PlanWriter<impl std::io::Write>) -> Result<u8, CliError> {
    let count = out.counts.of(Kind::Failed);
    let auth = out.failed.iter().any(|e| {
        e.code
            .is_some_and(|c| im_proto::ErrorCode::new(c).is_auth())
    });
    if global.json {
        let mut text = String::new();
        for entry in &out.failed {
            text.push_str(&json_line(entry));
        }
        text.push_str(&json_line(&serde_json::json!({
            "summary": true, "op": "sync", "plan_saved": false, "reads_failed": count,
        })));
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(crate::term::EXIT_FAILED));
        }
    } else {
        for entry in &out.failed {
            let why = entry.why.as_deref().unwrap_or("failed");
            let place = entry
                .line
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            error_line(&format!("reading {}{place} failed: {why}", entry.user_id));
        }
        if count > out.failed.len() as u64 {
            error_line(&format!("... and {} more", count - out.failed.len() as u64));
        }
    }
    error_line(&format!(
        "{count} read{} of the service failed: the plan was not saved and nothing was written; rerun to read again",
        if count == 1 { "" } else { "s" }
    ));
    Ok(if auth {
        crate::term::EXIT_AUTH
    } else {
        crate::term::EXIT_FAILED
    })
}

/// A plan's counts and a few entries of each kind.
struct PlanSummary {
    counts: Counts,
    samples: Vec<(Kind, Vec<Entry>)>,
}

impl PlanSummary {
    /// Reads the whole plan once, before anything is written: it must be complete and
    /// unedited (its trailer's checksum) and every entry must fit the arguments.
    fn read(path: &Path, prune: bool) -> Result<PlanSummary, CliError> {
        let unusable = |cause: BoxError| {
            let what = format!(
                "the plan {} cannot be used (nothing was written: delete it and its journal to plan again)",
                path.display()
            );
            CliError::usage(Context::new(what, cause))
        };
        let mut entries = read_plan(path).map_err(|e| unusable(e.into()))?;
        let mut counts = Counts::default();
        let mut samples: Vec<(Kind, Vec<Entry>)> =
            Kind::ALL.iter().map(|&k| (k, Vec::new())).collect();
        for entry in entries.by_ref() {
            let entry = entry.map_err(|e| unusable(e.into()))?;
            entry.check(prune).map_err(|e| unusable(e.into()))?;
            counts.add(&entry);
            if let Some((_, list)) = samples.iter_mut().find(|(k, _)| *k == entry.action)
                && list.len() < SAMPLES
            {
                list.push(entry);
            }
        }
        // Unreadable lines are counted from the entries; --previous is the trailer's (sealed).
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

/// `--dry-run`: the plan. Its entries are the data, on stdout (every entry as JSON, or a line
/// per entry that writes or is invalid); the summary is talk, on stderr (with --json, the
/// summary object last on stdout).
fn show_plan(
    global: &Global,
    path: &Path,
    summary: &PlanSummary,
    over: Option<u64>,
) -> Result<u8, CliError> {
    let unreadable = |e: std::io::Error| CliError::failed(Context::new("cannot read the plan", e));
    let mut text = String::new();
    for entry in read_plan(path).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        if global.json {
            text.push_str(&json_line(&entry));
        } else if entry.action.writes() || entry.action == Kind::Invalid {
            push_line(
                &mut text,
                &format!("{}: {}", entry.action.as_str(), sample(&entry)),
            );
        }
        if text.len() > 1 << 16 {
            if let Err(stop) = write_stdout(&text) {
                return Ok(stop.exit_code(EXIT_OK));
            }
            text.clear();
        }
    }
    if global.json {
        text.push_str(&json_line(&DryRunJson::new(summary, over)));
    }
    if let Err(stop) = write_stdout(&text) {
        return Ok(stop.exit_code(EXIT_OK));
    }
    if !global.json && !global.quiet {
        let mut talk = String::new();
        summary.render(&mut talk);
        if let Some(limit) = over {
            push_line(
                &mut talk,
                &format!("over --max-delete ({limit}): applying would stop without --yes"),
            );
        }
        talk.push_str("dry run: nothing was written\n");
        crate::term::write_stderr(&talk);
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
