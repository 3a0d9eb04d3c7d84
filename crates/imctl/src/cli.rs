//! The command line (clap derive): the doc comments here are the `--help` text.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::parser::ValueSource;
use clap::{ArgGroup, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use im_client::Region;
use im_emulator::FaultKind;
use im_proto::Api;
use im_sig::Privileges;

use crate::term::{CliError, Context, EXIT_OK, EXIT_USAGE, error_line, print};

/// The default lifetime of minted UserSigs and PrivateMapKeys: 180 days, the official
/// libraries' default.
const DEFAULT_EXPIRE: &str = "180d";

/// `--version`: the version and what this build has.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (HMAC-SHA256: ring; TLS: rustls with bundled roots; rate store: redis; callbacks: im-callback)"
);

/// The footer of `imctl --help`.
const TOP_FOOTER: &str = concat!(
    "Global options (--json, -q, -v, --emulator, --sdkappid, --secret-key-file, --region, --endpoint, \
--timeout, --rate-store...) work with every command: `imctl options` lists them.\n\n",
    exit_codes!()
);

/// The exit codes and the environment, for `imctl --help` and `imctl options`.
const EXIT_CODES: &str = exit_codes!();

macro_rules! exit_codes {
    () => {
        "\
Exit codes:
  0  every account succeeded
  1  the job ran but some accounts failed (or a UserSig did not verify)
  2  usage or configuration error (bad flag, missing SDKAppID or key, unreadable file)
  3  the service refused the credentials (70001, 70003, 70009, 70013, 70014, 70403, 60010...)
  4  service unreachable: nothing succeeded and no request reached a server (check --endpoint,
     --region, the network or the proxy); or, with --rate-fallback fail, the rate store could
     not be used
  130, 143  stopped by Ctrl-C (SIGINT) or SIGTERM

Environment: IM_SDKAPPID, IM_SECRET_KEY, IM_ADMIN, IM_REGION, IM_ENDPOINT, IM_RATE_STORE,
IM_CALLBACK_TOKEN, IM_CONTEXT, IM_CONFIG; HTTPS_PROXY / NO_PROXY; RUST_LOG turns on logs
(stderr)."
    };
}
use exit_codes;

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

/// Options every command takes (those with [env: ...] also from the environment).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// Take the settings not given by a flag or an environment variable from this context of
    /// the config file (~/.config/imctl/config.toml on Linux; IM_CONFIG names another):
    /// sdkappid, secret_key_file, admin, region or endpoint, rate_store [default: the file's
    /// `default` context, if any]. `--profile` and IM_PROFILE are its earlier names.
    #[arg(
        long,
        alias = "profile",
        global = true,
        env = "IM_CONTEXT",
        value_name = "NAME"
    )]
    pub(crate) context: Option<String>,

    /// The app's SDKAppID, from the console.
    #[arg(long, global = true, env = "IM_SDKAPPID", value_name = "N")]
    pub(crate) sdkappid: Option<u64>,

    /// Read the app's secret key from this file (`-`: standard input; at most 4 KiB,
    /// surrounding whitespace trimmed). Without it the key comes from IM_SECRET_KEY; it is
    /// never taken on the command line.
    #[arg(long, global = true, value_name = "PATH|-")]
    pub(crate) secret_key_file: Option<PathBuf>,

    /// The admin identifier requests are signed for [default: administrator]. `emulator serve`
    /// takes it more than once (extra admins).
    #[arg(long, global = true, env = "IM_ADMIN", value_name = "ID")]
    pub(crate) admin: Vec<String>,

    /// The region whose domains requests go to: china, singapore, seoul, tokyo, frankfurt,
    /// mumbai, silicon-valley, jakarta [default: china].
    #[arg(long, global = true, env = "IM_REGION", value_name = "REGION")]
    pub(crate) region: Option<Region>,

    /// Send requests to this base URL instead of a region (an emulator, a proxy), e.g.
    /// http://127.0.0.1:41234. Conflicts with --region; on the command line, either one
    /// overrides the other's environment variable.
    #[arg(long, global = true, env = "IM_ENDPOINT", value_name = "URL")]
    pub(crate) endpoint: Option<String>,

    /// Start an embedded emulator on 127.0.0.1 and use it, with matching credentials (its
    /// defaults unless given): try imctl with no account; nothing leaves this machine.
    #[arg(long, global = true)]
    pub(crate) emulator: bool,

    /// Allow a plain http:// --endpoint on a host other than loopback. Dangerous: the UserSig
    /// then crosses the network unencrypted; only for a trusted network (an emulator on
    /// another machine).
    #[arg(long, global = true)]
    pub(crate) danger_allow_plain_http: bool,

    /// Machine output: one JSON object per line on stdout (one per account, the summary
    /// last), and nothing else there.
    #[arg(long, global = true)]
    pub(crate) json: bool,

    /// Say nothing on stderr (no progress, notes, warnings or summary) unless the run fails;
    /// the data on stdout is unchanged. Without --json, per-account lines go to stdout and
    /// the summary to stderr.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,

    /// Logs on stderr: -v each call (its attempts and time), each retry and its wait, and
    /// waits for the rate limit; -vv the wire too (each request's URL with the UserSig masked
    /// and its body, each answer's status and body); -vvv everything. Secrets are never
    /// logged. RUST_LOG, when set, decides instead.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    /// How long one request may take before it is retried (or fails), e.g. 30s, 2m (a bare
    /// number is seconds), from 1s to 1h [default: 10s].
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_timeout)]
    pub(crate) timeout: Option<std::time::Duration>,

    /// Share each API's rate budget with every process using the same Redis and SDKAppID
    /// (redis://HOST:PORT/DB, redis://USER:PASSWORD@HOST:PORT/DB, or a Unix socket:
    /// redis+unix:///PATH?db=N&pass=PASSWORD), instead of pacing this process alone: replicas
    /// and nightly jobs on one app then stay under the service's limit together. The shared
    /// budget is each API's documented limit (or a higher --rate); a lower --rate paces only
    /// this process. The password is never printed.
    #[arg(
        long,
        global = true,
        env = "IM_RATE_STORE",
        hide_env_values = true,
        value_name = "URL",
        value_parser = parse_store_url
    )]
    pub(crate) rate_store: Option<StoreUrl>,

    /// When the rate store cannot be used (unreachable, password refused, no answer within
    /// 250 ms, a bad answer), said once on stderr: `local` paces this process at
    /// --rate-fallback-share of the budget; `wait` waits for the store; `fail` makes the store
    /// required: the job stops sending and exits 4. Never unlimited.
    #[arg(long, global = true, value_enum, default_value_t = RateFallbackArg::Local, value_name = "POLICY")]
    pub(crate) rate_fallback: RateFallbackArg,

    /// The share of each API's rate this process uses while the rate store is down, e.g. 1/4
    /// (or 0.25) for four processes sharing the budget.
    #[arg(long, global = true, default_value = "1/4", value_parser = parse_share, value_name = "SHARE")]
    pub(crate) rate_fallback_share: f64,
}

