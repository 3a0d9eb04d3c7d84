//! `imctl`: the command-line tool of im-toolkit.
//!
//! Mint UserSigs and PrivateMapKeys, run account jobs (import, check, delete, online status,
//! login invalidation) from arguments and files, and run the local emulator of the Tencent Cloud
//! IM REST APIs. A thin layer over `im-accounts`, `im-sig` and `im-emulator`: parse, call, render.
//!
//! Exit codes: 0 every account succeeded; 1 the job ran but some accounts failed (or a UserSig
//! did not verify); 2 usage or configuration error; 3 the service refused the credentials;
//! 101 internal error.

use std::io::{self, Write};
use std::process::ExitCode;

/// mimalloc: glibc's malloc and free were a tenth of a bulk job's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod accounts;
mod api;
mod callbacks;
mod cli;
mod config;
mod contexts;
mod emulator;
mod files;
mod profile;
mod robots;
mod signals;
mod text;
mod usersig;

/// Exit code: every account succeeded.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the job ran but some accounts failed.
pub(crate) const EXIT_FAILED: u8 = 1;
/// Exit code: usage or configuration error.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code: the service refused the credentials (authentication or permission).
pub(crate) const EXIT_AUTH: u8 = 3;
/// Exit code: nothing succeeded because no request reached a server (wrong endpoint, network
/// down).
pub(crate) const EXIT_UNREACHABLE: u8 = 4;

fn main() -> ExitCode {
    no_transparent_huge_pages();
    install_panic_hook();
    let mut cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    if let Err(err) = contexts::apply(&mut cli.global) {
        err.report();
        return ExitCode::from(err.code);
    }
    install_tracing(cli.global.verbose);
    let code = match run(cli) {
        Ok(code) => config::with_rate_store_outcome(code),
        Err(err) => {
            err.report();
            err.code
        }
    };
    ExitCode::from(code)
}

/// Turns transparent huge pages off for this process (Linux): the kernel would back the
/// allocator's arenas with 2 MiB pages, taking a bulk job's RSS up in 2 MiB steps (12 to 17 MiB
/// more for a million accounts) and spending CPU zeroing them. Without it (an old kernel),
/// memory is only larger.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Runs one command; `Ok` carries the exit code of a command that ran.
fn run(cli: cli::Cli) -> Result<u8, CliError> {
    use cli::Command;
    match &cli.command {
        Command::Usersig(command) => usersig::run(&cli.global, command),
        // A client job at the service's rates needs well under a core: one thread, no
        // cross-thread wake-ups (a third less CPU per call than two workers).
        Command::Accounts(command) => {
            with_runtime(Flavor::OneThread, || accounts::run(&cli.global, command))
        }
        Command::Profile(command) => {
            with_runtime(Flavor::OneThread, || profile::run(&cli.global, command))
        }
        Command::Robots(command) => {
            with_runtime(Flavor::OneThread, || robots::run(&cli.global, command))
        }
        // One call at a time (or a page after another), as the other client commands.
        Command::Api(args) => api::run(&cli.global, args),
        // A server benefits from every core.
        Command::Emulator(command) => {
            with_runtime(Flavor::AllCores, || emulator::run(&cli.global, command))
        }
        Command::Callbacks(command) => {
            with_runtime(Flavor::AllCores, || callbacks::run(&cli.global, command))
        }
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut cli::command(), "imctl", &mut script);
            let script = String::from_utf8_lossy(&script);
            Ok(write_stdout(&script).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK))
        }
        Command::Options => Ok(write_stdout(&cli::options_help())
            .map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK)),
        Command::Man(args) => {
            std::fs::create_dir_all(&args.out_dir)
                .and_then(|()| clap_mangen::generate_to(cli::command_for_docs(), &args.out_dir))
                .map_err(|e| {
                    CliError::failed(format!(
                        "cannot write man pages to {}: {e}",
                        args.out_dir.display()
                    ))
                })?;
            Ok(EXIT_OK)
        }
    }
}

/// Which tokio runtime a command runs on.
#[derive(Clone, Copy, Debug)]
enum Flavor {
    /// The current thread only.
    OneThread,
    /// A worker per core.
    AllCores,
}

