//! Errors as the CLI reports them. A command that cannot run (or stops) returns a [`CliError`]:
//! its exit code and the error itself, typed, with its causes as its
//! [`source`](std::error::Error::source) chain. `main` renders it once, as every error imctl
//! shows is rendered ([`render`]): its `Display`, then each cause (`: cause: cause`), escaped,
//! on one line.

use std::error::Error;
use std::fmt;

use super::exit::{EXIT_AUTH, EXIT_FAILED, EXIT_USAGE};
use super::lines::error_line;

/// Any error, as a [`CliError`] carries it.
pub(crate) type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// A command that could not run (or stopped): its exit code, and the error to report (none
/// for a stop already explained on stderr).
pub(crate) struct CliError {
    code: u8,
    error: Option<BoxError>,
}

impl CliError {
    /// `error`, ending the command with exit code `code`.
    pub(crate) fn new(code: u8, error: impl Into<BoxError>) -> Self {
        CliError {
            code,
            error: Some(error.into()),
        }
    }

    /// A usage or configuration error (exit 2): a message, or a typed error.
    pub(crate) fn usage(error: impl Into<BoxError>) -> Self {
        CliError::new(EXIT_USAGE, error)
    }

    /// A failure of the work itself (exit 1).
    pub(crate) fn failed(error: impl Into<BoxError>) -> Self {
        CliError::new(EXIT_FAILED, error)
    }

    /// A stop with exit code `code` whose reason is already on stderr.
    pub(crate) fn silent(code: u8) -> Self {
        CliError { code, error: None }
    }

    /// The same stop, its error now the cause of `what` (`what: the error`).
    pub(crate) fn context(self, what: impl Into<String>) -> Self {
        CliError {
            code: self.code,
            error: self
                .error
                .map(|error| Box::new(Context::new(what, error)) as BoxError),
        }
    }

    /// The exit code.
    pub(crate) fn code(&self) -> u8 {
        self.code
    }

    /// The error, if there is one to report.
    pub(crate) fn error(&self) -> Option<&(dyn Error + 'static)> {
        self.error.as_deref().map(|e| e as &(dyn Error + 'static))
    }

    /// Prints the error as one `imctl: error:` line (nothing for a silent stop).
    pub(crate) fn report(&self) {
        if let Some(err) = self.error() {
            report(err);
        }
    }
}

impl fmt::Display for CliError {
    /// The error as [`CliError::report`] prints it, without the `imctl: error:` prefix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.error() {
            Some(err) => f.write_str(&render(err)),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CliError")
            .field("code", &self.code)
            .field("error", &self.to_string())
            .finish()
    }
}

/// What was being done when an error happened: `Display` is that, and the error its
/// [`source`](std::error::Error::source) (`cannot read the file x.csv`, then the OS error).
#[derive(Debug)]
pub(crate) struct Context {
    what: String,
    source: BoxError,
}

impl Context {
    /// `source`, which happened while doing `what`.
    pub(crate) fn new(what: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Context {
            what: what.into(),
            source: source.into(),
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl Error for Context {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}

/// Prints `err` as one `imctl: error:` line: [`render`]ed, escaped.
pub(crate) fn report(err: &(dyn Error + 'static)) {
    error_line(&render(err));
}

/// Reports a failed call: exit 2 for input refused before sending, 3 for credentials, else 1.
pub(crate) fn refused(err: &im_client::Error) -> u8 {
    report(err);
    match err {
        im_client::Error::InvalidInput(_) => EXIT_USAGE,
        _ if err.is_auth() => EXIT_AUTH,
        _ => EXIT_FAILED,
    }
}

/// A UserID argument, or exit 2 naming it and the rule.
pub(crate) fn user_id(raw: &str) -> Result<im_proto::UserId, CliError> {
    im_proto::UserId::new(raw).map_err(CliError::usage)
}

/// An error as imctl shows it: its `Display`, then each cause of its source chain after `: `.
/// A cause whose text is already shown (an error that writes its cause into its own text) is
/// not repeated.
pub(crate) fn render(err: &(dyn Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(err) = cause {
        let shown = err.to_string();
        if !shown.is_empty() && !text.contains(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        cause = err.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;

    /// An error that writes its cause into its own text, as some libraries do.
    #[derive(Debug)]
    struct Repeating(io::Error);

    impl fmt::Display for Repeating {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "cannot go on: {}", self.0)
        }
    }

    impl Error for Repeating {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_chain_is_rendered_once_on_one_line() {
        let cause = io::Error::new(io::ErrorKind::NotFound, "no such file");
        let err = Context::new("cannot read the file x.csv", cause);
        assert_eq!(render(&err), "cannot read the file x.csv: no such file");
        let err = Context::new("--file x.csv", Repeating(io::Error::other("disk on fire")));
        assert_eq!(render(&err), "--file x.csv: cannot go on: disk on fire");
        let err = CliError::usage(Context::new("outer", Context::new("middle", "inner")));
        assert_eq!(err.code(), EXIT_USAGE);
        assert_eq!(err.to_string(), "outer: middle: inner");
        assert_eq!(CliError::silent(4).to_string(), "");
    }
}
