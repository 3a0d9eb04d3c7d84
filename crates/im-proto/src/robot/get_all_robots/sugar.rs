//! `get_all_robots`'s sugar: the server half and the answer's constructor and accessor.

use super::{Request, Response};
use crate::server::decode_body;
use crate::{Envelope, ErrorCode, Incoming, Rejection};

/// The server reads any JSON object; anything else is 10008.
impl Incoming for Request {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let invalid = |what: String| Rejection::new(ErrorCode::ROBOT_INVALID_REQUEST, what);
        decode_body(body, ErrorCode::ROBOT_INVALID_REQUEST, invalid)
    }
}

impl Response {
    /// A success response listing `robots`.
    pub fn ok(robots: Vec<String>) -> Self {
        Response {
            envelope: Envelope::ok(),
            robot_account: Some(robots),
            ..Default::default()
        }
    }

    /// The robots (empty when the field is absent).
    pub fn robots(&self) -> &[String] {
        self.robot_account.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

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
