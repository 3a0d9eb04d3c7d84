//! `ErrorCode`: the service's integer error codes, with a name, meaning and retry class for each
//! documented one.
//!
//! Every documented code is declared once, in `crates/im-proto/spec/` (the common codes in
//! `common.toml`, each service's in its file, with the APIs whose pages list it), and generated
//! into the crate's table: [`ErrorCode::all`] lists them and `docs/error-codes.md` is generated
//! from them (`cargo xtask codegen`). Their content follows `docs/protocol/error-codes.md` in the
//! repository; the retry classes are ours. Services reuse numbers with their own meanings (10002
//! is a robot code and a group code): [`ErrorCode::info_for`] picks the meaning an API's answer
//! has.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Api, Service};

/// An error code as carried in `ErrorCode`, `ResultCode` or `ErrorList[].ErrorCode`.
///
/// Any integer is kept, documented or not, so an unknown code survives a decode/encode round trip
/// and is never collapsed into a catch-all. Documented codes have associated constants and
/// [`ErrorCode::info`].
///
/// # Examples
///
/// ```
/// use im_proto::{ErrorCode, RetryClass};
///
/// let code = ErrorCode::from(70169);
/// assert_eq!(code, ErrorCode::SERVER_TIMEOUT);
/// assert_eq!(code.retry_class(), RetryClass::Transient);
/// assert!(code.is_retryable());
///
/// let unknown = ErrorCode::from(123_456);
/// assert!(unknown.info().is_none());
/// assert_eq!(unknown.retry_class(), RetryClass::Fatal);
/// assert_eq!(unknown.get(), 123_456);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ErrorCode(i64);

/// How a client should react to a code (see `error-codes.md`, "Retry classes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryClass {
    /// Code 0: not an error.
    Success,
    /// A server-side hiccup: retry the same request with exponential backoff.
    Transient,
    /// Rate limited: wait (at least a second), then retry.
    Throttled,
    /// Regenerate the admin UserSig, then retry once; if it repeats it is fatal.
    Resign,
    /// A caller or configuration error: repeating the same request cannot succeed.
    Fatal,
    /// A per-account outcome inside an OK response; not retryable as such.
    Item,
}

impl RetryClass {
    /// The lower-case name used in the documentation (`transient`, `throttled`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryClass::Success => "success",
            RetryClass::Transient => "transient",
            RetryClass::Throttled => "throttled",
            RetryClass::Resign => "resign",
            RetryClass::Fatal => "fatal",
            RetryClass::Item => "item",
        }
    }

    /// Whether repeating the request (after a wait or a new UserSig) can help.
    pub const fn is_retryable(self) -> bool {
        matches!(
            self,
            RetryClass::Transient | RetryClass::Throttled | RetryClass::Resign
        )
    }
}

impl fmt::Display for RetryClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the table knows about one documented code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeInfo {
    /// The integer value.
    pub code: i64,
    /// The constant's name, e.g. `"USERSIG_EXPIRED"`.
    pub name: &'static str,
    /// A short meaning, paraphrased from Tencent's pages.
    pub meaning: &'static str,
    /// How a client should react.
    pub retry: RetryClass,
    /// Whether the code means the request was refused for authentication, signature or
    /// permission reasons (the CLI exits with status 3 for these).
    pub auth: bool,
    /// Where the code is documented.
    pub scope: CodeScope,
    /// The service whose numbering the code belongs to; `None` for the common codes. Services
    /// reuse numbers with other meanings (10002 is a robot code and a group code), so a code is
    /// known by its service and number together.
    pub service: Option<Service>,
}

/// Where a code is documented: for every API, or for a list of APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeScope {
    /// The common REST codes: any API can answer them.
    Common,
    /// The APIs whose pages list the code.
    Apis(&'static [Api]),
}

impl CodeScope {
    /// Whether `api` can answer the code.
    pub fn includes(self, api: Api) -> bool {
        match self {
            CodeScope::Common => true,
            CodeScope::Apis(apis) => apis.contains(&api),
        }
    }
}

impl fmt::Display for CodeScope {
    /// `common`, or the APIs' command words separated by `, `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeScope::Common => f.write_str("common"),
            CodeScope::Apis(apis) => {
                for (i, api) in apis.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(api.as_str())?;
                }
                Ok(())
            }
        }
    }
}

impl ErrorCode {
    /// Wraps any integer.
    pub const fn new(code: i64) -> Self {
        ErrorCode(code)
    }

    /// The integer value.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Whether this is code 0.
    pub const fn is_success(self) -> bool {
        self.0 == 0
    }

    /// The APIs whose documentation lists this code (every API for a common one).
    pub fn scope(self) -> Option<CodeScope> {
        self.info().map(|info| info.scope)
    }

    /// The constant's name for a documented code, e.g. `Some("USERSIG_EXPIRED")`.
    pub fn name(self) -> Option<&'static str> {
        self.info().map(|info| info.name)
    }

    /// The short meaning of a documented code.
    pub fn meaning(self) -> Option<&'static str> {
        self.info().map(|info| info.meaning)
    }

    /// The retry class every documented meaning of the number shares; unknown codes, and numbers
    /// whose services disagree, are [`RetryClass::Fatal`] (read an answer's code with
    /// [`ApiError::retry_class`](crate::ApiError::retry_class), which knows its API).
    pub fn retry_class(self) -> RetryClass {
        self.agreed(|info| info.retry).unwrap_or(RetryClass::Fatal)
    }

    /// Whether repeating the request can help (transient, throttled or resign).
    pub fn is_retryable(self) -> bool {
        self.retry_class().is_retryable()
    }

    /// Whether every documented meaning of the number is an authentication, signature or
    /// permission refusal ([`ApiError::is_auth`](crate::ApiError::is_auth) knows the API).
    pub fn is_auth(self) -> bool {
        self.agreed(|info| info.auth).unwrap_or(false)
    }
}

