//! How outcomes, summaries and progress look: human lines or JSON Lines on stdout, and an
//! indicatif progress bar on stderr when it is a terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use im_accounts::bulk::{BulkOp, Success};
use im_client::bulk::{ItemOutcome, NotAttempted, Outcome, Progress, Report};
use im_client::{Failure, InvalidInput};
use im_proto::ErrorCode;
use im_proto::{PlatformStatus, Profile};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tokio::sync::watch;

use super::input::{LineIndex, line_label};
use crate::term::push_line;
use crate::term::{EXIT_AUTH, EXIT_FAILED, EXIT_OK, EXIT_UNREACHABLE};
use crate::term::{json_line, push_json_line};

/// Renders outcomes and keeps what the exit code depends on.
pub(crate) struct Printer {
    op: String,
    json: bool,
    quiet: bool,
    /// Every account gets a human line (check, status), or only failures (import, delete).
    every_account: bool,
    detail: bool,
    index: Option<Arc<LineIndex>>,
    failed: u64,
    /// The first authentication failure, if any.
    auth: Option<(ErrorCode, String)>,
    /// Human lines not printed because they repeat an authentication failure, or the first
    /// failure of a whole request (the same error for every account of many chunks).
    repeated_auth: u64,
    /// The first whole-request failure's text, its URL removed.
    first_request_error: Option<String>,
    /// Whether any account succeeded.
    any_success: bool,
    /// Whether every failure so far was a request that reached no server.
    all_unreachable: bool,
    /// Why the job stopped sending, when something else than a signal stopped it.
    stop_reason: Option<String>,
    /// For a dry run: what the check's status means for the operation not done.
    relabel: Option<fn(&str) -> &'static str>,
    /// Reused by every JSON line.
    scratch: Vec<u8>,
}

/// One outcome, whatever produced it.
pub(crate) struct View<'a> {
    /// The UserID (`None` for a rejected line).
    pub(crate) user_id: Option<&'a str>,
    /// The file line, when the account came from a file.
    pub(crate) line: Option<u64>,
    /// What happened.
    pub(crate) result: Result<Shown<'a>, &'a Failure>,
}

/// What a success shows: its label, and the details it carries.
#[derive(Clone, Copy)]
pub(crate) struct Shown<'a> {
    /// The label (`imported`, `Online`...).
    pub(crate) status: &'a str,
    /// The sessions of an online status, when asked for.
    pub(crate) detail: Option<&'a [PlatformStatus]>,
    /// The fields read.
    pub(crate) profile: Option<&'a Profile>,
    /// For a duplicate: the position of the first occurrence.
    pub(crate) first: Option<u64>,
}

/// A per-account JSON line.
#[derive(Serialize)]
struct OutcomeJson<'a> {
    #[serde(rename = "UserID")]
    user_id: Option<&'a str>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a [PlatformStatus]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<serde_json::Map<String, serde_json::Value>>,
    /// For a duplicate: where the first occurrence is.
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
    /// For a failed request: its `random` query value, to trace it with the service.
    #[serde(skip_serializing_if = "Option::is_none")]
    random: Option<u32>,
    /// For a failed request: its attempt number within its call.
    #[serde(skip_serializing_if = "Option::is_none")]
    attempt: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
}

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
const DUPLICATE: &str = "duplicate";

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

impl Printer {
    /// A printer for a bulk job.
    pub(crate) fn new(
        op: &BulkOp,
        json: bool,
        quiet: bool,
        detail: bool,
        index: Option<Arc<LineIndex>>,
    ) -> Self {
        Self::named(
            op.name(),
            json,
            quiet,
            matches!(
                op,
                BulkOp::Check | BulkOp::OnlineStatus(_) | BulkOp::Kick | BulkOp::ProfileGet(_)
            ),
            detail,
            index,
        )
    }

    /// A printer for the job `op`.
    fn named(
        op: &'static str,
        json: bool,
        quiet: bool,
        every_account: bool,
        detail: bool,
        index: Option<Arc<LineIndex>>,
    ) -> Self {
        Printer {
            op: op.to_owned(),
            json,
            quiet,
            every_account,
            detail,
            index,
            failed: 0,
            auth: None,
            repeated_auth: 0,
            first_request_error: None,
            any_success: false,
            all_unreachable: true,
            stop_reason: None,
            relabel: None,
            scratch: Vec::with_capacity(256),
        }
    }

