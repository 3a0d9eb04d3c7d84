//! The arguments of `imctl friends ...`, `imctl blacklist ...` and `imctl follows ...` (clap
//! derive: the doc comments are the `--help` text).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::bulk::{InputArgs, Tuning};

/// `imctl friends ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum FriendsCommand {
    /// Import one-way friend pairs with their data (friend_import, 1000 a call, one call per
    /// From_Account): no request, no consent. Import both directions as two pairs. A pair
    /// already there counts as done, so a rerun of an interrupted import exits 0 once every
    /// pair is imported or already there.
    Import(PairJobArgs),
    /// Add friends (friend_add): both ways unless --single; without --force the target's
    /// AllowType decides (a pending request is reported `pending`).
    Add(AddArgs),
    /// Delete friends (friend_delete): one way unless --both.
    Delete(BothArgs),
    /// Check friend relations (friend_check): one way unless --both.
    Check(CheckArgs),
    /// List an account's friends, one UserID per line (--json: one object per friend with its
    /// fields).
    List(ListArgs),
}

/// `imctl blacklist ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum BlacklistCommand {
    /// Block accounts (black_list_add); a friendship between the two ends, both ways.
    Add(PairJobArgs),
    /// Unblock accounts (black_list_delete); no friendship comes back.
    Delete(PairJobArgs),
    /// Check blocklist relations (black_list_check): one way unless --both.
    Check(CheckArgs),
    /// List an account's blocklist, one UserID per line (--json: one object per entry).
    List(ListArgs),
}

/// `imctl follows ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum FollowsCommand {
    /// Follow accounts (follow_add, 20 a call).
    Add(PairJobArgs),
    /// Unfollow accounts (follow_delete, 20 a call).
    Delete(PairJobArgs),
    /// List an account's followers, followings or mutual follows, one UserID per line.
    List(FollowListArgs),
    /// The follower, following and mutual-follow counts of accounts.
    Counts(CountsArgs),
}

/// Where the pairs come from.
#[derive(Clone, Debug, Args)]
pub(crate) struct PairInputArgs {
    /// The account whose relations these are (From_Account), for the TO_ACCOUNTs given as
    /// arguments.
    #[arg(long, value_name = "USER_ID")]
    pub(crate) from: Option<String>,
    /// The other accounts (To_Account), with --from (before the pairs of --file).
    #[arg(value_name = "TO_ACCOUNT", requires = "from")]
    pub(crate) to: Vec<String>,
    /// Read pairs from this file (`-`: standard input): CSV with a header naming
    /// From_Account,To_Account (and optionally AddSource, Remark, GroupName, AddWording,
    /// AddTime; without a header the two first), or JSON Lines with those fields (GroupName a
    /// name or a list). Blank lines and lines starting with # are skipped; bad lines are
    /// reported with their line number and count as failed.
    #[arg(long, short, value_name = "PATH|-")]
    pub(crate) file: Option<PathBuf>,
    /// The file's format: jsonl or csv [default: from the file name, else its first line].
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub(crate) format: Option<crate::bulk::InputFormat>,
}

impl PairInputArgs {
    /// As the shared input arguments (the TO_ACCOUNTs as the items given as arguments).
    pub(crate) fn input(&self) -> InputArgs {
        InputArgs {
            user_ids: self.to.clone(),
            file: self.file.clone(),
            format: self.format,
            strict: false,
        }
    }
}

/// A bulk job over pairs: the pairs, the pace and the checkpoint.
#[derive(Debug, Args)]
pub(crate) struct PairJobArgs {
    /// The pairs.
    #[command(flatten)]
    pub(crate) pairs: PairInputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE: a run stopped for any reason and restarted with the same
    /// arguments skips the pairs already reported with a final outcome (--retry-failed sends
    /// the failed ones again). The file is kept afterwards; delete it to start over.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the pairs an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
}

/// `imctl friends add`.
#[derive(Debug, Args)]
pub(crate) struct AddArgs {
    /// The job.
    #[command(flatten)]
    pub(crate) job: PairJobArgs,
    /// Add one way only (To_Account into From_Account's friends).
    #[arg(long)]
    pub(crate) single: bool,
    /// Force the add (ForceAddFlags 1): the targets' AllowType is not consulted.
    #[arg(long)]
    pub(crate) force: bool,
}

/// A write that reaches one side or both.
#[derive(Debug, Args)]
pub(crate) struct BothArgs {
    /// The job.
    #[command(flatten)]
    pub(crate) job: PairJobArgs,
    /// Both sides: also From_Account out of To_Account's friends.
    #[arg(long)]
    pub(crate) both: bool,
}

/// A check of pairs.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The pairs.
    #[command(flatten)]
    pub(crate) pairs: PairInputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Read both sides (BothWay, AWithB, BWithA, none) rather than From_Account's only.
    #[arg(long)]
    pub(crate) both: bool,
}

/// A list of one account's relations.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// The account.
    #[arg(value_name = "USER_ID")]
    pub(crate) user_id: String,
}

/// `imctl follows list`.
#[derive(Debug, Args)]
pub(crate) struct FollowListArgs {
    /// The account.
    #[arg(value_name = "USER_ID")]
    pub(crate) user_id: String,
    /// Which list.
    #[arg(long = "type", value_enum, default_value = "followers")]
    pub(crate) list: FollowListArg,
}

/// `--type` of `follows list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FollowListArg {
    /// Who follows the account.
    Followers,
    /// Whom the account follows.
    Following,
    /// Both at once.
    Mutual,
}

/// `imctl follows counts`.
#[derive(Debug, Args)]
pub(crate) struct CountsArgs {
    /// The accounts.
    #[arg(value_name = "USER_ID", required = true)]
    pub(crate) user_ids: Vec<String>,
}