impl Global {
    /// Whether the secret key is read from standard input (`--secret-key-file -`), which then
    /// cannot also give the accounts.
    pub(crate) fn key_on_stdin(&self) -> bool {
        self.secret_key_file
            .as_ref()
            .is_some_and(|p| p.as_os_str() == "-")
    }
}

/// `--rate-fallback`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RateFallbackArg {
    /// A local limiter at --rate-fallback-share of the budget.
    Local,
    /// Wait until the store answers.
    Wait,
    /// The store is required: without it the job stops sending and exits 4.
    Fail,
}

/// A rate store URL as given (`--rate-store`, `IM_RATE_STORE`, a profile's `rate_store`):
/// `Debug` masks its credentials.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct StoreUrl(String);

impl StoreUrl {
    /// The URL, credentials included: only for opening the store.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&im_client::RedactedStoreUrl(&self.0), f)
    }
}

/// `--rate-store`: any text; the store checks it when opened.
fn parse_store_url(s: &str) -> Result<StoreUrl, String> {
    Ok(StoreUrl(s.to_owned()))
}

/// A share in (0, 1], as `1/4` or `0.25`.
fn parse_share(s: &str) -> Result<f64, String> {
    let bad = || format!("{s:?} is not a share from 0 to 1 (e.g. 1/4 or 0.25)");
    let value = match s.trim().split_once('/') {
        Some((n, d)) => {
            let n: f64 = n.trim().parse().map_err(|_| bad())?;
            let d: f64 = d.trim().parse().map_err(|_| bad())?;
            n / d
        }
        None => s.trim().parse().map_err(|_| bad())?,
    };
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(bad())
    }
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

/// The end of `imctl api --help`.
const API_FOOTER: &str = "\
The body check (nothing is sent when it fails, exit 2): every required field is present, at the \
top and in each item or object that is there; every declared field has its declared JSON type \
(String, an Integer within its range: u32, u64, i32 or 64-bit signed; Integer (0/1) only 0 or 1; \
String or Integer either; an Array of its items; an Object); a null counts as absent; the declared \
item list holds 1 to its maximum. A field the declaration does not name is sent, with a warning \
naming it (the service may know newer fields; -q silences it). `imctl api --describe` shows the \
declared fields. --no-check skips the check; --undeclared paths have none.

Pace: each call waits for the API's calls-per-second quota (a budget shared with other processes \
through --rate-store). Its other quotas (per minute, per day, or counted in items) are shown by \
--describe and not yet enforced: calls past them get the service's refusals.

