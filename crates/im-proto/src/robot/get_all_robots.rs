//! `POST v4/openim_robot_http_svc/get_all_robots`: list every robot of the app.
//!
//! The request body is an empty object; the answer's `Robot_Account` lists the robots' UserIDs
//! (there is no paging: an app holds at most 20).

use serde::{Deserialize, Serialize};

use crate::server::decode_body;
use crate::{Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, Rejection, impl_response};

/// The request packet: `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Request {}

impl Request {
    /// The request.
    pub fn new() -> Self {
        Request {}
    }
}

/// The server reads any JSON object (its fields are ignored); anything else is 10008.
impl Incoming for Request {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let invalid = |what: String| Rejection::new(ErrorCode::ROBOT_INVALID_REQUEST, what);
        decode_body(body, ErrorCode::ROBOT_INVALID_REQUEST, invalid)
    }
}

/// The response packet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// `ActionStatus`, `ErrorCode`, `ErrorInfo`.
    #[serde(flatten)]
    pub envelope: Envelope,
    /// `Robot_Account`: the robots' UserIDs.
    #[serde(
        rename = "Robot_Account",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub robot_account: Option<Vec<String>>,
}

impl_response!(Response);

impl Response {
    /// A success response listing `robots`.
    pub fn ok(robots: Vec<String>) -> Self {
        Response {
            envelope: Envelope::ok(),
            robot_account: Some(robots),
        }
    }

    /// The robots (empty when the field is absent).
    pub fn robots(&self) -> &[String] {
        self.robot_account.as_deref().unwrap_or_default()
    }
}

impl Endpoint for Request {
    type Response = Response;
    type Incoming = Request;

    const METADATA: Metadata = *Api::GetAllRobots.metadata();

    fn item_count(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        assert_eq!(
            Request::METADATA.path(),
            "v4/openim_robot_http_svc/get_all_robots"
        );
    }

    #[test]
    fn an_empty_object_and_a_list() {
        assert_eq!(serde_json::to_string(&Request::new()).unwrap(), "{}");
        assert!(Request::decode(br#"{"x":1}"#).is_ok());
        assert_eq!(Request::decode(b"[]").unwrap_err().code().get(), 10008);
        let response: Response = serde_json::from_str(
            r#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"Robot_Account":["@RBT#001","@RBT#002"]}"#,
        )
        .unwrap();
        assert_eq!(response.robots(), ["@RBT#001", "@RBT#002"]);
    }
}
