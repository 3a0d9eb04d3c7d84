//! `imctl messages ...`: the one-to-one message commands, on im-messages. `send` is a bulk job
//! on the shared runner (`bulk`, its operation in `send`); `import` runs the engine over JSON
//! Lines itself (`import`), journaled as the runner journals; `history`, `withdraw` and
//! `unread` are one call (or one paged read) each.

pub(crate) mod args;
mod import;
mod lines;
mod personal;
mod send;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use im_messages::{BatchSendMsg, Message, Withdrawn};
use im_proto::message::{MsgBody, MsgElement, MsgKey};
use im_proto::openim::admin_getroammsg::RoamMessage;
use im_proto::openim::batchsendmsg;
use im_proto::{Api, Endpoint, Per, QuotaCount, UserId};
use serde::Serialize;

pub(crate) use args::MessagesCommand;
use args::{HistoryArgs, SendArgs, UnreadArgs, WithdrawArgs, YesNo};
use send::SendJob;

use crate::bulk::{Fields, InputArgs, Job, Source};
use crate::config::{ClientSettings, connect};
use crate::files::read_capped;
use crate::global::{Global, QuotaArg};
use crate::term::{
    CliError, Context, EXIT_FAILED, EXIT_OK, escape, json_line, note, push_line, refused, user_id,
    write_stdout,
};

/// The largest `--body @FILE` read: a message is at most 12 KB; anything far larger is a
/// mistake.
const MAX_BODY_FILE: u64 = 1 << 20;

/// Runs one `messages` command.
pub(crate) async fn run(global: &Global, command: &MessagesCommand) -> Result<u8, CliError> {
    match command {
        MessagesCommand::Send(args) => send(global, args).await,
        MessagesCommand::History(args) => history(global, args).await,
        MessagesCommand::Withdraw(args) => withdraw(global, args).await,
        MessagesCommand::Unread(args) => unread(global, args).await,
        MessagesCommand::Import(args) => import::run(global, args).await,
    }
}

/// `messages send`: the message from the flags, the recipients from `--to`, on the runner.
async fn send(global: &Global, args: &SendArgs) -> Result<u8, CliError> {
    let mut message = Message::new(body(args)?).sync_sender(args.sync_sender == YesNo::Yes);
    if let Some(from) = &args.from {
        message = message.from(user_id(from)?);
    }
    if !args.dry_run && has_own_bodies(&args.to)? {
        return personal::run(global, args, message).await;
    }
    let op = BatchSendMsg::new(message).map_err(CliError::usage)?;
    let input = InputArgs {
        user_ids: Vec::new(),
        file: Some(args.to.clone()),
        format: args.format,
        strict: args.strict,
    };
    if !global.quiet {
        quota_note(&input, &global.quota);
    }
    let job = Job::new(SendJob::new(op), &input, &args.tuning)
        .checkpoint(args.checkpoint.as_deref(), false)
        .dry_run(args.dry_run);
    job.run(global).await
}

/// Whether the recipients file gives any recipient a body of its own (a JSON line with a
/// `MsgBody`): such a job sends each recipient its message by sendmsg (`personal`). Standard
/// input cannot be read twice: it is read as recipients only.
fn has_own_bodies(path: &std::path::Path) -> Result<bool, CliError> {
    if path.as_os_str() == "-" {
        return Ok(false);
    }
    for (_, line) in lines::data_lines(lines::open(path)?) {
        let Ok(text) = line else { continue };
        if text.starts_with('{') && text.contains("\"MsgBody\"") {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if value.get("MsgBody").is_some() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The message body of `--text` or `--body @FILE`.
fn body(args: &SendArgs) -> Result<MsgBody, CliError> {
    message_body(args.text.as_deref(), args.body.as_deref())
}

/// The message body of `--text TEXT` or `--body @FILE` (the group sends take them too).
pub(crate) fn message_body(text: Option<&str>, body: Option<&str>) -> Result<MsgBody, CliError> {
    if let Some(text) = text {
        return Ok(MsgBody::from(vec![MsgElement::text(text.to_owned())]));
    }
    let arg = body.unwrap_or_default();
    let Some(path) = arg.strip_prefix('@').filter(|p| !p.is_empty()) else {
        return Err(CliError::usage(
            "--body takes @FILE (or @- for standard input): a file holding the MsgBody JSON array",
        ));
    };
    let what = || format!("--body {arg}: cannot read {path}");
    let bytes = if path == "-" {
        read_capped(std::io::stdin().lock(), MAX_BODY_FILE)
    } else {
        let file =
            std::fs::File::open(path).map_err(|e| CliError::usage(Context::new(what(), e)))?;
        read_capped(file, MAX_BODY_FILE)
    };
    let bytes = bytes.map_err(|e| CliError::usage(Context::new(what(), e)))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let what = format!(
            "--body {arg}: not a MsgBody (a JSON array of {{\"MsgType\", \"MsgContent\"}} elements)"
        );
        CliError::usage(Context::new(what, e))
    })
}

/// How long the recipients take at the per-minute recipient quota (the declared one, or the
/// one `--quota` sets), said before the job starts (the progress bar's ETA then follows the
/// pace seen).
fn quota_note(input: &InputArgs, raised: &[QuotaArg]) {
    let Some(count) = Source::open(input, Fields::Recipient, false)
        .ok()
        .and_then(|source| source.count_items())
    else {
        return;
    };
    let meta = &batchsendmsg::Request::METADATA;
    let per_minute = meta
        .quotas
        .iter()
        .find(|q| q.per == Per::Minute && q.counts == QuotaCount::Items)
        .and_then(|q| {
            let set = raised.iter().rev().find(|r| {
                Api::from_path(meta.service, meta.command) == Some(r.api)
                    && r.per == q.per
                    && r.counts == q.counts
            });
            set.map_or(Some(q.limit), |r| r.limit)
        })
        .map(u64::from);
    // Said only for a job longer than a minute at the quota.
    if let Some(per_minute) = per_minute.filter(|&n| n > 0 && count > n) {
        let minutes = count.div_ceil(per_minute);
        note(&format!(
            "{count} recipients at the quota of {per_minute} a minute: about {minutes} min (a raised quota goes faster)"
        ));
    }
}

/// What `history --json` prints for one message.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    message: &'a RoamMessage,
}

