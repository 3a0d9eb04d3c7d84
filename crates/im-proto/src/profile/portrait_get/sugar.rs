//! `portrait_get`'s sugar: the `TagList` checks, the server half, the result items'
//! constructors and typed profile, and the answer's constructor and accessor.

use serde::Deserialize;

use super::{Request, Response, UserProfileItem};
use crate::profile_data::profile_not_json;
use crate::server::decode_body_or;
use crate::validation::ValidationRule;
use crate::{
    Endpoint, Envelope, ErrorCode, Incoming, PROFILE_DECODE_FAILED_INFO, Profile, ProfileItem,
    ProfileTag, RawUserId, Rejection, ValidationError,
};

impl Request {
    /// `TagList`: not empty, and only standard or well-formed custom tags.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_tags(&self.tag_list)
    }
}

/// Checks a `TagList`: not empty, and only standard or well-formed custom tags.
fn check_tags(tags: &[ProfileTag]) -> Result<(), ValidationError> {
    if tags.is_empty() {
        return Err(ValidationError::new("TagList", "", ValidationRule::Empty));
    }
    match tags.iter().find(|tag| tag.kind().is_none()) {
        Some(tag) => Err(ValidationError::new(
            tag.as_str(),
            "",
            ValidationRule::UnknownTag,
        )),
        None => Ok(()),
    }
}

impl UserProfileItem {
    /// A successful read of `account` with these fields.
    pub fn new(account: impl Into<String>, items: Vec<ProfileItem>) -> Self {
        UserProfileItem {
            to_account: account.into(),
            profile_item: Some(items),
            result_code: ErrorCode::OK,
            result_info: String::new(),
            extra: serde_json::Map::new(),
        }
    }

    /// A failed read of `account`.
    pub fn failed(account: impl Into<String>, code: ErrorCode, info: impl Into<String>) -> Self {
        UserProfileItem {
            to_account: account.into(),
            profile_item: None,
            result_code: code,
            result_info: info.into(),
            extra: serde_json::Map::new(),
        }
    }

    /// The fields as a typed profile (empty when none were returned).
    pub fn profile(&self) -> Profile {
        Profile::from_items(self.profile_item.iter().flatten())
    }
}

/// The request as a server reads it: accounts and tags as given.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct IncomingRequest {
    /// `To_Account`, as given.
    #[serde(rename = "To_Account", default)]
    pub to_account: Vec<RawUserId>,
    /// `TagList`.
    #[serde(rename = "TagList")]
    pub tag_list: Vec<ProfileTag>,
}

impl Incoming for IncomingRequest {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let invalid = |what: String| {
            Rejection::new(
                ErrorCode::PROFILE_INVALID_PARAMETERS,
                format!("{PROFILE_DECODE_FAILED_INFO}: {what}"),
            )
        };
        let request: IncomingRequest = decode_body_or(body, profile_not_json(), invalid)?;
        if request.to_account.is_empty() {
            return Err(Rejection::new(
                ErrorCode::PROFILE_ACCOUNT_MISSING,
                "To_Account is not specified",
            ));
        }
        Request::METADATA
            .check_count(request.to_account.len())
            .map_err(|e| Rejection::new(ErrorCode::PROFILE_INVALID_PARAMETERS, e.to_string()))?;
        check_tags(&request.tag_list).map_err(|e| {
            let code = match e.rule() {
                ValidationRule::UnknownTag => ErrorCode::PROFILE_TAG_NOT_FOUND,
                _ => ErrorCode::PROFILE_INVALID_PARAMETERS,
            };
            Rejection::new(code, e.to_string())
        })?;
        Ok(request)
    }
}

impl Response {
    /// A success response with these items (`Fail_Account` listing the failed ones, if any).
    pub fn ok(items: Vec<UserProfileItem>) -> Self {
        let failed: Vec<String> = items
            .iter()
            .filter(|i| !i.result_code.is_success())
            .map(|i| i.to_account.clone())
            .collect();
        let mut envelope = Envelope::ok();
        envelope.error_display = Some(String::new());
        Response {
            envelope,
            user_profile_item: Some(items),
            fail_account: (!failed.is_empty()).then_some(failed),
            ..Default::default()
        }
    }

