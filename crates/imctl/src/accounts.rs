//! `imctl accounts ...`: bulk jobs over UserIDs from arguments and files.

use std::io::IsTerminal;
use std::path::Path;

use futures::StreamExt;
use im_accounts::StatusOptions;
use im_accounts::bulk::{BulkItem, BulkOp};
use im_client::bulk::{BulkOptions, BulkRun, ItemOutcome, NotAttempted, Outcome, Report};
use im_client::{Failure, RateLimits, RetryPolicy};
use im_proto::Api;
use im_proto::Profile;

use crate::bulk::{InputArgs, Tuning};
use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::signals::Interrupt;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_USAGE, WriteStop, confirmed, error_line, note, write_stdout,
};

pub(crate) mod args;
mod checkpoint;
mod input;
mod output;
mod sync;

pub(crate) use args::AccountsCommand;
use checkpoint::Journal;
use input::{Fields, Source};
use output::{Earlier, Printer, ProgressDisplay, Shows, Totals};

/// Outcomes rendered and journaled together, at most.
const BATCH: usize = 1024;

/// Runs one `accounts` command.
pub(crate) async fn run(global: &Global, command: &AccountsCommand) -> Result<u8, CliError> {
    match command {
        AccountsCommand::Import(args) => {
            let job = Job::new(BulkOp::Import, &args.input, &args.tuning);
            let job = job.checkpoint(args.checkpoint.as_deref(), args.retry_failed);
            job.dry_run(args.dry_run).run(global).await
        }
        AccountsCommand::Check(args) => {
            Job::new(BulkOp::Check, &args.input, &args.tuning)
                .run(global)
                .await
        }
        AccountsCommand::Delete(args) => {
            let job = &args.job;
            if !job.dry_run && !args.yes && !confirm_delete(&job.input)? {
                note("nothing was deleted");
                return Ok(EXIT_FAILED);
            }
            let run = Job::new(BulkOp::Delete, &job.input, &job.tuning);
            let run = run.checkpoint(job.checkpoint.as_deref(), job.retry_failed);
            run.dry_run(job.dry_run).run(global).await
        }
        AccountsCommand::Status(args) => {
            let op = BulkOp::OnlineStatus(StatusOptions::default().with_detail(args.detail));
            let mut job = Job::new(op, &args.input, &args.tuning);
            job.detail = args.detail;
            job.run(global).await
        }
        AccountsCommand::Kick(args) => {
            let job = Job::new(BulkOp::Kick, &args.input, &args.tuning);
            let job = job.checkpoint(args.checkpoint.as_deref(), args.retry_failed);
            job.dry_run(args.dry_run).run(global).await
        }
        AccountsCommand::Sync(args) => sync::run(global, args).await,
    }
}

/// One bulk job's settings.
pub(crate) struct Job<'a> {
    op: BulkOp,
    input: &'a InputArgs,
    tuning: &'a Tuning,
    checkpoint: Option<&'a Path>,
    /// With a checkpoint: send the accounts it says failed again.
    retry_failed: bool,
    detail: bool,
    /// The retry policy of each call, when not the bulk default (or `--max-attempts`).
    retry: Option<RetryPolicy>,
    /// Only check which accounts exist and say what `op` would do.
    dry_run: bool,
    /// Fields set on every item (`profile set`'s flags), over the item's own.
    overlay: Profile,
}

impl<'a> Job<'a> {
    /// A job of `op` over `input`.
    pub(crate) fn new(op: BulkOp, input: &'a InputArgs, tuning: &'a Tuning) -> Self {
        Job {
            op,
            input,
            tuning,
            checkpoint: None,
            retry_failed: false,
            detail: false,
            retry: None,
            dry_run: false,
            overlay: Profile::new(),
        }
    }

    /// Sets `fields` on every item, over the item's own (empty: nothing changes).
    pub(crate) fn overlay(mut self, fields: Profile) -> Self {
        self.overlay = fields;
        self
    }

    /// With `on`, checks instead of writing (`--dry-run`).
    pub(crate) fn dry_run(mut self, on: bool) -> Self {
        self.dry_run = on;
        self
    }

