//! `ErrorCode`: the service's integer error codes, with a name, meaning and retry class for each
//! documented one.
//!
//! The codes shared by many APIs are in the table below; the codes only one API documents are in
//! that API's module, with its [`Metadata`](crate::Metadata). Together they are the single source
//! of truth for every documented code: [`ErrorCode::all`] lists them and `docs/error-codes.md` is
//! generated from them (`cargo xtask codegen`). Their content follows
//! `docs/protocol/error-codes.md` in the repository; the retry classes are ours.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Api;

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

use CodeScope::{Apis, Common};

/// The APIs answering the per-item and server codes of the account service.
const ACCOUNT_APIS: &[Api] = &[
    Api::AccountImport,
    Api::MultiaccountImport,
    Api::AccountCheck,
    Api::Kick,
    Api::AccountDelete,
];

/// The profile APIs and the single import, which sets profile fields too.
const PROFILE_APIS: &[Api] = &[Api::AccountImport, Api::PortraitSet, Api::PortraitGet];

/// The APIs that write profile fields.
const PROFILE_WRITERS: &[Api] = &[Api::AccountImport, Api::PortraitSet];

/// The robot APIs.
const ROBOT_APIS: &[Api] = &[Api::CreateRobot, Api::DeleteRobot, Api::GetAllRobots];

