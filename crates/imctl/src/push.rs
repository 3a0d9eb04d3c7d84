//! `imctl push send|attrs|tags`: push to all users (im_push) and the users' push attributes and
//! tags, through im-push (validation first, retries, the same exit codes: 1 for a refused call,
//! 3 for refused credentials). The day's pushes are also counted across runs (`ledger`).

mod args;
mod ledger;
mod lists;
mod shared;

pub(crate) use args::PushCommand;
use args::SendArgs;
use shared::{client, pairs};

use im_proto::all_member_push::im_push::Request;
use im_proto::{Endpoint, Per};
use im_push::Push;
use serde::Serialize;

use crate::config::quotas;
use crate::global::Global;
use crate::term::{CliError, Context, json_line, print, push_line, refused, user_id};

/// What `push send --json` prints.
#[derive(Serialize)]
struct Sent<'a> {
    #[serde(rename = "TaskId")]
    task_id: Option<&'a str>,
    ok: bool,
}

/// Runs one `push` command.
pub(crate) async fn run(global: &Global, command: &PushCommand) -> Result<u8, CliError> {
    match command {
        PushCommand::Send(args) => send(global, args).await,
        PushCommand::Attrs(command) => lists::attrs(global, command).await,
        PushCommand::Tags(command) => lists::tags(global, command).await,
    }
}

/// `push send`: the request checked, the push counted in the day's file (not with the
/// embedded emulator, which starts afresh each run), then sent.
async fn send(global: &Global, args: &SendArgs) -> Result<u8, CliError> {
    let request = request(args)?;
    request
        .validate()
        .map_err(|e| CliError::usage(Context::new("push send", e)))?;
    let (client, _connection) = client(global).await?;
    if !global.emulator {
        count(global, client.sdkappid()).await?;
    }
    let task = match client.im_push(&request).await {
        Ok(task) => task,
        Err(err) => return Ok(refused(&err)),
    };
    let text = if global.json {
        json_line(&Sent {
            task_id: task.as_deref(),
            ok: true,
        })
    } else {
        let mut text = String::new();
        push_line(
            &mut text,
            &format!("pushed: task {}", task.as_deref().unwrap_or("-")),
        );
        text
    };
    Ok(print(&text))
}

/// Counts the push in the day's file of `sdkappid`, at the day quota as enforced (`--quota
/// im_push=N/day`, else the declared 100).
async fn count(global: &Global, sdkappid: u64) -> Result<(), CliError> {
    let meta = &Request::METADATA;
    let Some(day) = meta
        .quotas
        .iter()
        .find(|q| matches!(q.per, Per::Day { .. }))
    else {
        return Ok(());
    };
    let Per::Day { utc_offset_minutes } = day.per else {
        return Ok(());
    };
    let limit = quotas(&global.quota)?.limit(meta, day);
    ledger::take(&ledger::path(sdkappid)?, limit, utc_offset_minutes).await
}

/// The request the arguments describe.
fn request(args: &SendArgs) -> Result<Request, CliError> {
    let mut push = Push::text(args.text.clone());
    if let Some(from) = &args.from {
        push = push.from(user_id(from)?);
    }
    if let Some(seconds) = args.life_time {
        let seconds = u32::try_from(seconds).map_err(|_| {
            CliError::usage(format!(
                "--life-time {seconds}: at most 604800 seconds (7 days)"
            ))
        })?;
        push = push.life_time(seconds);
    }
    if let Some(random) = args.random {
        push = push.msg_random(random);
    }
    if !args.tags.is_empty() {
        let tags = args.tags.iter().cloned();
        push = if args.all_tags {
            push.tags_and(tags)
        } else {
            push.tags_or(tags)
        };
    }
    if !args.attrs.is_empty() {
        let attrs = pairs(&args.attrs, "--attr")?;
        push = if args.all_attrs {
            push.attrs_and(attrs)
        } else {
            push.attrs_or(attrs)
        };
    }
    Ok(push.build())
}
