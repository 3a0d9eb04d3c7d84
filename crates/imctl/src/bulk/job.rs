//! A bulk job, whatever its operation: the input opened, the client connected, the journal of
//! a checkpoint loaded, the engine started, its outcomes drained, then the summary, the hints
//! and the exit code.

use std::path::Path;

use futures::{Stream, StreamExt};
use im_client::RetryPolicy;
use im_client::bulk::{BulkOptions, Report};
use im_proto::Profile;

use super::args::{InputArgs, JobArgs, Tuning};
use super::checkpoint::Journal;
use super::drain::{Ended, drain};
use super::input::{InputItem, InputReport, Source};
use super::operation::{JobOperation, Relabel};
use super::printer::Printer;
use super::summary::{Earlier, Totals, summary_out};
use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::signals::Interrupt;
use crate::term::{CliError, Context, EXIT_FAILED, EXIT_UNREACHABLE, EXIT_USAGE, WriteStop};
use crate::term::{error_line, note};

/// One bulk job's settings.
pub(crate) struct Job<'a, Op> {
    op: Op,
    input: &'a InputArgs,
    tuning: &'a Tuning,
    checkpoint: Option<&'a Path>,
    /// With a checkpoint: send the items it says failed again.
    retry_failed: bool,
    /// Show what a success carries in full (`accounts status --detail`).
    detail: bool,
    /// Only say what `op` would do (its dry run).
    dry_run: bool,
    /// Fields set on every item (`profile set`'s flags), over the item's own.
    overlay: Profile,
    /// What the items are acted on, when the operation names it (a group's ID): part of the
    /// checkpoint's identity, so a journal is never resumed for another target.
    scope: Option<String>,
}

/// What a job's end shows, beside its report.
struct Ending<'a> {
    printer: &'a Printer,
    journal: Option<&'a Journal>,
    /// The exit code the outcomes earn.
    earned: u8,
    /// The exit code of the signal that stopped the job, if one did.
    signal: Option<u8>,
}

/// What a run left once its outcomes are out.
struct Ran<K: Ord> {
    printer: Printer,
    journal: Option<Journal>,
    ended: Ended<K>,
    interrupt: Interrupt,
    input: InputReport,
}

impl<'a, Op: JobOperation> Job<'a, Op> {
    /// A job of `op` over `input`.
    pub(crate) fn new(op: Op, input: &'a InputArgs, tuning: &'a Tuning) -> Self {
        Job {
            op,
            input,
            tuning,
            checkpoint: None,
            retry_failed: false,
            detail: false,
            dry_run: false,
            overlay: Profile::new(),
            scope: None,
        }
    }

    /// A job of `op` that writes, as `args` say (the input, the pace, the checkpoint,
    /// `--dry-run`).
    pub(crate) fn writing(op: Op, args: &'a JobArgs) -> Self {
        Job::new(op, &args.input, &args.tuning)
            .checkpoint(args.checkpoint.as_deref(), args.retry_failed)
            .dry_run(args.dry_run)
    }

    /// Sets `fields` on every item, over the item's own (empty: nothing changes).
    pub(crate) fn overlay(mut self, fields: Profile) -> Self {
        self.overlay = fields;
        self
    }

    /// With `on`, says what the operation would do instead of doing it (`--dry-run`).
    pub(crate) fn dry_run(mut self, on: bool) -> Self {
        self.dry_run = on;
        self
    }

    /// With `on`, shows what each success carries in full (`--detail`).
    pub(crate) fn detail(mut self, on: bool) -> Self {
        self.detail = on;
        self
    }

    /// Names what the items are acted on (`group @TGS#...`): a checkpoint of another scope is
    /// refused as another job's.
    pub(crate) fn scope(mut self, scope: String) -> Self {
        self.scope = Some(scope);
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
        // What the input holds is the operation's to say, a dry run's too.
        let fields = self.op.fields();
        let target = self.op.name();
        let relabel = self.for_dry_run()?;
        let source = Source::open(self.input, fields, global.key_on_stdin())?;
        let fingerprint = match self.checkpoint {
            Some(_) => Some(source.fingerprint()?),
            None => None,
        };
        let connection = connect(global, self.settings()).await?;
        let client = &connection.client;
        let journal = self.journal(client.sdkappid(), fingerprint.as_deref())?;
        let options = self.options(global, &source, journal.as_ref());
        let op = &self.op;
        let (items, index, input) =
            source.into_stream(&|report, strict, i, value| op.argument(report, strict, i, value));
        let items = overlaid(items, std::mem::take(&mut self.overlay));
        let interrupt = Interrupt::watch()
            .map_err(|e| CliError::failed(Context::new("cannot listen for signals", e)))?;
        // A first Ctrl-C or SIGTERM ends the input and stops the sending: requests in flight
        // finish, the items read but not sent are reported not sent, the summary prints.
        let items = items.take_until(interrupt.requested());
        stop_sending_on(&interrupt, client);
        let run = self.op.start(client, items, options);
        let (json, quiet) = (global.json, global.quiet);
        let mut printer = Printer::new(&self.op, json, quiet, self.detail, Some(index));
        if let Some(relabel) = relabel {
            printer = printer.dry_run_of(target, relabel);
        }
        let ended = drain(run, &mut printer, journal.as_ref(), !quiet).await;
        let ran = Ran {
            printer,
            journal,
            ended,
            interrupt,
            input,
        };
        self.finish(global, client, ran)
    }

