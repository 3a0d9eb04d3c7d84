//! `POST v4/im_open_login_svc/account_import`: import one account.
//!
//! Creates the service's internal ID for an app-owned account; importing the same account again
//! creates no second ID. `Nick` and `FaceUrl` are stored as profile fields. The request names the
//! account `UserID`; old documentation and SDKs send `Identifier`, which decoding still accepts
//! (`UserID` wins when both are present).

use serde::{Deserialize, Serialize};

use crate::server::decode_body;
use crate::validation::check_profile_value;
use crate::{
    AccountProfile, Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, Rejection, UserId,
    ValidationError, impl_response,
};

/// The request packet: `{"UserID":"test","Nick":"test","FaceUrl":"http://www.qq.com"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RequestWire")]
#[non_exhaustive]
pub struct Request {
    /// `UserID`: the account to import.
    #[serde(rename = "UserID")]
    pub user_id: UserId,
    /// `Nick`: nickname (profile field `Tag_Profile_IM_Nick`).
    #[serde(rename = "Nick", skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// `FaceUrl`: avatar URL (profile field `Tag_Profile_IM_Image`).
    #[serde(rename = "FaceUrl", skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
    /// `Type`: legacy account type from the old documentation (0 normal, 1 robot); leave unset.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub account_type: Option<u32>,
}

impl Request {
    /// A request importing `user_id` with no profile fields.
    pub fn new(user_id: UserId) -> Self {
        Request {
            user_id,
            nick: None,
            face_url: None,
            account_type: None,
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
}

/// What decoding accepts: `UserID` or the legacy `Identifier` (read only when `UserID` is
/// absent), and a `Type` that is ignored unless it is an unsigned integer.
#[derive(Deserialize)]
struct RequestWire {
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
        Ok(Request {
            user_id,
            nick: wire.nick,
            face_url: wire.face_url,
            account_type: wire
                .account_type
                .and_then(|t| t.as_u64())
                .and_then(|t| u32::try_from(t).ok()),
        })
    }
}

impl From<AccountProfile> for Request {
    fn from(profile: AccountProfile) -> Self {
        Request {
            user_id: profile.user_id,
            nick: profile.nick,
            face_url: profile.face_url,
            account_type: None,
        }
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

    const METADATA: Metadata = *Api::AccountImport.metadata();

    fn item_count(&self) -> usize {
        1
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_profile_value("Nick", self.nick.as_deref())?;
        check_profile_value("FaceUrl", self.face_url.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        let meta = Request::METADATA;
        assert_eq!(meta.path(), "v4/im_open_login_svc/account_import");
        assert_eq!(meta.api.as_str(), "account_import");
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
