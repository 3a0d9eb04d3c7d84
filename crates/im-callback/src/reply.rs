//! The app's answer to a callback: `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A reply. `ErrorCode` 0 is success and 1 a failure of the app; "before" callbacks may use
/// other codes and fields (see [`Reply::with_field`], and the typed replies of
/// [`before`](crate::before)). It reads a bare `{"ErrorCode":0}` too (the other two fields
/// empty), which the pages accept as an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reply {
    /// `ActionStatus`: `OK` or `FAIL`.
    #[serde(rename = "ActionStatus", default)]
    pub action_status: String,
    /// `ErrorCode`.
    #[serde(rename = "ErrorCode")]
    pub error_code: i64,
    /// `ErrorInfo`.
    #[serde(rename = "ErrorInfo", default)]
    pub error_info: String,
    /// Any other fields (a "before" callback's answer).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Reply {
    /// Success.
    pub fn ok() -> Self {
        Reply::code(0, "")
    }

    /// Failure of the app (`ErrorCode` 1) with `info`.
    pub fn fail(info: impl Into<String>) -> Self {
        Reply::code(1, info)
    }

    /// Any code (`OK` for 0, `FAIL` otherwise).
    pub fn code(code: i64, info: impl Into<String>) -> Self {
        Reply {
            action_status: if code == 0 { "OK" } else { "FAIL" }.to_owned(),
            error_code: code,
            error_info: info.into(),
            extra: Map::new(),
        }
    }

    /// Adds a field to the reply.
    pub fn with_field(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }

    /// Whether this is a success.
    pub fn is_ok(&self) -> bool {
        self.error_code == 0
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, integers and a map of JSON values always serialize.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl crate::callback::CallbackReply for Reply {
    fn is_failure(&self) -> bool {
        !self.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies() {
        assert_eq!(
            String::from_utf8(Reply::ok().to_json()).unwrap(),
            r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#
        );
        let fail = Reply::fail("no");
        assert!(!fail.is_ok() && fail.action_status == "FAIL" && fail.error_code == 1);
    }

    #[test]
    fn a_bare_error_code_is_a_reply() {
        let ok: Reply = serde_json::from_str(r#"{"ErrorCode":0}"#).unwrap();
        assert!(ok.is_ok());
        assert_eq!(
            (ok.action_status.as_str(), ok.error_info.as_str()),
            ("", "")
        );
        let failed: Reply = serde_json::from_str(r#"{"ErrorCode":1}"#).unwrap();
        assert!(!failed.is_ok());
        assert!(serde_json::from_str::<Reply>(r#"{"ActionStatus":"OK"}"#).is_err());
    }
}
