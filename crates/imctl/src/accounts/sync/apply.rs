//! Applying a plan: the entries that write nothing are reported first, then three bulk runs,
//! each over the plan entries it handles: imports (creates, and updates of Nick/FaceUrl only,
//! with the batch import's AccountList), profile writes (the other fields of
//! creates, and every other update) and deletes. Every entry ends in exactly one final
//! outcome line, journaled by its index in the plan.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::StreamExt;
use im_accounts::Client;
use im_accounts::bulk::{BulkItem, BulkOp, Success};
use im_client::bulk::{BulkOptions, ItemOutcome, NotAttempted, Outcome, Positions, Sending};
use im_proto::{ErrorCode, Profile, ProfileTag};
use parking_lot::Mutex;
use serde::Serialize;
use tokio::sync::mpsc;

use super::plan::{Entry, From, Kind, read_plan};
use crate::bulk::{Journal, is_final, unknown_outcome};
use crate::signals::Interrupt;
use crate::term::{
    CliError, Context, EXIT_AUTH, EXIT_FAILED, EXIT_OK, WriteStop, push_json_line, push_line,
    render, write_stdout,
};

/// Outcomes rendered and journaled together, at most.
const BATCH: usize = 1024;

/// One phase of the apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Import,
    Set,
    Delete,
}

impl Phase {
    fn op(self) -> BulkOp {
        match self {
            Phase::Import => BulkOp::Import,
            Phase::Set => BulkOp::ProfileSet,
            Phase::Delete => BulkOp::Delete,
        }
    }

    /// The item this phase writes for `entry`, and whether its success is final (a create
    /// with more than Nick/FaceUrl is finished by the profile write).
    fn item(self, entry: &Entry) -> Option<(BulkItem, bool)> {
        match (self, entry.action) {
            (Phase::Delete, Kind::Delete) => {
                return Some((BulkItem::account(entry.user_id.clone()), true));
            }
            (Phase::Import | Phase::Set, Kind::Create | Kind::Update) => {}
            _ => return None,
        }
        let changes = entry.changes();
        let import_only = im_accounts::sync::import_only(&changes);
        match (self, entry.action) {
            (Phase::Import, Kind::Create) => Some((import_item(entry, &changes), import_only)),
            (Phase::Import, Kind::Update) if import_only => {
                Some((import_item(entry, &changes), true))
            }
            (Phase::Set, Kind::Create) if !import_only => {
                let rest = without_import_fields(&changes);
                Some((BulkItem::with_profile(entry.user_id.clone(), rest), true))
            }
            (Phase::Set, Kind::Update) if !import_only => {
                Some((BulkItem::with_profile(entry.user_id.clone(), changes), true))
            }
            _ => None,
        }
    }
}

fn import_item(entry: &Entry, changes: &Profile) -> BulkItem {
    BulkItem::profile(
        entry.user_id.clone(),
        changes.nick.clone(),
        changes.image.clone(),
    )
}

fn without_import_fields(changes: &Profile) -> Profile {
    let items = changes.to_items();
    let rest = items
        .iter()
        .filter(|item| !matches!(item.tag, ProfileTag::Nick | ProfileTag::Image));
    Profile::from_items(rest)
}

/// What a phase's outcome at a position stands for.
#[derive(Clone, Debug)]
struct Meta {
    index: u64,
    entry: Entry,
    /// Whether a success ends the entry.
    final_success: bool,
}

/// The rendering and the counts of a sync's outcomes.
pub(crate) struct SyncPrinter {
    json: bool,
    pub(crate) by_status: BTreeMap<&'static str, u64>,
    pub(crate) failures_by_reason: BTreeMap<String, u64>,
    pub(crate) failed: u64,
    /// Writes never sent because the run stopped.
    pub(crate) not_attempted: u64,
    /// Why the sending stopped, when something else than a signal stopped it.
    pub(crate) stop_reason: Option<String>,
    auth: bool,
    scratch: Vec<u8>,
}