    /// The items (empty when the field is absent).
    pub fn user_profile_items(&self) -> &[UserProfileItem] {
        self.user_profile_item.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserId;

    #[test]
    fn metadata() {
        assert_eq!(Request::METADATA.path(), "v4/profile/portrait_get");
    }

    #[test]
    fn requests_are_checked() {
        let id = || UserId::new("id1").unwrap();
        let request = Request::new(vec![id()], vec![ProfileTag::Nick]);
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"To_Account":["id1"],"TagList":["Tag_Profile_IM_Nick"]}"#
        );
        assert!(request.validate().is_ok());
        assert!(Request::new(vec![id()], vec![]).validate().is_err());
        let unknown = Request::new(vec![id()], vec![ProfileTag::from("Nick")]);
        assert_eq!(
            unknown.validate().unwrap_err().rule(),
            ValidationRule::UnknownTag
        );
        assert!(
            Request::new(vec![id(); 101], vec![ProfileTag::Nick])
                .validate()
                .is_err()
        );
    }

    #[test]
    fn incoming_codes() {
        let code = |body: &str| {
            IncomingRequest::decode(body.as_bytes())
                .map(|_| ())
                .map_err(|e| e.code().get())
        };
        assert_eq!(
            code(r#"{"To_Account":["a"],"TagList":["Tag_Profile_IM_Nick"]}"#),
            Ok(())
        );
        assert_eq!(code(r#"{"TagList":["Tag_Profile_IM_Nick"]}"#), Err(40002));
        assert_eq!(
            code(r#"{"To_Account":[],"TagList":["Tag_Profile_IM_Nick"]}"#),
            Err(40002)
        );
        assert_eq!(code(r#"{"To_Account":["a"]}"#), Err(40001));
        assert_eq!(code(r#"{"To_Account":["a"],"TagList":[]}"#), Err(40001));
        assert_eq!(
            code(r#"{"To_Account":["a"],"TagList":["Tag_Profile_IM_Mood"]}"#),
            Err(40009)
        );
        let many: Vec<String> = (0..101).map(|i| format!("\"u{i}\"")).collect();
        assert_eq!(
            code(&format!(
                r#"{{"To_Account":[{}],"TagList":["Tag_Profile_IM_Nick"]}}"#,
                many.join(",")
            )),
            Err(40001)
        );
        assert_eq!(code("nope"), Err(40001));
        let err = IncomingRequest::decode(b"nope").unwrap_err();
        assert_eq!(
            err.info(),
            PROFILE_DECODE_FAILED_INFO,
            "the profile service's own text"
        );
    }

    #[test]
    fn failed_items_have_no_profile_and_are_listed() {
        let response = Response::ok(vec![
            UserProfileItem::new("a", vec![ProfileItem::new(ProfileTag::Nick, "A")]),
            UserProfileItem::failed(
                "b",
                ErrorCode::PROFILE_INTERNAL_ERROR,
                "Err_Profile_PortraitGet_Read_Custom_Data_Fail",
            ),
        ]);
        assert_eq!(
            response.fail_account.as_deref(),
            Some(&["b".to_owned()][..])
        );
        let json = serde_json::to_string(&response).unwrap();
        let back: Response = serde_json::from_str(&json).unwrap();
        assert_eq!(back, response);
        assert_eq!(
            back.user_profile_items()[0].profile().nick.as_deref(),
            Some("A")
        );
        assert!(back.user_profile_items()[1].profile_item.is_none());
    }

    /// `ErrorDisplay` is the envelope's: the page's row of it is not a second field.
    #[test]
    fn error_display_is_the_envelopes() {
        let response: Response = serde_json::from_str(
            r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":"shown","UserProfileItem":[]}"#,
        )
        .unwrap();
        assert_eq!(response.envelope.error_display.as_deref(), Some("shown"));
    }
}
