//! `groups messages send|history|recall|import`: one call (send), a paged read (history), and
//! the recalls and imports im-groups chunks at their declared maxima, one outcome per message.

use futures::StreamExt;
use im_groups::ItemOutcome;
use im_proto::group::group_msg_get_simple::HistoryMsg;
use im_proto::group::import_group_msg::ImportMsg;
use im_proto::group::send_group_msg;
use serde::Serialize;

use super::args::{GroupHistoryArgs, GroupImportArgs, GroupSendArgs, RecallArgs};
use super::manage::client;
use crate::files::read_capped;
use crate::global::Global;
use crate::messages::{body_text, message_body};
use crate::term::{
    CliError, Context, EXIT_FAILED, EXIT_OK, error_line, json_line, push_line, refused, render,
    user_id, write_stdout,
};

/// The largest file of messages `import` reads (import_group_msg's messages are at most 12 KB
/// each; a file far larger is better split).
const MAX_IMPORT_FILE: u64 = 256 << 20;

/// What `send --json` prints.
#[derive(Serialize)]
struct Sent<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "MsgSeq")]
    msg_seq: Option<u32>,
    #[serde(rename = "MsgTime")]
    msg_time: Option<i64>,
    #[serde(rename = "Random")]
    random: u32,
}

/// `groups messages send GROUP_ID --text TEXT|--body @FILE [--from ACCOUNT] [--topic TOPIC_ID]`:
/// the MsgSeq alone.
pub(super) async fn send(global: &Global, args: &GroupSendArgs) -> Result<u8, CliError> {
    let body = message_body(args.text.as_deref(), args.body.as_deref())?;
    let mut request = send_group_msg::Request::new(args.group_id.clone(), 0, body);
    request.from_account = args.from.as_deref().map(user_id).transpose()?;
    request.topic_id.clone_from(&args.topic);
    let (client, _connection) = client(global).await?;
    let sent = match client.send_group_msg(request).await {
        Ok(sent) => sent,
        Err(err) => return Ok(refused(&err)),
    };
    let text = if global.json {
        json_line(&Sent {
            group_id: &args.group_id,
            msg_seq: sent.msg_seq,
            msg_time: sent.msg_time,
            random: sent.random,
        })
    } else {
        let mut text = String::new();
        push_line(&mut text, &sent.msg_seq.unwrap_or_default().to_string());
        text
    };
    Ok(written(&text, EXIT_OK))
}

/// `groups messages history GROUP_ID [--topic TOPIC_ID]`: every message, newest first.
pub(super) async fn history(global: &Global, args: &GroupHistoryArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let messages =
        client.group_history_in(&args.group_id, args.topic.as_deref(), args.with_recalled);
    let mut messages = std::pin::pin!(messages);
    while let Some(message) = messages.next().await {
        let message = match message {
            Ok(message) => message,
            Err(err) => return Ok(refused(&err)),
        };
        let text = if global.json {
            json_line(&message)
        } else {
            let mut text = String::new();
            push_line(&mut text, &history_line(&message));
            text
        };
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(EXIT_OK));
        }
    }
    Ok(EXIT_OK)
}

/// `7 1584669680 alice: hello` (escaped when printed; other elements by their kind, a
/// recalled message marked).
fn history_line(message: &HistoryMsg) -> String {
    let body = body_text(&message.msg_body);
    let recalled = if message.is_place_msg == Some(2) {
        " (recalled)"
    } else {
        ""
    };
    format!(
        "{} {} {}{recalled}: {}",
        message.msg_seq, message.msg_time_stamp, message.from_account, body
    )
}

/// One message's outcome, as `--json` prints it.
#[derive(Serialize)]
struct Outcome<'a> {
    #[serde(rename = "MsgSeq", skip_serializing_if = "Option::is_none")]
    msg_seq: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// `groups messages recall GROUP_ID MSGSEQ... [--topic TOPIC_ID]`: one outcome per MsgSeq.
