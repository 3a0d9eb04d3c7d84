//! The command line (clap derive): the doc comments here are the `--help` text.

mod errors;
mod help;

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::accounts::AccountsCommand;
use crate::api::{ApiArgs, api_long_help};
use crate::callbacks::CallbacksCommand;
use crate::contacts::ContactsCommand;
use crate::emulator::EmulatorCommand;
use crate::global::Global;
use crate::groups::GroupsCommand;
use crate::messages::MessagesCommand;
use crate::moderate::ModerateArgs;
use crate::operations::{AppCommand, MuteCommand};
use crate::profile::ProfileCommand;
use crate::push::PushCommand;
use crate::relations::{BlacklistCommand, FollowsCommand, FriendsCommand};
use crate::robots::RobotsCommand;
use crate::search::SearchCommand;
use crate::term::{CliError, Context, EXIT_OK, EXIT_USAGE, error_line, print};
use crate::usersig::UsersigCommand;
use help::TOP_FOOTER;

/// `--version`: the version and what this build has.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (HMAC-SHA256: ring; TLS: rustls with bundled roots; rate store: redis; callbacks: im-callback)"
);

/// Mint UserSigs, run account jobs and run the emulator of the Tencent Cloud IM ("Chat")
/// account REST APIs.
///
/// Try it without an account: `imctl --emulator accounts import alice bob`.
#[derive(Debug, Parser)]
#[command(name = "imctl", version = VERSION, after_help = TOP_FOOTER)]
pub(crate) struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub(crate) global: Global,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Mint and check UserSigs and TRTC PrivateMapKeys (offline).
    #[command(subcommand)]
    Usersig(UsersigCommand),
    /// Import, check, delete and query accounts, and invalidate their login state.
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Read and set accounts' profile fields (nickname, avatar, gender, custom fields...).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Create, delete and list robot (chatbot) accounts, whose UserIDs start with @RBT#.
    #[command(subcommand)]
    Robots(RobotsCommand),
    /// Send one-to-one messages to many recipients (resumable, never twice), read a
    /// conversation's history, recall a message, read unread counts.
    #[command(subcommand)]
    Messages(MessagesCommand),
    /// Import, add, delete, check and list friends (friend pairs in bulk from files).
    #[command(subcommand)]
    Friends(FriendsCommand),
    /// Block, unblock, check and list blocked accounts.
    #[command(subcommand)]
    Blacklist(BlacklistCommand),
    /// Follow and unfollow accounts; list followers and followings; count them.
    #[command(subcommand)]
    Follows(FollowsCommand),
    /// Create, inspect, list and destroy groups; import, add, remove and list their members
    /// (members in bulk from files, resumable).
    #[command(subcommand)]
    Groups(GroupsCommand),
    /// List an account's conversations (recent contacts, pinned first), delete one with or
    /// without its history, pin and unpin.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Push a message to every user or to those holding tags or attributes (100 a day, one a
    /// second, counted before sending); read and set the users' push tags and attributes.
    #[command(subcommand)]
    Push(PushCommand),
    /// Set and show an account's global mute of one-to-one and of group messages.
    #[command(subcommand)]
    Mute(MuteCommand),
    /// The app's operations data and its hourly message history files.
    #[command(subcommand)]
    App(AppCommand),
    /// Moderate texts or image URLs (one, or a file of one per line) and manage the cloud
    /// keyword libraries the moderation uses.
    ///
    /// Each text gets one line: RESULT (Pass, Review or Block), SCORE, LABEL, the KEYWORDS hit
    /// (comma-separated, or -) and the TEXT, space-separated and escaped (a text that could not
    /// be moderated: `error - - - TEXT`, the reason on stderr; --json: one object per text).
    /// Exit 0 when every text passed or only needs review, 1 when one is blocked or could not
    /// be moderated, 2 for bad input, 3 for refused credentials. The service runs in China,
    /// Singapore and Seoul only.
    Moderate(ModerateArgs),
    /// Hide users, groups and group members from cloud search, show them again, and list the
    /// hidden ones. Cloud search runs in China and Singapore only: another region is refused
    /// before sending (exit 2).
    #[command(subcommand)]
    Search(SearchCommand),
    /// Call any declared REST API with a JSON body and print the answer (as `gh api`).
    ///
    /// The body is checked against the API's declared request fields before anything is sent
    /// (--no-check sends it as it is). The call is signed, paced at the API's calls-per-second
    /// quota (its other quotas are shown by --describe and not yet enforced) and retried as its
    /// declaration allows (a write that is not safe to repeat is never resent after a lost
    /// answer). The answer goes to stdout as indented JSON, one document per answer (--json:
    /// one line each; keys in alphabetical order); on a terminal, an API with per-item results
    /// shows them as a table (--table anywhere). Exit 0 for an `OK` answer, 1 for a `FAIL`
    /// one (its envelope is printed too) or a failed call, 2 for a bad body or API (nothing is
    /// sent), 3 for refused credentials, 4 when no server could be reached.
    ///
    /// E.g. `imctl api im_open_login_svc/account_check --body
    /// '{"CheckItem":[{"UserID":"alice"}]}'`; `imctl api --list` lists the declared APIs,
    /// `imctl api --describe SERVICE/COMMAND` one API's quotas, fields and error codes.
    #[command(
        after_long_help = api_long_help(),
        override_usage = "imctl api [OPTIONS] <SERVICE/COMMAND | --list>"
    )]
    Api(ApiArgs),
    /// Run the local emulator of the service.
    #[command(subcommand)]
    Emulator(EmulatorCommand),
    /// Receive the service's callbacks (webhooks), verified.
    #[command(subcommand)]
    Callbacks(CallbacksCommand),
    /// Print a shell completion script: `imctl completions bash > /etc/bash_completion.d/imctl`,
    /// `imctl completions zsh > "${fpath[1]}/_imctl"`, `imctl completions fish >
    /// ~/.config/fish/completions/imctl.fish`.
    Completions(CompletionsArgs),
    /// Print the options every command takes (--json, --quiet, --verbose, credentials...).
    Options,
    /// Write the man pages (imctl.1 and one per subcommand) into a directory.
    #[command(hide = true)]
    Man(ManArgs),
}

