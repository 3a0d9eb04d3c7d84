//! `create_robot`'s sugar: the most robots an app holds, the `with_*` setters, the checks the
//! types cannot express, the server half and the answer's constructor.

use super::{Request, Response};
use crate::server::decode_body;
use crate::validation::{check_profile_value, check_robot};
use crate::{Endpoint, Envelope, ErrorCode, Incoming, Rejection, ValidationError};

/// The most robots an app holds.
pub const MAX_ROBOTS: usize = 20;

impl Request {
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

    /// A robot's UserID starts with `@RBT#`; each profile value is at most 500 bytes.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_robot("UserID", &self.user_id)?;
        check_profile_value("Nick", self.nick.as_deref())?;
        check_profile_value("FaceUrl", self.face_url.as_deref())?;
        check_profile_value("SelfSignature", self.self_signature.as_deref())
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