crate::error_codes! {
    pub(crate) const COMMON;
    /// 0: success.
    (OK, 0, Success, false, Common, "success");

    // Common REST codes, 60002-60021.
    /// 60002: the HTTP request could not be parsed; check the URL format.
    (HTTP_PARSE_FAILED, 60002, Fatal, false, Common, "HTTP parse error: check the request URL format");
    /// 60003: the request body is not valid JSON.
    (BODY_JSON_INVALID, 60003, Fatal, false, Common, "request body JSON could not be parsed: check the JSON");
    /// 60004: the identifier or UserSig in the request is wrong.
    (IDENTIFIER_OR_USERSIG_INVALID, 60004, Resign, true, Common, "account (identifier) or signature (usersig) in the request is wrong");
    /// 60005: same meaning as 60004.
    (IDENTIFIER_OR_USERSIG_REJECTED, 60005, Resign, true, Common, "account (identifier) or signature (usersig) in the request is wrong (same text as 60004)");
    /// 60006: the SDKAppID is invalid.
    (SDKAPPID_INVALID, 60006, Fatal, true, Common, "SDKAppID invalid: check it");
    /// 60007: REST API call frequency over the limit.
    (REST_RATE_LIMITED, 60007, Throttled, false, Common, "REST API call frequency over the limit: lower the rate");
    /// 60008: the service timed out, or the HTTP request was malformed.
    (SERVICE_TIMEOUT, 60008, Transient, false, Common, "service request timed out, or malformed HTTP request: check and retry");
    /// 60009: unknown service or command in the URL.
    (RESOURCE_NOT_FOUND, 60009, Fatal, false, Common, "requested resource wrong: check the URL (unknown service or command)");
    /// 60010: the request needs App admin rights.
    (ADMIN_REQUIRED, 60010, Fatal, true, Common, "request needs App admin rights (identifier must be an admin)");
    /// 60011: SDKAppID request frequency over the limit.
    (SDKAPPID_RATE_LIMITED, 60011, Throttled, false, Common, "SDKAppID request frequency over the limit");
    /// 60012: the SDKAppID is missing from the URL.
    (SDKAPPID_MISSING, 60012, Fatal, true, Common, "SDKAppID missing from the URL");
    /// 60013: internal HTTP response JSON parse error.
    (RESPONSE_JSON_INVALID, 60013, Transient, false, Common, "HTTP response JSON parse error (internal)");
    /// 60014: account exchange timed out.
    (ACCOUNT_EXCHANGE_TIMEOUT, 60014, Transient, false, Common, "account exchange timed out");
    /// 60015: an account in the body is not a JSON string.
    (ACCOUNT_TYPE_INVALID, 60015, Fatal, false, Common, "account type wrong in body: accounts must be JSON strings");
    /// 60016: the SDKAppID is disabled.
    (SDKAPPID_DISABLED, 60016, Fatal, true, Common, "SDKAppID disabled (contact support)");
    /// 60017: the request is disabled.
    (REQUEST_DISABLED, 60017, Fatal, true, Common, "request disabled (contact support)");
    /// 60018: too many requests; retry later.
    (TOO_FREQUENT, 60018, Throttled, false, Common, "requests too frequent, retry later");
    /// 60019: too many requests; retry later.
    (TOO_FREQUENT_RETRY_LATER, 60019, Throttled, false, Common, "requests too frequent, retry later");
    /// 60020: no usable package (expired, not purchased, or still being configured).
    (PACKAGE_UNAVAILABLE, 60020, Fatal, false, Common, "package expired or not yet active (sources disagree): re-purchase, or retry in 5 minutes");
    /// 60021: the call came from a source IP outside the allow-list.
    (SOURCE_IP_FORBIDDEN, 60021, Fatal, true, Common, "REST call comes from a disallowed source IP (IP allow-list)");

    // Account and signature codes, 70xxx.
    /// 70001: the UserSig has expired.
    (USERSIG_EXPIRED, 70001, Resign, true, Common, "UserSig expired: regenerate it");
    /// 70002: the UserSig is empty.
    (USERSIG_EMPTY, 70002, Fatal, true, Common, "UserSig is empty (length 0)");
    /// 70003: the UserSig could not be parsed (e.g. truncated).
    (USERSIG_INVALID, 70003, Resign, true, Common, "UserSig check failed or could not be parsed (e.g. truncated)");
    /// 70005: the UserSig check failed (other reasons).
    (USERSIG_CHECK_FAILED, 70005, Resign, true, Common, "UserSig check failed (other)");
    /// 70009: signed with another key, or key and SDKAppID do not match.
    (USERSIG_KEY_MISMATCH, 70009, Fatal, true, Common, "UserSig verification failed: wrong key, or key/SDKAppID mismatch");
    /// 70013: the identifier in the URL differs from the one inside the UserSig.
    (USERSIG_IDENTIFIER_MISMATCH, 70013, Fatal, true, Common, "identifier in the request differs from the identifier inside the UserSig");
    /// 70014: the SDKAppID in the URL differs from the one inside the UserSig.
    (USERSIG_SDKAPPID_MISMATCH, 70014, Fatal, true, Common, "SDKAppID in the request differs from the SDKAppID inside the UserSig");
    /// 70016: no key for the SDKAppID in this data centre.
    (KEY_NOT_FOUND, 70016, Fatal, true, Common, "key not found: the SDKAppID does not belong to the data centre called");
    /// 70020: the SDKAppID is unknown in this data centre.
    (SDKAPPID_NOT_FOUND, 70020, Fatal, true, Common, "SDKAppID not found: check the SDKAppID against the data centre called");
    /// 70050: too many UserSig failures; locked for a minute. Fatal here, although the
    /// reference files it under throttled: retrying with the same UserSig cannot help, only
    /// fixing it (then waiting a minute) can.
    (USERSIG_LOCKED, 70050, Fatal, true, Common, "UserSig failures too frequent, locked: fix the UserSig and retry after 1 minute");
    /// 70051: the account is on the blocklist.
    (ACCOUNT_BLOCKLISTED, 70051, Fatal, true, Common, "account is on the blocklist");
    /// 71000: deleting accounts is not allowed on this edition.
    (DELETION_DISABLED, 71000, Fatal, false, Common, "account deletion is not allowed on this edition (trial editions only, or enable it in the console)");
    /// 72000: a trial edition is over its free daily-active-user quota.
    (DAILY_ACTIVE_QUOTA_EXCEEDED, 72000, Fatal, false, Common, "trial edition over its free daily-active-user quota: upgrade the edition");
    /// 70052: the UserSig is no longer valid (e.g. after the login state was invalidated).
    (USERSIG_INVALIDATED, 70052, Resign, true, Common, "UserSig no longer valid (e.g. after the login state was invalidated): regenerate and retry");
    /// 70107: the account does not exist (was never imported).
    (ACCOUNT_NOT_FOUND, 70107, Item, false, Apis(&[Api::Kick, Api::AccountDelete, Api::QueryOnlineStatus]), "requested account does not exist or was never imported");
    /// 70114: restricted for security reasons.
    (SECURITY_RESTRICTED, 70114, Fatal, true, Common, "restricted for security reasons");
    /// 70169: internal server timeout; retry later.
    (SERVER_TIMEOUT, 70169, Transient, false, Apis(&[Api::AccountImport, Api::MultiaccountImport, Api::AccountCheck, Api::Kick, Api::AccountDelete, Api::QueryOnlineStatus]), "internal server timeout: retry later");
    /// 70202: internal server timeout; retry later.
    (SERVER_TIMEOUT_RETRY_LATER, 70202, Transient, false, Apis(&[Api::MultiaccountImport, Api::AccountCheck, Api::AccountDelete]), "internal server timeout: retry later");
    /// 70206: the batch count is invalid (too many or zero).
    (BATCH_COUNT_INVALID, 70206, Fatal, false, Common, "batch count in the request is invalid (too many or zero)");
    /// 70398: the trial edition's account cap is reached.
    (ACCOUNT_CAP_REACHED, 70398, Fatal, false, Apis(&[Api::AccountImport, Api::MultiaccountImport]), "account count above the free/trial edition cap: upgrade the edition");
    /// 70402: invalid parameters (a required field is missing or malformed).
    (INVALID_PARAMETERS, 70402, Fatal, false, Apis(ACCOUNT_APIS), "invalid parameters: a required field is missing or not per protocol");
    /// 70403: the request needs App admin rights.
    (PERMISSION_DENIED, 70403, Fatal, true, Apis(ACCOUNT_APIS), "request needs App admin rights");
    /// 70500: internal server error; retry later.
    (INTERNAL_ERROR, 70500, Transient, false, Apis(ACCOUNT_APIS), "internal server error: retry later");

    // Profile codes, 40xxx: the profile APIs, and the single import (it sets profile fields).
    /// 40001: bad profile parameters.
    (PROFILE_INVALID_PARAMETERS, 40001, Fatal, false, Apis(PROFILE_APIS), "profile request parameters invalid");
    /// 40002: no account given to the profile service.
    (PROFILE_ACCOUNT_MISSING, 40002, Fatal, false, Apis(&[Api::AccountImport, Api::PortraitGet]), "no account given");
    /// 40003: the profile's account does not exist.
    (PROFILE_ACCOUNT_NOT_FOUND, 40003, Fatal, false, Apis(PROFILE_APIS), "account does not exist");
    /// 40004: the profile request needs admin rights.
    (PROFILE_ADMIN_REQUIRED, 40004, Fatal, true, Apis(PROFILE_APIS), "profile request needs App admin rights");
    /// 40005: a profile field contains a sensitive word.
    (PROFILE_SENSITIVE_WORD, 40005, Fatal, false, Apis(&[Api::AccountImport]), "a profile field contains a sensitive word");
    /// 40006: internal error while setting the profile; retry later.
    (PROFILE_INTERNAL_ERROR, 40006, Transient, false, Apis(&[Api::AccountImport, Api::AccountDelete, Api::PortraitSet, Api::PortraitGet]), "internal server error of the profile service: retry later");
    /// 40007: no read permission on the profile field.
    (PROFILE_READ_FORBIDDEN, 40007, Fatal, false, Apis(&[Api::AccountImport, Api::PortraitGet]), "no read permission on the profile field");
    /// 40008: no write permission on the profile field.
    (PROFILE_WRITE_FORBIDDEN, 40008, Fatal, false, Apis(PROFILE_WRITERS), "no write permission on the profile field");
    /// 40009: the profile tag does not exist.
    (PROFILE_TAG_NOT_FOUND, 40009, Fatal, false, Apis(PROFILE_APIS), "profile tag does not exist");
    /// 40601: a profile value is longer than 500 bytes.
    (PROFILE_VALUE_TOO_LONG, 40601, Fatal, false, Apis(PROFILE_WRITERS), "a profile field value is longer than 500 bytes");
    /// 40605: a standard profile field has a wrong value.
    (PROFILE_STANDARD_FIELD_INVALID, 40605, Fatal, false, Apis(PROFILE_WRITERS), "standard profile field value is wrong");
    /// 40610: a profile value has the wrong type.
    (PROFILE_VALUE_TYPE_MISMATCH, 40610, Fatal, false, Apis(PROFILE_WRITERS), "profile field value type mismatch");

    // Robot codes, 10xxx (shared with the group APIs' numbering).
    /// 10002: internal error of the robot service; retry.
    (ROBOT_INTERNAL_ERROR, 10002, Transient, false, Apis(ROBOT_APIS), "internal error of the robot service: retry");
    /// 10004: invalid parameters (a required field missing, a UserID without `@RBT#`...).
    (ROBOT_INVALID_PARAMETERS, 10004, Fatal, false, Apis(&[Api::CreateRobot, Api::DeleteRobot]), "invalid parameters: a required field is missing or not per protocol (a robot's UserID starts with @RBT#)");
    /// 10008: invalid request: not an admin, or the app's robot cap (20) is reached.
    (ROBOT_INVALID_REQUEST, 10008, Fatal, false, Apis(ROBOT_APIS), "invalid request: App admin rights needed, or the app already holds its maximum of 20 robots");

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

    /// Every documented code: the common table, then each API's own codes in [`Api::ALL`]
    /// order.
    pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
        COMMON
            .iter()
            .chain(Api::ALL.into_iter().flat_map(|api| api.metadata().codes))
    }

    /// The table entry for a documented code; `None` for an unknown one.
    pub fn info(self) -> Option<&'static CodeInfo> {
        // The tables are small (about 80 rows); a linear scan is as fast as a map here.
        ErrorCode::all().find(|info| info.code == self.0)
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

    /// The retry class; unknown codes are [`RetryClass::Fatal`].
    pub fn retry_class(self) -> RetryClass {
        self.info().map_or(RetryClass::Fatal, |info| info.retry)
    }

    /// Whether repeating the request can help (transient, throttled or resign).
    pub fn is_retryable(self) -> bool {
        self.retry_class().is_retryable()
    }

    /// Whether the code is an authentication, signature or permission refusal.
    pub fn is_auth(self) -> bool {
        self.info().is_some_and(|info| info.auth)
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
            assert!(codes.insert(info.code), "duplicate code {}", info.code);
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert!(!info.meaning.is_empty());
        }
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
