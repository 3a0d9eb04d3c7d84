//! `POST v4/im_open_login_svc/account_delete`: delete up to 100 accounts.
//!
//! Deletion is irrecoverable. An account that does not exist gets `ResultCode` 70107 in its item.

use serde::{Deserialize, Serialize};

use crate::account_profile::UserItem;
use crate::server::decode_body;
use crate::{
    Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, RawUserId, Rejection, UserId,
    impl_response,
};

/// The request packet: `{"DeleteItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RequestWire", into = "RequestWire")]
#[non_exhaustive]
pub struct Request {
    /// `DeleteItem[].UserID`: the accounts to delete.
    pub delete_item: Vec<UserId>,
}

impl Request {
    /// A request deleting `ids`.
    pub fn new(ids: Vec<UserId>) -> Self {
        Request { delete_item: ids }
    }
}

#[derive(Serialize, Deserialize)]
struct RequestWire {
    #[serde(rename = "DeleteItem")]
    delete_item: Vec<UserItem>,
}

impl From<RequestWire> for Request {
    fn from(wire: RequestWire) -> Self {
        Request {
            delete_item: wire.delete_item.into_iter().map(|i| i.user_id).collect(),
        }
    }
}

impl From<Request> for RequestWire {
    fn from(request: Request) -> Self {
        RequestWire {
            delete_item: request
                .delete_item
                .into_iter()
                .map(|user_id| UserItem { user_id })
                .collect(),
        }
    }
}

/// One item of `ResultItem`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResultItem {
    /// `ResultCode`: 0 when deleted, else the reason (70107: does not exist).
    #[serde(rename = "ResultCode", default)]
    pub result_code: ErrorCode,
    /// `ResultInfo`: error text, e.g. `Err_TLS_PT_Open_Login_Account_Not_Exist`.
    #[serde(rename = "ResultInfo", default)]
    pub result_info: String,
    /// `UserID`: the account.
    #[serde(rename = "UserID")]
    pub user_id: String,
}

impl ResultItem {
    /// An item for `user_id` with the given outcome.
    pub fn new(user_id: impl Into<String>, code: ErrorCode, info: impl Into<String>) -> Self {
        ResultItem {
            result_code: code,
            result_info: info.into(),
            user_id: user_id.into(),
        }
    }
}

/// The request as a server reads it: every item's identifier as given (`Identifier` accepted
/// for `UserID`), so that an invalid one gets its own per-item code.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct IncomingRequest {
    /// `DeleteItem[].UserID`, as given.
    #[serde(
        rename = "DeleteItem",
        deserialize_with = "crate::server::legacy_items"
    )]
    pub delete_item: Vec<RawUserId>,
}

impl Incoming for IncomingRequest {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let request: IncomingRequest =
            decode_body(body, ErrorCode::BODY_JSON_INVALID, Rejection::invalid)?;
        Request::METADATA
            .check_count(request.delete_item.len())
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

    const METADATA: Metadata = *Api::AccountDelete.metadata();

    fn item_count(&self) -> usize {
        self.delete_item.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
