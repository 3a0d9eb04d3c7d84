//! `POST v4/im_open_login_svc/kick`: invalidate one account's login state.
//!
//! Every UserSig issued earlier for the account stops working; the user can log in again with a
//! newly generated one. An unknown account fails with 70107. Decoding accepts the legacy
//! `Identifier` name, as the single import does.

use serde::{Deserialize, Serialize};

use crate::server::decode_body;
use crate::{
    Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, Rejection, UserId, impl_response,
};

/// The request packet: `{"UserID":"test"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RequestWire")]
#[non_exhaustive]
pub struct Request {
    /// `UserID`: the account whose login state is invalidated.
    #[serde(rename = "UserID")]
    pub user_id: UserId,
}

impl Request {
    /// A request kicking `user_id`.
    pub fn new(user_id: UserId) -> Self {
        Request { user_id }
    }
}

#[derive(Deserialize)]
struct RequestWire {
    #[serde(rename = "UserID")]
    user_id: Option<String>,
    #[serde(rename = "Identifier")]
    identifier: Option<serde_json::Value>,
}

impl TryFrom<RequestWire> for Request {
    type Error = String;

    fn try_from(wire: RequestWire) -> Result<Self, Self::Error> {
        crate::server::legacy_valid_user_id(
            wire.user_id.map(serde_json::Value::String),
            wire.identifier,
        )
        .map(|user_id| Request { user_id })
    }
}

/// The server reads the request as the client type: an invalid `UserID` refuses the call.
impl Incoming for Request {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        decode_body(body, ErrorCode::BODY_JSON_INVALID, Rejection::invalid)
    }
}

/// The response packet: the envelope only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// `ActionStatus`, `ErrorCode`, `ErrorInfo`.
    #[serde(flatten)]
    pub envelope: Envelope,
}

impl_response!(Response);

impl Response {
    /// A success response.
    pub fn ok() -> Self {
        Response {
            envelope: Envelope::ok(),
        }
    }
}

impl Endpoint for Request {
    type Response = Response;
    type Incoming = Request;

    const METADATA: Metadata = *Api::Kick.metadata();

    fn item_count(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        assert_eq!(Request::METADATA.path(), "v4/im_open_login_svc/kick");
    }

    #[test]
    fn legacy_identifier() {
        let req: Request = serde_json::from_str(r#"{"Identifier":"x"}"#).unwrap();
        assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"UserID":"x"}"#);
        assert!(serde_json::from_str::<Request>("{}").is_err());
        let req: Request = serde_json::from_str(r#"{"UserID":"a","Identifier":""}"#).unwrap();
        assert_eq!(req.user_id, "a");
    }
}
