//! The response envelope every API answers with: `ActionStatus`, `ErrorCode`, `ErrorInfo` and the
//! optional `ErrorDisplay`.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::{Api, CodeInfo, ErrorCode, RetryClass};

crate::string_enum! {
    /// `ActionStatus`: whether the request was processed.
    ActionStatus {
        /// `"OK"`: processed.
        Ok => "OK",
        /// `"FAIL"`: failed; `ErrorCode` says why.
        Fail => "FAIL",
    }
}

/// The fields every response carries.
///
/// # Examples
///
/// ```
/// use im_proto::{Envelope, ErrorCode};
///
/// let env: Envelope = serde_json::from_str(
///     r#"{"ActionStatus":"FAIL","ErrorInfo":"Fail to Parse json data of body","ErrorCode":90001}"#,
/// ).unwrap();
/// let err = env.into_result().unwrap_err();
/// assert_eq!(err.code(), ErrorCode::OPENIM_JSON_INVALID);
/// assert_eq!(err.info(), "Fail to Parse json data of body");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Envelope {
    /// `ActionStatus`.
    #[serde(rename = "ActionStatus")]
    pub action_status: ActionStatus,
    /// `ErrorCode`: 0 on success.
    #[serde(rename = "ErrorCode")]
    pub error_code: ErrorCode,
    /// `ErrorInfo`: failure text, `""` on success (tolerated when absent).
    #[serde(rename = "ErrorInfo", default)]
    pub error_info: String,
    /// `ErrorDisplay`: seen in some IM responses, never documented for the account APIs.
    #[serde(
        rename = "ErrorDisplay",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_display: Option<String>,
}

impl Envelope {
    /// A success envelope: `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`.
    pub fn ok() -> Self {
        Envelope {
            action_status: ActionStatus::Ok,
            error_code: ErrorCode::OK,
            error_info: String::new(),
            error_display: None,
        }
    }

    /// A failure envelope with the given code and text.
    pub fn fail(code: ErrorCode, info: impl Into<String>) -> Self {
        Envelope {
            action_status: ActionStatus::Fail,
            error_code: code,
            error_info: info.into(),
            error_display: None,
        }
    }

    /// Whether the request as a whole succeeded: `ActionStatus` is `OK` and `ErrorCode` is 0.
    ///
    /// Per-item outcomes of batch APIs live in the response's lists, not here.
    pub fn is_ok(&self) -> bool {
        self.action_status == ActionStatus::Ok && self.error_code.is_success()
    }

    /// The error this envelope reports, if it is not a success.
    ///
    /// A `FAIL` with `ErrorCode` 0, or an `OK` with a non-zero code, is still a failure; the
    /// former is reported with code 0 and the service's text.
    pub fn error(&self) -> Option<ApiError> {
        (!self.is_ok()).then(|| ApiError {
            code: self.error_code,
            info: self.error_info.clone(),
            display: self.error_display.clone(),
            api: None,
            request: None,
        })
    }

    /// `Ok(self)` for a success, otherwise the typed [`ApiError`].
    ///
    /// # Errors
    ///
    /// The envelope's code and text when it is not a success.
    pub fn into_result(self) -> Result<Self, ApiError> {
        match self.error() {
            None => Ok(self),
            Some(err) => Err(err),
        }
    }
}

impl Default for Envelope {
    fn default() -> Self {
        Envelope::ok()
    }
}

/// A request the service refused as a whole (a `FAIL` envelope).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    code: ErrorCode,
    info: String,
    display: Option<String>,
    api: Option<Api>,
    request: Option<(u32, u32)>,
}

impl ApiError {
    /// Builds an error from its parts.
    pub fn new(code: ErrorCode, info: impl Into<String>) -> Self {
        ApiError {
            code,
            info: info.into(),
            display: None,
            api: None,
            request: None,
        }
    }

    /// Records which request got this answer: its `random` query value and its attempt number
    /// (1 for the first), as the client that sent it drew and counted them. Not part of
    /// `Display`; the client's own error shows it.
    pub fn with_request_trace(mut self, random: u32, attempt: u32) -> Self {
        self.request = Some((random, attempt));
        self
    }

