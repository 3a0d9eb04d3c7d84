//! The clap arguments of `imctl moderate ...`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// `imctl moderate [TEXT | --file PATH] | keywords ...`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct ModerateArgs {
    /// The text to moderate (content_moderation).
    #[arg(
        value_name = "TEXT",
        conflicts_with = "file",
        required_unless_present = "file"
    )]
    pub(crate) text: Option<String>,
    /// Moderate every line of this file, one text per line (`-`: stdin), sent as
    /// batch_content_moderation calls of 10; blank lines are skipped.
    #[arg(long, short, value_name = "PATH")]
    pub(crate) file: Option<PathBuf>,
    /// The moderation configuration: C2C, Group, UserInfo, GroupInfo, GroupMemberInfo,
    /// RelationChain or a custom configuration's ID from the console.
    #[arg(long, value_name = "NAME", default_value = "C2C")]
    pub(crate) audit_name: String,
    /// The texts are image URLs.
    #[arg(long)]
    pub(crate) image: bool,
    /// The keyword libraries.
    #[command(subcommand)]
    pub(crate) command: Option<ModerateCommand>,
}

/// `imctl moderate keywords ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ModerateCommand {
    /// The cloud keyword libraries and their words.
    #[command(subcommand)]
    Keywords(KeywordsCommand),
}

/// `imctl moderate keywords list|add|remove`.
#[derive(Debug, Subcommand)]
pub(crate) enum KeywordsCommand {
    /// Without --library: one line per library (ID, suggestion, name); with it: one line per
    /// word of the library (ID, word), those matching --filter when given
    /// (get_cloud_audit_keywords_ids, get_cloud_audit_keywords; every page read). --json: one
    /// object per library or word, as the service gives it.
    List(KeywordsListArgs),
    /// Add words to a library (add_cloud_audit_keywords), with an optional --label; the next
    /// moderation sees them.
    Add(KeywordsAddArgs),
    /// Delete words from a library (delete_cloud_audit_keywords, 10 a call): one line per word,
    /// `deleted ID WORD` or `not-deleted WORD: REASON`; exit 1 when one was not deleted.
    Remove(KeywordsRemoveArgs),
}

/// `imctl moderate keywords list`.
#[derive(Debug, Args)]
pub(crate) struct KeywordsListArgs {
    /// The library whose words to list (an ID of `keywords list`).
    #[arg(long, value_name = "LIB_ID")]
    pub(crate) library: Option<String>,
    /// Only the words matching this (the service's fuzzy match).
    #[arg(long, value_name = "TEXT", requires = "library")]
    pub(crate) filter: Option<String>,
}

/// `imctl moderate keywords add`.
#[derive(Debug, Args)]
pub(crate) struct KeywordsAddArgs {
    /// The library.
    #[arg(long, value_name = "LIB_ID")]
    pub(crate) library: String,
    /// The label of the words.
    #[arg(long, value_enum)]
    pub(crate) label: Option<LabelArg>,
    /// The words.
    #[arg(value_name = "WORD", required = true)]
    pub(crate) words: Vec<String>,
}

/// `imctl moderate keywords remove`.
#[derive(Debug, Args)]
pub(crate) struct KeywordsRemoveArgs {
    /// The library.
    #[arg(long, value_name = "LIB_ID")]
    pub(crate) library: String,
    /// The words.
    #[arg(value_name = "WORD", required = true)]
    pub(crate) words: Vec<String>,
}

/// A word's label (`Label`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum LabelArg {
    /// Normal.
    Normal,
    /// Politically sensitive.
    Polity,
    /// Pornography.
    Porn,
    /// Illegal.
    Illegal,
    /// Abuse.
    Abuse,
    /// Terrorism.
    Terror,
    /// Advertising.
    Ad,
    /// Sexy.
    Sexy,
    /// Several.
    Composite,
}
