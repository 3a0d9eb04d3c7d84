//! The arguments of `imctl messages ...` (clap derive: the doc comments are the `--help` text).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::bulk::{InputFormat, Tuning};

/// `imctl messages ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum MessagesCommand {
    /// Send one message to every recipient of a file: batchsendmsg, 500 recipients a call,
    /// under its quotas (200 calls a second, 12,000 recipients a minute); one outcome per
    /// recipient. With --checkpoint a killed job resumes without delivering twice: the
    /// recipients whose outcome it never learned are looked for in their histories and sent
    /// again only when they lack the message.
    Send(SendArgs),
    /// Print the history of A's conversation with B, from A's side (admin_getroammsg), newest
    /// page first; --json: one object per message.
    History(HistoryArgs),
    /// Recall the message MSGKEY that A sent to B (admin_msgwithdraw).
    Withdraw(WithdrawArgs),
    /// Print ACCOUNT's one-to-one unread count, in all (or with each --peer).
    Unread(UnreadArgs),
    /// Import one-to-one messages from JSON Lines (importmsg, one a call): history from an old
    /// chat system, or real-time messages during a migration; resumable with --checkpoint.
    Import(ImportArgs),
}

/// `--sync-sender`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum YesNo {
    /// SyncOtherMachine 1: also on the sender's devices and in its history.
    Yes,
    /// SyncOtherMachine 2: only the recipients get it.
    No,
}

/// `imctl messages send`.
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// The recipients: one UserID per line, JSON Lines with "To_Account", or CSV with a
    /// To_Account (or UserID) column (`-`: standard input). Blank lines and lines starting
    /// with # are skipped; bad lines are reported with their line number and count as failed.
    /// A JSON line may give its recipient a body of its own ("MsgBody"): the job then sends
    /// each recipient its message by sendmsg, one call each (the others get --text/--body's).
    #[arg(long, value_name = "PATH|-")]
    pub(crate) to: PathBuf,
    /// The file's format: lines, jsonl or csv [default: from the file name, else from its
    /// first line].
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub(crate) format: Option<InputFormat>,
    /// The message: one text element.
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "body",
        required_unless_present = "body"
    )]
    pub(crate) text: Option<String>,
    /// The message body as JSON (a MsgBody array of {"MsgType", "MsgContent"} elements), given
    /// as @FILE (or @- for standard input).
    #[arg(long, value_name = "@FILE")]
    pub(crate) body: Option<String>,
    /// The sender the recipients see [default: the admin].
    #[arg(long, value_name = "ACCOUNT")]
    pub(crate) from: Option<String>,
    /// Whether the message is also put on the sender's devices and in its history
    /// (SyncOtherMachine 1) or not (2).
    #[arg(
        long,
        value_name = "yes|no",
        value_enum,
        default_value = "yes",
        hide_possible_values = true
    )]
    pub(crate) sync_sender: YesNo,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE, each call's MsgSeq and MsgRandom recorded before it leaves: a
    /// run stopped for any reason and restarted with the same arguments skips the recipients
    /// already reported, and sends again only to those of an unknown outcome whose history
    /// lacks the message. The file is kept afterwards; delete it to start over.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// Refuse UserIDs with characters outside A-Z, a-z, 0-9, _ and - as bad lines.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Check the message and every recipient's UserID and say what would be sent; send
    /// nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// `imctl messages history`.
#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// Whose side of the conversation is read.
    #[arg(value_name = "A")]
    pub(crate) operator: String,
    /// The other party.
    #[arg(value_name = "B")]
    pub(crate) peer: String,
    /// Only messages of the last DURATION (`7d`, `12h`) [default: the whole roaming period].
    #[arg(long, value_name = "DURATION")]
    pub(crate) since: Option<humantime::Duration>,
}

/// `imctl messages withdraw`.
#[derive(Debug, Args)]
pub(crate) struct WithdrawArgs {
    /// The message's sender.
    #[arg(value_name = "A")]
    pub(crate) from: String,
    /// The message's recipient.
    #[arg(value_name = "B")]
    pub(crate) to: String,
    /// The message's key (MsgKey, from the send's answer or the history).
    #[arg(value_name = "MSGKEY")]
    pub(crate) key: String,
}

/// `imctl messages unread`.
#[derive(Debug, Args)]
pub(crate) struct UnreadArgs {
    /// The account whose unread counts are read.
    #[arg(value_name = "ACCOUNT")]
    pub(crate) account: String,
    /// Count only the conversation with this account (repeat for up to 10).
    #[arg(long, value_name = "ACCOUNT")]
    pub(crate) peer: Vec<String>,
}

/// `--sync`: what an imported message is to its recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportKind {
    /// SyncFromOldSystem 2: history (not counted as unread, not pushed).
    History,
    /// SyncFromOldSystem 5: real time during a migration (counted as unread, pushed).
    Realtime,
}

/// `imctl messages import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The messages: JSON Lines, one importmsg request per line (From_Account, To_Account,
    /// MsgRandom, MsgTimeStamp, MsgBody; MsgSeq, CloudCustomData and SyncFromOldSystem
    /// optional). Blank lines and lines starting with # are skipped. Import in time order.
    #[arg(long, short, value_name = "PATH")]
    pub(crate) file: PathBuf,
    /// SyncFromOldSystem of the lines that do not give it.
    #[arg(
        long,
        value_name = "history|realtime",
        value_enum,
        default_value = "history",
        hide_possible_values = true
    )]
    pub(crate) sync: ImportKind,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE (each message's keys recorded before it leaves): a rerun with
    /// the same arguments skips the messages already reported and resends the others with
    /// their recorded keys, which the service deduplicates on.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
}