    /// Renders a dry run of `target` (whose job is a check): every account gets a line saying
    /// what `target` would do to it.
    pub(crate) fn dry_run_of(mut self, target: &BulkOp) -> Self {
        let relabel: fn(&str) -> &'static str = match target {
            BulkOp::Delete => |s| match s {
                "Imported" => "would_delete",
                _ => "absent",
            },
            BulkOp::Kick => |s| match s {
                "Imported" => "would_kick",
                _ => "not_found",
            },
            BulkOp::ProfileSet => |s| match s {
                "Imported" => "would_set",
                _ => "not_found",
            },
            _ => |s| match s {
                "Imported" => "exists",
                _ => "would_import",
            },
        };
        self.op = format!("{} (dry run)", target.name());
        self.every_account = true;
        self.relabel = Some(relabel);
        self
    }

    /// Appends the rendering of a bulk outcome to `out`.
    pub(crate) fn outcome<T: Shows>(&mut self, outcome: &ItemOutcome<T>, out: &mut String) {
        let line = self.index.as_ref().and_then(|i| i.line(outcome.position));
        let rejected = match (&outcome.outcome, line) {
            (Outcome::Failed(Failure::Invalid(InvalidInput::Rejected(reason))), Some(line)) => {
                let label = line_label(line);
                outcome.label == label && reason.starts_with(&format!("{label}: "))
            }
            _ => false,
        };
        let relabel = |status| match self.relabel {
            Some(relabel) => relabel(status),
            None => status,
        };
        // The failure shown for an item not attempted.
        let owned;
        let result = match &outcome.outcome {
            Outcome::Ok(output) => Ok(Shown {
                status: relabel(output.status()),
                detail: output.detail().filter(|_| self.detail),
                profile: output.profile(),
                first: None,
            }),
            Outcome::NotAttempted(NotAttempted::Duplicate { first }) => Ok(Shown {
                status: relabel(DUPLICATE),
                detail: None,
                profile: None,
                first: Some(first.unwrap_or(u64::MAX)),
            }),
            Outcome::Failed(failure) => Err(failure),
            Outcome::NotAttempted(NotAttempted::Stopped(err)) => {
                owned = Failure::NotAttempted(err.clone());
                Err(&owned)
            }
            _ => {
                owned = unknown_outcome();
                Err(&owned)
            }
        };
        self.view(
            &View {
                user_id: (!rejected).then_some(outcome.label.as_str()),
                line,
                result,
            },
            out,
        );
    }

    /// Where the item at `position` came from: `line N`, or `argument N`.
    fn place(&self, position: u64) -> String {
        if position == u64::MAX {
            return "an earlier line".to_owned();
        }
        match self.index.as_ref().and_then(|i| i.line(position)) {
            Some(line) => format!("line {line}"),
            None => format!("argument {}", position + 1),
        }
    }

    /// Appends the rendering of one outcome to `out`.
    pub(crate) fn view(&mut self, view: &View<'_>, out: &mut String) {
        let not_attempted = matches!(view.result, Err(f) if f.is_not_attempted());
        let repeated = match view.result {
            Ok(_) => {
                self.any_success = true;
                false
            }
            // Neither a success nor a failure: counted in the summary only.
            Err(failure) if not_attempted => {
                self.note_stop(failure);
                true
            }
            Err(failure) => self.failed_with(failure),
        };
        if self.json {
            let (shown, error, reason, code) = match view.result {
                Ok(shown) => (Some(shown), None, None, None),
                Err(failure) => (
                    None,
                    Some(failure.to_string()),
                    Some(failure.label()),
                    failure.code().map(ErrorCode::get),
                ),
            };
            let trace = view.result.as_ref().err().and_then(|f| f.trace());
            push_json_line(
                &OutcomeJson {
                    user_id: view.user_id,
                    ok: view.result.is_ok(),
                    status: shown
                        .map(|s| s.status)
                        .or(not_attempted.then_some("not_attempted")),
                    detail: shown.and_then(|s| s.detail),
                    profile: shown.and_then(|s| s.profile).map(profile_json),
                    duplicate_of: shown.and_then(|s| s.first).map(|p| self.place(p)),
                    error,
                    reason,
                    code,
                    random: trace.map(|t| t.random),
                    attempt: trace.map(|t| t.attempt),
                    line: view.line,
                },
                &mut self.scratch,
                out,
            );
            return;
        }
        // Per-account lines are data: --quiet silences talk (stderr), never them.
        let who = match (view.user_id, view.line) {
            (Some(id), Some(line)) if view.result.is_err() => format!("{id} (line {line})"),
            (Some(id), _) => id.to_owned(),
            (None, Some(line)) => line_label(line),
            (None, None) => String::new(),
        };
        // Every human line goes out escaped: UserIDs come from the input, reasons from the
        // server.
        match view.result {
            Ok(Shown {
                first: Some(first), ..
            }) => {
                let who = match view.line {
                    Some(line) => format!("{who} (line {line})"),
                    None => who,
                };
                let first = self.place(first);
                push_line(out, &format!("{who}: skipped: duplicate of {first}"));
            }
            Ok(shown) if self.every_account => {
                let mut line = format!("{who}: {}", shown.status);
                if let Some(profile) = shown.profile {
                    line = format!("{who}: {}", profile_text(profile));
                }
                if let Some(detail) = shown.detail.filter(|d| !d.is_empty()) {
                    let sessions: Vec<String> = detail
                        .iter()
                        .map(|d| format!("{} {}", d.platform, d.status))
                        .collect();
                    let _ = write!(line, " ({})", sessions.join(", "));
                }
                push_line(out, &line);
            }
            Ok(_) => {}
            Err(_) if not_attempted => {}
            Err(_) if repeated => self.repeated_auth += 1,
            // A rejected line's reason already starts with `line N:`.
            Err(failure) if view.user_id.is_none() => push_line(out, &failure.to_string()),
            Err(failure) => {
                // A line naming its UserID but bad otherwise: its `line N:` is in `who`.
                let text = failure.to_string();
                let prefix = view.line.map(|l| format!("{}: ", line_label(l)));
                let text = prefix
                    .and_then(|p| text.strip_prefix(&p).map(str::to_owned))
                    .unwrap_or(text);
                push_line(out, &format!("{who}: failed: {text}"));
            }
        }
    }

    /// Counts a failure; whether its human line repeats an earlier one (not printed).
    fn failed_with(&mut self, failure: &Failure) -> bool {
        self.failed += 1;
        self.all_unreachable &= unreachable(failure);
        if let Some(code) = failure.code().filter(|c| c.is_auth()) {
            return match &self.auth {
                Some((first, _)) => *first == code,
                None => {
                    self.auth = Some((code, failure.to_string()));
                    false
                }
            };
        }
        if let Failure::Request(_) = failure {
            let text = without_url(&failure.to_string());
            match &self.first_request_error {
                Some(first) => return *first == text,
                None => self.first_request_error = Some(text),
            }
        }
        false
    }

    /// Appends the summary to `out`: one JSON line, or a few human lines (one with --quiet).
    pub(crate) fn summary(&self, totals: &Totals, out: &mut String) {
        let relabeled;
        let totals = match self.relabel {
            Some(relabel) => {
                let mut by_status = BTreeMap::new();
                for (status, n) in &totals.by_status {
                    *by_status.entry(relabel(status).to_owned()).or_default() += n;
                }
                relabeled = Totals {
                    by_status,
                    ..totals.clone()
                };
                &relabeled
            }
            None => totals,
        };
        let secs = totals.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            (totals.succeeded + totals.failed) as f64 / secs
        } else {
            0.0
        };
        if self.json {
            out.push_str(&json_line(&SummaryJson {
                summary: true,
                op: &self.op,
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
                rate: (rate * 10.0).round() / 10.0,
                earlier: totals.earlier,
            }));
            return;
        }
        if self.repeated_auth > 0 {
            let _ = writeln!(
                out,
                "... and {} more accounts failed with the same error",
                self.repeated_auth
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
            "{}: {} succeeded, {} failed{not_attempted}{duplicates} of {} in {:.2} s ({:.0} accounts/s)",
            self.op, totals.succeeded, totals.failed, totals.total, secs, rate
        );
        if self.quiet {
            return;
        }
        if !totals.by_status.is_empty() {
            push_line(out, &format!("  by status: {}", counts(&totals.by_status)));
        }
        if !totals.failures_by_reason.is_empty() {
            let reasons = counts(&totals.failures_by_reason);
            push_line(out, &format!("  failed by reason: {reasons}"));
        }
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
        if totals.retries > 0 || totals.throttled > 0 {
            let _ = writeln!(
                out,
                "  requests: {} ({} retries, {} throttled)",
                totals.requests, totals.retries, totals.throttled
            );
        }
    }

    /// Keeps why the job stopped sending (a signal's stop is the exit code's to say).
    fn note_stop(&mut self, failure: &Failure) {
        if let Failure::NotAttempted(err) = failure
            && !matches!(**err, im_client::Error::Stopped)
            && self.stop_reason.is_none()
        {
            self.stop_reason = Some(err.to_string());
        }
    }

    /// Why the job stopped sending before the end, unless a signal stopped it.
    pub(crate) fn stop_reason(&self) -> Option<&str> {
        self.stop_reason.as_deref()
    }

    /// The exit code the outcomes so far earn: 3 for an authentication failure, 4 when
    /// nothing succeeded because no request reached a server, else 1 for any failure or a job
    /// that stopped sending (accounts not attempted), else 0.
    pub(crate) fn exit_code(&self) -> u8 {
        if self.auth.is_some() {
            EXIT_AUTH
        } else if self.failed > 0 && !self.any_success && self.all_unreachable {
            EXIT_UNREACHABLE
        } else if self.failed > 0 || self.stop_reason.is_some() {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }

    /// The first authentication failure, if any.
    pub(crate) fn auth_failure(&self) -> Option<&str> {
        self.auth.as_ref().map(|(_, text)| text.as_str())
    }
}