    /// For a dry run, puts the operation's dry run in its place (it writes nothing, so nothing
    /// is journaled either): what its statuses mean for the operation not done.
    fn for_dry_run(&mut self) -> Result<Option<Relabel>, CliError> {
        if !self.dry_run {
            return Ok(None);
        }
        let Some(dry_run) = self.op.dry_run() else {
            let name = self.op.name();
            return Err(CliError::usage(format!("{name} has no dry run")));
        };
        self.op = dry_run.op;
        self.checkpoint = None;
        Ok(Some(dry_run.relabel))
    }

    /// The journal of `--checkpoint`, for the app `sdkappid` (another app's run is another
    /// job) and the input `fingerprint`.
    fn journal(
        &self,
        sdkappid: u64,
        fingerprint: Option<&str>,
    ) -> Result<Option<Journal>, CliError> {
        match (self.checkpoint, fingerprint) {
            (Some(path), Some(fingerprint)) => {
                let input = match &self.scope {
                    Some(scope) => format!("app {sdkappid}, {scope}, {fingerprint}"),
                    None => format!("app {sdkappid}, {fingerprint}"),
                };
                Journal::open(path, self.op.name(), &input).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// The summary, the hints and the notes once the outcomes are out; the exit code.
    fn finish(
        &self,
        global: &Global,
        client: &im_client::Client,
        ran: Ran<Op::Kind>,
    ) -> Result<u8, CliError> {
        let journal = ran.journal.as_ref();
        let mut earned = ran.printer.exit_code();
        if !self.retry_failed && journal.is_some_and(|j| j.failed_at_start() > 0) {
            // The job as a whole has failed items, reported by an earlier run.
            earned = earned.max(EXIT_FAILED);
        }
        let report = match ran.ended {
            Ended::Output(stop) => return Ok(stop.exit_code(earned)),
            Ended::Journal(failure) => return Err(failure),
            Ended::Done(report) => report.unwrap_or_else(|| Report::new(self.op.name())),
        };
        let ending = Ending {
            printer: &ran.printer,
            journal,
            earned,
            signal: ran.interrupt.code(),
        };
        if let Err(stop) = self.summary(global, &report, &ending) {
            return Ok(stop.exit_code(earned));
        }
        hints(client, &ran.printer, earned);
        if let Some(warning) = ran.input.warning().filter(|_| !global.quiet) {
            note(&warning);
        }
        if let Some(code) = ran.interrupt.code() {
            note(&self.stopped_note());
            return Ok(code);
        }
        if let Some(err) = ran.input.error() {
            crate::term::report(&*err);
            return Ok(earned.max(EXIT_USAGE));
        }
        Ok(earned)
    }

    /// The client settings `--rate` and `--max-attempts` ask for.
    fn settings(&self) -> ClientSettings {
        let mut settings = ClientSettings::default();
        if let Some(rate) = self.tuning.rate {
            settings.rate_limits = Some(self.op.rate_limits(rate));
        }
        if let Some(attempts) = self.tuning.max_attempts {
            settings.retry = Some(RetryPolicy::default().max_attempts(attempts));
        }
        settings
    }

    /// The bulk options: the tuning, the input's count, and a resumed journal's skips.
    fn options(&self, global: &Global, source: &Source, journal: Option<&Journal>) -> BulkOptions {
        let mut options = bulk_options(self.tuning.concurrency, self.tuning.max_attempts);
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
    fn summary<K: Ord + std::fmt::Display>(
        &self,
        global: &Global,
        report: &Report<K>,
        ending: &Ending<'_>,
    ) -> Result<(), WriteStop> {
        let mut totals = Totals::from(report);
        totals.earlier = ending.journal.filter(|j| j.resumed()).map(|j| Earlier {
            succeeded: j.done_at_start() - j.failed_at_start(),
            // With --retry-failed, those were sent again by this run.
            failed: if self.retry_failed {
                0
            } else {
                j.failed_at_start()
            },
        });
        let mut text = String::new();
        ending.printer.summary(&totals, &mut text);
        summary_out(global, &text, ending.signal.unwrap_or(ending.earned))?;
        if let Some(reason) = ending.printer.stop_reason() {
            error_line(&format!(
                "{} {} were not sent: the job stopped after: {reason}; rerun to send them",
                totals.not_attempted,
                self.op.noun()
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
        let noun = self.op.noun();
        format!("stopped: the {noun} not read, or read but not sent, were not done; {resume}")
    }

    /// What a resumed job says it skips.
    fn resume_note(&self, journal: &Journal) -> String {
        let path = self.checkpoint.map(Path::display);
        let path = path.map(|d| d.to_string()).unwrap_or_default();
        let failed = journal.failed_at_start();
        if self.retry_failed {
            return format!(
                "resuming from checkpoint {path}: skipping {} {} already done, sending the {failed} that failed again",
                journal.done_at_start() - failed,
                self.op.noun()
            );
        }
        let failed = match failed {
            0 => String::new(),
            n => format!(" ({n} of them failed; --retry-failed sends those again)"),
        };
        format!(
            "resuming from checkpoint {path}: skipping {} {} already done{failed}",
            journal.done_at_start(),
            self.op.noun()
        )
    }

    /// The options of a resumed job: skip what the journal says is done (or succeeded, with
    /// `--retry-failed`); record each chunk before a write sends it, and take a delete's "does
    /// not exist" for an account an earlier run sent as that run's success; hand the key
    /// fields and times of the chunks an earlier run sent to the operation (a message resent
    /// with its key within its window, or looked for before it is sent again).
    fn resume_options(&self, journal: &Journal, options: BulkOptions) -> BulkOptions {
        let skip = if self.retry_failed {
            journal.succeeded_set()
        } else {
            journal.done_set()
        };
        let sent = journal.sent_earlier();
        let earlier = journal.earlier_sends();
        let mut options = options
            .resume_from(skip.low_watermark())
            .skip(move |p| skip.contains(p))
            .sent_before(move |p| sent.contains(p))
            .earlier_sends(move |p| earlier(p));
        if self.op.writes() {
            options = options.before_send(journal.recorder());
        }
        options
    }
}

/// The hints of a run the service refused or that reached no server.
fn hints(client: &im_client::Client, printer: &Printer, earned: u8) {
    if let Some(failure) = printer.auth_failure() {
        error_line(&format!(
            "the service refused the credentials (SDKAppID {}, admin {}): {failure}; check the secret key, --sdkappid and --admin",
            client.sdkappid(),
            client.admin()
        ));
    }
    if earned == EXIT_UNREACHABLE {
        error_line(&format!(
            "service unreachable: no request reached {}; check --endpoint or --region, the network, and HTTPS_PROXY/NO_PROXY",
            client.base_url()
        ));
    }
}

/// A first Ctrl-C or SIGTERM stops `client` from sending (requests in flight finish).
pub(crate) fn stop_sending_on(interrupt: &Interrupt, client: &im_client::Client) {
    let stopping = client.clone();
    let stop = interrupt.requested();
    tokio::spawn(async move {
        stop.await;
        stopping.stop_sending();
    });
}

/// `items`, each with `fields` set over its own profile; as they are when there are none (no
/// step per item then).
fn overlaid<T: InputItem>(
    items: impl Stream<Item = T> + Send + 'static,
    fields: Profile,
) -> impl Stream<Item = T> + Send + 'static {
    if fields.is_empty() {
        items.left_stream()
    } else {
        items.map(move |item| item.overlay(&fields)).right_stream()
    }
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

#[cfg(test)]
mod tests {
    use im_accounts::bulk::BulkOp;

    use super::*;

    #[test]
    fn a_dry_run_runs_the_operations_own_and_journals_nothing() {
        let input = InputArgs {
            user_ids: vec!["a".into()],
            file: None,
            format: None,
            strict: false,
        };
        let tuning = Tuning {
            rate: None,
            concurrency: None,
            max_attempts: None,
        };
        let path = Path::new("job.ckpt");
        let job = || Job::new(BulkOp::Delete, &input, &tuning).checkpoint(Some(path), false);
        let mut dry = job().dry_run(true);
        let relabel = dry.for_dry_run().unwrap().expect("a delete has a dry run");
        assert_eq!((dry.op.clone(), dry.checkpoint), (BulkOp::Check, None));
        assert_eq!(relabel("Imported"), "would_delete");
        // Without --dry-run, nothing changes.
        let mut real = job();
        assert!(real.for_dry_run().unwrap().is_none());
        assert_eq!(
            (real.op.clone(), real.checkpoint),
            (BulkOp::Delete, Some(path))
        );
        // An operation without a dry run is refused rather than run for real.
        let mut check = Job::new(BulkOp::Check, &input, &tuning).dry_run(true);
        let err = check.for_dry_run().unwrap_err();
        assert_eq!(err.to_string(), "check has no dry run");
    }
}
