//! The arguments of `imctl robots ...` (clap derive: the doc comments are the `--help` text).

use clap::{Args, Subcommand};

/// `imctl robots ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum RobotsCommand {
    /// Create a robot (creating it again only updates the fields given); an app has at most
    /// 20.
    Create(RobotCreateArgs),
    /// Delete a robot (it is marked invalid; its UserID is not freed).
    Delete(RobotArgs),
    /// List the app's robots, one UserID per line (--json: one object).
    List,
}

/// `imctl robots create`.
#[derive(Debug, Args)]
pub(crate) struct RobotCreateArgs {
    /// The robot's UserID, starting with @RBT# (at most 32 bytes).
    pub(crate) user_id: String,
    /// Its nickname.
    #[arg(long, value_name = "TEXT")]
    pub(crate) nick: Option<String>,
    /// Its avatar URL.
    #[arg(long, value_name = "URL")]
    pub(crate) face_url: Option<String>,
    /// Its status line.
    #[arg(long, value_name = "TEXT")]
    pub(crate) self_signature: Option<String>,
}

/// `imctl robots delete`.
#[derive(Debug, Args)]
pub(crate) struct RobotArgs {
    /// The robot's UserID, starting with @RBT#.
    pub(crate) user_id: String,
}