/// `imctl completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// `imctl man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Where to write the pages.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: PathBuf,
}

/// The clap definition of imctl, for completions and man pages.
pub(crate) fn command() -> clap::Command {
    // Every command's help shows its own options and points at `imctl options` for the global
    // ones (as `kubectl options`), instead of repeating them all.
    let command = help::for_each_input(Cli::command()).mut_args(|arg| {
        if arg.is_global_set() {
            arg.hide(true)
        } else {
            arg
        }
    });
    help::with_footer(command)
}

/// The command for the man pages: each page lists the global options too (a man page is read
/// alone).
pub(crate) fn command_for_docs() -> clap::Command {
    help::for_each_input(Cli::command())
}

/// `imctl completions SHELL`: the completion script on stdout; the exit code.
pub(crate) fn completions(args: &CompletionsArgs) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "imctl", &mut script);
    print(&String::from_utf8_lossy(&script))
}

/// `imctl options`: the global options on stdout; the exit code.
pub(crate) fn options() -> u8 {
    print(&help::options_help())
}

/// `imctl man --out-dir DIR`: the man pages, written into DIR.
pub(crate) fn man(args: &ManArgs) -> Result<u8, CliError> {
    std::fs::create_dir_all(&args.out_dir)
        .and_then(|()| clap_mangen::generate_to(command_for_docs(), &args.out_dir))
        .map_err(|e| {
            let what = format!("cannot write man pages to {}", args.out_dir.display());
            CliError::failed(Context::new(what, e))
        })?;
    Ok(EXIT_OK)
}

/// Parses the command line. On a usage error, prints it as one `imctl: error:` line and returns
/// the exit code (help and version print normally and return 0).
pub(crate) fn parse() -> Result<Cli, u8> {
    let matches = command().try_get_matches().map_err(usage_error)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(usage_error)?;
    resolve_target(&matches, &mut cli.global).map_err(|message| {
        error_line(&message);
        EXIT_USAGE
    })?;
    Ok(cli)
}

/// A usage error as one `imctl: error:` line; its exit code (0 for help and version).
fn usage_error(err: clap::Error) -> u8 {
    errors::report(err, command)
}

/// `--region` and `--endpoint` conflict; on the command line, one overrides the other's
/// environment variable.
fn resolve_target(matches: &ArgMatches, global: &mut Global) -> Result<(), String> {
    if global.region.is_none() || global.endpoint.is_none() {
        return Ok(());
    }
    let region = source(matches, "region");
    let endpoint = source(matches, "endpoint");
    match (region, endpoint) {
        (Some(ValueSource::CommandLine), Some(ValueSource::CommandLine)) => Err(
            "--region and --endpoint conflict: give one (see --help)".to_owned(),
        ),
        (Some(ValueSource::CommandLine), _) => {
            global.endpoint = None;
            Ok(())
        }
        (_, Some(ValueSource::CommandLine)) => {
            global.region = None;
            Ok(())
        }
        _ => Err(
            "IM_REGION and IM_ENDPOINT are both set and conflict: unset one, or pass --region or --endpoint".to_owned(),
        ),
    }
}

/// Where a (global) argument's value came from, looking through the subcommands too.
fn source(matches: &ArgMatches, id: &str) -> Option<ValueSource> {
    let mut best = matches.value_source(id);
    let mut current = matches;
    while let Some((_, sub)) = current.subcommand() {
        if let Some(found) = sub.value_source(id)
            && best != Some(ValueSource::CommandLine)
        {
            best = Some(found);
        }
        current = sub;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn imctl_signs_with_ring() {
        assert_eq!(im_sig::HMAC_BACKEND, "ring");
    }
}
