//! What became of one input item: [`Outcome`] (succeeded with the operation's output, failed
//! with a [`Failure`], or not attempted and why), with its input position in [`ItemOutcome`].

use std::sync::Arc;

use crate::{Error, Failure};

/// What became of one input item of a bulk run.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Outcome<T> {
    /// It succeeded; the operation's output for it.
    Ok(T),
    /// It failed: the service's code for it, its request's error, or its input's rule broken.
    Failed(Failure),
    /// It was not sent, and that is not its failure.
    NotAttempted(NotAttempted),
}

/// Why an item was not sent.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum NotAttempted {
    /// The job stopped sending before its request left: [`Client::stop_sending`](crate::Client::stop_sending)
    /// ([`Error::Stopped`]), or another chunk failed with this error, which stops a job
    /// (refused credentials, nothing listening, a journal that cannot be written). A rerun
    /// sends it.
    Stopped(Arc<Error>),
    /// The same key appeared earlier in the input, at position `first` (0-based; `None` past
    /// the 4,294,967,294th item, where positions are not kept), and is handled there.
    Duplicate {
        /// The position of its first occurrence.
        first: Option<u64>,
    },
}

impl<T> Outcome<T> {
    /// Whether the item succeeded.
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }

    /// The output, when the item succeeded.
    pub fn ok(&self) -> Option<&T> {
        match self {
            Outcome::Ok(output) => Some(output),
            _ => None,
        }
    }

    /// The failure, when the item failed.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Outcome::Failed(failure) => Some(failure),
            _ => None,
        }
    }

    /// The outcome of a result a chunk's operation gave: a [`Failure::NotAttempted`] (a call
    /// the client stopped before it left) is [`NotAttempted::Stopped`].
    pub fn from_result(result: Result<T, Failure>) -> Self {
        match result {
            Ok(output) => Outcome::Ok(output),
            Err(Failure::NotAttempted(err)) => Outcome::NotAttempted(NotAttempted::Stopped(err)),
            Err(failure) => Outcome::Failed(failure),
        }
    }

    /// The same outcome with `f` applied to the output.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Ok(output) => Outcome::Ok(f(output)),
            Outcome::Failed(failure) => Outcome::Failed(failure),
            Outcome::NotAttempted(why) => Outcome::NotAttempted(why),
        }
    }
}

/// The outcome of the input item at `position`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The item's 0-based position in the input.
    pub position: u64,
    /// What names the item in output: its key as given (a UserID, say), or for an input the
    /// operation could not read, the label it gave (`line 7`).
    pub label: String,
    /// What happened.
    pub outcome: Outcome<T>,
}

impl<T> ItemOutcome<T> {
    /// The outcome of the item at `position` (also to test what consumes outcomes).
    pub fn new(position: u64, label: impl Into<String>, outcome: Outcome<T>) -> Self {
        ItemOutcome {
            position,
            label: label.into(),
            outcome,
        }
    }

    /// Whether the item succeeded.
    pub fn is_ok(&self) -> bool {
        self.outcome.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_the_client_stopped_is_not_attempted_and_other_failures_are_failures() {
        let stopped =
            Outcome::<u8>::from_result(Err(Failure::NotAttempted(Arc::new(Error::Stopped))));
        assert!(matches!(
            stopped,
            Outcome::NotAttempted(NotAttempted::Stopped(_))
        ));
        let failed = Outcome::<u8>::from_result(Err(Failure::NoResult));
        assert!(matches!(failed.failure(), Some(Failure::NoResult)));
        let ok = Outcome::from_result(Ok(2)).map(|n| n * 2);
        assert_eq!((ok.is_ok(), ok.ok()), (true, Some(&4)));
    }
}
