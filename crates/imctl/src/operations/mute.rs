//! `imctl mute set|get`: an account's global mute.

use im_operations::MuteDuration;
use serde::Serialize;

use super::args::{MuteCommand, MuteGetArgs, MuteSetArgs};
use super::shared::{client, print_ok};
use crate::global::Global;
use crate::term::{CliError, json_line, push_line, refused, user_id};

/// Runs one `mute` command.
pub(crate) async fn run(global: &Global, command: &MuteCommand) -> Result<u8, CliError> {
    match command {
        MuteCommand::Set(args) => set(global, args).await,
        MuteCommand::Get(args) => get(global, args).await,
    }
}

/// What `mute set --json` prints: the times sent.
#[derive(Serialize)]
struct MuteSet<'a> {
    #[serde(rename = "Set_Account")]
    account: &'a str,
    #[serde(
        rename = "C2CmsgNospeakingTime",
        skip_serializing_if = "Option::is_none"
    )]
    c2c: Option<u32>,
    #[serde(
        rename = "GroupmsgNospeakingTime",
        skip_serializing_if = "Option::is_none"
    )]
    group: Option<u32>,
}

/// `mute set`: at least one of `--c2c` and `--group`.
async fn set(global: &Global, args: &MuteSetArgs) -> Result<u8, CliError> {
    if args.c2c.is_none() && args.group.is_none() {
        return Err(CliError::usage(
            "give --c2c DURATION or --group DURATION (or both): 1h, 3600, forever, 0 lifts",
        ));
    }
    let account = user_id(&args.account)?;
    let seconds = |d: Option<MuteDuration>| d.map(MuteDuration::to_seconds).transpose();
    let (c2c, group) = match (seconds(args.c2c), seconds(args.group)) {
        (Ok(c2c), Ok(group)) => (c2c, group),
        (Err(err), _) | (_, Err(err)) => return Ok(refused(&err)),
    };
    let (client, _connection) = client(global).await?;
    if let Err(err) = client.setnospeaking(&account, c2c, group).await {
        return Ok(refused(&err));
    }
    let text = if global.json {
        json_line(&MuteSet {
            account: account.as_str(),
            c2c,
            group,
        })
    } else {
        let mut text = String::new();
        let kinds = [("c2c", args.c2c), ("group", args.group)];
        for (kind, mute) in kinds.iter().filter_map(|(k, m)| Some((k, (*m)?))) {
            let line = format!("{}: {kind} {}", account.as_str(), described(mute));
            push_line(&mut text, &line);
        }
        text
    };
    Ok(print_ok(&text))
}

/// What `mute get --json` prints: the answer's two fields.
#[derive(Serialize)]
struct MuteGot {
    #[serde(rename = "C2CmsgNospeakingTime")]
    c2c: u32,
    #[serde(rename = "GroupmsgNospeakingTime")]
    group: u32,
}

/// `mute get`: a line per kind.
async fn get(global: &Global, args: &MuteGetArgs) -> Result<u8, CliError> {
    let account = user_id(&args.account)?;
    let (client, _connection) = client(global).await?;
    let answer = match client.getnospeaking_raw(&account).await {
        Ok(answer) => answer,
        Err(err) => return Ok(refused(&err)),
    };
    let (c2c, group) = (answer.c2c_time.unwrap_or(0), answer.group_time.unwrap_or(0));
    let text = if global.json {
        json_line(&MuteGot { c2c, group })
    } else {
        let mut text = String::new();
        for (kind, seconds) in [("c2c", c2c), ("group", group)] {
            let mute = MuteDuration::from_seconds(seconds);
            push_line(&mut text, &format!("{kind}: {}", described(mute)));
        }
        text
    };
    Ok(print_ok(&text))
}

/// `not muted`, `muted forever`, `muted for 1h 30m`.
fn described(mute: MuteDuration) -> String {
    match mute {
        MuteDuration::For(time) => format!("muted for {}", humantime::format_duration(time)),
        MuteDuration::Forever => "muted forever".to_owned(),
        _ => "not muted".to_owned(),
    }
}
