//! What `--help` adds to the clap definition: the footers (global options, exit codes, the
//! environment), what `--file` reads for each command, and `imctl options`.

use clap::Args;

use crate::global::Global;

/// The footer of `imctl --help`.
pub(crate) const TOP_FOOTER: &str = concat!(
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
IM_QUOTA, IM_CALLBACK_TOKEN, IM_CONTEXT, IM_CONFIG; HTTPS_PROXY / NO_PROXY; RUST_LOG turns on
logs (stderr)."
    };
}
use exit_codes;

/// The footer of every command's help.
const GLOBALS_FOOTER: &str = "Global options (--json, -q, -v, --emulator, --sdkappid, --secret-key-file, --region, \
--endpoint, --timeout, --rate-store...) work with every command: `imctl options` lists them.";

/// Puts the footer under the help of `command`'s subcommands, at every depth.
pub(crate) fn with_footer(mut command: clap::Command) -> clap::Command {
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

/// What `--file` reads, said for each account and profile command that takes it (UserIDs,
/// unless the command reads more). The other groups' files (pairs, messages) say what they
/// read in their own help.
pub(crate) fn for_each_input(command: clap::Command) -> clap::Command {
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
        .filter(|g| matches!(g.as_str(), "accounts" | "profile"))
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

/// `imctl options`: the global options alone.
pub(crate) fn options_help() -> String {
    let mut command = Global::augment_args(clap::Command::new("imctl"))
        .override_usage("imctl [OPTIONS] <COMMAND> ...")
        .after_help(EXIT_CODES);
    command.render_long_help().to_string()
}
