//! Talk for the terminal, on stderr: notes and errors, each escaped and on one line.

use std::io::{self, Write};

use super::escape::escape;

/// Prints `imctl: error: {message}` on stderr as one line, ignoring a closed stderr.
pub(crate) fn error_line(message: &str) {
    let line = one_line(message);
    let _ = writeln!(io::stderr().lock(), "imctl: error: {}", escape(&line));
}

/// Prints `imctl: {message}` on stderr, ignoring a closed stderr (informational; callers check
/// `--quiet`).
pub(crate) fn note(message: &str) {
    let line = one_line(message);
    let _ = writeln!(io::stderr().lock(), "imctl: {}", escape(&line));
}

/// Collapses line breaks so that every message stays on one line.
pub(crate) fn one_line(message: &str) -> String {
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

/// Writes `text` (already escaped, whole lines) to stderr, ignoring a closed stderr: talk, as
/// a human summary is, never data.
pub(crate) fn write_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}