Paths: SERVICE/COMMAND as `imctl api --list` prints it (`v4/` and a leading `/` may be written \
too), or the command word alone when no other service uses it (`imctl api kick`); an older word \
the service still answers to is accepted. A path that is not declared is refused unless \
--undeclared is given: it then has no declared rate limit (it is paced at 100 calls per second, the client's \
pace for calls it does not know) and is never resent after a lost answer.

--paginate, for an API that declares pages: after each answer, every declared cursor the answer \
carries is copied into the next request (a 0 or \"\" ends where the declaration says so; a \
cursor that does not change stops with an error); an API paged by offset advances the offset by \
the length of the answer's list, and stops on an empty page, on a page shorter than the \
request's Limit (when it is within the declared maximum), or at the declared total. Every page \
is printed as it arrives. A page that fails stops the run, naming the body that asks for it \
again.";

/// The end of `imctl api --help` and of its man page: [`API_FOOTER`], then every declared
/// API with its summary, from im-proto's table.
fn api_long_help() -> String {
    let mut help = format!("{API_FOOTER}\n\nDeclared APIs ({}):", Api::COUNT);
    for api in Api::ALL {
        let meta = api.metadata();
        help.push_str(&format!(
            "\n  {}/{}: {}",
            meta.service, meta.command, meta.summary
        ));
    }
    help
}

/// `imctl api`.
#[derive(Debug, Args)]
pub(crate) struct ApiArgs {
    /// The API: SERVICE/COMMAND (e.g. im_open_login_svc/account_check), or its command word
    /// alone when no other service uses it.
    #[arg(value_name = "SERVICE/COMMAND", required_unless_present = "list")]
    pub(crate) path: Option<String>,
    /// The request body: JSON text, @FILE to read it from a file, @- from standard input; a
    /// JSON object, checked against the declaration before anything is sent (see the body
    /// check below) [default: {}].
    #[arg(long, value_name = "JSON|@FILE|@-")]
    pub(crate) body: Option<String>,
    /// Send the body as it is, unchecked against the declared fields and item maximum (to see
    /// how the service itself refuses a bad body); it must still be a JSON object.
    #[arg(long)]
    pub(crate) no_check: bool,
    /// Follow the API's declared cursor (or offset) and print every page.
    #[arg(long)]
    pub(crate) paginate: bool,
    /// With --paginate, stop after N pages, saying on stderr the body that asks for the next
    /// one [default: 10000, and stopping there with pages left exits 1].
    #[arg(long, value_name = "N", requires = "paginate", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_pages: Option<u32>,
    /// Print the per-item results as a table (what is not in them follows as FIELD: VALUE
    /// lines), even when stdout is not a terminal; only for an API that declares per-item
    /// results.
    #[arg(long)]
    pub(crate) table: bool,
    /// Call a SERVICE/COMMAND that is not declared (see the paths below).
    #[arg(long)]
    pub(crate) undeclared: bool,
    /// Print every declared API, one SERVICE/COMMAND per line (--json: one object each, with
    /// its summary, item maximum, quotas and pace, whether it is paged, its documentation page
    /// and its error codes).
    #[arg(long, conflicts_with_all = ["path", "body", "no_check", "paginate", "table", "undeclared", "describe"])]
    pub(crate) list: bool,
    /// Print what the declaration says of the API (quotas and the pace, item list, pages, retry
    /// safety, request and response fields, error codes, documentation page) instead of calling
    /// it (--json: one object).
    #[arg(long, conflicts_with_all = ["body", "no_check", "paginate", "table", "undeclared"])]
    pub(crate) describe: bool,
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
    let command = for_each_input(Cli::command()).mut_args(|arg| {
        if arg.is_global_set() {
            arg.hide(true)
        } else {
            arg
        }
    });
    with_footer(command)
}

/// The command for the man pages: each page lists the global options too (a man page is read
/// alone).
pub(crate) fn command_for_docs() -> clap::Command {
    for_each_input(Cli::command())
}

/// The footer of every command's help.
const GLOBALS_FOOTER: &str = "Global options (--json, -q, -v, --emulator, --sdkappid, --secret-key-file, --region, \
--endpoint, --timeout, --rate-store...) work with every command: `imctl options` lists them.";

/// Puts the footer under the help of `command`'s subcommands, at every depth.
fn with_footer(mut command: clap::Command) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| {
            // A long help of its own (`imctl api --help`) ends with the footer too.
            let long = sub
                .get_after_long_help()
                .map(|long| format!("{long}\n\n{GLOBALS_FOOTER}"));
            let sub = sub.after_help(GLOBALS_FOOTER);
            with_footer(match long {
                Some(long) => sub.after_long_help(long),
                None => sub,
            })
        });
    }
    command
}

