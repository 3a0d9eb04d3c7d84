//! The arguments of `imctl profile ...` (clap derive: the doc comments are the `--help` text).

use clap::{Args, Subcommand};

use crate::bulk::{InputArgs, JobArgs, Tuning};

/// `imctl profile ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ProfileCommand {
    /// Read profile fields (100 accounts per call): one line per account, or with --json one
    /// object per account whose "profile" has the fields by their short names.
    Get(ProfileGetArgs),
    /// Set profile fields (one account per call) from a file of one object per line: "UserID"
    /// and fields by their short names (Nick, Gender, FaceUrl or Image, BirthDay, Location,
    /// SelfSignature, AllowType, Language, MsgSettings, AdminForbidType, Level, Role) or their
    /// Tag_Profile_* names, e.g. {"UserID":"alice","Nick":"Alice","BirthDay":19900101}; or a CSV
    /// file whose header names them. Or as flags, for the USER_IDs given (and every account of
    /// --file): `imctl profile set alice --nick Alice --gender female`. Fields not given keep
    /// their values.
    Set(Box<ProfileSetArgs>),
}

/// `imctl profile set`.
#[derive(Debug, Args)]
pub(crate) struct ProfileSetArgs {
    /// The accounts, the pace and the checkpoint, as for import.
    #[command(flatten)]
    pub(crate) job: JobArgs,
    /// Fields to set on every account.
    #[command(flatten)]
    pub(crate) fields: ProfileFlags,
}

/// The standard profile fields as flags (and custom ones as TAG=VALUE).
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Fields (set on every account; a file's own fields too)")]
pub(crate) struct ProfileFlags {
    /// Nickname (Tag_Profile_IM_Nick).
    #[arg(long, value_name = "TEXT")]
    pub(crate) nick: Option<String>,
    /// Gender: female, male or unknown.
    #[arg(long, value_name = "GENDER", value_parser = ["female", "male", "unknown"])]
    pub(crate) gender: Option<String>,
    /// Birthday as a number, e.g. 19900101.
    #[arg(long, value_name = "N")]
    pub(crate) birthday: Option<u32>,
    /// Location.
    #[arg(long, value_name = "TEXT")]
    pub(crate) location: Option<String>,
    /// Signature (Tag_Profile_IM_SelfSignature).
    #[arg(long, value_name = "TEXT")]
    pub(crate) signature: Option<String>,
    /// Who may add the user as a friend: need-confirm, allow-any or deny-any.
    #[arg(long, value_name = "POLICY", value_parser = ["need-confirm", "allow-any", "deny-any"])]
    pub(crate) allow_type: Option<String>,
    /// Language, as a number.
    #[arg(long, value_name = "N")]
    pub(crate) language: Option<u32>,
    /// Avatar URL (Tag_Profile_IM_Image, FaceUrl).
    #[arg(long, value_name = "URL")]
    pub(crate) face_url: Option<String>,
    /// Message settings bits (bit 0: block messages).
    #[arg(long, value_name = "N")]
    pub(crate) msg_settings: Option<u32>,
    /// Whether the user may send friend requests: none (may) or send-out (may not).
    #[arg(long, value_name = "RULE", value_parser = ["none", "send-out"])]
    pub(crate) admin_forbid_type: Option<String>,
    /// Level, as a number.
    #[arg(long, value_name = "N")]
    pub(crate) level: Option<u32>,
    /// Role, as a number.
    #[arg(long, value_name = "N")]
    pub(crate) role: Option<u32>,
    /// A custom field, Tag_Profile_Custom_NAME=VALUE (or NAME=VALUE); repeat for several.
    #[arg(long, value_name = "TAG=VALUE")]
    pub(crate) custom: Vec<String>,
}

/// `imctl profile get`.
#[derive(Debug, Args)]
pub(crate) struct ProfileGetArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The fields to read, comma-separated: short names or Tag_Profile_* tags (custom ones
    /// too) [default: every standard field].
    #[arg(long, value_name = "FIELD,...", value_delimiter = ',')]
    pub(crate) fields: Vec<String>,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
}