/// `messages history A B`: every message of A's side of the conversation, a line each.
async fn history(global: &Global, args: &HistoryArgs) -> Result<u8, CliError> {
    let (operator, peer) = (user_id(&args.operator)?, user_id(&args.peer)?);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let since = args
        .since
        .map_or(Duration::from_secs(now.as_secs()), Into::into);
    let max = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
    let min = max
        .saturating_sub(i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
        .max(0);
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_messages::Client::from(connection.client.runtime().clone());
    let mut messages = client.history(&operator, &peer, min, max);
    while let Some(message) = messages.next().await {
        let message = match message {
            Ok(message) => message,
            Err(err) => return Ok(refused(&err)),
        };
        let text = if global.json {
            json_line(&Shown { message: &message })
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

/// `1584669680 user1 -> user2 549396494_2578554_1584669680: hello` (text escaped for the
/// terminal; other elements by their kind, a recalled message marked).
fn history_line(message: &RoamMessage) -> String {
    let body = body_text(&message.msg_body);
    let recalled = if message.msg_flag_bits & 8 != 0 {
        " (recalled)"
    } else {
        ""
    };
    let line = format!(
        "{} {} -> {} {}{recalled}: {}",
        message.msg_time_stamp, message.from_account, message.to_account, message.msg_key, body
    );
    escape(&line).into_owned()
}

/// A message body as one line: its texts, other elements by their kind (`[TIMImageElem]`),
/// separated by spaces (not yet escaped).
pub(crate) fn body_text(body: &im_proto::message::MsgBody) -> String {
    let parts: Vec<String> = body
        .elements()
        .iter()
        .map(|element| match element {
            MsgElement::Text(text) => text.text.clone().unwrap_or_default(),
            other => format!("[{}]", other.msg_type()),
        })
        .collect();
    parts.join(" ")
}

/// What `withdraw --json` prints.
#[derive(Serialize)]
struct Done<'a> {
    #[serde(rename = "MsgKey")]
    key: &'a str,
    ok: bool,
    status: &'a str,
}

/// `messages withdraw A B MSGKEY`.
async fn withdraw(global: &Global, args: &WithdrawArgs) -> Result<u8, CliError> {
    let (from, to) = (user_id(&args.from)?, user_id(&args.to)?);
    let key = MsgKey::new(args.key.as_str()).map_err(CliError::usage)?;
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_messages::Client::from(connection.client.runtime().clone());
    let status = match client.admin_msgwithdraw(&from, &to, &key).await {
        Ok(Withdrawn::Earlier) => "withdrawn (by an attempt whose answer was lost)",
        Ok(_) => "withdrawn",
        Err(err) => return Ok(refused(&err)),
    };
    let text = if global.json {
        let done = Done {
            key: key.as_str(),
            ok: true,
            status: "withdrawn",
        };
        json_line(&done)
    } else {
        let mut text = String::new();
        push_line(&mut text, &escape(&format!("{key}: {status}")));
        text
    };
    Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK))
}

/// What `unread --json` prints.
#[derive(Serialize)]
struct Unread<'a> {
    #[serde(rename = "To_Account")]
    account: &'a str,
    #[serde(rename = "Peer_Account", skip_serializing_if = "Option::is_none")]
    peer: Option<&'a str>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    unread: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// `messages unread ACCOUNT [--peer B]...`.
async fn unread(global: &Global, args: &UnreadArgs) -> Result<u8, CliError> {
    let account = user_id(&args.account)?;
    let peers = args
        .peer
        .iter()
        .map(|p| user_id(p))
        .collect::<Result<Vec<_>, _>>()?;
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_messages::Client::from(connection.client.runtime().clone());
    let mut rows = Vec::new();
    let mut code = EXIT_OK;
    if peers.is_empty() {
        match client.unread_total(&account).await {
            Ok(n) => rows.push((None, Ok(n))),
            Err(err) => return Ok(refused(&err)),
        }
    } else {
        let outcomes = match client.get_c2c_unread_msg_num(&account, &peers).await {
            Ok(outcomes) => outcomes,
            Err(err) => return Ok(refused(&err)),
        };
        for outcome in outcomes {
            code = code.max(if outcome.is_ok() {
                EXIT_OK
            } else {
                EXIT_FAILED
            });
            rows.push((Some(outcome.user_id), outcome.result));
        }
    }
    let mut text = String::new();
    for (peer, result) in &rows {
        let peer = peer.as_ref().map(UserId::as_str);
        if global.json {
            let row = Unread {
                account: account.as_str(),
                peer,
                ok: result.is_ok(),
                unread: result.as_ref().ok().copied(),
                code: result
                    .as_ref()
                    .err()
                    .and_then(|f| f.code())
                    .map(|c| c.get()),
                error: result.as_ref().err().map(|f| crate::term::render(f)),
            };
            text.push_str(&json_line(&row));
        } else {
            let who = peer.map_or_else(|| account.to_string(), |p| format!("{account} with {p}"));
            let what = match result {
                Ok(n) => format!("{n} unread"),
                Err(failure) => crate::term::render(failure),
            };
            push_line(&mut text, &escape(&format!("{who}: {what}")));
        }
    }
    Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(code), |()| code))
}
