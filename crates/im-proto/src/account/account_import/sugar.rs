//! `account_import`'s sugar: the legacy decoding (`Identifier`, a lenient `Type`), the setters, the
//! conversion from an [`AccountProfile`], the profile-length rules, the server half and the
//! answer's constructor.

use serde::Deserialize;

use super::{Request, Response};
use crate::server::decode_body;
use crate::validation::check_profile_value;
use crate::{AccountProfile, Envelope, ErrorCode, Incoming, Rejection, ValidationError};

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

    /// The profile values are at most [`MAX_PROFILE_VALUE_BYTES`](crate::MAX_PROFILE_VALUE_BYTES)
    /// bytes each.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_profile_value("Nick", self.nick.as_deref())?;
        check_profile_value("FaceUrl", self.face_url.as_deref())
    }
}

/// What decoding accepts: `UserID` or the legacy `Identifier` (read only when `UserID` is
/// absent), and a `Type` that is ignored unless it is an unsigned integer.
#[derive(Deserialize)]
pub(super) struct RequestWire {
    #[serde(rename = "UserID")]
    user_id: Option<String>,
    #[serde(rename = "Identifier")]
    identifier: Option<serde_json::Value>,
    #[serde(rename = "Nick")]
    nick: Option<String>,
    #[serde(rename = "FaceUrl")]
    face_url: Option<String>,
    #[serde(rename = "Type")]
    account_type: Option<serde_json::Value>,
}

impl TryFrom<RequestWire> for Request {
    type Error = String;

    fn try_from(wire: RequestWire) -> Result<Self, Self::Error> {
        let user_id = crate::server::legacy_valid_user_id(
            wire.user_id.map(serde_json::Value::String),
            wire.identifier,
        )?;
        let mut request = Request::new(user_id);
        request.nick = wire.nick;
        request.face_url = wire.face_url;
        request.account_type = wire
            .account_type
            .and_then(|t| t.as_u64())
            .and_then(|t| u32::try_from(t).ok());
        Ok(request)
    }
}

impl From<AccountProfile> for Request {
    fn from(profile: AccountProfile) -> Self {
        let mut request = Request::new(profile.user_id);
        request.nick = profile.nick;
        request.face_url = profile.face_url;
        request
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
    use crate::{Api, Endpoint, UserId};

    #[test]
    fn metadata() {
        let meta = Request::METADATA;
        assert_eq!(meta.path(), "v4/im_open_login_svc/account_import");
        assert_eq!(meta.api.map(Api::as_str), Some("account_import"));
        assert!(
            ErrorCode::ACCOUNT_REIMPORT_FORBIDDEN
                .scope()
                .unwrap()
                .includes(Api::AccountImport)
        );
    }

    #[test]
    fn legacy_identifier_is_accepted_and_user_id_preferred() {
        let req: Request = serde_json::from_str(r#"{"Identifier":"old","Nick":"n"}"#).unwrap();
        assert_eq!(req.user_id, "old");
        let req: Request =
            serde_json::from_str(r#"{"Identifier":"old","UserID":"new","Type":1}"#).unwrap();
        // With UserID present, Identifier is ignored whatever it holds; a Type that is not an
        // unsigned integer is ignored too.
        let lenient: Request =
            serde_json::from_str(r#"{"UserID":"ok","Identifier":5,"Type":"robot"}"#).unwrap();
        assert_eq!(lenient.user_id, "ok");
        assert_eq!(lenient.account_type, None);
        assert!(serde_json::from_str::<Request>(r#"{"Identifier":5}"#).is_err());
        assert!(serde_json::from_str::<Request>(r#"{"UserID":null,"Identifier":"x"}"#).is_ok());
        assert_eq!(req.user_id, "new");
        assert_eq!(req.account_type, Some(1));
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"UserID":"new","Type":1}"#
        );
        assert!(serde_json::from_str::<Request>(r#"{"Nick":"n"}"#).is_err());
        assert!(serde_json::from_str::<Request>(r#"{"UserID":""}"#).is_err());
    }

    #[test]
    fn profile_lengths_are_validated() {
        let req = Request::new(UserId::new("a").unwrap()).with_face_url("u".repeat(501));
        let err = req.validate().unwrap_err();
        assert_eq!(err.field(), "FaceUrl");
        let req = Request::new(UserId::new("a").unwrap()).with_nick("n".repeat(500));
        assert!(req.validate().is_ok());
    }
}
