//! The clap arguments of `imctl search ...`.

use clap::{Args, Subcommand, ValueEnum};

/// `imctl search hide|show|hidden`.
#[derive(Debug, Subcommand)]
pub(crate) enum SearchCommand {
    /// Hide a user (--user), a group (--group) or a group member (--group and --member) from
    /// cloud search (set_visibility).
    Hide(TargetArgs),
    /// Show again what `search hide` hid (set_visibility with IsDisable false).
    Show(TargetArgs),
    /// The objects hidden from one search, one line each: a UserID (users), a GroupID (groups)
    /// or `GROUP_ID USER_ID` (members), escaped (get_no_visibility, every page read). --json:
    /// one object per object, as the service gives it.
    Hidden(HiddenArgs),
}

/// What `search hide` and `search show` act on.
#[derive(Debug, Args)]
pub(crate) struct TargetArgs {
    /// A user, hidden from user search.
    #[arg(long, value_name = "USER_ID", conflicts_with_all = ["group", "member"], required_unless_present = "group")]
    pub(crate) user: Option<String>,
    /// A group, hidden from group search (with --member: the member's group).
    #[arg(long, value_name = "GROUP_ID")]
    pub(crate) group: Option<String>,
    /// A member of --group, hidden from group member search.
    #[arg(long, value_name = "USER_ID", requires = "group")]
    pub(crate) member: Option<String>,
}

/// `imctl search hidden`.
#[derive(Debug, Args)]
pub(crate) struct HiddenArgs {
    /// Which search.
    #[arg(value_enum)]
    pub(crate) kind: KindArg,
}

/// The search of `search hidden`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum KindArg {
    /// User search.
    Users,
    /// Group search.
    Groups,
    /// Group member search.
    Members,
}
