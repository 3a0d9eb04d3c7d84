//! `POST v4/openim_robot_http_svc/create_robot`: create a robot (chatbot) account.
//!
//! A robot is a restricted account whose UserID starts with `@RBT#` (at most 32 bytes).
//! Creating the same robot again creates no second one. An app holds at most 20 robots; past
//! that the service answers 10008.

use serde::{Deserialize, Serialize};

use crate::server::decode_body;
use crate::validation::{check_profile_value, check_robot};
use crate::{
    Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, Rejection, UserId, ValidationError,
    impl_response,
};

/// The most robots an app holds.
pub const MAX_ROBOTS: usize = 20;

/// The request packet:
/// `{"UserID":"@RBT#001","Nick":"Jarvis","FaceUrl":"www.example.com/head.jpg","SelfSignature":"hello, world"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Request {
    /// `UserID`: the robot, starting with `@RBT#`.
    #[serde(rename = "UserID")]
    pub user_id: UserId,
    /// `Nick`: its nickname, at most 500 bytes.
    #[serde(rename = "Nick", default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// `FaceUrl`: its avatar URL, at most 500 bytes.
    #[serde(rename = "FaceUrl", default, skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
    /// `SelfSignature`: its status line, at most 500 bytes.
    #[serde(
        rename = "SelfSignature",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub self_signature: Option<String>,
}

impl Request {
    /// A request creating the robot `user_id` with no profile.
    pub fn new(user_id: UserId) -> Self {
        Request {
            user_id,
            nick: None,
            face_url: None,
            self_signature: None,
        }
    }

    /// Sets `Nick`.
    pub fn with_nick(mut self, nick: impl Into<String>) -> Self {
        self.nick = Some(nick.into());
        self
    }

    /// Sets `FaceUrl`.
    pub fn with_face_url(mut self, face_url: impl Into<String>) -> Self {
        self.face_url = Some(face_url.into());
        self
    }

    /// Sets `SelfSignature`.
    pub fn with_self_signature(mut self, text: impl Into<String>) -> Self {
        self.self_signature = Some(text.into());
        self
    }
}

/// The server reads the request as the client type, checked as [`Endpoint::validate`] checks
/// it: anything wrong is 10004.
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

    const METADATA: Metadata = *Api::CreateRobot.metadata();

    fn item_count(&self) -> usize {
        1
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_robot("UserID", &self.user_id)?;
        check_profile_value("Nick", self.nick.as_deref())?;
        check_profile_value("FaceUrl", self.face_url.as_deref())?;
        check_profile_value("SelfSignature", self.self_signature.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        assert_eq!(
            Request::METADATA.path(),
            "v4/openim_robot_http_svc/create_robot"
        );
    }

    /// The deprecated `RobotProfile` still builds the same robot, the old way (`new`, then its
    /// fields), and is the request.
    #[test]
    #[allow(deprecated, reason = "the test of the deprecated alias")]
    fn the_deprecated_robot_profile_is_the_request() {
        let mut robot = crate::RobotProfile::new(UserId::new("@RBT#001").unwrap());
        robot.nick = Some("Jarvis".into());
        robot.face_url = Some("www.example.com/head.jpg".into());
        robot.self_signature = Some("hello, world".into());
        let request: Request = robot.clone();
        assert_eq!(
            request,
            Request::new(UserId::new("@RBT#001").unwrap())
                .with_nick("Jarvis")
                .with_face_url("www.example.com/head.jpg")
                .with_self_signature("hello, world")
        );
        assert_eq!(
            serde_json::to_string(&robot).unwrap(),
            r#"{"UserID":"@RBT#001","Nick":"Jarvis","FaceUrl":"www.example.com/head.jpg","SelfSignature":"hello, world"}"#
        );
        assert!(robot.validate().is_ok());
    }

    #[test]
    fn robots_are_checked_on_both_sides() {
        let request = Request::new(UserId::new("@RBT#001").unwrap()).with_nick("Jarvis");
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"UserID":"@RBT#001","Nick":"Jarvis"}"#
        );
        assert!(request.validate().is_ok());
        let plain = Request::new(UserId::new("bot").unwrap());
        assert!(
            plain
                .validate()
                .unwrap_err()
                .to_string()
                .contains("must start with @RBT#")
        );
        let code = |body: &str| {
            Request::decode(body.as_bytes())
                .map(|_| ())
                .map_err(|e| e.code().get())
        };
        assert_eq!(code(r#"{"UserID":"@RBT#1"}"#), Ok(()));
        for bad in [
            r#"{"UserID":"x"}"#,
            "{}",
            "[]",
            r#"{"UserID":"@RBT#1","Nick":3}"#,
        ] {
            assert_eq!(code(bad), Err(10004), "{bad}");
        }
        let long = format!(
            r#"{{"UserID":"@RBT#1","SelfSignature":"{}"}}"#,
            "s".repeat(501)
        );
        assert_eq!(code(&long), Err(10004));
    }
}