pub(super) async fn recall(global: &Global, args: &RecallArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let topic = args.topic.as_deref();
    let outcomes = client
        .recall_group_msgs_in(&args.group_id, topic, &args.seqs)
        .await;
    let shown = outcomes.into_iter().zip(&args.seqs).map(|(o, &seq)| {
        let status = o.result.map(|()| "recalled");
        (format!("MsgSeq {seq}"), Some(seq), None, status)
    });
    Ok(print_outcomes(global, shown))
}

/// `groups messages import GROUP_ID --file FILE`: one outcome per line, its MsgSeq.
pub(super) async fn import(global: &Global, args: &GroupImportArgs) -> Result<u8, CliError> {
    let (lines, messages) = read_messages(&args.file)?;
    let (client, _connection) = client(global).await?;
    let outcomes = match client.import_group_msgs(&args.group_id, messages).await {
        Ok(outcomes) => outcomes,
        Err(err) => return Ok(refused(&err)),
    };
    let shown = outcomes.into_iter().zip(lines).map(|(o, line)| {
        let ItemOutcome { result, .. } = o;
        let seq = result.as_ref().ok().copied();
        (
            format!("line {line}"),
            seq,
            Some(line),
            result.map(|_| "imported"),
        )
    });
    Ok(print_outcomes(global, shown))
}

/// The messages of a JSON Lines file, with their line numbers: a line that is not a message
/// stops the import before anything is sent (exit 2, naming the line).
fn read_messages(path: &std::path::Path) -> Result<(Vec<u64>, Vec<ImportMsg>), CliError> {
    let what = || format!("cannot read {}", path.display());
    let file = std::fs::File::open(path).map_err(|e| CliError::usage(Context::new(what(), e)))?;
    let bytes =
        read_capped(file, MAX_IMPORT_FILE).map_err(|e| CliError::usage(Context::new(what(), e)))?;
    let text = String::from_utf8(bytes).map_err(|e| CliError::usage(Context::new(what(), e)))?;
    let (mut lines, mut messages) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let number = i as u64 + 1;
        let message: ImportMsg = serde_json::from_str(line).map_err(|e| {
            let what = format!(
                "{} line {number}: not a message (From_Account, SendTime, MsgBody)",
                path.display()
            );
            CliError::usage(Context::new(what, e))
        })?;
        lines.push(number);
        messages.push(message);
    }
    Ok((lines, messages))
}

/// A message's outcome: its key, MsgSeq, line and what happened.
type Shown = (
    String,
    Option<u32>,
    Option<u64>,
    Result<&'static str, im_client::Failure>,
);

/// Prints each outcome (a success on stdout, a failure on stderr; `--json`: every one on
/// stdout); exit 1 if any failed.
fn print_outcomes(global: &Global, outcomes: impl Iterator<Item = Shown>) -> u8 {
    let (mut text, mut earned) = (String::new(), EXIT_OK);
    for (key, msg_seq, line, result) in outcomes {
        if result.is_err() {
            earned = EXIT_FAILED;
        }
        let (status, error) = match &result {
            Ok(status) => (Some(*status), None),
            Err(failure) => (None, Some(render(failure))),
        };
        if global.json {
            let ok = result.is_ok();
            text.push_str(&json_line(&Outcome {
                msg_seq,
                line,
                ok,
                status,
                error,
            }));
        } else if let Some(error) = error {
            error_line(&format!("{key}: {error}"));
        } else {
            // An import's line says the MsgSeq it got; a recall's key is its MsgSeq.
            let seq = match (line, msg_seq) {
                (Some(_), Some(s)) => format!("MsgSeq {s} "),
                _ => String::new(),
            };
            push_line(
                &mut text,
                &format!("{key}: {seq}{}", status.unwrap_or_default()),
            );
        }
    }
    written(&text, earned)
}

/// Writes `text` to stdout; the exit code `earned`, or the one a closed stdout gives.
fn written(text: &str, earned: u8) -> u8 {
    match write_stdout(text) {
        Ok(()) => earned,
        Err(stop) => stop.exit_code(earned),
    }
}
