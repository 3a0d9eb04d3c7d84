//! The arguments of `imctl mute ...` and `imctl app ...` (clap derive: the doc comments are the
//! `--help` text).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use im_operations::MuteDuration;

/// `imctl mute ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum MuteCommand {
    /// Set an account's global mute of one-to-one and of group messages (setnospeaking): a
    /// time from now (`1h`, `90m`, `3600`), `forever`, or `0` to lift it; a kind not given is
    /// left as it is.
    Set(MuteSetArgs),
    /// Show what is left of an account's global mute (getnospeaking); --json: the answer's
    /// C2CmsgNospeakingTime and GroupmsgNospeakingTime (seconds; 4294967295 for good).
    Get(MuteGetArgs),
}

/// `imctl mute set`.
#[derive(Debug, Args)]
pub(crate) struct MuteSetArgs {
    /// The account.
    pub(crate) account: String,
    /// How long its one-to-one sends are refused: `1h`, `3600` (seconds), `forever`, `0` lifts.
    #[arg(long, value_name = "DURATION", value_parser = mute_duration)]
    pub(crate) c2c: Option<MuteDuration>,
    /// How long its group sends are refused: `1h`, `3600` (seconds), `forever`, `0` lifts.
    #[arg(long, value_name = "DURATION", value_parser = mute_duration)]
    pub(crate) group: Option<MuteDuration>,
}

/// `imctl mute get`.
#[derive(Debug, Args)]
pub(crate) struct MuteGetArgs {
    /// The account.
    pub(crate) account: String,
}

/// A mute time: `forever`, `0` (lift), or a duration in whole seconds (`1h`, `3600`).
fn mute_duration(text: &str) -> Result<MuteDuration, String> {
    if text.trim().eq_ignore_ascii_case("forever") {
        return Ok(MuteDuration::Forever);
    }
    match crate::durations::whole_seconds(text)? {
        0 => Ok(MuteDuration::Off),
        secs => {
            let mute = MuteDuration::For(std::time::Duration::from_secs(secs));
            mute.to_seconds().map_err(|e| e.to_string())?;
            Ok(mute)
        }
    }
}

/// `imctl app ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AppCommand {
    /// The app's operations data of the last 30 days (getappinfo): one block a day of
    /// `Field value` lines (--json: one object a day).
    Info(AppInfoArgs),
    /// The message history files of one hour, Beijing time (get_history): one download address
    /// a line (--json: one object a file); --download fetches them.
    History(AppHistoryArgs),
}

/// `imctl app info`.
#[derive(Debug, Args)]
pub(crate) struct AppInfoArgs {
    /// Only this field (repeatable), e.g. `--field C2CUpMsgNum`; default every field.
    #[arg(long = "field", value_name = "NAME")]
    pub(crate) fields: Vec<String>,
}

/// Which messages: one-to-one or group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChatTypeArg {
    /// One-to-one messages (ChatType C2C).
    C2c,
    /// Group messages (ChatType Group).
    Group,
}

/// `imctl app history`.
#[derive(Debug, Args)]
pub(crate) struct AppHistoryArgs {
    /// One-to-one or group messages.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub(crate) chat_type: ChatTypeArg,
    /// The day, Beijing time: YYYY-MM-DD or YYYYMMDD.
    #[arg(long, value_name = "DATE")]
    pub(crate) date: String,
    /// The hour, 0 to 23, Beijing time.
    #[arg(long, value_name = "HOUR")]
    pub(crate) hour: u32,
    /// Download each file into this directory (created if missing), named after its address.
    #[arg(long, value_name = "DIR")]
    pub(crate) download: Option<PathBuf>,
}