/// What `--file` reads, said for each command that takes it (UserIDs, unless the command
/// reads more).
fn for_each_input(command: clap::Command) -> clap::Command {
    let reads = |group: &str, name: &str| match (group, name) {
        ("accounts", "import") => {
            "UserIDs, one per line; JSON Lines with \"UserID\" and optional \"Nick\" and \"FaceUrl\"; or CSV with the header UserID,Nick,FaceUrl"
        }
        ("accounts", "sync") => {
            "the desired state: UserIDs, one per line; JSON Lines with \"UserID\" and profile fields as `profile set` reads them; or CSV with a header naming them"
        }
        ("profile", "set") => {
            "JSON Lines with \"UserID\" and profile fields (Nick, Gender, BirthDay, ...); or CSV with a header naming them"
        }
        _ => "UserIDs, one per line (or JSON Lines or CSV with a UserID column)",
    };
    let mut command = command;
    let groups: Vec<String> = command
        .get_subcommands()
        .map(|g| g.get_name().to_owned())
        .collect();
    for group in groups {
        command = command.mut_subcommand(&group, |mut g| {
            let names: Vec<String> = g
                .get_subcommands()
                .filter(|c| c.get_arguments().any(|a| a.get_id() == "file"))
                .map(|c| c.get_name().to_owned())
                .collect();
            for name in names {
                let help = format!(
                    "Read the accounts from this file (`-`: standard input, also read when no USER_ID is given and it is a pipe): {}. Blank lines and lines starting with # are skipped; a bad line is reported with its number",
                    reads(&group, &name)
                );
                g = g.mut_subcommand(name, |c| c.mut_arg("file", |a| a.help(help)));
            }
            g
        });
    }
    command
}

/// `imctl completions SHELL`: the completion script on stdout; the exit code.
pub(crate) fn completions(args: &CompletionsArgs) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "imctl", &mut script);
    print(&String::from_utf8_lossy(&script))
}

/// `imctl options`: the global options on stdout; the exit code.
pub(crate) fn options() -> u8 {
    print(&options_help())
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

/// `imctl options`: the global options alone.
fn options_help() -> String {
    let mut command = Global::augment_args(clap::Command::new("imctl"))
        .override_usage("imctl [OPTIONS] <COMMAND> ...")
        .after_help(EXIT_CODES);
    command.render_long_help().to_string()
}

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

/// `imctl accounts ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AccountsCommand {
    /// Import accounts (100 per call; with a Nick or FaceUrl, the AccountList form).
    Import(ImportArgs),
    /// Check whether accounts are imported.
    Check(CheckArgs),
    /// Delete accounts. Irrecoverable: on a terminal, asks first (unless --yes).
    Delete(DeleteArgs),
    /// Query online status.
    Status(StatusArgs),
    /// Invalidate accounts' login state (one call per account, at the API's rate limit): their
    /// earlier UserSigs stop working.
    Kick(KickArgs),
    /// Make the service's accounts and profiles equal to a desired state: plan (create,
    /// update, unchanged, delete, invalid), then apply. Nothing is deleted without --prune.
    Sync(SyncArgs),
}

/// `imctl accounts sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// The desired state: UserIDs, JSON Lines with "UserID" and profile fields (as `profile
    /// set` reads them), or CSV with a header. Only the fields given are compared and written.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The desired state of the last sync: accounts in it but not in the desired state are
    /// deleted with --prune (the service cannot list its accounts).
    #[arg(long, value_name = "PATH")]
    pub(crate) previous: Option<PathBuf>,
    /// Plan only: read what the service holds and print the plan; write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Delete the accounts of --previous that the desired state no longer has.
    #[arg(long, requires = "previous")]
    pub(crate) prune: bool,
    /// With --prune, stop before writing anything when the plan deletes more than N accounts,
    /// or more than P% of --previous.
    #[arg(long, value_name = "N|P%", default_value = "10%", value_parser = parse_max_delete)]
    pub(crate) max_delete: MaxDelete,
    /// Apply without asking, and even over --max-delete.
    #[arg(long, short)]
    pub(crate) yes: bool,
    /// Keep the plan in FILE.plan and journal the writes in FILE: a run stopped for any
    /// reason and restarted with the same arguments applies the same plan, skipping what was
    /// done. `--dry-run --checkpoint FILE` saves a plan that a later run applies.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also apply again the plan entries an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
    /// Requests in flight at once [default: 64].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) concurrency: Option<u32>,
    /// Attempts per request, the first included [default: 10].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_attempts: Option<u32>,
}

/// `--max-delete`: a count or a share of `--previous`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum MaxDelete {
    /// At most this many.
    Count(u64),
    /// At most this percentage of the previous state's accounts.
    Percent(f64),
}

impl MaxDelete {
    /// The most deletes allowed out of `previous` accounts.
    pub(crate) fn limit(self, previous: u64) -> u64 {
        match self {
            MaxDelete::Count(n) => n,
            MaxDelete::Percent(p) => (previous as f64 * p / 100.0).floor() as u64,
        }
    }
}

impl std::fmt::Display for MaxDelete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MaxDelete::Count(n) => write!(f, "{n}"),
            MaxDelete::Percent(p) => write!(f, "{p}%"),
        }
    }
}

