//! `account_delete`'s sugar: the result item's constructor, and the answer's constructor
//! and accessor (the server half is generated: `incoming = "raw_items"`).

use super::{Response, ResultItem};
use crate::{Envelope, ErrorCode};

impl ResultItem {
    /// An item for `user_id` with the given outcome.
    pub fn new(user_id: impl Into<String>, code: ErrorCode, info: impl Into<String>) -> Self {
        ResultItem {
            result_code: code,
            result_info: info.into(),
            user_id: user_id.into(),
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
            "v4/im_open_login_svc/account_delete"
        );
    }

    #[test]
    fn incoming_keeps_raw_items() {
        let decode = |json: &str| IncomingRequest::decode(json.as_bytes());
        let request = decode(r#"{"DeleteItem":[{"UserID":""},{"Identifier":"x"}]}"#).unwrap();
        assert_eq!(
            request.delete_item,
            vec![RawUserId::new(""), RawUserId::new("x")]
        );
        for bad in [
            "{}",
            r#"{"DeleteItem":[]}"#,
            r#"{"DeleteItem":[{}]}"#,
            r#"{"DeleteItem":["a"]}"#,
            r#"{"DeleteItem":{"UserID":"a"}}"#,
            r#"{"DeleteItem":[{"UserID":7}]}"#,
        ] {
            assert_eq!(
                decode(bad).unwrap_err().code(),
                ErrorCode::INVALID_PARAMETERS,
                "{bad}"
            );
        }
    }
}
