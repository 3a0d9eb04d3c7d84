//! `kick`'s sugar: the legacy `Identifier` name, the server half and the answer's constructor.

use serde::Deserialize;

use super::{Request, Response};
use crate::server::decode_body;
use crate::{Envelope, ErrorCode, Incoming, Rejection};

/// The request as sent: `UserID`, or the legacy `Identifier` (`UserID` wins when both are).
#[derive(Deserialize)]
pub(super) struct RequestWire {
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
        .map(Request::new)
    }
}

/// The server reads the request as the client type: an invalid `UserID` refuses the call.
impl Incoming for Request {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        decode_body(body, ErrorCode::BODY_JSON_INVALID, Rejection::invalid)
    }
}

impl Response {
    /// A success response.
    pub fn ok() -> Self {
        Response {
            envelope: Envelope::ok(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

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
