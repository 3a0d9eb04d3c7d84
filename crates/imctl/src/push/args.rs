//! The arguments of `imctl push ...` (clap derive: the doc comments are the `--help` text).

use clap::{Args, Subcommand};

use crate::durations::whole_seconds;

/// `imctl push ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum PushCommand {
    /// Push a message to every user, or to those holding tags or attributes (im_push).
    ///
    /// At most 100 pushes a day (midnight UTC+8) and one a second: imctl counts them before
    /// sending, across its runs, in a file of its state directory (IMCTL_STATE_DIR, else the
    /// platform's, e.g. ~/.local/state/imctl), and with --rate-store in Redis for every
    /// process of the app too. The 101st push of a day is refused without being sent, naming
    /// when the quota resets; a push less than a second after the last one waits.
    Send(SendArgs),
    /// Read or set the users' push attributes, or the app's attribute names.
    #[command(subcommand)]
    Attrs(AttrsCommand),
    /// Read, add or remove the users' push tags.
    #[command(subcommand)]
    Tags(TagsCommand),
}

/// `imctl push send`.
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// The text of the message.
    #[arg(long, value_name = "TEXT")]
    pub(crate) text: String,
    /// Push to the users holding this tag (repeatable: any of them; 1 to 50 bytes, at most
    /// 10). Not with --attr.
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,
    /// The users must hold every --tag (TagsAnd), not any of them (TagsOr).
    #[arg(long, requires = "tags")]
    pub(crate) all_tags: bool,
    /// Push to the users whose attribute KEY is VALUE (repeatable: any of them). Not with
    /// --tag.
    #[arg(long = "attr", value_name = "KEY=VALUE", conflicts_with = "tags")]
    pub(crate) attrs: Vec<String>,
    /// The users must match every --attr (AttrsAnd), not any of them (AttrsOr).
    #[arg(long, requires = "attrs")]
    pub(crate) all_attrs: bool,
    /// The sender the users see (From_Account); absent: the admin.
    #[arg(long, value_name = "ACCOUNT")]
    pub(crate) from: Option<String>,
    /// How long the message is kept for offline users (MsgLifeTime: seconds, or 90m, 1h, 7d;
    /// at most 7 days); absent: online users only.
    #[arg(long, value_name = "DURATION", value_parser = whole_seconds)]
    pub(crate) life_time: Option<u64>,
    /// The push's MsgRandom (the same within 7 days is the same push); absent: random.
    #[arg(long, value_name = "N")]
    pub(crate) random: Option<u32>,
}

/// `imctl push attrs ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AttrsCommand {
    /// The attributes of accounts, one line each: ACCOUNT then KEY=VALUE pairs (--json: one
    /// object per account).
    Get(AccountsArgs),
    /// Set attributes of an account (KEY=VALUE; each KEY one of the app's attribute names).
    Set(PairsArgs),
    /// Remove attributes of an account, by name.
    Remove(NamesArgs),
    /// The app's attribute names, one NUMBER=NAME line each; with NUMBER=NAME arguments (0 to
    /// 9), set them instead.
    Names(AttrNamesArgs),
}

/// `imctl push tags ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum TagsCommand {
    /// The tags of accounts, one line each: ACCOUNT then its tags (--json: one object per
    /// account).
    Get(AccountsArgs),
    /// Add tags to an account (at most 10 at once, 1 to 50 bytes; 100 in all).
    Add(NamesArgs),
    /// Remove tags of an account (--all: every one).
    Remove(TagsRemoveArgs),
}

/// Accounts to read.
#[derive(Debug, Args)]
pub(crate) struct AccountsArgs {
    /// The accounts (any number: asked 100 a call).
    #[arg(required = true)]
    pub(crate) accounts: Vec<String>,
}

/// An account and KEY=VALUE pairs.
#[derive(Debug, Args)]
pub(crate) struct PairsArgs {
    /// The account.
    pub(crate) account: String,
    /// The attributes, KEY=VALUE (values at most 50 bytes).
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub(crate) pairs: Vec<String>,
}

/// An account and names (attribute names or tags).
#[derive(Debug, Args)]
pub(crate) struct NamesArgs {
    /// The account.
    pub(crate) account: String,
    /// The names.
    #[arg(required = true, value_name = "NAME")]
    pub(crate) names: Vec<String>,
}

/// `push attrs names`.
#[derive(Debug, Args)]
pub(crate) struct AttrNamesArgs {
    /// Names to set, NUMBER=NAME (NUMBER 0 to 9, NAME 1 to 50 bytes).
    #[arg(value_name = "NUMBER=NAME")]
    pub(crate) set: Vec<String>,
}

/// `push tags remove`.
#[derive(Debug, Args)]
pub(crate) struct TagsRemoveArgs {
    /// The account.
    pub(crate) account: String,
    /// The tags to remove.
    #[arg(
        value_name = "TAG",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub(crate) tags: Vec<String>,
    /// Remove every tag of the account.
    #[arg(long)]
    pub(crate) all: bool,
}