    /// Journals the job in `path`; with `retry_failed`, what it says failed is sent again.
    pub(crate) fn checkpoint(mut self, path: Option<&'a Path>, retry_failed: bool) -> Self {
        self.checkpoint = path;
        self.retry_failed = retry_failed;
        self
    }

    /// Runs the job; the exit code its outcomes earn.
    pub(crate) async fn run(mut self, global: &Global) -> Result<u8, CliError> {
        let target = self.op.clone();
        if self.dry_run {
            // What exists decides what the operation would do; nothing is written, nothing
            // is journaled.
            self.op = BulkOp::Check;
            self.checkpoint = None;
        }
        let fields = match target {
            BulkOp::Import => Fields::Import,
            BulkOp::ProfileSet => Fields::Profile,
            _ => Fields::UserId,
        };
        let source = Source::open(self.input, fields, global.key_on_stdin())?;
        let fingerprint = match self.checkpoint {
            Some(_) => Some(source.fingerprint()?),
            None => None,
        };
        let connection = connect(global, self.settings()).await?;
        let journal = match (self.checkpoint, &fingerprint) {
            (Some(path), Some(fingerprint)) => {
                // A journal is the app's: another SDKAppID's run is another job.
                let app = connection.client.sdkappid();
                let input = format!("app {app}, {fingerprint}");
                Some(Journal::open(path, self.op.name(), &input)?)
            }
            _ => None,
        };
        let options = self.options(global, &source, journal.as_ref());
        let (items, index, input_report) = source.into_stream();
        // Fields are laid over the items only when there are some (no step per item else).
        let overlay = std::mem::take(&mut self.overlay);
        let items = if overlay.is_empty() {
            items.left_stream()
        } else {
            items
                .map(move |item| with_fields(item, &overlay))
                .right_stream()
        };
        let interrupt = Interrupt::watch()
            .map_err(|e| CliError::failed(format!("cannot listen for signals: {e}")))?;
        // A first Ctrl-C or SIGTERM ends the input and stops the sending: requests in flight
        // finish, the accounts read but not sent are reported not sent, the summary prints.
        let items = items.take_until(interrupt.requested());
        stop_sending_on(&interrupt, &connection.client);
        let run = self.op.start(&connection.client, items, options.into());
        let mut printer = Printer::new(
            &self.op,
            global.json,
            global.quiet,
            self.detail,
            Some(index),
        );
        if self.dry_run {
            printer = printer.dry_run_of(&target);
        }
        let ended = drain(global, run, &mut printer, journal.as_ref()).await;
        let mut earned = printer.exit_code();
        if !self.retry_failed && journal.as_ref().is_some_and(|j| j.failed_at_start() > 0) {
            // The job as a whole has failed accounts, reported by an earlier run.
            earned = earned.max(EXIT_FAILED);
        }
        let report = match ended {
            Ended::Output(stop) => return Ok(stop.exit_code(earned)),
            Ended::Journal(failure) => return Err(failure),
            Ended::Done(report) => report.unwrap_or_else(|| Report::new(self.op.name())),
        };
        let shown = Shown {
            printer: &printer,
            journal: journal.as_ref(),
            earned,
            signal: interrupt.code(),
        };
        if let Err(stop) = self.summary(global, &report, &shown) {
            return Ok(stop.exit_code(earned));
        }
        hints(&connection.client, &printer, earned);
        if let Some(warning) = input_report.warning().filter(|_| !global.quiet) {
            note(&warning);
        }
        if let Some(code) = interrupt.code() {
            note(&self.stopped_note());
            return Ok(code);
        }
        if let Some(message) = input_report.error() {
            error_line(&message);
            return Ok(earned.max(EXIT_USAGE));
        }
        Ok(earned)
    }

