//! `imctl messages import --file FILE`: JSON Lines of `importmsg` requests, imported one a
//! call by im-messages' [`ImportMsg`] on the engine, journaled with `--checkpoint` (each
//! message's keys recorded before it leaves; a rerun resends an unsettled one with them).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use futures::StreamExt;
use im_client::bulk::{BulkOptions, ItemOutcome, Outcome};
use im_client::{RateLimits, RetryPolicy};
use im_messages::{IMPORT_HISTORY, IMPORT_REALTIME, ImportItem, ImportMsg};
use im_proto::openim::importmsg;
use im_proto::{Api, Endpoint};
use serde::Serialize;
use serde_json::Value;
use xxhash_rust::xxh3::Xxh3;

use super::args::{ImportArgs, ImportKind};
use crate::bulk::{Journal, bulk_options, journal_lines};
use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::term::{
    CliError, Context, EXIT_FAILED, EXIT_OK, json_line, push_line, render, write_stdout,
};

/// What `--json` prints for one message.
#[derive(Serialize)]
struct Imported<'a> {
    #[serde(rename = "Message")]
    label: &'a str,
    position: u64,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Runs `messages import`.
pub(crate) async fn run(global: &Global, args: &ImportArgs) -> Result<u8, CliError> {
    let open = |path: &Path| {
        File::open(path).map_err(|e| {
            CliError::usage(Context::new(format!("cannot read {}", path.display()), e))
        })
    };
    let mut settings = ClientSettings::default();
    if let Some(rate) = args.tuning.rate {
        let meta = &importmsg::Request::METADATA;
        let api = Api::from_path(meta.service, meta.command);
        settings.rate_limits = api.map(|api| RateLimits::default().set(api, Some(rate)));
    }
    if let Some(attempts) = args.tuning.max_attempts {
        settings.retry = Some(RetryPolicy::default().max_attempts(attempts));
    }
    let connection = connect(global, settings).await?;
    let client = &connection.client;
    let journal = match &args.checkpoint {
        Some(path) => {
            let input = format!(
                "app {}, {}",
                client.sdkappid(),
                fingerprint(open(&args.file)?)?
            );
            Some(Journal::open(path, "import-messages", &input)?)
        }
        None => None,
    };
    let options = options(args, journal.as_ref());
    let sync = match args.sync {
        ImportKind::History => IMPORT_HISTORY,
        ImportKind::Realtime => IMPORT_REALTIME,
    };
    let items = messages(open(&args.file)?, sync);
    let mut run = client.runtime().bulk_iter(ImportMsg, items, options);
    let mut failed = false;
    while let Some(outcome) = run.next().await {
        failed |= !outcome.outcome.is_ok();
        let text = shown(global.json, &outcome);
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(EXIT_FAILED));
        }
        if let Some(journal) = &journal {
            for line in journal_lines(std::slice::from_ref(&outcome)) {
                journal.append(&line)?;
            }
        }
    }
    let report = run.report().cloned();
    let text = summary(global.json, report.as_ref());
    let code = if failed { EXIT_FAILED } else { EXIT_OK };
    Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(code), |()| code))
}

/// The engine's options: the pace, and a resumed journal's skips, earlier sends and records.
fn options(args: &ImportArgs, journal: Option<&Journal>) -> BulkOptions {
    let options = bulk_options(args.tuning.concurrency, args.tuning.max_attempts);
    let Some(journal) = journal else {
        return options;
    };
    let (done, sent, earlier) = (
        journal.done_set(),
        journal.sent_earlier(),
        journal.earlier_sends(),
    );
    options
        .resume_from(done.low_watermark())
        .skip(move |p| done.contains(p))
        .sent_before(move |p| sent.contains(p))
        .earlier_sends(move |p| earlier(p))
        .before_send(journal.recorder())
}

/// What identifies the input for a checkpoint: a hash of its content.
fn fingerprint(mut file: File) -> Result<String, CliError> {
    let mut hash = Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| CliError::usage(Context::new("cannot read the messages file", e)))?;
        if n == 0 {
            return Ok(format!("xxh3 {:016x}", hash.digest()));
        }
        hash.update(&buffer[..n]);
    }
}

/// The messages of `file`, one per line, read as the engine pulls them: a line that is not a
/// request is an item rejected with its line number.
fn messages(file: File, sync: u32) -> impl Iterator<Item = ImportItem> + Send + 'static {
    BufReader::new(file)
        .lines()
        .enumerate()
        .filter_map(move |(i, line)| {
            let label = format!("line {}", i + 1);
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    return Some(ImportItem::Rejected {
                        label,
                        reason: e.to_string(),
                    });
                }
            };
            let text = line.trim();
            (!text.is_empty() && !text.starts_with('#')).then(|| message(text, sync, label))
        })
}

/// One line: the request, `SyncFromOldSystem` set to `sync` when the line does not give it.
fn message(text: &str, sync: u32, label: String) -> ImportItem {
    let rejected = |why: String| ImportItem::Rejected {
        reason: format!("{label}: {why}"),
        label: label.clone(),
    };
    let mut value: Value = match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Value::Object(map),
        Ok(_) => return rejected("not a JSON object".into()),
        Err(e) => return rejected(format!("not JSON: {e}")),
    };
    value
        .as_object_mut()
        .map(|map| map.entry("SyncFromOldSystem").or_insert(sync.into()));
    match serde_json::from_value::<importmsg::Request>(value) {
        Ok(request) => ImportItem::Message(Box::new(request)),
        Err(e) => rejected(format!("not an importmsg request: {e}")),
    }
}

/// One outcome: a JSON line, or a human line for a failure (successes say nothing).
fn shown(json: bool, outcome: &ItemOutcome<()>) -> String {
    let failure = match &outcome.outcome {
        Outcome::Failed(failure) => Some(render(failure)),
        Outcome::NotAttempted(_) => Some("not sent (the job stopped first)".to_owned()),
        _ => None,
    };
    if json {
        let code = outcome
            .outcome
            .failure()
            .and_then(|f| f.code())
            .map(|c| c.get());
        return json_line(&Imported {
            label: &outcome.label,
            position: outcome.position,
            ok: outcome.outcome.is_ok(),
            code,
            error: failure,
        });
    }
    let mut text = String::new();
    if let Some(failure) = failure {
        push_line(&mut text, &format!("{}: failed: {failure}", outcome.label));
    }
    text
}

/// The summary: a JSON object, or a line.
fn summary(json: bool, report: Option<&im_client::bulk::Report<&'static str>>) -> String {
    let (total, succeeded, failed, skipped, not_attempted) = report.map_or((0, 0, 0, 0, 0), |r| {
        (r.total, r.succeeded, r.failed, r.skipped, r.not_attempted)
    });
    if json {
        return json_line(&serde_json::json!({
            "summary": true, "op": "import-messages", "total": total, "succeeded": succeeded,
            "failed": failed, "skipped": skipped, "not_attempted": not_attempted,
        }));
    }
    let mut text = String::new();
    push_line(
        &mut text,
        &format!(
            "import-messages: {succeeded} imported, {failed} failed, {not_attempted} not sent, {skipped} skipped of {total}"
        ),
    );
    text
}
