//! `delete_robot`'s sugar: the robot check, the server half and the answer's constructor.

use super::{Request, Response};
use crate::server::decode_body;
use crate::validation::check_robot;
use crate::{Endpoint, Envelope, ErrorCode, Incoming, Rejection, ValidationError};

impl Request {
    /// The robot's UserID starts with `@RBT#`.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_robot("Robot_Account", &self.robot_account)
    }
}

/// The server reads the request as the client type: anything wrong is 10004.
impl Incoming for Request {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let invalid = |what: String| Rejection::new(ErrorCode::ROBOT_INVALID_PARAMETERS, what);
        let request: Request = decode_body(body, ErrorCode::ROBOT_INVALID_PARAMETERS, invalid)?;
        request
            .validate()
            .map_err(|e| Rejection::new(ErrorCode::ROBOT_INVALID_PARAMETERS, e.to_string()))?;
        Ok(request)
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
    use crate::UserId;

    #[test]
    fn metadata() {
        assert_eq!(
            Request::METADATA.path(),
            "v4/openim_robot_http_svc/delete_robot"
        );
    }

    #[test]
    fn one_robot_as_a_string() {
        let request = Request::new(UserId::new("@RBT#001").unwrap());
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"Robot_Account":"@RBT#001"}"#
        );
        let code = |body: &str| {
            Request::decode(body.as_bytes())
                .map(|_| ())
                .map_err(|e| e.code().get())
        };
        assert_eq!(code(r#"{"Robot_Account":"@RBT#001"}"#), Ok(()));
        for bad in [
            r#"{"Robot_Account":["@RBT#001"]}"#,
            r#"{"Robot_Account":"bob"}"#,
            "{}",
            "x",
        ] {
            assert_eq!(code(bad), Err(10004), "{bad}");
        }
    }
}