#[derive(Serialize)]
struct OutcomeJson<'a> {
    #[serde(rename = "UserID")]
    user_id: &'a str,
    ok: bool,
    action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    from: From,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
}

/// A failure as the printer shows it.
struct Failed<'a> {
    text: &'a str,
    reason: String,
    code: Option<ErrorCode>,
}

impl SyncPrinter {
    pub(crate) fn new(json: bool) -> Self {
        SyncPrinter {
            json,
            by_status: BTreeMap::new(),
            failures_by_reason: BTreeMap::new(),
            failed: 0,
            not_attempted: 0,
            stop_reason: None,
            auth: false,
            scratch: Vec::new(),
        }
    }

    /// A write never sent because the run stopped: counted apart, a JSON line, no human line.
    fn not_attempted(&mut self, entry: &Entry, failure: &im_client::Failure, out: &mut String) {
        self.not_attempted += 1;
        if let im_client::Failure::NotAttempted(err) = failure
            && !matches!(**err, im_client::Error::Stopped)
        {
            self.stop_reason.get_or_insert_with(|| render(&**err));
        }
        if self.json {
            let text = render(failure);
            let shown = Failed {
                text: &text,
                reason: failure.label(),
                code: None,
            };
            self.json_line(entry, Some("not_attempted"), Some(&shown), out);
        }
    }

    fn success(&mut self, entry: &Entry, out: &mut String) {
        let status = match entry.action {
            Kind::Create => "created",
            Kind::Update => "updated",
            Kind::Delete => "deleted",
            Kind::Keep => "kept",
            _ => "unchanged",
        };
        *self.by_status.entry(status).or_default() += 1;
        if self.json {
            self.json_line(entry, Some(status), None, out);
        }
    }

    fn failure(&mut self, entry: &Entry, failed: &Failed<'_>, out: &mut String) {
        self.failed += 1;
        self.auth |= failed.code.is_some_and(|c| c.is_auth());
        *self
            .failures_by_reason
            .entry(failed.reason.clone())
            .or_default() += 1;
        if self.json {
            self.json_line(entry, None, Some(failed), out);
        } else {
            let who = match (entry.line, entry.from) {
                (Some(line), From::Desired) => format!("{} (line {line})", entry.user_id),
                (Some(line), From::Previous) => {
                    format!("{} (previous line {line})", entry.user_id)
                }
                (None, _) => entry.user_id.clone(),
            };
            if failed.text.starts_with(&format!("{}:", entry.user_id)) {
                // A bad line: its reason already starts with `line N:`.
                push_line(out, failed.text);
            } else if entry.action == Kind::Invalid {
                push_line(out, &format!("{who}: invalid: {}", failed.text));
            } else {
                let what = entry.action.as_str();
                push_line(out, &format!("{who}: {what} failed: {}", failed.text));
            }
        }
    }

    fn json_line(
        &mut self,
        entry: &Entry,
        status: Option<&str>,
        failed: Option<&Failed<'_>>,
        out: &mut String,
    ) {
        let line = OutcomeJson {
            user_id: &entry.user_id,
            ok: failed.is_none(),
            action: entry.action.as_str(),
            status,
            from: entry.from,
            line: entry.line,
            fields: entry.set.keys().map(String::as_str).collect(),
            error: failed.map(|f| f.text),
            reason: failed.map(|f| f.reason.clone()),
            code: failed.and_then(|f| f.code).map(ErrorCode::get),
        };
        push_json_line(&line, &mut self.scratch, out);
    }