fn parse_max_delete(s: &str) -> Result<MaxDelete, String> {
    let bad =
        || format!("{s:?} is neither a count (e.g. 500) nor a percentage from 0 to 100 (e.g. 10%)");
    match s.trim().strip_suffix('%') {
        Some(p) => {
            let p: f64 = p.trim().parse().map_err(|_| bad())?;
            if (0.0..=100.0).contains(&p) {
                Ok(MaxDelete::Percent(p))
            } else {
                Err(bad())
            }
        }
        None => s.trim().parse().map(MaxDelete::Count).map_err(|_| bad()),
    }
}

/// Where the accounts come from.
#[derive(Clone, Debug, Args)]
pub(crate) struct InputArgs {
    /// UserIDs to act on (before those of --file).
    #[arg(value_name = "USER_ID")]
    pub(crate) user_ids: Vec<String>,
    /// Read accounts from this file (`-`: standard input, also read when no USER_ID is given
    /// and it is a pipe): one UserID per line, JSON Lines with "UserID" (and, for import,
    /// "Nick" and "FaceUrl"), or CSV with the header UserID,Nick,FaceUrl. Blank lines and lines
    /// starting with # are skipped; bad lines are reported with their line number and count
    /// as failed.
    #[arg(long, short, value_name = "PATH|-")]
    pub(crate) file: Option<PathBuf>,
    /// The file's format: lines (a UserID per line), jsonl (a JSON object per line) or csv
    /// [default: from the file name (.csv, .jsonl, .ndjson, .json, .txt), else from its first
    /// line: an object is jsonl, a comma means csv, else lines].
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub(crate) format: Option<InputFormat>,
    /// Refuse UserIDs with characters outside A-Z, a-z, 0-9, _ and - as bad lines (without
    /// it they are used, with a warning on stderr).
    #[arg(long)]
    pub(crate) strict: bool,
}

/// `--format`: how the lines of an input file are read (the rules are in
/// `accounts/input/format.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InputFormat {
    /// One UserID per line (a JSON object line is read as in jsonl).
    Lines,
    /// JSON Lines: one object per line with a "UserID".
    Jsonl,
    /// Comma-separated values: a UserID,Nick,FaceUrl header, or those columns in that order.
    Csv,
}

/// Pace and persistence of a bulk job.
#[derive(Debug, Args)]
pub(crate) struct Tuning {
    /// Calls per second to the API [default: the documented limit, 100 for import, check and
    /// delete, 200 for status and profiles]; raise it if your app's limit was raised. With
    /// --rate-store, a lower figure paces only this process (the shared budget stays the
    /// API's); a higher one raises the shared budget too (give every process the same).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) rate: Option<u32>,
    /// Requests in flight at once [default: 64].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) concurrency: Option<u32>,
    /// Attempts per request, the first included, before its accounts are reported failed
    /// [default: 10].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_attempts: Option<u32>,
}

/// `imctl accounts import` and `delete`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE: a run stopped for any reason and restarted with the same
    /// arguments skips the accounts already reported with a final outcome (succeeded, or failed
    /// for a reason a retry cannot change; --retry-failed sends those again). The file is kept
    /// afterwards; delete it to start over.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the accounts an earlier run reported failed (those
    /// that succeeded are still skipped).
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
    /// Validate the input and check which accounts exist, saying what would be done; write
    /// nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// `imctl accounts check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
}

/// `imctl accounts status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Include the status on each platform.
    #[arg(long)]
    pub(crate) detail: bool,
}

/// `imctl accounts` login invalidation.
#[derive(Debug, Args)]
pub(crate) struct KickArgs {
    /// The accounts.
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE (as for import).
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the accounts an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
    /// Check which accounts exist and say what would be done; change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// `imctl accounts delete`.
#[derive(Debug, Args)]
pub(crate) struct DeleteArgs {
    /// The accounts, the pace and the checkpoint, as for import.
    #[command(flatten)]
    pub(crate) job: ImportArgs,
    /// Delete without asking, even on a terminal.
    #[arg(long, short)]
    pub(crate) yes: bool,
}

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
    pub(crate) job: ImportArgs,
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

/// `imctl emulator ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum EmulatorCommand {
    /// Serve the emulator over HTTP until SIGINT or SIGTERM. The first line on stdout is its
    /// base URL (with --json, an object with url, sdkappid and admin; with --print-env, export
    /// lines). Credentials: the global --sdkappid, secret key and --admin when given, else
    /// SDKAppID 1400000000, the official libraries' demo key and administrator.
    Serve(ServeArgs),
}

