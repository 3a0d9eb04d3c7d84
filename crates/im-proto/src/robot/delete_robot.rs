//! `POST v4/openim_robot_http_svc/delete_robot`: delete one robot.
//!
//! The robot is marked invalid; its UserID is not deleted. `Robot_Account` is one string, not
//! a list.

use serde::{Deserialize, Serialize};

use crate::server::decode_body;
use crate::validation::check_robot;
use crate::{
    Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, Rejection, UserId, ValidationError,
    impl_response,
};

/// The request packet: `{"Robot_Account":"@RBT#001"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Request {
    /// `Robot_Account`: the robot, starting with `@RBT#`.
    #[serde(rename = "Robot_Account")]
    pub robot_account: UserId,
}

impl Request {
    /// A request deleting the robot `robot`.
    pub fn new(robot: UserId) -> Self {
        Request {
            robot_account: robot,
        }
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

    const METADATA: Metadata = *Api::DeleteRobot.metadata();

    fn item_count(&self) -> usize {
        1
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_robot("Robot_Account", &self.robot_account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