    /// The client settings `--rate` and `--max-attempts` ask for.
    fn settings(&self) -> ClientSettings {
        let mut settings = ClientSettings::default();
        if let Some(rate) = self.tuning.rate {
            let mut limits = RateLimits::default().set(self.op.api(), Some(rate));
            if self.op == BulkOp::Import {
                // FailAccounts entries are retried one by one with the single import.
                limits = limits.set(Api::AccountImport, Some(rate));
            }
            settings.rate_limits = Some(limits);
        }
        if let Some(attempts) = self.tuning.max_attempts {
            settings.retry = Some(RetryPolicy::default().max_attempts(attempts));
        }
        settings
    }

    /// The bulk options: the tuning, the input's count, and a resumed journal's skips.
    fn options(&self, global: &Global, source: &Source, journal: Option<&Journal>) -> BulkOptions {
        let mut options = bulk_options(self.tuning.concurrency, self.tuning.max_attempts);
        if let Some(retry) = self.retry.clone() {
            options = options.retry_policy(retry);
        }
        // The count (a quick pass over a regular file) also sizes the duplicate set ahead.
        if let Some(total) = source.count_items() {
            options = options.total_hint(total);
        }
        if let Some(journal) = journal {
            if journal.resumed() && !global.quiet {
                note(&self.resume_note(journal));
            }
            options = self.resume_options(journal, options);
        }
        options
    }

    /// Writes the summary (with what earlier runs of a resumed job did) and, when the job
    /// stopped sending for another reason than a signal, why.
    fn summary(
        &self,
        global: &Global,
        report: &Report<im_accounts::bulk::SuccessKind>,
        shown: &Shown<'_>,
    ) -> Result<(), WriteStop> {
        let mut totals = Totals::from(report);
        totals.earlier = shown.journal.filter(|j| j.resumed()).map(|j| Earlier {
            succeeded: j.done_at_start() - j.failed_at_start(),
            // With --retry-failed, those were sent again by this run.
            failed: if self.retry_failed {
                0
            } else {
                j.failed_at_start()
            },
        });
        let mut text = String::new();
        shown.printer.summary(&totals, &mut text);
        summary_out(global, &text, shown.signal.unwrap_or(shown.earned))?;
        if let Some(reason) = shown.printer.stop_reason() {
            error_line(&format!(
                "{} accounts were not sent: the job stopped after: {reason}; rerun to send them",
                totals.not_attempted
            ));
        }
        Ok(())
    }

    /// What a job stopped by a signal says about resuming.
    fn stopped_note(&self) -> String {
        let resume = match self.checkpoint {
            Some(path) => format!(
                "rerun with the same --checkpoint {} to resume",
                path.display()
            ),
            None => {
                "rerun to continue (with --checkpoint FILE, a rerun skips what is done)".to_owned()
            }
        };
        format!("stopped: the accounts not read, or read but not sent, were not imported; {resume}")
    }
}

/// What a job's end shows, beside its report.
struct Shown<'a> {
    printer: &'a Printer,
    journal: Option<&'a Journal>,
    /// The exit code the outcomes earn.
    earned: u8,
    /// The exit code of the signal that stopped the job, if one did.
    signal: Option<u8>,
}

/// How the outcomes' loop ended.
enum Ended<K: Ord> {
    /// Every outcome was written (the report, when the run gave one).
    Done(Option<Report<K>>),
    /// Standard output went away.
    Output(WriteStop),
    /// The journal could not be written.
    Journal(CliError),
}

/// The hints of a run the service refused or that reached no server.
fn hints(client: &im_accounts::Client, printer: &Printer, earned: u8) {
    if let Some(auth) = printer.auth_failure() {
        auth_hint(client, auth);
    }
    if earned == crate::term::EXIT_UNREACHABLE {
        error_line(&format!(
            "service unreachable: no request reached {}; check --endpoint or --region, the network, and HTTPS_PROXY/NO_PROXY",
            client.base_url()
        ));
    }
}

/// A first Ctrl-C or SIGTERM stops `client` from sending (requests in flight finish).
fn stop_sending_on(interrupt: &Interrupt, client: &im_accounts::Client) {
    let stopping = client.clone();
    let stop = interrupt.requested();
    tokio::spawn(async move {
        stop.await;
        stopping.stop_sending();
    });
}

