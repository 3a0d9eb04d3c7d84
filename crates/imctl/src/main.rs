//! `imctl`: the command-line tool of im-toolkit.
//!
//! Mint UserSigs and PrivateMapKeys, run account jobs (import, check, delete, online status,
//! login invalidation) from arguments and files, and run the local emulator of the Tencent Cloud
//! IM REST APIs. A thin layer over `im-accounts`, `im-sig` and `im-emulator`: parse, call, render.
//!
//! This file parses and dispatches; each command group is a module (`usersig`, `accounts`,
//! `profile`, `robots`, `messages`, `relations`, `groups`, `push`, `operations` (`mute`, `app`), `api`, `emulator`, `callbacks`) with its arguments beside its code; the
//! bulk jobs share `bulk`; `config` turns the global options into credentials and a client;
//! `term` is all terminal output (escaping, exit codes, errors rendered once).
//!
//! Exit codes: 0 every account succeeded; 1 the job ran but some accounts failed (or a UserSig
//! did not verify); 2 usage or configuration error; 3 the service refused the credentials;
//! 101 internal error.

use std::process::ExitCode;

mod accounts;
mod api;
mod bulk;
mod callbacks;
mod cli;
mod config;
mod contacts;
mod durations;
mod emulator;
mod files;
mod global;
mod groups;
mod messages;
mod moderate;
mod operations;
mod profile;
mod push;
mod relations;
mod robots;
mod runtime;
mod search;
mod signals;
mod term;
mod usersig;

use cli::Command;
use runtime::{Flavor, with_runtime};
use term::CliError;

fn main() -> ExitCode {
    runtime::setup();
    let mut cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    if let Err(err) = config::apply_context(&mut cli.global) {
        err.report();
        return ExitCode::from(err.code());
    }
    runtime::install_tracing(cli.global.verbose);
    let code = match run(&cli) {
        Ok(code) => config::with_rate_store_outcome(code),
        Err(err) => {
            err.report();
            err.code()
        }
    };
    ExitCode::from(code)
}

/// Runs one command; `Ok` carries the exit code of a command that ran.
fn run(cli: &cli::Cli) -> Result<u8, CliError> {
    let global = &cli.global;
    match &cli.command {
        Command::Usersig(command) => usersig::run(global, command),
        // A client job at the service's rates needs well under a core: one thread, no
        // cross-thread wake-ups (a third less CPU per call than two workers).
        Command::Accounts(command) => {
            with_runtime(Flavor::OneThread, || accounts::run(global, command))
        }
        Command::Profile(command) => {
            with_runtime(Flavor::OneThread, || profile::run(global, command))
        }
        Command::Robots(command) => {
            with_runtime(Flavor::OneThread, || robots::run(global, command))
        }
        Command::Messages(command) => {
            with_runtime(Flavor::OneThread, || messages::run(global, command))
        }
        Command::Friends(command) => {
            with_runtime(Flavor::OneThread, || relations::friends(global, command))
        }
        Command::Blacklist(command) => {
            with_runtime(Flavor::OneThread, || relations::blacklist(global, command))
        }
        Command::Follows(command) => {
            with_runtime(Flavor::OneThread, || relations::follows(global, command))
        }
        Command::Groups(command) => {
            with_runtime(Flavor::OneThread, || groups::run(global, command))
        }
        Command::Contacts(command) => {
            with_runtime(Flavor::OneThread, || contacts::run(global, command))
        }
        Command::Push(command) => with_runtime(Flavor::OneThread, || push::run(global, command)),
        Command::Mute(command) => {
            with_runtime(Flavor::OneThread, || operations::mute(global, command))
        }
        Command::App(command) => {
            with_runtime(Flavor::OneThread, || operations::app(global, command))
        }
        Command::Moderate(args) => with_runtime(Flavor::OneThread, || moderate::run(global, args)),
        Command::Search(command) => {
            with_runtime(Flavor::OneThread, || search::run(global, command))
        }
        // One call at a time (or a page after another), as the other client commands.
        Command::Api(args) => api::run(global, args),
        // A server benefits from every core.
        Command::Emulator(command) => {
            with_runtime(Flavor::AllCores, || emulator::run(global, command))
        }
        Command::Callbacks(command) => {
            with_runtime(Flavor::AllCores, || callbacks::run(global, command))
        }
        Command::Completions(args) => Ok(cli::completions(args)),
        Command::Options => Ok(cli::options()),
        Command::Man(args) => cli::man(args),
    }
}
