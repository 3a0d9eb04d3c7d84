//! `account_check`'s sugar: the shared [`AccountStatus`], the result item's constructors, the
//! answer's constructor and accessor (the server half is generated: `incoming = "raw_items"`).

use super::{Response, ResultItem};
use crate::{Envelope, ErrorCode};

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
    use super::super::{IncomingRequest, Request};
    use crate::{Endpoint, ErrorCode, Incoming, RawUserId};

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
