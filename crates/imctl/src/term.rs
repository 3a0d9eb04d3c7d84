//! Everything imctl shows on a terminal, in one place: data on stdout, talk on stderr, every
//! string escaped (`escape`: a server's `ErrorInfo` or an input line can neither forge lines nor
//! drive the terminal), the exit codes (`exit`), errors rendered once with their causes
//! (`error`), and the yes/no prompt (`prompt`).

mod error;
mod escape;
mod exit;
mod lines;
mod prompt;

pub(crate) use error::{CliError, Context};
pub(crate) use escape::{escape, json_line, json_pretty, push_json_line, push_line};
pub(crate) use exit::{
    EXIT_AUTH, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_UNREACHABLE,
    EXIT_USAGE,
};
pub(crate) use lines::{WriteStop, error_line, note, one_line, print, write_stderr, write_stdout};
pub(crate) use prompt::confirmed;