/// Renders and journals the outcomes of `run` as they come, whatever is ready up to [`BATCH`]
/// at a time (a progress bar on a terminal meanwhile): any operation's.
async fn drain<O: Shows, K: Ord + Clone>(
    global: &Global,
    mut run: BulkRun<O, K>,
    printer: &mut Printer,
    journal: Option<&Journal>,
) -> Ended<K> {
    let show_progress = !global.quiet && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| ProgressDisplay::start(run.operation(), run.progress()));
    let mut text = String::new();
    let mut ended = None;
    let mut batches = (&mut run).ready_chunks(BATCH);
    while let Some(batch) = batches.next().await {
        text.clear();
        for outcome in &batch {
            printer.outcome(outcome, &mut text);
        }
        // Prepared before the output is written, so that a kill between the two writes has
        // the smallest window.
        let lines = journal.map(|_| journal_lines(&batch));
        let written = match &progress {
            Some(bar) if !text.is_empty() => bar.suspend(|| write_stdout(&text)),
            _ if !text.is_empty() => write_stdout(&text),
            _ => Ok(()),
        };
        if let Err(stop) = written {
            ended = Some(Ended::Output(stop));
            break;
        }
        if let (Some(journal), Some(lines)) = (journal, lines)
            && let Err(err) = lines.iter().try_for_each(|l| journal.append(l))
        {
            ended = Some(Ended::Journal(err));
            break;
        }
    }
    drop(batches);
    if let Some(bar) = progress {
        bar.finish();
    }
    ended.unwrap_or_else(|| Ended::Done(run.report().cloned()))
}

impl Job<'_> {
    /// What a resumed job says it skips.
    fn resume_note(&self, journal: &Journal) -> String {
        let path = self.checkpoint.map(Path::display);
        let path = path.map(|d| d.to_string()).unwrap_or_default();
        let failed = journal.failed_at_start();
        if self.retry_failed {
            return format!(
                "resuming from checkpoint {path}: skipping {} accounts already done, sending the {failed} that failed again",
                journal.done_at_start() - failed
            );
        }
        let failed = match failed {
            0 => String::new(),
            n => format!(" ({n} of them failed; --retry-failed sends those again)"),
        };
        format!(
            "resuming from checkpoint {path}: skipping {} accounts already done{failed}",
            journal.done_at_start()
        )
    }

    /// The options of a resumed job: skip what the journal says is done (or succeeded, with
    /// `--retry-failed`); record each chunk before a write sends it, and take a delete's "does
    /// not exist" for an account an earlier run sent as that run's success.
    fn resume_options(&self, journal: &Journal, options: BulkOptions) -> BulkOptions {
        let skip = if self.retry_failed {
            journal.succeeded_set()
        } else {
            journal.done_set()
        };
        let sent = journal.sent_earlier();
        let mut options = options
            .resume_from(skip.low_watermark())
            .skip(move |p| skip.contains(p))
            .sent_before(move |p| sent.contains(p));
        if !matches!(
            self.op,
            BulkOp::Check | BulkOp::OnlineStatus(_) | BulkOp::ProfileGet(_)
        ) {
            options = options.before_send(journal.recorder());
        }
        options
    }
}

/// What the journal records of a batch of outcomes, of any operation: the final ones, then the
/// chunks that were recorded as sent but never left (the job stopped first).
fn journal_lines<O>(batch: &[ItemOutcome<O>]) -> Vec<String> {
    let finals = batch.iter().filter(|o| is_final(&o.outcome));
    let done = Journal::line_for(
        finals.clone().map(|o| o.position),
        finals
            .filter(|o| matches!(o.outcome, Outcome::Failed(_)))
            .map(|o| o.position),
    );
    let never_sent = batch
        .iter()
        .filter(|o| matches!(o.outcome, Outcome::NotAttempted(NotAttempted::Stopped(_))))
        .map(|o| o.position);
    done.into_iter()
        .chain(Journal::unsent_line(never_sent))
        .collect()
}

