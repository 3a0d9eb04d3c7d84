//! A bulk job over a file of JSON Lines that the account input does not read (importmsg
//! requests, recipients with a body of their own): read as the engine pulls them, each outcome
//! printed (a JSON line with `--json`, else a line per failure), journaled with
//! `--checkpoint` as the shared runner journals (each chunk's keys recorded before it leaves;
//! a rerun skips what is done and hands the unsettled ones' records to the operation).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use futures::StreamExt;
use im_client::bulk::{BulkOperation, BulkOptions, ItemOutcome, Outcome, Report};
use im_client::{RateLimits, RetryPolicy};
use im_proto::Api;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::bulk::{Journal, Tuning, bulk_options, journal_lines};
use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::term::{
    CliError, Context, EXIT_FAILED, EXIT_OK, json_line, push_line, render, write_stdout,
};

/// One job over a file of lines.
pub(super) struct LinesJob<'a, Op: BulkOperation> {
    /// The operation, and its name in summaries and the journal.
    pub(super) op: Op,
    pub(super) name: &'static str,
    /// What names an item in its JSON line (`Message`, `To_Account`).
    pub(super) key_name: &'static str,
    pub(super) file: &'a Path,
    pub(super) tuning: &'a Tuning,
    pub(super) checkpoint: Option<&'a Path>,
    /// What a success's JSON line says it was (`imported`, `sent`).
    pub(super) status: fn(&Op::Output) -> &'static str,
}

/// One outcome as `--json` prints it.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    key: serde_json::Map<String, serde_json::Value>,
    position: u64,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// Opens `path` for reading, or exit 2 naming it.
pub(super) fn open(path: &Path) -> Result<File, CliError> {
    File::open(path)
        .map_err(|e| CliError::usage(Context::new(format!("cannot read {}", path.display()), e)))
}

/// The non-blank lines of `file` that are not comments, with their 1-based numbers, read as
/// the engine pulls them; a line that cannot be read is given as its error.
pub(super) fn data_lines(
    file: File,
) -> impl Iterator<Item = (usize, Result<String, String>)> + Send + 'static {
    BufReader::new(file)
        .lines()
        .enumerate()
        .filter_map(|(i, line)| match line {
            Err(e) => Some((i + 1, Err(e.to_string()))),
            Ok(line) => {
                let text = line.trim();
                (!text.is_empty() && !text.starts_with('#')).then(|| (i + 1, Ok(text.to_owned())))
            }
        })
}

impl<Op: BulkOperation> LinesJob<'_, Op> {
    /// Runs the job over `items`; the exit code.
    pub(super) async fn run<I>(self, global: &Global, items: I) -> Result<u8, CliError>
    where
        I: IntoIterator<Item = Op::Input>,
        I::IntoIter: Send + 'static,
    {
        let connection = connect(global, self.settings()).await?;
        let client = connection.client.runtime();
        let journal = match self.checkpoint {
            Some(path) => {
                let input = format!(
                    "app {}, {}",
                    client.sdkappid(),
                    fingerprint(open(self.file)?)?
                );
                Some(Journal::open(path, self.name, &input)?)
            }
            None => None,
        };
        let options = self.options(journal.as_ref());
        let mut run = client.bulk_iter(self.op, items, options);
        let mut failed = false;
        while let Some(outcome) = run.next().await {
            failed |= !outcome.outcome.is_ok();
            let text = shown(global.json, self.key_name, &outcome, self.status);
            if let Err(stop) = write_stdout(&text) {
                return Ok(stop.exit_code(EXIT_FAILED));
            }
            if let Some(journal) = &journal {
                for line in journal_lines(std::slice::from_ref(&outcome)) {
                    journal.append(&line)?;
                }
            }
        }
        let text = summary(global.json, self.name, run.report());
        let code = if failed { EXIT_FAILED } else { EXIT_OK };
        Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(code), |()| code))
    }

    /// The client settings `--rate` and `--max-attempts` ask for.
    fn settings(&self) -> ClientSettings {
        let mut settings = ClientSettings::default();
        if let Some(rate) = self.tuning.rate {
            let meta = self.op.metadata();
            let api = Api::from_path(meta.service, meta.command);
            settings.rate_limits = api.map(|api| RateLimits::default().set(api, Some(rate)));
        }
        if let Some(attempts) = self.tuning.max_attempts {
            settings.retry = Some(RetryPolicy::default().max_attempts(attempts));
        }
        settings
    }

    /// The engine's options: the pace, and a resumed journal's skips, earlier sends and
    /// records.
    fn options(&self, journal: Option<&Journal>) -> BulkOptions {
        let options = bulk_options(self.tuning.concurrency, self.tuning.max_attempts);
        let Some(journal) = journal else {
            return options;
        };
        let (done, sent) = (journal.done_set(), journal.sent_earlier());
        let earlier = journal.earlier_sends();
        options
            .resume_from(done.low_watermark())
            .skip(move |p| done.contains(p))
            .sent_before(move |p| sent.contains(p))
            .earlier_sends(move |p| earlier(p))
            .before_send(journal.recorder())
    }
}

/// What identifies the input for a checkpoint: a hash of its content.
fn fingerprint(mut file: File) -> Result<String, CliError> {
    let mut hash = Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| CliError::usage(Context::new("cannot read the input file", e)))?;
        if n == 0 {
            return Ok(format!("xxh3 {:016x}", hash.digest()));
        }
        hash.update(&buffer[..n]);
    }
}

/// One outcome: a JSON line, or a human line for a failure (successes say nothing).
fn shown<O>(
    json: bool,
    key_name: &str,
    outcome: &ItemOutcome<O>,
    status: fn(&O) -> &'static str,
) -> String {
    let failure = match &outcome.outcome {
        Outcome::Failed(failure) => Some(render(failure)),
        Outcome::NotAttempted(_) => Some("not sent (the job stopped first)".to_owned()),
        _ => None,
    };
    if json {
        let mut key = serde_json::Map::new();
        key.insert(key_name.to_owned(), outcome.label.clone().into());
        return json_line(&Shown {
            key,
            position: outcome.position,
            ok: outcome.outcome.is_ok(),
            status: outcome.outcome.ok().map(status),
            code: outcome
                .outcome
                .failure()
                .and_then(|f| f.code())
                .map(|c| c.get()),
            error: failure.as_deref(),
        });
    }
    let mut text = String::new();
    if let Some(failure) = failure {
        push_line(&mut text, &format!("{}: failed: {failure}", outcome.label));
    }
    text
}

/// The summary: a JSON object, or a line.
fn summary<K: Ord + std::fmt::Display>(
    json: bool,
    name: &str,
    report: Option<&Report<K>>,
) -> String {
    let counts = report.map_or((0, 0, 0, 0, 0), |r| {
        (r.total, r.succeeded, r.failed, r.skipped, r.not_attempted)
    });
    let (total, succeeded, failed, skipped, not_attempted) = counts;
    let by_status: serde_json::Map<String, serde_json::Value> = report
        .map(|r| {
            r.by_kind
                .iter()
                .map(|(k, n)| (k.to_string(), n.into()))
                .collect()
        })
        .unwrap_or_default();
    if json {
        return json_line(&serde_json::json!({
            "summary": true, "op": name, "total": total, "succeeded": succeeded,
            "failed": failed, "skipped": skipped, "not_attempted": not_attempted,
            "by_status": by_status,
        }));
    }
    let mut text = String::new();
    push_line(
        &mut text,
        &format!(
            "{name}: {succeeded} succeeded, {failed} failed, {not_attempted} not sent, {skipped} skipped of {total}"
        ),
    );
    text
}
