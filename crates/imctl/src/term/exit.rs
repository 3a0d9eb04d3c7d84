//! The exit codes (`imctl --help` lists them).

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
/// Exit code after SIGINT (Ctrl-C), as shells report it.
pub(crate) const EXIT_INTERRUPTED: u8 = 130;
/// Exit code after SIGTERM.
pub(crate) const EXIT_TERMINATED: u8 = 143;
