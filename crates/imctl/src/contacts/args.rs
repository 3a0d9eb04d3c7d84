//! The arguments of `imctl contacts ...` (their doc comments are the help text).

use clap::{ArgGroup, Args, Subcommand};

/// `imctl contacts ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ContactsCommand {
    /// Print an account's conversations (get_list), page after page, pinned ones first: one
    /// line per conversation, `c2c PEER` or `group GROUP_ID`, then the time of its last
    /// message (Unix seconds, 0: none) and `pinned` when pinned (--json: one object per
    /// conversation as the service gives it).
    List(ListArgs),
    /// Delete a conversation from an account's list (delete); --clear-history also clears the
    /// account's history of it (ClearRamble: the peer keeps theirs).
    Delete(DeleteArgs),
    /// Pin a conversation of an account (top), or unpin it with --off.
    Pin(PinArgs),
}

/// `imctl contacts list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// The account whose conversations are listed.
    #[arg(value_name = "ACCOUNT")]
    pub(crate) account: String,
}

/// The conversation a command acts on: `--c2c PEER` or `--group GROUP_ID`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("conversation").required(true).args(["c2c", "group"])))]
pub(crate) struct ConversationArgs {
    /// The one-to-one conversation with this account.
    #[arg(long, value_name = "PEER")]
    pub(crate) c2c: Option<String>,
    /// The conversation of this group.
    #[arg(long, value_name = "GROUP_ID")]
    pub(crate) group: Option<String>,
}

/// `imctl contacts delete`.
#[derive(Debug, Args)]
pub(crate) struct DeleteArgs {
    /// The account whose conversation is deleted.
    #[arg(value_name = "ACCOUNT")]
    pub(crate) account: String,
    /// Which conversation.
    #[command(flatten)]
    pub(crate) conversation: ConversationArgs,
    /// Also clear the account's history of the conversation.
    #[arg(long)]
    pub(crate) clear_history: bool,
}

/// `imctl contacts pin`.
#[derive(Debug, Args)]
pub(crate) struct PinArgs {
    /// The account whose conversation is pinned.
    #[arg(value_name = "ACCOUNT")]
    pub(crate) account: String,
    /// Which conversation.
    #[command(flatten)]
    pub(crate) conversation: ConversationArgs,
    /// Unpin it instead.
    #[arg(long)]
    pub(crate) off: bool,
}