/// `imctl emulator serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub(crate) listen: SocketAddr,
    /// Latency added to every request, e.g. 30ms (a bare number is milliseconds).
    #[arg(long, alias = "latency-ms", value_name = "DURATION", default_value = "0ms", value_parser = millis)]
    pub(crate) latency: Duration,
    /// Random extra latency of up to this much, e.g. 10ms.
    #[arg(long, alias = "jitter-ms", value_name = "DURATION", default_value = "0ms", value_parser = millis)]
    pub(crate) jitter: Duration,
    /// The probability, in [0, 1], that a request gets an injected fault.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    pub(crate) fault_rate: f64,
    /// The fault kinds to draw from, comma-separated: 70169, 70202, 70500, http502, close,
    /// stall [default: every kind].
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub(crate) faults: Vec<FaultKind>,
    /// How long a `stall` fault holds a request, e.g. 60s.
    #[arg(long, alias = "stall-ms", value_name = "DURATION", default_value = "60s", value_parser = millis)]
    pub(crate) stall: Duration,
    /// The seed of the fault and jitter draws (same seed, same faults).
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,
    /// Rate limits in calls per second: `off` (none), or API=N,... with the API's command
    /// word and N or off [default: the documented limits].
    #[arg(
        long,
        value_name = "API=N,...|off",
        value_parser = parse_rate_limits,
        long_help = rate_limit_help()
    )]
    pub(crate) rate_limit: Option<RateLimitSpec>,
    /// The most accounts the app may hold (a trial app: 100); importing more answers 70398.
    #[arg(long, value_name = "N")]
    pub(crate) account_cap: Option<usize>,
    /// The most connections held at once: at the cap, the connection idle the longest is
    /// closed to make room; when none is idle, new ones wait until one ends or idles.
    #[arg(long, value_name = "N", default_value_t = im_emulator::DEFAULT_MAX_CONNECTIONS as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_connections: u64,
    /// How long a connection may take to send a request's headers before it is closed (after
    /// it opens or between two requests).
    #[arg(long, alias = "header-timeout-ms", value_name = "DURATION", default_value = "30s", value_parser = positive_millis)]
    pub(crate) header_timeout: Duration,
    /// How long a request's body may take to arrive after its headers; a body not complete by
    /// then is dropped with its connection.
    #[arg(long, alias = "body-timeout-ms", value_name = "DURATION", default_value = "30s", value_parser = positive_millis)]
    pub(crate) body_timeout: Duration,
    /// How long a connection (HTTP/1 or HTTP/2) may stay open with no request in flight before
    /// it is closed.
    #[arg(long, alias = "idle-timeout-ms", value_name = "DURATION", default_value = "30s", value_parser = positive_millis)]
    pub(crate) idle_timeout: Duration,
    /// Deletion disabled for the app (as on some editions): account deletes answer 71000.
    #[arg(long)]
    pub(crate) deletion_disabled: bool,
    /// The daily-active quota of a trial app: calls answer 72000 once more accounts than N
    /// have logged in during the current UTC day.
    #[arg(long, value_name = "N")]
    pub(crate) daily_active_cap: Option<usize>,
    /// A custom profile tag the app has configured (Tag_Profile_Custom_...; repeatable): only
    /// these are then accepted [default: any well-formed one, registered on first write, up to
    /// 20].
    #[arg(long = "custom-tag", value_name = "TAG")]
    pub(crate) custom_tags: Vec<String>,
    /// Print shell `export` lines for the variables that point imctl at this emulator
    /// (IM_ENDPOINT, IM_SDKAPPID, IM_ADMIN, and IM_SECRET_KEY when it is the demo key) instead
    /// of the bare URL: `imctl emulator serve --print-env > emu.env & sleep 1; . ./emu.env`.
    #[arg(long)]
    pub(crate) print_env: bool,
    /// Send the service's callbacks to URL (State.StateChange on invalidated logins and simulated ones,
    /// Profile.CallbackPortraitSet, Alert.RequestOverLimit), e.g. the URL `imctl callbacks
    /// listen` prints. The signing parameters follow the URL's own query, if any; a #fragment
    /// is dropped (HTTP requests never carry one).
    #[arg(long, value_name = "URL")]
    pub(crate) callback_url: Option<String>,
    /// Sign callbacks with the token in this file (`-`: standard input), as callback
    /// authentication does [default: the IM_CALLBACK_TOKEN environment variable, else unsigned].
    #[arg(long, value_name = "PATH|-", requires = "callback_url")]
    pub(crate) callback_token_file: Option<PathBuf>,
}

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
    /// Exit after printing N verified events.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) count: Option<u64>,
    /// Answer each command as FILE says (a TOML table per CallbackCommand: answer = allow,
    /// refuse, deny with code = N in the command's documented range, drop, or rewrite with
    /// body = a MsgBody file and/or cloud_custom_data; sleep_ms = N waits first); commands not
    /// in it are acknowledged. Checked against each command's page before serving.
    #[arg(long, value_name = "FILE")]
    pub(crate) answer: Option<PathBuf>,
}

/// What `--rate-limit` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RateLimitSpec {
    /// Every limit off.
    Off,
    /// These APIs' limits (`None`: off); the others keep their defaults.
    Set(Vec<(Api, Option<u32>)>),
}

/// `--rate-limit`'s long help, naming every API from im-proto's table.
fn rate_limit_help() -> String {
    let words: Vec<&str> = Api::ALL.iter().map(|api| api.as_str()).collect();
    format!(
        "Rate limits in calls per second: `off` (none), or API=N,... with the API as SERVICE/COMMAND \
         or its command word alone, and N or off, e.g. {}=200,{}=off [default: the documented \
         limits; `imctl api --list` names every API].\n\nCommand words: {}",
        Api::MultiaccountImport,
        Api::AccountCheck,
        words.join(", ")
    )
}

