//! `POST v4/im_open_login_svc/account_check`: check whether up to 100 accounts were imported.
//!
//! A non-existent account is not an error here: its item has `ResultCode` 0 and
//! `AccountStatus` `NotImported`.

use serde::{Deserialize, Serialize};

use crate::account_profile::UserItem;
use crate::server::decode_body;
use crate::{
    Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, RawUserId, Rejection, UserId,
    impl_response,
};

/// The request packet: `{"CheckItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RequestWire", into = "RequestWire")]
#[non_exhaustive]
pub struct Request {
    /// `CheckItem[].UserID`: the accounts to check.
    pub check_item: Vec<UserId>,
}

impl Request {
    /// A request checking `ids`.
    pub fn new(ids: Vec<UserId>) -> Self {
        Request { check_item: ids }
    }
}

#[derive(Serialize, Deserialize)]
struct RequestWire {
    #[serde(rename = "CheckItem")]
    check_item: Vec<UserItem>,
}

impl From<RequestWire> for Request {
    fn from(wire: RequestWire) -> Self {
        Request {
            check_item: wire.check_item.into_iter().map(|i| i.user_id).collect(),
        }
    }
}

impl From<Request> for RequestWire {
    fn from(request: Request) -> Self {
        RequestWire {
            check_item: request
                .check_item
                .into_iter()
                .map(|user_id| UserItem { user_id })
                .collect(),
        }
    }
}

crate::string_enum! {
    /// `AccountStatus`: whether an account was imported.
    AccountStatus {
        /// `"Imported"`.
        Imported => "Imported",
        /// `"NotImported"`.
        NotImported => "NotImported",
    }
}

/// One item of `ResultItem`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResultItem {
    /// `UserID`: the account.
    #[serde(rename = "UserID")]
    pub user_id: String,
    /// `ResultCode`: 0 when the check itself succeeded.
    #[serde(rename = "ResultCode", default)]
    pub result_code: ErrorCode,
    /// `ResultInfo`: error text when the check failed.
    #[serde(rename = "ResultInfo", default)]
    pub result_info: String,
    /// `AccountStatus`: `Imported` or `NotImported`.
    #[serde(
        rename = "AccountStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_status: Option<AccountStatus>,
}

impl ResultItem {
    /// A successful check of `user_id` with the given status.
    pub fn new(user_id: impl Into<String>, status: AccountStatus) -> Self {
        ResultItem {
            user_id: user_id.into(),
            result_code: ErrorCode::OK,
            result_info: String::new(),
            account_status: Some(status),
        }
    }

    /// A failed check of `user_id`.
    pub fn failed(user_id: impl Into<String>, code: ErrorCode, info: impl Into<String>) -> Self {
        ResultItem {
            user_id: user_id.into(),
            result_code: code,
            result_info: info.into(),
            account_status: None,
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

/// The response packet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// `ActionStatus`, `ErrorCode`, `ErrorInfo`.
    #[serde(flatten)]
    pub envelope: Envelope,
    /// `ResultItem`: one per requested account.
    #[serde(
        rename = "ResultItem",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub result_item: Option<Vec<ResultItem>>,
}

impl_response!(Response);

impl Response {
    /// A success response with these items.
    pub fn ok(items: Vec<ResultItem>) -> Self {
        Response {
            envelope: Envelope::ok(),
            result_item: Some(items),
        }
    }

    /// The items (empty when the field is absent).
    pub fn result_items(&self) -> &[ResultItem] {
        self.result_item.as_deref().unwrap_or_default()
    }
}

impl Endpoint for Request {
    type Response = Response;
    type Incoming = IncomingRequest;

    const METADATA: Metadata = *Api::AccountCheck.metadata();

    fn item_count(&self) -> usize {
        self.check_item.len()
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