/// Runs an async command on a tokio runtime of `flavor`.
fn with_runtime<F, Fut>(flavor: Flavor, f: F) -> Result<u8, CliError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<u8, CliError>>,
{
    let mut builder = match flavor {
        Flavor::OneThread => tokio::runtime::Builder::new_current_thread(),
        Flavor::AllCores => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = builder
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on(f());
    // Nothing left running matters once the command is done (an emulator, a progress task).
    runtime.shutdown_background();
    result
}

/// A command that could not run (or stopped), with its exit code and a one-line message.
#[derive(Debug)]
pub(crate) struct CliError {
    /// The exit code.
    pub(crate) code: u8,
    /// The message, printed as `imctl: error: {message}`; empty for a silent stop.
    pub(crate) message: String,
}

impl CliError {
    /// A usage or configuration error (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A failure of the work itself (exit 1).
    pub(crate) fn failed(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_FAILED,
            message: message.into(),
        }
    }

    fn report(&self) {
        if !self.message.is_empty() {
            error_line(&self.message);
        }
    }
}

/// Prints `imctl: error: {message}` on stderr as one line, ignoring a closed stderr.
pub(crate) fn error_line(message: &str) {
    let line = one_line(message);
    let _ = writeln!(io::stderr().lock(), "imctl: error: {}", text::escape(&line));
}

/// Prints `imctl: {message}` on stderr, ignoring a closed stderr (informational; callers check
/// `--quiet`).
pub(crate) fn note(message: &str) {
    let line = one_line(message);
    let _ = writeln!(io::stderr().lock(), "imctl: {}", text::escape(&line));
}

/// Collapses line breaks so that every message stays on one line.
fn one_line(message: &str) -> String {
    if message.contains(['\n', '\r']) {
        message
            .split(['\n', '\r'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        message.to_owned()
    }
}

/// How writing to stdout ended badly.
#[derive(Debug)]
pub(crate) enum WriteStop {
    /// The reader went away (`| head`): stop quietly, but not with success: the job did not
    /// finish, or its report was not delivered.
    Closed,
    /// Another I/O error.
    Failed(io::Error),
}

impl WriteStop {
    /// Turns a stop into the exit code to use, given the code the work so far earned.
    pub(crate) fn exit_code(self, earned: u8) -> u8 {
        match self {
            WriteStop::Closed => earned.max(EXIT_FAILED),
            WriteStop::Failed(err) => {
                error_line(&format!("cannot write to standard output: {err}"));
                earned.max(EXIT_FAILED)
            }
        }
    }
}

impl From<io::Error> for WriteStop {
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            WriteStop::Closed
        } else {
            WriteStop::Failed(err)
        }
    }
}

/// When stdin is a terminal (a person is there), asks `question` (`imctl: {question} [y/N] `,
/// on stderr, or on the terminal itself when stderr is redirected) and reads the answer from
/// stdin: whether it was yes. Elsewhere (scripts, pipes) nobody can answer: `true`.
pub(crate) fn confirmed(question: &str) -> Result<bool, CliError> {
    use std::io::{BufRead, IsTerminal};
    let stdin = io::stdin();
    if !stdin.is_terminal() {
        return Ok(true);
    }
    let prompt = format!("imctl: {question} [y/N] ");
    let on_tty = !io::stderr().is_terminal()
        && std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .and_then(|mut tty| tty.write_all(prompt.as_bytes()))
            .is_ok();
    if !on_tty {
        let mut stderr = io::stderr().lock();
        let _ = stderr.write_all(prompt.as_bytes());
        let _ = stderr.flush();
    }
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::failed(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

/// Writes `text` (already escaped, whole lines) to stderr, ignoring a closed stderr: talk, as
/// a human summary is, never data.
pub(crate) fn write_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Writes `text` to stdout and flushes it.
pub(crate) fn write_stdout(text: &str) -> Result<(), WriteStop> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Replaces Rust's panic text with one line. The panic then unwinds as usual: on the main
/// thread the process exits with 101; in a task, the runtime catches it and the job reports the
/// affected accounts as failed.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            io::stderr().lock(),
            "imctl: internal error: {}{location}; please report it",
            one_line(&message)
        );
    }));
}

/// Logs to stderr, filtered by `RUST_LOG`, only when `RUST_LOG` is set.
fn install_tracing(verbose: u8) {
    let filter = match (std::env::var("RUST_LOG"), verbose) {
        (Ok(filter), _) => filter,
        (Err(_), 0) => return,
        (Err(_), 1) => "warn,im_accounts=info,im_transport=info,im_emulator=info".to_owned(),
        (Err(_), 2) => "warn,im_accounts=debug,im_transport=debug,im_emulator=debug".to_owned(),
        (Err(_), _) => "info,im_accounts=trace,im_transport=trace,im_emulator=trace".to_owned(),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()))
        .with_writer(io::stderr)
        .try_init();
}