    /// The `(random, attempt)` of the request that got this answer, when the client recorded
    /// them ([`ApiError::with_request_trace`]).
    pub fn request_trace(&self) -> Option<(u32, u32)> {
        self.request
    }

    /// The API that answered: its code is then read in that API's service's numbering (10004
    /// is a robot code from a robot API, a group code from a group API).
    pub fn with_api(mut self, api: Api) -> Self {
        self.api = Some(api);
        self
    }

    /// The API that answered, when known.
    pub fn api(&self) -> Option<Api> {
        self.api
    }

    /// The documented meaning of the code in the answering API's service
    /// ([`ErrorCode::info_for`]), or without it ([`ErrorCode::info`]).
    pub fn code_info(&self) -> Option<&'static CodeInfo> {
        match self.api {
            Some(api) => self.code.info_for(api),
            None => self.code.info(),
        }
    }

    /// How a client should react, read in the answering API's service.
    pub fn retry_class(&self) -> RetryClass {
        match self.api {
            Some(_) => self
                .code_info()
                .map_or(RetryClass::Fatal, |info| info.retry),
            None => self.code.retry_class(),
        }
    }

    /// Whether the code is an authentication, signature or permission refusal, read in the
    /// answering API's service.
    pub fn is_auth(&self) -> bool {
        match self.api {
            Some(_) => self.code_info().is_some_and(|info| info.auth),
            None => self.code.is_auth(),
        }
    }

    /// Sets the `ErrorDisplay` text.
    pub fn with_display(mut self, display: Option<String>) -> Self {
        self.display = display;
        self
    }

    /// The service's error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The service's `ErrorInfo` text, verbatim.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// The service's `ErrorDisplay` text, when present.
    pub fn display_text(&self) -> Option<&str> {
        self.display.as_deref()
    }
}

/// `service error 70402 INVALID_PARAMETERS: <ErrorInfo>`, or the table's meaning when the service
/// gave no text.
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code_info() {
            Some(info) => write!(f, "service error {} {}", self.code.get(), info.name)?,
            None => write!(f, "service error {}", self.code.get())?,
        }
        if !self.info.is_empty() {
            write!(f, ": {}", self.info)
        } else if let Some(meaning) = self.code_info().map(|info| info.meaning) {
            write!(f, ": {meaning}")
        } else {
            Ok(())
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_round_trip() {
        let json = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#;
        let env: Envelope = serde_json::from_str(json).unwrap();
        assert!(env.is_ok());
        assert_eq!(env, Envelope::ok());
        assert_eq!(serde_json::to_string(&env).unwrap(), json);
    }

    #[test]
    fn odd_status_and_unknown_fields_survive() {
        let env: Envelope = serde_json::from_str(
            r#"{"ActionStatus":"MAYBE","ErrorCode":123456,"ErrorDisplay":"d","New":1}"#,
        )
        .unwrap();
        assert_eq!(env.action_status, ActionStatus::Other("MAYBE".into()));
        assert_eq!(env.error_info, "");
        let err = env.error().unwrap();
        assert_eq!(err.code().get(), 123_456);
        assert_eq!(err.display_text(), Some("d"));
        assert_eq!(err.to_string(), "service error 123456");
    }

    #[test]
    fn fail_with_zero_code_is_an_error() {
        let env = Envelope::fail(ErrorCode::OK, "odd");
        assert!(!env.is_ok());
        assert!(env.into_result().is_err());
    }

    #[test]
    fn display_falls_back_to_meaning() {
        let err = ApiError::new(ErrorCode::REST_RATE_LIMITED, "");
        assert_eq!(
            err.to_string(),
            "service error 60007 REST_RATE_LIMITED: REST API call frequency over the limit: lower the rate"
        );
    }

    #[test]
    fn missing_required_fields_are_errors() {
        assert!(serde_json::from_str::<Envelope>(r#"{"ErrorCode":0}"#).is_err());
        assert!(serde_json::from_str::<Envelope>(r#"{"ActionStatus":"OK"}"#).is_err());
        assert!(
            serde_json::from_str::<Envelope>(r#"{"ActionStatus":"OK","ErrorCode":"0"}"#).is_err()
        );
    }
}