    /// The exit code the outcomes earn (a sync that stopped sending for another reason than a
    /// signal has failed).
    pub(crate) fn exit_code(&self) -> u8 {
        if self.auth {
            EXIT_AUTH
        } else if self.failed > 0 || self.stop_reason.is_some() {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }
}

/// Why an apply stopped early.
pub(crate) enum Stopped {
    /// Standard output went away.
    Output(WriteStop),
    /// The journal or the plan could not be used.
    Failed(CliError),
}

/// Applies the plan at `plan`.
pub(crate) struct Apply<'a> {
    pub(crate) client: &'a Client,
    pub(crate) plan: PathBuf,
    pub(crate) journal: Option<&'a Journal>,
    pub(crate) printer: &'a mut SyncPrinter,
    pub(crate) options: BulkOptions,
    /// Creates whose import failed in this run (their profile write is skipped).
    failed_creates: HashSet<u64>,
    /// What the journal had done when the apply started (what it succeeded in, with
    /// `--retry-failed`): skipped.
    pub(crate) done: Arc<Positions>,
    /// Requests, retries and throttled answers of the writes.
    pub(crate) requests: (u64, u64, u64),
    /// Ctrl-C and SIGTERM: once one came, no further phase starts.
    pub(crate) interrupt: Option<Interrupt>,
    /// The plan entries this run reported (each once).
    reported: Positions,
    /// Why the sending stopped, when a write was not attempted: no further phase starts, and
    /// every entry not reported is then reported not attempted with it.
    stopped: Option<im_client::Failure>,
}

/// Outcome lines and journal entries gathered before they are written.
#[derive(Default)]
struct Lines {
    text: String,
    /// Plan entries with a final outcome, of which `failed` failed.
    done: Vec<u64>,
    failed: Vec<u64>,
    /// Plan entries recorded as sent that never left.
    unsent: Vec<u64>,
}

impl<'a> Apply<'a> {
    pub(crate) fn new(
        client: &'a Client,
        plan: &Path,
        journal: Option<&'a Journal>,
        printer: &'a mut SyncPrinter,
        options: BulkOptions,
    ) -> Self {
        let done = journal
            .as_ref()
            .map_or_else(|| Arc::new(Positions::new()), |j| j.done_set());
        Apply {
            client,
            plan: plan.to_owned(),
            journal,
            printer,
            options,
            failed_creates: HashSet::new(),
            done,
            requests: (0, 0, 0),
            interrupt: None,
            reported: Positions::new(),
            stopped: None,
        }
    }

    /// Runs every step: the entries without writes, then the three phases.
    pub(crate) async fn run(&mut self) -> Result<(), Stopped> {
        self.report_static()?;
        for phase in [Phase::Import, Phase::Set, Phase::Delete] {
            self.note_signal();
            if self.stopped.is_some() {
                break;
            }
            self.phase(phase).await?;
        }
        self.note_signal();
        self.report_rest()
    }

    /// A signal that came stops the sending (if nothing else did first).
    fn note_signal(&mut self) {
        if self.interrupt.as_ref().is_some_and(|i| i.code().is_some()) {
            let stopping = im_client::Error::Stopped;
            self.stopped
                .get_or_insert_with(|| im_client::Failure::NotAttempted(Arc::new(stopping)));
        }
    }

    /// After a stop, every writing entry this run did not report and no earlier run finished:
    /// not attempted (so that each entry is reported once).
    fn report_rest(&mut self) -> Result<(), Stopped> {
        let Some(why) = self.stopped.clone() else {
            return Ok(());
        };
        let entries = read_plan(&self.plan).map_err(|e| plan_error(&self.plan, e))?;
        let mut lines = Lines::default();
        for (index, entry) in (0u64..).zip(entries) {
            let entry = entry.map_err(|e| plan_error(&self.plan, e))?;
            if !entry.action.writes() || self.done.contains(index) || self.reported.contains(index)
            {
                continue;
            }
            self.reported.insert(index);
            self.printer.not_attempted(&entry, &why, &mut lines.text);
            if lines.text.len() >= 1 << 16 {
                self.flush(&mut lines)?;
            }
        }
        self.flush(&mut lines)
    }

