//! The arguments of `imctl accounts ...` (clap derive: the doc comments are the `--help` text).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::bulk::{InputArgs, JobArgs, Tuning};

/// `imctl accounts ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AccountsCommand {
    /// Import accounts (100 per call; with a Nick or FaceUrl, the AccountList form).
    Import(JobArgs),
    /// Check whether accounts are imported.
    Check(CheckArgs),
    /// Delete accounts. Irrecoverable: on a terminal, asks first (unless --yes).
    Delete(DeleteArgs),
    /// Query online status.
    Status(StatusArgs),
    /// Invalidate accounts' login state (one call per account, at the API's rate limit): their
    /// earlier UserSigs stop working.
    Kick(KickArgs),
    /// Make the service's accounts and profiles equal to a desired state: plan (create,
    /// update, unchanged, delete, invalid), then apply. Nothing is deleted without --prune.
    Sync(SyncArgs),
}

/// `imctl accounts sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// The desired state: UserIDs, JSON Lines with "UserID" and profile fields (as `profile
    /// set` reads them), or CSV with a header. Only the fields given are compared and written.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The desired state of the last sync: accounts in it but not in the desired state are
    /// deleted with --prune (the service cannot list its accounts).
    #[arg(long, value_name = "PATH")]
    pub(crate) previous: Option<PathBuf>,
    /// Plan only: read what the service holds and print the plan; write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Delete the accounts of --previous that the desired state no longer has.
    #[arg(long, requires = "previous")]
    pub(crate) prune: bool,
    /// With --prune, stop before writing anything when the plan deletes more than N accounts,
    /// or more than P% of --previous.
    #[arg(long, value_name = "N|P%", default_value = "10%", value_parser = parse_max_delete)]
    pub(crate) max_delete: MaxDelete,
    /// Apply without asking, and even over --max-delete.
    #[arg(long, short)]
    pub(crate) yes: bool,
    /// Keep the plan in FILE.plan and journal the writes in FILE: a run stopped for any
    /// reason and restarted with the same arguments applies the same plan, skipping what was
    /// done. `--dry-run --checkpoint FILE` saves a plan that a later run applies.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also apply again the plan entries an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
    /// Requests in flight at once [default: 64].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) concurrency: Option<u32>,
    /// Attempts per request, the first included [default: 10].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_attempts: Option<u32>,
}

/// `--max-delete`: a count or a share of `--previous`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum MaxDelete {
    /// At most this many.
    Count(u64),
    /// At most this percentage of the previous state's accounts.
    Percent(f64),
}

impl MaxDelete {
    /// The most deletes allowed out of `previous` accounts.
    pub(crate) fn limit(self, previous: u64) -> u64 {
        match self {
            MaxDelete::Count(n) => n,
            MaxDelete::Percent(p) => (previous as f64 * p / 100.0).floor() as u64,
        }
    }
}

impl std::fmt::Display for MaxDelete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MaxDelete::Count(n) => write!(f, "{n}"),
            MaxDelete::Percent(p) => write!(f, "{p}%"),
        }
    }
}

fn parse_max_delete(s: &str) -> Result<MaxDelete, String> {
    let bad =
        || format!("{s:?} is neither a count (e.g. 500) nor a percentage from 0 to 100 (e.g. 10%)");
    match s.trim().strip_suffix('%') {
        Some(p) => {
            let p: f64 = p.trim().parse().map_err(|_| bad())?;
            if (0.0..=100.0).contains(&p) {
                Ok(MaxDelete::Percent(p))
            } else {
                Err(bad())
            }
        }
        None => s.trim().parse().map(MaxDelete::Count).map_err(|_| bad()),
    }
}

/// `imctl accounts check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
}

/// `imctl accounts status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Include the status on each platform.
    #[arg(long)]
    pub(crate) detail: bool,
}

/// `imctl accounts` login invalidation.
#[derive(Debug, Args)]
pub(crate) struct KickArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE (as for import).
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the accounts an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
    /// Check which accounts exist and say what would be done; change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// `imctl accounts delete`.
#[derive(Debug, Args)]
pub(crate) struct DeleteArgs {
    /// The accounts, the pace and the checkpoint, as for import.
    #[command(flatten)]
    pub(crate) job: JobArgs,
    /// Delete without asking, even on a terminal.
    #[arg(long, short)]
    pub(crate) yes: bool,
}
