//! Project automation, run as `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen [--check]`: writes (or, with `--check`, verifies) the files generated
//!   from the API declarations (`crates/im-proto/spec/`): im-proto's table, service and packet
//!   modules, `docs/error-codes.md`, `docs/api.md`, `crates/im-proto/tests/fixtures/generated/`,
//!   and imctl's man pages.
//! - `cargo xtask new-api SERVICE/COMMAND`: the stubs a new API starts from (declaration,
//!   fixtures, emulator handler).
//! - `cargo xtask bench [sig|bulk|friends|emulator|peers]`: runs benchmarks and rewrites the figures
//!   section of `docs/BENCHMARKS.md`.
//! - `cargo xtask fuzz [--seconds N] [--seed S] [responses|usersig|input]...`: the bounded
//!   mutation harness (`fuzz/`, stable Rust) over the decoders that face untrusted bytes.
//! - `cargo xtask tidy [--list] [RULE]...`: the structural rules of the workspace (`tidy`),
//!   which `cargo test` checks too.

use std::process::ExitCode;

mod bench;
mod build;
mod codegen;
mod fuzz;
mod new_api;
mod spec;
mod tidy;
mod workspace;

fn usage() -> &'static str {
    "usage: cargo xtask codegen [--check]\n       cargo xtask new-api SERVICE/COMMAND (see --help)\n       cargo xtask bench [sig|bulk|friends|emulator|callbacks|sync|shared-rate|message-store|messages|group-store|peers]...\n       cargo xtask fuzz [--seconds N] [--seed S] [responses|usersig|input]...\n       cargo xtask tidy [--list] [RULE]..."
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write)
            .and_then(|()| codegen::man_pages(codegen::Mode::Write)),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check)
            .and_then(|()| codegen::man_pages(codegen::Mode::Check)),
        ["bench", names @ ..] => bench::run(names),
        ["fuzz", rest @ ..] => fuzz::run(rest),
        ["new-api", rest @ ..] => new_api::run(rest),
        ["tidy", rest @ ..] => tidy::run(rest),
        ["-h" | "--help" | "help"] => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown arguments {args:?}\n{}", usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
