//! Data for the terminal, on stdout, and what a closed or failing stdout makes of the exit
//! code.

use std::io::{self, Write};

use super::error::{Context, report};
use super::exit::{EXIT_FAILED, EXIT_OK};

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
                report(&Context::new("cannot write to standard output", err));
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
    write_stdout(text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK)
}