/// `item` with `fields` set over its own profile.
fn with_fields(item: BulkItem, fields: &Profile) -> BulkItem {
    let (user_id, mut profile) = match item.into_account() {
        Ok(account) => account,
        Err(other) => return other,
    };
    for field in fields.to_items() {
        profile.set(&field.tag, field.value);
    }
    BulkItem::with_profile(user_id, profile)
}

/// Writes a job's summary: with `--json`, its JSON line last on stdout (data); otherwise its
/// human lines on stderr (talk), which `--quiet` keeps for a run that did not succeed.
pub(crate) fn summary_out(global: &Global, text: &str, exit_code: u8) -> Result<(), WriteStop> {
    if global.json {
        write_stdout(text)
    } else {
        if !global.quiet || exit_code != crate::term::EXIT_OK {
            crate::term::write_stderr(text);
        }
        Ok(())
    }
}

/// Whether an outcome is final: a success, a repeat of an earlier item, a failure the service
/// gave for the item itself (a code no retry changes, a value imctl does not know), or the
/// input's own error. Such outcomes are journaled; the rest (the request did not get through,
/// no reason given, not sent) are tried again by a resumed run.
pub(crate) fn is_final<O>(outcome: &Outcome<O>) -> bool {
    match outcome {
        Outcome::Ok(_) | Outcome::NotAttempted(NotAttempted::Duplicate { .. }) => true,
        Outcome::Failed(Failure::Service { code, .. }) => !code.is_retryable(),
        // An unknown status is the service's answer about the account: asking again gives
        // the same.
        Outcome::Failed(Failure::Invalid(_) | Failure::UnknownValue { .. }) => true,
        _ => false,
    }
}

/// One line saying the service refused the credentials, and what to check.
fn auth_hint(client: &im_accounts::Client, failure: &str) {
    error_line(&format!(
        "the service refused the credentials (SDKAppID {}, admin {}): {failure}; check the secret key, --sdkappid and --admin",
        client.sdkappid(),
        client.admin()
    ));
}

/// The bulk options `--concurrency` and `--max-attempts` ask for (the engine's, for any
/// operation).
pub(crate) fn bulk_options(concurrency: Option<u32>, max_attempts: Option<u32>) -> BulkOptions {
    let mut options = BulkOptions::default();
    if let Some(n) = concurrency {
        options = options.concurrency(n as usize);
    }
    if let Some(attempts) = max_attempts {
        options = options.retry_policy(RetryPolicy::bulk().max_attempts(attempts));
    }
    options
}

/// On a terminal, shows how many accounts a delete would remove and asks; elsewhere (scripts,
/// pipes) goes on.
fn confirm_delete(input: &InputArgs) -> Result<bool, CliError> {
    // Before opening the input: a piped stdin is the job's, not the prompt's.
    if !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    let count = Source::open(input, Fields::UserId, false)?
        .count_items()
        .map_or_else(|| "these".to_owned(), |n| n.to_string());
    confirmed(&format!("delete {count} accounts? This cannot be undone."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use im_proto::ErrorCode;

    #[test]
    fn final_outcomes_are_the_ones_a_rerun_would_not_change() {
        let unknown = Failure::UnknownValue {
            field: "AccountStatus",
            value: "Frozen".into(),
        };
        let failed = |failure| Outcome::<()>::Failed(failure);
        assert!(is_final(&failed(unknown)));
        let duplicate = NotAttempted::Duplicate { first: Some(0) };
        assert!(is_final(&Outcome::<()>::NotAttempted(duplicate)));
        assert!(is_final(&failed(Failure::Service {
            code: ErrorCode::new(70107),
            info: "not imported".into(),
        })));
        assert!(!is_final(&failed(Failure::Service {
            code: ErrorCode::new(70169),
            info: "timeout".into(),
        })));
        assert!(!is_final(&failed(Failure::NoResult)));
        let stopped = NotAttempted::Stopped(std::sync::Arc::new(im_client::Error::Stopped));
        assert!(!is_final(&Outcome::<()>::NotAttempted(stopped)));
    }
}
