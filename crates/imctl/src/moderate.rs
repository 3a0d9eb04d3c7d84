//! `imctl moderate ...`: content moderation on im-moderation. `moderate TEXT` is one
//! content_moderation call; `moderate --file PATH` reads one text a line and sends them as
//! batch_content_moderation calls of 10, printing one line per text as each call answers;
//! `moderate keywords list|add|remove` manages the cloud keyword libraries (`keywords`).
//!
//! Exit codes: 0 when every text passed or only needs review, 1 when one is blocked or could
//! not be moderated (as a job with failed items), 2 for bad input (nothing sent for it), 3 for
//! refused credentials.

pub(crate) mod args;
mod keywords;
mod session;

use std::io::BufRead;

use im_client::Failure;
use im_moderation::{Content, ContentType, Judgement};
use serde::Serialize;

pub(crate) use args::ModerateArgs;
use args::{KeywordsCommand, ModerateCommand};
use session::client;

use crate::global::Global;
use crate::term::{
    CliError, Context, EXIT_FAILED, EXIT_OK, error_line, json_line, push_line, refused, render,
    write_stdout,
};

/// The texts of one batch_content_moderation call.
const BATCH: usize = im_moderation::MAX_BATCH_CONTENTS;

/// Runs one `moderate` command.
pub(crate) async fn run(global: &Global, args: &ModerateArgs) -> Result<u8, CliError> {
    match &args.command {
        Some(ModerateCommand::Keywords(command)) => match command {
            KeywordsCommand::List(list) => keywords::list(global, list).await,
            KeywordsCommand::Add(add) => keywords::add(global, add).await,
            KeywordsCommand::Remove(remove) => keywords::remove(global, remove).await,
        },
        None => match (&args.text, &args.file) {
            (Some(text), _) => one(global, args, text).await,
            (None, Some(path)) => file(global, args, path).await,
            (None, None) => Err(CliError::usage("give a TEXT or --file PATH")),
        },
    }
}

/// `moderate TEXT`: one content_moderation call.
async fn one(global: &Global, args: &ModerateArgs, text: &str) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let kind = if args.image {
        ContentType::Image
    } else {
        ContentType::Text
    };
    let judgement = match client.moderate(&args.audit_name, kind, text).await {
        Ok(judgement) => judgement,
        Err(err) => return Ok(refused(&err)),
    };
    let mut out = String::new();
    let earned = show(global, 1, text, &Ok(judgement), &mut out);
    Ok(match write_stdout(&out) {
        Ok(()) => earned,
        Err(stop) => stop.exit_code(earned),
    })
}

/// `moderate --file PATH`: the lines in calls of 10, each call's lines printed as it answers.
async fn file(
    global: &Global,
    args: &ModerateArgs,
    path: &std::path::Path,
) -> Result<u8, CliError> {
    let what = || format!("cannot read {}", path.display());
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file =
            std::fs::File::open(path).map_err(|e| CliError::usage(Context::new(what(), e)))?;
        Box::new(std::io::BufReader::new(file))
    };
    let (client, _connection) = client(global).await?;
    let mut earned = EXIT_OK;
    let mut batch: Vec<(u64, String)> = Vec::with_capacity(BATCH);
    for (number, line) in (1_u64..).zip(reader.lines()) {
        let line = line.map_err(|e| CliError::usage(Context::new(what(), e)))?;
        if line.trim().is_empty() {
            continue;
        }
        batch.push((number, line));
        if batch.len() == BATCH {
            earned = earned.max(send(global, &client, args, &batch).await?);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        earned = earned.max(send(global, &client, args, &batch).await?);
    }
    Ok(earned)
}

/// One call for up to 10 lines; a line over 8 KB fails alone, without being sent.
async fn send(
    global: &Global,
    client: &im_moderation::Client,
    args: &ModerateArgs,
    batch: &[(u64, String)],
) -> Result<u8, CliError> {
    let fits = |text: &str| im_proto::msg_audit::content_moderation::check_content("Content", text);
    let content = |text: &str| {
        if args.image {
            Content::Image(text.to_owned())
        } else {
            Content::Text(text.to_owned())
        }
    };
    let sendable: Vec<Content> = batch
        .iter()
        .filter(|(_, text)| fits(text).is_ok())
        .map(|(_, text)| content(text))
        .collect();
    let mut answers = match client.moderate_all(&args.audit_name, &sendable).await {
        Ok(outcomes) => outcomes.into_iter(),
        Err(err) => return Err(CliError::new(refused(&err), err)),
    };
    let mut out = String::new();
    let mut earned = EXIT_OK;
    for (number, text) in batch {
        let outcome = match fits(text) {
            Err(rule) => Err(Failure::Invalid(im_client::InvalidInput::Request(rule))),
            Ok(()) => answers.next().unwrap_or(Err(Failure::NoResult)),
        };
        earned = earned.max(show(global, *number, text, &outcome, &mut out));
    }
    match write_stdout(&out) {
        Ok(()) => Ok(earned),
        Err(stop) => Err(CliError::silent(stop.exit_code(earned))),
    }
}

/// One text's JSON line.
#[derive(Serialize)]
struct Line<'a> {
    line: u64,
    text: &'a str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
}

/// Adds one text's line to `out` (`RESULT SCORE LABEL KEYWORDS TEXT`, space-separated,
/// KEYWORDS comma-separated or `-`, escaped; `error - - - TEXT` for a failure, its reason on
/// stderr) and returns what it earns: 1 for a blocked or failed text.
fn show(
    global: &Global,
    number: u64,
    text: &str,
    outcome: &Result<Judgement, Failure>,
    out: &mut String,
) -> u8 {
    let mut line = Line {
        line: number,
        text,
        ok: outcome.is_ok(),
        result: None,
        score: None,
        label: None,
        keywords: None,
        request_id: None,
        error: None,
        code: None,
    };
    let (earned, human) = match outcome {
        Ok(j) => {
            line.result = Some(j.verdict.as_str());
            line.score = Some(j.score);
            line.label = Some(j.label.as_str());
            line.keywords = Some(&j.keywords);
            line.request_id = Some(&j.request_id);
            let earned = if j.is_blocked() { EXIT_FAILED } else { EXIT_OK };
            let words = if j.keywords.is_empty() {
                "-".to_owned()
            } else {
                j.keywords.join(",")
            };
            let verdict = j.verdict.as_str();
            let human = format!("{verdict} {} {} {words} {text}", j.score, j.label.as_str());
            (earned, human)
        }
        Err(failure) => {
            line.error = Some(render(failure));
            line.code = failure.code().map(|c| c.get());
            error_line(&format!("line {number}: {}", render(failure)));
            (EXIT_FAILED, format!("error - - - {text}"))
        }
    };
    if global.json {
        out.push_str(&json_line(&line));
    } else {
        push_line(out, &human);
    }
    earned
}