    /// Reports the entries that write nothing.
    fn report_static(&mut self) -> Result<(), Stopped> {
        let entries = read_plan(&self.plan).map_err(|e| plan_error(&self.plan, e))?;
        let mut lines = Lines::default();
        for (index, entry) in (0u64..).zip(entries) {
            let entry = entry.map_err(|e| plan_error(&self.plan, e))?;
            if entry.action.writes() || self.done.contains(index) {
                continue;
            }
            self.reported.insert(index);
            let text = &mut lines.text;
            match entry.action {
                Kind::Unchanged | Kind::Keep => self.printer.success(&entry, text),
                _ => {
                    let why = entry.why.clone().unwrap_or_default();
                    let reason = match entry.action {
                        Kind::Invalid => "invalid".to_owned(),
                        _ => entry
                            .code
                            .map_or("read failed".to_owned(), |c| c.to_string()),
                    };
                    let code = entry.code.map(ErrorCode::new);
                    let shown = Failed {
                        text: &why,
                        reason,
                        code,
                    };
                    self.printer.failure(&entry, &shown, text);
                    lines.failed.push(index);
                }
            }
            lines.done.push(index);
            if lines.done.len() >= BATCH {
                self.flush(&mut lines)?;
            }
        }
        self.flush(&mut lines)
    }

    /// Writes the outcome lines, then journals what they finished and what never left.
    /// Journals a batch's outcomes, then prints them. In that order a kill between the two
    /// leaves outcomes journaled and unprinted, which the resumed run counts as skipped (done
    /// earlier), never done and reported a second time.
    fn flush(&mut self, lines: &mut Lines) -> Result<(), Stopped> {
        if let Some(journal) = self.journal {
            let done = Journal::line_for(lines.done.iter().copied(), lines.failed.iter().copied());
            let unsent = Journal::unsent_line(lines.unsent.iter().copied());
            for line in done.into_iter().chain(unsent) {
                journal.append(&line).map_err(Stopped::Failed)?;
            }
        }
        if !lines.text.is_empty() {
            write_stdout(&lines.text).map_err(Stopped::Output)?;
        }
        *lines = Lines::default();
        Ok(())
    }