impl From<i64> for ErrorCode {
    fn from(code: i64) -> Self {
        ErrorCode(code)
    }
}

impl From<ErrorCode> for i64 {
    fn from(code: ErrorCode) -> Self {
        code.0
    }
}

impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "ErrorCode({} {name})", self.0),
            None => write!(f, "ErrorCode({})", self.0),
        }
    }
}

/// Displays the number and, for a documented code, its name: `70169 SERVER_TIMEOUT`.
impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} {name}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(ErrorCode)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn table_has_no_duplicate_codes_or_names() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for info in ErrorCode::all() {
            // A number is unique within its service (or the common codes), not across them.
            assert!(
                codes.insert((info.service, info.code)),
                "duplicate code {}",
                info.code
            );
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert!(!info.meaning.is_empty());
        }
    }

    /// 10002, 10004 and 10008 are robot codes and group codes with their own meanings: each
    /// service's answer is read in its own numbering.
    #[test]
    fn reused_numbers_are_known_by_service() {
        for api in [Api::CreateRobot, Api::GetAppidGroupList] {
            let info = ErrorCode::from(10004).info_for(api).unwrap();
            assert_eq!(info.service, api.metadata().service_kind, "{api}");
        }
        let group = ErrorCode::from(10004).info_in(Service::Group).unwrap();
        let robot = ErrorCode::from(10004).info_in(Service::Robot).unwrap();
        assert_eq!(
            (group.name, robot.name),
            ("GROUP_INVALID_PARAMETERS", "ROBOT_INVALID_PARAMETERS")
        );
        assert_ne!(group.meaning, robot.meaning);
        // A common code is the same everywhere.
        let common = ErrorCode::USERSIG_EXPIRED
            .info_for(Api::GetAppidGroupList)
            .unwrap();
        assert_eq!(common.service, None);
        assert_eq!(
            ErrorCode::GROUP_INTERNAL_ERROR,
            ErrorCode::ROBOT_INTERNAL_ERROR
        );
    }

    #[test]
    fn classes_follow_the_reference() {
        for code in [70169, 70202, 70500, 40006, 60008] {
            assert_eq!(ErrorCode::from(code).retry_class(), RetryClass::Transient);
        }
        for code in [60007, 60011, 60018, 60019] {
            assert_eq!(ErrorCode::from(code).retry_class(), RetryClass::Throttled);
        }
        for code in [70001, 70052] {
            assert_eq!(ErrorCode::from(code).retry_class(), RetryClass::Resign);
        }
        for code in [70009, 70013, 70014, 70402, 70403, 60009, 70050] {
            assert_eq!(ErrorCode::from(code).retry_class(), RetryClass::Fatal);
            assert!(!ErrorCode::from(code).is_retryable());
        }
        assert_eq!(ErrorCode::ACCOUNT_NOT_FOUND.retry_class(), RetryClass::Item);
        assert_eq!(ErrorCode::OK.retry_class(), RetryClass::Success);
    }

    #[test]
    fn the_current_documentation_codes() {
        for code in [30006, 30007, 30008, 40006, 90992, 90994, 90995, 91000] {
            assert_eq!(
                ErrorCode::from(code).retry_class(),
                RetryClass::Transient,
                "{code}"
            );
        }
        for code in [71000, 72000, 90001, 90003, 90011] {
            assert_eq!(
                ErrorCode::from(code).retry_class(),
                RetryClass::Fatal,
                "{code}"
            );
        }
        assert!(ErrorCode::OPENIM_ADMIN_REQUIRED.is_auth());
        assert!(
            ErrorCode::PROFILE_INTERNAL_ERROR
                .scope()
                .unwrap()
                .includes(Api::AccountDelete)
        );
        assert!(
            ErrorCode::SERVER_TIMEOUT
                .scope()
                .unwrap()
                .includes(Api::QueryOnlineStatus)
        );
        for api in Api::ALL {
            for info in api.metadata().codes {
                assert!(info.scope.includes(api), "{} of {api}", info.code);
            }
        }
    }

    #[test]
    fn auth_codes_are_flagged() {
        for code in [70001, 70003, 70009, 70013, 70014, 70403, 60010] {
            assert!(ErrorCode::from(code).is_auth(), "{code}");
        }
        for code in [0, 70169, 70402, 60007, 70107, 99_999] {
            assert!(!ErrorCode::from(code).is_auth(), "{code}");
        }
    }

    #[test]
    fn unknown_codes_are_kept() {
        let code: ErrorCode = serde_json::from_str("-42").unwrap();
        assert_eq!(code.get(), -42);
        assert_eq!(serde_json::to_string(&code).unwrap(), "-42");
        assert_eq!(code.to_string(), "-42");
        assert_eq!(
            ErrorCode::SERVER_TIMEOUT.to_string(),
            "70169 SERVER_TIMEOUT"
        );
    }
}