fn parse_probability(s: &str) -> Result<f64, String> {
    let p: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number; give a probability from 0 to 1"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!(
            "{s} is out of range; give a probability from 0 to 1"
        ))
    }
}

fn parse_rate_limits(s: &str) -> Result<RateLimitSpec, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("off") {
        return Ok(RateLimitSpec::Off);
    }
    let mut set = Vec::new();
    for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (api, rate) = item
            .split_once('=')
            .ok_or_else(|| format!("{item:?} is not API=N (or `off` alone)"))?;
        let api: Api = api.trim().parse().map_err(|e| format!("{e}"))?;
        let rate = rate.trim();
        let rate = if rate.eq_ignore_ascii_case("off") {
            None
        } else {
            Some(rate.parse::<u32>().map_err(|_| {
                format!("{item:?}: {rate:?} is not a number of calls per second (or off)")
            })?)
        };
        set.push((api, rate));
    }
    if set.is_empty() {
        return Err("give `off` or API=N,...".to_owned());
    }
    Ok(RateLimitSpec::Set(set))
}

/// Parses the command line. On a usage error, prints it as one `imctl: error:` line and returns
/// the exit code (help and version print normally and return 0).
pub(crate) fn parse() -> Result<Cli, u8> {
    let matches = command().try_get_matches().map_err(report)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(report)?;
    resolve_target(&matches, &mut cli.global).map_err(|message| {
        error_line(&message);
        EXIT_USAGE
    })?;
    Ok(cli)
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

fn report(err: clap::Error) -> u8 {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            EXIT_OK
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            EXIT_USAGE
        }
        ErrorKind::UnknownArgument => {
            let mut message = flatten(&err.render().to_string());
            if let Some(ContextValue::String(flag)) = err.get(ContextKind::InvalidArg) {
                let suggested = match err.get(ContextKind::SuggestedArg) {
                    Some(ContextValue::String(s)) => Some(s.as_str()),
                    _ => None,
                };
                message = argument_tip(&message, flag, suggested);
            }
            error_line(&message);
            EXIT_USAGE
        }
        ErrorKind::InvalidSubcommand => {
            let mut message = flatten(&err.render().to_string());
            if let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidSubcommand)
                && let Some(tip) = subcommand_tip(word)
            {
                message = format!("{message}; {tip}");
            }
            error_line(&message);
            EXIT_USAGE
        }
        _ => {
            error_line(&flatten(&err.render().to_string()));
            EXIT_USAGE
        }
    }
}

/// Clap's message about an unknown `flag`, with a tip that fits: clap suggests any option
/// close enough, the (hidden) global ones too (`--checkpoint` → `--endpoint`); such a far
/// suggestion is dropped, and a flag of other commands is said to be theirs.
fn argument_tip(message: &str, flag: &str, suggested: Option<&str>) -> String {
    let name = flag.split('=').next().unwrap_or(flag);
    let far = suggested.is_some_and(|s| edit_distance(s, name) > 2);
    let mut text = match message.find(" tip: ") {
        Some(at) if far => {
            let usage = message.rfind(" (usage:").unwrap_or(message.len());
            format!("{}{}", &message[..at], &message[usage.max(at)..])
        }
        _ => message.to_owned(),
    };
    if name == "--version" || name == "-V" {
        text.push_str("; --version is imctl's own option: imctl --version");
    } else if let Some(owners) = commands_with(name.trim_start_matches('-')) {
        text.push_str(&format!("; {name} is an option of {owners}"));
    }
    text
}

/// The commands that take the option `long`, as `imctl accounts import, imctl profile set`.
fn commands_with(long: &str) -> Option<String> {
    let command = command();
    let mut owners = Vec::new();
    let mut stack: Vec<(String, &clap::Command)> = vec![("imctl".to_owned(), &command)];
    while let Some((path, parent)) = stack.pop() {
        for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
            let here = format!("{path} {}", sub.get_name());
            let takes = sub
                .get_arguments()
                .any(|a| !a.is_global_set() && a.get_long() == Some(long));
            if takes {
                owners.push(here.clone());
            }
            stack.push((here, sub));
        }
    }
    owners.sort();
    (!owners.is_empty()).then(|| owners.join(", "))
}

