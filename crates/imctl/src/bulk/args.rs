//! The arguments every bulk command shares: where the items come from, the pace, and the
//! checkpoint of a job that writes (clap derive: the doc comments are the `--help` text).

use std::path::PathBuf;

use clap::Args;

/// Where the accounts come from.
#[derive(Clone, Debug, Args)]
pub(crate) struct InputArgs {
    /// UserIDs to act on (before those of --file).
    #[arg(value_name = "USER_ID")]
    pub(crate) user_ids: Vec<String>,
    /// Read accounts from this file (`-`: standard input, also read when no USER_ID is given
    /// and it is a pipe): one UserID per line, JSON Lines with "UserID" (and, for import,
    /// "Nick" and "FaceUrl"), or CSV with the header UserID,Nick,FaceUrl. Blank lines and lines
    /// starting with # are skipped; bad lines are reported with their line number and count
    /// as failed.
    #[arg(long, short, value_name = "PATH|-")]
    pub(crate) file: Option<PathBuf>,
    /// The file's format: lines (a UserID per line), jsonl (a JSON object per line) or csv
    /// [default: from the file name (.csv, .jsonl, .ndjson, .json, .txt), else from its first
    /// line: an object is jsonl, a comma means csv, else lines].
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub(crate) format: Option<InputFormat>,
    /// Refuse UserIDs with characters outside A-Z, a-z, 0-9, _ and - as bad lines (without
    /// it they are used, with a warning on stderr).
    #[arg(long)]
    pub(crate) strict: bool,
}

/// `--format`: how the lines of an input file are read (the rules are in
/// `accounts/input/format.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InputFormat {
    /// One UserID per line (a JSON object line is read as in jsonl).
    Lines,
    /// JSON Lines: one object per line with a "UserID".
    Jsonl,
    /// Comma-separated values: a UserID,Nick,FaceUrl header, or those columns in that order.
    Csv,
}

/// Pace and persistence of a bulk job.
#[derive(Debug, Args)]
pub(crate) struct Tuning {
    /// Calls per second to the API [default: the documented limit, 100 for import, check and
    /// delete, 200 for status and profiles]; raise it if your app's limit was raised. With
    /// --rate-store, a lower figure paces only this process (the shared budget stays the
    /// API's); a higher one raises the shared budget too (give every process the same).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) rate: Option<u32>,
    /// Requests in flight at once [default: 64].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) concurrency: Option<u32>,
    /// Attempts per request, the first included, before its accounts are reported failed
    /// [default: 10].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_attempts: Option<u32>,
}

/// A job that writes: the items, the pace, the checkpoint and `--dry-run` (`imctl accounts
/// import`, `delete`, `profile set`).
#[derive(Debug, Args)]
pub(crate) struct JobArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE: a run stopped for any reason and restarted with the same
    /// arguments skips the accounts already reported with a final outcome (succeeded, or failed
    /// for a reason a retry cannot change; --retry-failed sends those again). The file is kept
    /// afterwards; delete it to start over.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the accounts an earlier run reported failed (those
    /// that succeeded are still skipped).
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
    /// Validate the input and check which accounts exist, saying what would be done; write
    /// nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}
