//! Lines for the terminal: data on stdout, talk (notes, errors, the question of a prompt) on
//! stderr, each escaped and on one line.

use std::io::{self, Write};

use super::escape::escape;
use super::exit::EXIT_FAILED;

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

/// Writes `text` to stdout: the exit code of a command whose work is done (0, or what a
/// closed or failing stdout makes of it).
pub(crate) fn print(text: &str) -> u8 {
    write_stdout(text).map_or_else(
        |stop| stop.exit_code(super::exit::EXIT_OK),
        |()| super::exit::EXIT_OK,
    )
}
