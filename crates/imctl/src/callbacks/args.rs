//! The arguments of `imctl callbacks ...` (clap derive: the doc comments are the `--help` text).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::durations::whole_seconds;

/// `imctl callbacks ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum CallbacksCommand {
    /// Receive callbacks over HTTP until SIGINT or SIGTERM (or --count events). The first line
    /// on stdout is the base URL to configure (any path under it is served; with --json, an
    /// object {"url":...}); then one JSON object per verified event (its body, with
    /// CallbackCommand). Refused requests (wrong
    /// app, missing or wrong Sign, stale RequestTime, bad body) are answered with HTTP 401 or a
    /// failure reply and counted on stderr, never printed on stdout.
    Listen(ListenArgs),
}

/// `imctl callbacks listen`.
#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub(crate) listen: SocketAddr,
    /// The callback token set in the console (`-`: standard input) [default: the
    /// IM_CALLBACK_TOKEN environment variable; without either, unsigned callbacks are
    /// accepted, with a warning].
    #[arg(long, value_name = "PATH|-")]
    pub(crate) token_file: Option<PathBuf>,
    /// How far RequestTime may be from this machine's clock, e.g. 60s, 5m (a bare number is
    /// seconds). Within it, a callback posted again verifies again (its Sign covers only the
    /// token and RequestTime) unless --reject-replays.
    #[arg(long, alias = "window-secs", value_name = "DURATION", default_value = "60s", value_parser = whole_seconds)]
    pub(crate) window: u64,
    /// Refuse (HTTP 401, counted as rejected) a callback identical to one already accepted
    /// within the window: the same Sign, RequestTime and body; the last 100000 are remembered.
    /// Needs the token. Off by default: the emulator sends identical callbacks for identical
    /// events in one second (two logins of a user), which this refuses.
    #[arg(long)]
    pub(crate) reject_replays: bool,
    /// Add the URL's ClientIP and OptPlatform (who caused the event: a client's address and
    /// platform, or RESTAPI) to each printed event as fields of those names.
    #[arg(long)]
    pub(crate) origin: bool,
    /// Exit after printing N verified events.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) count: Option<u64>,
    /// Answer each command as FILE says (a TOML table per CallbackCommand: answer = allow,
    /// refuse, deny with code = N in the command's documented range (a friend request's:
    /// accounts = [...] refuses those only), drop, or rewrite with body = a MsgBody file
    /// and/or cloud_custom_data; sleep_ms = N waits first); commands not in it are
    /// acknowledged. Checked against each command's page before serving.
    #[arg(long, value_name = "FILE")]
    pub(crate) answer: Option<PathBuf>,
}
