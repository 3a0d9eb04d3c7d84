//! What every typed callback is ([`Callback`]) and what a "before" callback adds
//! ([`BeforeCallback`]): the command word, the reply it is answered with, and for a before
//! callback the range of the app's own refusal codes and the time the service waits.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::wire::Extra;

/// A typed callback: the body of one `CallbackCommand`.
///
/// Every command's type implements it in its own module; the crate's registration table makes
/// [`Event`](crate::Event) from them.
pub trait Callback:
    Serialize + DeserializeOwned + Clone + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The `CallbackCommand`.
    const COMMAND: &'static str;
    /// Whether the service writes `CallbackCommand` into the body too (it always is in the URL).
    /// False for the commands whose pages show a body without it (`ContentCallback.ResultNotify`,
    /// the batched `Push.*` results).
    const COMMAND_IN_BODY: bool = true;
    /// The app's answer: [`Reply`](crate::Reply) for a notification, the command's typed reply
    /// for a before callback.
    type Reply: CallbackReply;

    /// The body's fields the type does not name.
    fn extra(&self) -> &Extra;
    /// The body's fields the type does not name, to change.
    fn extra_mut(&mut self) -> &mut Extra;
}

/// A before callback: the service waits for the answer (at most [`BeforeCallback::BUDGET`])
/// and acts on it.
pub trait BeforeCallback: Callback {
    /// The codes the page lets the app refuse with so that its code and `ErrorInfo` reach the
    /// client; `None` where the page documents none (the app can still refuse with 1).
    const DENY_CODES: Option<CodeRange>;
    /// How long the service waits for the answer before applying the console's "on timeout"
    /// choice (deliver by default).
    const BUDGET: Duration;
}

/// What a reply tells the receiver: whether the app failed (so that a retry of the same
/// callback is let through the replay cache).
pub trait CallbackReply: Serialize + Send + 'static {
    /// Whether the app answered that it failed to handle the callback (as opposed to an
    /// answer, even a refusal, that it handled).
    fn is_failure(&self) -> bool;
}

/// An inclusive range of error codes, as the pages write them (`[120001, 130000]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodeRange {
    /// The smallest code.
    pub min: i64,
    /// The largest code.
    pub max: i64,
}

impl CodeRange {
    /// `[min, max]`.
    pub const fn new(min: i64, max: i64) -> Self {
        CodeRange { min, max }
    }

    /// Whether `code` is in the range.
    pub const fn contains(&self, code: i64) -> bool {
        self.min <= code && code <= self.max
    }
}

impl fmt::Display for CodeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", self.min, self.max)
    }
}

/// The codes a C2C or official-account before callback may refuse with
/// (`C2C.CallbackBeforeSendMsg`, `OfficialAccount.CallbackBeforeSendMsg`,
/// `OfficialAccount.CallbackBeforeCreateOfficialAccount`).
pub const C2C_DENY_CODES: CodeRange = CodeRange::new(120_001, 130_000);

/// The codes a group before callback may refuse with (`Group.CallbackBefore*`).
pub const GROUP_DENY_CODES: CodeRange = CodeRange::new(10_100, 10_200);

/// The codes a relationship before callback may refuse with (`Sns.CallbackPrev*`), for the
/// whole request and for each item.
pub const SNS_DENY_CODES: CodeRange = CodeRange::new(38_000, 39_000);

/// The time the service waits for any callback's answer (the callback overview page: 2 s; the
/// message pages add that the before-send callbacks' 2 s cannot be changed).
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(2);

/// A refusal code outside the range the command's page documents.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DenyCodeError {
    /// The code is outside the documented range.
    #[error(
        "{command}: refusal code {code} is outside the documented range {range} (refuse with 1 to use the service's own code)"
    )]
    OutOfRange {
        /// The command.
        command: &'static str,
        /// The code given.
        code: i64,
        /// The documented range.
        range: CodeRange,
    },
    /// The command's page documents no codes of the app's own.
    #[error(
        "{command}: refusal code {code} given, but the page documents no codes of the app's own (refuse with 1)"
    )]
    NoRange {
        /// The command.
        command: &'static str,
        /// The code given.
        code: i64,
    },
}

/// Checks `code` against `C`'s documented range.
pub(crate) fn check_deny_code<C: BeforeCallback>(code: i64) -> Result<i64, DenyCodeError> {
    match C::DENY_CODES {
        Some(range) if range.contains(code) => Ok(code),
        Some(range) => Err(DenyCodeError::OutOfRange {
            command: C::COMMAND,
            code,
            range,
        }),
        None => Err(DenyCodeError::NoRange {
            command: C::COMMAND,
            code,
        }),
    }
}

/// Implements [`Callback`] (and [`BeforeCallback`]) for a command's type, which has an `extra`
/// field: `callback!(Type, "Command", Reply)`, with `before(RANGE, BUDGET)` for a before callback
/// and `body_without_command` where the service leaves the command out of the body.
macro_rules! callback {
    ($ty:ty, $command:literal, $reply:ty) => {
        $crate::callback::callback!(@impl $ty, $command, $reply, true);
        impl $crate::before::Answerable for $ty {}
    };
    ($ty:ty, $command:literal, $reply:ty, body_without_command) => {
        $crate::callback::callback!(@impl $ty, $command, $reply, false);
        impl $crate::before::Answerable for $ty {}
    };
    ($ty:ty, $command:literal, $reply:ty, before($range:expr, $budget:expr)) => {
        $crate::callback::callback!(@impl $ty, $command, $reply, true);
        impl $crate::callback::BeforeCallback for $ty {
            const DENY_CODES: Option<$crate::callback::CodeRange> = $range;
            const BUDGET: ::std::time::Duration = $budget;
        }
        impl $crate::before::Answerable for $ty {
            fn answer(
                &self,
                answer: &$crate::before::Answer,
            ) -> Result<$crate::Reply, $crate::before::AnswerError> {
                $crate::before::before(self, answer)
            }

            fn check_answer(
                answer: &$crate::before::Answer,
            ) -> Result<(), $crate::before::AnswerError> {
                $crate::before::before(&Self::default(), answer).map(drop)
            }
        }
    };
    (@impl $ty:ty, $command:literal, $reply:ty, $in_body:literal) => {
        impl $crate::callback::Callback for $ty {
            const COMMAND: &'static str = $command;
            const COMMAND_IN_BODY: bool = $in_body;
            type Reply = $reply;

            fn extra(&self) -> &$crate::wire::Extra {
                &self.extra
            }

            fn extra_mut(&mut self) -> &mut $crate::wire::Extra {
                &mut self.extra
            }
        }
    };
}

pub(crate) use callback;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive() {
        assert!(C2C_DENY_CODES.contains(120_001) && C2C_DENY_CODES.contains(130_000));
        assert!(!C2C_DENY_CODES.contains(120_000) && !C2C_DENY_CODES.contains(130_001));
        assert_eq!(GROUP_DENY_CODES.to_string(), "[10100, 10200]");
    }
}