/// What shows for an outcome this version does not know (im-client's outcomes may grow): not
/// sent, so a rerun sends it.
pub(crate) fn unknown_outcome() -> Failure {
    let why = im_client::Error::config("not attempted, for a reason this version does not know");
    Failure::NotAttempted(Arc::new(why))
}

/// What a success shows, whatever operation gave it: its label and the details it carries.
pub(crate) trait Shows {
    /// The label (`imported`, `Online`...).
    fn status(&self) -> &str;

    /// The sessions of an online status.
    fn detail(&self) -> Option<&[PlatformStatus]> {
        None
    }

    /// The profile fields read.
    fn profile(&self) -> Option<&Profile> {
        None
    }
}

impl Shows for Success {
    fn status(&self) -> &str {
        self.label()
    }

    fn detail(&self) -> Option<&[PlatformStatus]> {
        match self {
            Success::Online(info) => Some(&info.detail),
            _ => None,
        }
    }

    fn profile(&self) -> Option<&Profile> {
        match self {
            Success::Profile(profile) => Some(profile),
            _ => None,
        }
    }
}

/// Whether a failure is a request that reached no server (nothing listening, no route, no
/// TLS handshake). A timeout is not: the server may have the request.
fn unreachable(failure: &Failure) -> bool {
    matches!(
        failure,
        Failure::Request(err) if matches!(
            &**err,
            im_client::Error::Transport(t) if matches!(
                t.kind(),
                im_accounts::im_transport::ErrorKind::Connect
                    | im_accounts::im_transport::ErrorKind::Tls
            )
        )
    )
}

