//! Everything imctl shows on a terminal, in one place: `stdout` (data), `lines` (talk on
//! stderr: notes and errors), `escape` (every string escaped: a server's `ErrorInfo` or an
//! input line can neither forge lines nor drive the terminal), `error` (errors typed until
//! rendered, then rendered once with their causes), `exit` (the exit codes) and `prompt` (the
//! yes/no question).

mod error;
mod escape;
mod exit;
mod lines;
mod prompt;
mod stdout;

pub(crate) use error::{BoxError, CliError, Context, refused, render, report, user_id};
pub(crate) use escape::{escape, json_line, json_pretty, push_json_line, push_line};
pub(crate) use exit::{
    EXIT_AUTH, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_UNREACHABLE,
    EXIT_USAGE,
};
pub(crate) use lines::{error_line, note, one_line, write_stderr};
pub(crate) use prompt::confirmed;
pub(crate) use stdout::{WriteStop, print, write_stdout};
