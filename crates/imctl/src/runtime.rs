//! The process around a command: the allocator, transparent huge pages off, the panic hook,
//! logs, and the tokio runtime a command runs on.

use std::io::{self, Write};

use crate::term::{CliError, Context, one_line};

/// mimalloc: glibc's malloc and free were a tenth of a bulk job's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What every run sets up first: huge pages off, the one-line panic hook.
pub(crate) fn setup() {
    no_transparent_huge_pages();
    install_panic_hook();
}

/// Turns transparent huge pages off for this process (Linux): the kernel would back the
/// allocator's arenas with 2 MiB pages, taking a bulk job's RSS up in 2 MiB steps (12 to 17 MiB
/// more for a million accounts) and spending CPU zeroing them. Without it (an old kernel),
/// memory is only larger.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
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
pub(crate) fn install_tracing(verbose: u8) {
    let filter = match (std::env::var("RUST_LOG"), verbose) {
        (Ok(filter), _) => filter,
        (Err(_), 0) => return,
        (Err(_), 1) => "warn,im_client=info,im_accounts=info,im_messages=info,im_relations=info,im_transport=info,im_emulator=info".to_owned(),
        (Err(_), 2) => "warn,im_client=debug,im_accounts=debug,im_messages=debug,im_relations=debug,im_transport=debug,im_emulator=debug".to_owned(),
        (Err(_), _) => "info,im_client=trace,im_accounts=trace,im_messages=trace,im_relations=trace,im_transport=trace,im_emulator=trace".to_owned(),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()))
        .with_writer(io::stderr)
        .try_init();
}

/// Which tokio runtime a command runs on.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Flavor {
    /// The current thread only.
    OneThread,
    /// A worker per core.
    AllCores,
}

/// Runs an async command on a tokio runtime of `flavor`.
pub(crate) fn with_runtime<F, Fut>(flavor: Flavor, f: F) -> Result<u8, CliError>
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
        .map_err(|e| CliError::failed(Context::new("cannot start the async runtime", e)))?;
    let result = runtime.block_on(f());
    // Nothing left running matters once the command is done (an emulator, a progress task).
    runtime.shutdown_background();
    result
}