/// An error's text without the request URL it ends with (` (http://…)`), which differs by
/// its random number from one request to the next.
fn without_url(text: &str) -> String {
    match text.rfind(" (http") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text.to_owned(),
    }
}

/// A profile as a JSON object: standard fields by their short names (`Nick`, `BirthDay`...),
/// others by their tags; the form `profile set` reads.
pub(crate) fn profile_json(profile: &Profile) -> serde_json::Map<String, serde_json::Value> {
    profile
        .to_items()
        .into_iter()
        .map(|item| {
            let value = serde_json::to_value(&item.value).unwrap_or(serde_json::Value::Null);
            (item.tag.short_name().to_owned(), value)
        })
        .collect()
}

/// A profile on one line: `Nick "Alice", BirthDay 19900101`; `(no fields set)` when empty.
fn profile_text(profile: &Profile) -> String {
    let fields: Vec<String> = profile
        .to_items()
        .iter()
        .map(|item| match &item.value {
            im_proto::ProfileValue::Str(s) => format!("{} {s:?}", item.tag.short_name()),
            other => format!("{} {other}", item.tag.short_name()),
        })
        .collect();
    if fields.is_empty() {
        "(no fields set)".to_owned()
    } else {
        fields.join(", ")
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

/// `1h02m`, `3m05s`, `42s`.
fn eta_text(eta: Duration) -> String {
    let secs = eta.as_secs();
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m{:02}s", secs / 60, secs % 60),
        _ => format!("{}h{:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// The progress bar of a running job.
pub(crate) struct ProgressDisplay {
    bar: ProgressBar,
    task: tokio::task::JoinHandle<()>,
}

impl ProgressDisplay {
    /// Shows a bar on stderr driven by `progress`.
    pub(crate) fn start(op: &'static str, mut progress: watch::Receiver<Progress>) -> Self {
        let total = progress.borrow().total;
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{prefix} {spinner} {pos} done {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_prefix(op);
        bar.enable_steady_tick(Duration::from_millis(200));
        let shown = bar.clone();
        let task = tokio::spawn(async move {
            loop {
                {
                    let p = progress.borrow_and_update();
                    shown.set_position(p.done + p.skipped);
                    // The engine's estimate: its rate leaves out what a resume skipped (which
                    // indicatif's own {eta} would count as instant progress).
                    let eta = match p.eta {
                        Some(eta) if p.total.is_some() => format!(", ETA {}", eta_text(eta)),
                        _ if p.total.is_some() => ", ETA ?".to_owned(),
                        _ => String::new(),
                    };
                    shown.set_message(format!("{:.0}/s, {} failed{eta}", p.rate, p.failed));
                }
                if progress.changed().await.is_err() {
                    break;
                }
            }
        });
        ProgressDisplay { bar, task }
    }

    /// Runs `f` with the bar hidden (to print lines under it).
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the bar.
    pub(crate) fn finish(self) {
        self.task.abort();
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod eta_tests {
    use super::*;

    #[test]
    fn eta_texts() {
        assert_eq!(eta_text(Duration::from_secs(42)), "42s");
        assert_eq!(eta_text(Duration::from_secs(185)), "3m05s");
        assert_eq!(eta_text(Duration::from_secs(3720)), "1h02m");
    }
}

#[cfg(test)]
mod stop_tests {
    use std::sync::Arc;

    use super::*;

    fn not_attempted(err: im_client::Error) -> ItemOutcome<Success> {
        let why = NotAttempted::Stopped(Arc::new(err));
        ItemOutcome::new(0, "a", Outcome::NotAttempted(why))
    }

    #[test]
    fn a_job_stopped_by_anything_but_a_signal_has_failed_and_says_why() {
        let mut printer = Printer::new(&BulkOp::Delete, false, false, false, None);
        let mut out = String::new();
        printer.outcome(&not_attempted(im_client::Error::Stopped), &mut out);
        assert_eq!(
            (printer.exit_code(), printer.stop_reason()),
            (EXIT_OK, None)
        );
        let disk = im_client::Error::Transport(im_accounts::im_transport::TransportError::new(
            im_accounts::im_transport::ErrorKind::Other,
            "not sent: cannot write the checkpoint: No space left on device",
        ));
        printer.outcome(&not_attempted(disk), &mut out);
        assert_eq!(printer.exit_code(), EXIT_FAILED);
        assert!(printer.stop_reason().unwrap().contains("No space left"));
        assert_eq!(out, "", "no per-account line for what was not sent");
    }
}