/// The Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// What `word`, taken for a subcommand, was probably meant as: a command at another level
/// (`imctl import` for `imctl accounts import`) or a global option written without its dashes
/// (`imctl json ...`). Clap's own tip only looks at the level where the word stood.
fn subcommand_tip(word: &str) -> Option<String> {
    let command = command();
    let mut paths = Vec::new();
    let mut stack: Vec<(String, &clap::Command)> = vec![("imctl".to_owned(), &command)];
    while let Some((path, parent)) = stack.pop() {
        for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
            let here = format!("{path} {}", sub.get_name());
            if sub.get_name() == word && path != "imctl" {
                paths.push(here.clone());
            }
            stack.push((here, sub));
        }
    }
    if !paths.is_empty() {
        paths.sort();
        return Some(format!("did you mean `{}`?", paths.join("` or `")));
    }
    let flag = command
        .get_arguments()
        .filter(|a| a.is_global_set())
        .find(|a| a.get_long() == Some(word))?;
    Some(format!(
        "--{word} is an option: write it with its dashes (`imctl --{word} ...`)",
        word = flag.get_long().unwrap_or(word)
    ))
}

/// clap's multi-line error as one line: `{message} {details} (usage: ...; see --help)`.
fn flatten(rendered: &str) -> String {
    let mut message = Vec::new();
    let mut usage = None;
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(u) = line.strip_prefix("Usage:") {
            usage = Some(u.trim().to_owned());
        } else if line.starts_with("For more information") {
            continue;
        } else {
            message.push(
                line.strip_prefix("error:")
                    .unwrap_or(line)
                    .trim()
                    .to_owned(),
            );
        }
    }
    let mut text = message.join(" ");
    match usage {
        Some(usage) => text.push_str(&format!(" (usage: {usage}; see --help)")),
        None => text.push_str(" (see --help)"),
    }
    text
}

/// A duration as humantime writes it (`30s`, `250ms`, `1h 30m`, `180d`), or a bare number in
/// `bare` units (the flag's unit before durations took units: `--timeout 30` is 30 s,
/// `--latency-ms 30` is 30 ms).
fn parse_duration(text: &str, bare: Duration) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        // The two bare units flags had: seconds and milliseconds.
        return Ok(if bare >= Duration::from_secs(1) {
            Duration::from_secs(n)
        } else {
            Duration::from_millis(n)
        });
    }
    humantime::parse_duration(text).map_err(|e| {
        format!(
            "{text:?} is not a duration ({e}): write a number and a unit, e.g. 30s, 250ms, 5m, 180d"
        )
    })
}

/// A duration whose bare number is milliseconds.
fn millis(text: &str) -> Result<Duration, String> {
    parse_duration(text, Duration::from_millis(1))
}

/// [`millis`], more than zero.
fn positive_millis(text: &str) -> Result<Duration, String> {
    match millis(text)? {
        Duration::ZERO => Err(format!("{text:?} must be more than zero")),
        duration => Ok(duration),
    }
}

/// A duration in whole seconds (bare: seconds), as a number of seconds.
fn whole_seconds(text: &str) -> Result<u64, String> {
    let duration = parse_duration(text, Duration::from_secs(1))?;
    if duration.subsec_nanos() != 0 {
        return Err(format!("{text:?} must be whole seconds"));
    }
    Ok(duration.as_secs())
}

/// `--timeout`: seconds when bare, from 1 s to 1 h.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text, Duration::from_secs(1))?;
    if !(Duration::from_secs(1)..=Duration::from_secs(3600)).contains(&duration) {
        return Err(format!("{text:?} is not between 1s and 1h"));
    }
    Ok(duration)
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

    #[test]
    fn rate_limits_parse() {
        assert_eq!(parse_rate_limits("off"), Ok(RateLimitSpec::Off));
        let spec = format!("{}=200, {}=off", Api::MultiaccountImport, Api::AccountCheck);
        assert_eq!(
            parse_rate_limits(&spec),
            Ok(RateLimitSpec::Set(vec![
                (Api::MultiaccountImport, Some(200)),
                (Api::AccountCheck, None)
            ]))
        );
        assert!(parse_rate_limits("nope=1").unwrap_err().contains("nope"));
        let fast = format!("{}=fast", Api::Kick);
        assert!(parse_rate_limits(&fast).unwrap_err().contains("fast"));
        assert!(parse_rate_limits(Api::Kick.as_str()).is_err());
        // SERVICE/COMMAND as well as the word alone.
        assert_eq!(
            parse_rate_limits("openim/batchsendmsg=10, openim/querystate=off"),
            Ok(RateLimitSpec::Set(vec![
                (Api::Batchsendmsg, Some(10)),
                (Api::QueryOnlineStatus, None)
            ]))
        );
        assert!(
            parse_rate_limits("profile/kick=1")
                .unwrap_err()
                .contains("profile/kick")
        );
    }

    #[test]
    fn probabilities_are_checked() {
        assert_eq!(parse_probability("0.25"), Ok(0.25));
        assert!(parse_probability("1.5").unwrap_err().contains("1.5"));
        assert!(parse_probability("x").is_err());
    }

    #[test]
    fn clap_errors_become_one_line() {
        let text = "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: imctl accounts import [OPTIONS] [USER_ID]...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            flatten(text),
            "unexpected argument '--bogus' found tip: to pass '--bogus' as a value, use '-- --bogus' (usage: imctl accounts import [OPTIONS] [USER_ID]...; see --help)"
        );
    }
}
