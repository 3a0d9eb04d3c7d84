//! A yes/no question to the person at the terminal.

use std::io::{self, BufRead, IsTerminal, Write};

use super::error::{CliError, Context};

/// When stdin is a terminal (a person is there), asks `question` (`imctl: {question} [y/N] `,
/// on stderr, or on the terminal itself when stderr is redirected) and reads the answer from
/// stdin: whether it was yes. Elsewhere (scripts, pipes) nobody can answer: `true`.
pub(crate) fn confirmed(question: &str) -> Result<bool, CliError> {
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
        .map_err(|e| CliError::failed(Context::new("cannot read the answer", e)))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}
