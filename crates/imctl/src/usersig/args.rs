//! The arguments of `imctl usersig ...` (clap derive: the doc comments are the `--help` text).

use clap::{ArgGroup, Args, Subcommand};
use im_sig::Privileges;

use crate::durations::whole_seconds;

/// The default lifetime of minted UserSigs and PrivateMapKeys: 180 days, the official
/// libraries' default.
const DEFAULT_EXPIRE: &str = "180d";

/// `imctl usersig ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum UsersigCommand {
    /// Print a UserSig for USER_ID (needs the SDKAppID and the secret key).
    Gen(GenArgs),
    /// Verify a UserSig and print its claims as JSON; a failure (another key, SDKAppID or
    /// identifier, expired, or issued more than --max-skew ahead) prints the reason and exits 1.
    Verify(VerifyArgs),
    /// Print the claims of a UserSig WITHOUT checking its signature (no key needed).
    Decode(DecodeArgs),
    /// Print a TRTC PrivateMapKey: a UserSig granting USER_ID privileges in one room.
    PrivateMapKey(PrivateMapKeyArgs),
}

/// `imctl usersig gen`.
#[derive(Debug, Args)]
pub(crate) struct GenArgs {
    /// The UserID to sign for.
    pub(crate) user_id: String,
    /// Lifetime, e.g. 180d, 24h, 90m (a bare number is seconds).
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_EXPIRE, value_parser = whole_seconds)]
    pub(crate) expire: u64,
    /// Sign and embed this userbuf, in hex (two digits per byte).
    #[arg(long, value_name = "HEX")]
    pub(crate) userbuf_hex: Option<String>,
    /// Compress with zlib deflate (level 6) instead of the stored form the official Go library
    /// emits: shorter, equally valid, not byte-identical to other libraries.
    #[arg(long)]
    pub(crate) deflate: bool,
    /// The deflate level, 1-9 (implies --deflate).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=9))]
    pub(crate) level: Option<u8>,
    /// Sign as if at this Unix time, for reproducible output [default: now].
    #[arg(long, value_name = "UNIX")]
    pub(crate) time: Option<u64>,
}

/// `imctl usersig verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The UserID the UserSig must be for.
    pub(crate) user_id: String,
    /// The UserSig.
    pub(crate) usersig: String,
    /// Check expiry as of this Unix time [default: now].
    #[arg(long, value_name = "UNIX")]
    pub(crate) now: Option<u64>,
    /// Refuse a UserSig issued (TLS.time) more than this after the time of the check: the
    /// clock skew allowed between the signing machine and this one, e.g. 5m, 30s (a bare
    /// number is seconds).
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = whole_seconds)]
    pub(crate) max_skew: u64,
}

/// `imctl usersig decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The UserSig.
    pub(crate) usersig: String,
}

/// `imctl usersig private-map-key`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("target").required(true).args(["room", "room_str"])))]
pub(crate) struct PrivateMapKeyArgs {
    /// The UserID to grant the privileges to.
    pub(crate) user_id: String,
    /// A numeric room id.
    #[arg(long, value_name = "N")]
    pub(crate) room: Option<u32>,
    /// A string room id.
    #[arg(long, value_name = "S")]
    pub(crate) room_str: Option<String>,
    /// The privileges: a comma list of create, enter, send-audio, recv-audio, send-video,
    /// recv-video, send-sub-stream, recv-sub-stream, all, none; or a mask (42, 0xff).
    #[arg(long, value_name = "LIST|MASK", default_value = "all")]
    pub(crate) privileges: Privileges,
    /// Lifetime, e.g. 180d, 24h, 90m (a bare number is seconds).
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_EXPIRE, value_parser = whole_seconds)]
    pub(crate) expire: u64,
    /// Sign as if at this Unix time, for reproducible output [default: now].
    #[arg(long, value_name = "UNIX")]
    pub(crate) time: Option<u64>,
}