    /// Runs one phase over its plan entries.
    async fn phase(&mut self, phase: Phase) -> Result<(), Stopped> {
        let metas: Arc<Mutex<HashMap<u64, Meta>>> = Arc::default();
        let (tx, mut rx) = mpsc::channel::<BulkItem>(4096);
        let reader = PhaseReader {
            plan: self.plan.clone(),
            phase,
            skip: self.done.clone(),
            failed_creates: self.failed_creates.clone(),
            metas: metas.clone(),
            tx,
        };
        let read = std::thread::Builder::new()
            .name("imctl-plan".to_owned())
            .spawn(move || reader.run())
            .map_err(|e| {
                Stopped::Failed(CliError::failed(Context::new("cannot read the plan", e)))
            })?;
        let items = futures::stream::poll_fn(move |cx| rx.poll_recv(cx));
        let stop = self.interrupt.clone();
        let items = items.take_until(async move {
            match stop {
                Some(interrupt) => interrupt.requested().await,
                None => std::future::pending().await,
            }
        });
        let options = self.phase_options(&metas);
        let mut run = phase.op().start(self.client, items, options.into());
        let mut batches = (&mut run).ready_chunks(BATCH);
        while let Some(batch) = batches.next().await {
            let mut lines = Lines::default();
            for outcome in &batch {
                let Some(meta) = metas.lock().remove(&outcome.position) else {
                    continue;
                };
                self.outcome(phase, &meta, outcome, &mut lines);
            }
            self.flush(&mut lines)?;
        }
        drop(batches);
        if let Some(report) = run.report() {
            self.requests.0 += report.requests;
            self.requests.1 += report.retries;
            self.requests.2 += report.throttled;
        }
        match read.join() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(plan_error(&self.plan, e)),
            Err(_) => Err(Stopped::Failed(CliError::failed("reading the plan failed"))),
        }
    }

    /// The bulk options of a phase: with a journal, each chunk is recorded before it is sent
    /// (by its plan indexes), and a delete's "does not exist" for an entry an earlier run sent
    /// is that run's success.
    fn phase_options(&self, metas: &Arc<Mutex<HashMap<u64, Meta>>>) -> BulkOptions {
        let Some(journal) = self.journal else {
            return self.options.clone();
        };
        let record = journal.recorder();
        let (sent, by_position) = (journal.sent_earlier(), metas.clone());
        let index_of = move |position: u64| by_position.lock().get(&position).map(|m| m.index);
        let index = index_of.clone();
        self.options
            .clone()
            .before_send(move |sending| {
                let positions = sending.positions.iter();
                let indexes: Vec<u64> = positions.filter_map(|&p| index(p)).collect();
                record(&Sending::new(&indexes, sending.key))
            })
            .sent_before(move |position| index_of(position).is_some_and(|i| sent.contains(i)))
    }

    /// Renders one write's outcome when it is the entry's last word.
    fn outcome(
        &mut self,
        phase: Phase,
        meta: &Meta,
        outcome: &ItemOutcome<Success>,
        lines: &mut Lines,
    ) {
        let is_create = phase == Phase::Import && meta.entry.action == Kind::Create;
        let failure = match &outcome.outcome {
            Outcome::Ok(_) | Outcome::NotAttempted(NotAttempted::Duplicate { .. }) => None,
            Outcome::Failed(failure) => Some(failure.clone()),
            Outcome::NotAttempted(NotAttempted::Stopped(err)) => {
                Some(im_client::Failure::NotAttempted(err.clone()))
            }
            _ => Some(unknown_outcome()),
        };
        match failure {
            None if !meta.final_success => return,
            None => self.printer.success(&meta.entry, &mut lines.text),
            Some(failure) if failure.is_not_attempted() => {
                // Never sent: not journaled (a rerun applies it), and no later phase goes on
                // with it.
                if is_create {
                    self.failed_creates.insert(meta.index);
                }
                self.reported.insert(meta.index);
                self.printer
                    .not_attempted(&meta.entry, &failure, &mut lines.text);
                self.stopped.get_or_insert(failure);
                lines.unsent.push(meta.index);
                return;
            }
            Some(failure) => {
                if is_create {
                    self.failed_creates.insert(meta.index);
                }
                let shown_text = render(&failure);
                let shown = Failed {
                    text: &shown_text,
                    reason: failure.label(),
                    code: failure.code(),
                };
                self.reported.insert(meta.index);
                self.printer.failure(&meta.entry, &shown, &mut lines.text);
                if !is_final(&outcome.outcome) {
                    return;
                }
                lines.failed.push(meta.index);
            }
        }
        self.reported.insert(meta.index);
        lines.done.push(meta.index);
    }
}

fn plan_error(path: &Path, e: std::io::Error) -> Stopped {
    let what = format!("cannot read the plan {}", path.display());
    Stopped::Failed(CliError::failed(Context::new(what, e)))
}

/// Feeds one phase's items from the plan file, on its own thread.
struct PhaseReader {
    plan: PathBuf,
    phase: Phase,
    skip: Arc<Positions>,
    failed_creates: HashSet<u64>,
    metas: Arc<Mutex<HashMap<u64, Meta>>>,
    tx: mpsc::Sender<BulkItem>,
}

impl PhaseReader {
    fn run(self) -> std::io::Result<()> {
        let entries = read_plan(&self.plan)?;
        let mut position = 0u64;
        for (index, entry) in (0u64..).zip(entries) {
            let entry = entry?;
            if self.skip.contains(index) || self.failed_creates.contains(&index) {
                continue;
            }
            let Some((item, final_success)) = self.phase.item(&entry) else {
                continue;
            };
            let meta = Meta {
                index,
                entry,
                final_success,
            };
            self.metas.lock().insert(position, meta);
            position += 1;
            if self.tx.blocking_send(item).is_err() {
                break;
            }
        }
        Ok(())
    }
}
