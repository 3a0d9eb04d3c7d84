//! `account_check`'s sugar: the shared [`AccountStatus`], the result item's constructors, the
//! server half (every item's identifier as given) and the answer's constructor and accessor.

use serde::Deserialize;

use super::{Request, Response, ResultItem};
use crate::server::decode_body;
use crate::{Endpoint, Envelope, ErrorCode, Incoming, RawUserId, Rejection};

crate::string_enum! {
    /// `AccountStatus`: whether an account was imported.
    AccountStatus {
        /// `"Imported"`.
        Imported => "Imported",
        /// `"NotImported"`.
        NotImported => "NotImported",
    }
}

impl ResultItem {
    /// A successful check of `user_id` with the given status.
    pub fn new(user_id: impl Into<String>, status: AccountStatus) -> Self {
        ResultItem {
            user_id: user_id.into(),
            result_code: ErrorCode::OK,
            result_info: String::new(),
            account_status: Some(status),
            extra: serde_json::Map::new(),
        }
    }

    /// A failed check of `user_id`.
    pub fn failed(user_id: impl Into<String>, code: ErrorCode, info: impl Into<String>) -> Self {
        ResultItem {
            user_id: user_id.into(),
            result_code: code,
            result_info: info.into(),
            account_status: None,
            extra: serde_json::Map::new(),
        }
    }
}

/// The request as a server reads it: every item's identifier as given (`Identifier` accepted
/// for `UserID`), so that an invalid one gets its own per-item code.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct IncomingRequest {
    /// `CheckItem[].UserID`, as given.
    #[serde(rename = "CheckItem", deserialize_with = "crate::server::legacy_items")]
    pub check_item: Vec<RawUserId>,
}

impl Incoming for IncomingRequest {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let request: IncomingRequest =
            decode_body(body, ErrorCode::BODY_JSON_INVALID, Rejection::invalid)?;
        Request::METADATA
            .check_count(request.check_item.len())
            .map_err(Rejection::invalid)?;
        Ok(request)
    }
}

impl Response {
    /// A success response with these items.
    pub fn ok(items: Vec<ResultItem>) -> Self {
        Response {
            envelope: Envelope::ok(),
            result_item: Some(items),
            ..Default::default()
        }
    }

    /// The items (empty when the field is absent).
    pub fn result_items(&self) -> &[ResultItem] {
        self.result_item.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        assert_eq!(
            Request::METADATA.path(),
            "v4/im_open_login_svc/account_check"
        );
    }

    #[test]
    fn incoming_keeps_raw_items() {
        let decode = |json: &str| IncomingRequest::decode(json.as_bytes());
        let request = decode(r#"{"CheckItem":[{"UserID":""},{"Identifier":"x"}]}"#).unwrap();
        assert_eq!(
            request.check_item,
            vec![RawUserId::new(""), RawUserId::new("x")]
        );
        for bad in [
            "{}",
            r#"{"CheckItem":[]}"#,
            r#"{"CheckItem":[{}]}"#,
            r#"{"CheckItem":["a"]}"#,
            r#"{"CheckItem":{"UserID":"a"}}"#,
            r#"{"CheckItem":[{"UserID":7}]}"#,
        ] {
            assert_eq!(
                decode(bad).unwrap_err().code(),
                ErrorCode::INVALID_PARAMETERS,
                "{bad}"
            );
        }
    }
}
