//! The arguments of `imctl api` (clap derive: the doc comments are the `--help` text).

use clap::Args;
use im_proto::Api;

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
pub(crate) fn api_long_help() -> String {
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
