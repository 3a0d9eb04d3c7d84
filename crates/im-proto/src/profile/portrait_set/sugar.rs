//! `portrait_set`'s sugar: a request from a typed profile, the item checks, the codes the
//! service answers for them, the server half and the answer's constructor.

use serde::Deserialize;

use super::{Request, Response};
use crate::profile_data::profile_not_json;
use crate::server::decode_body_or;
use crate::{
    Envelope, ErrorCode, Incoming, PROFILE_DECODE_FAILED_INFO, Profile, ProfileItem, RawUserId,
    Rejection, UserId, ValidationError, ValidationRule, check_profile_items,
};

impl Request {
    /// A request setting every field `profile` has.
    pub fn from_profile(account: UserId, profile: &Profile) -> Self {
        Request::new(account, profile.to_items())
    }

    /// At least one item, no tag twice, each value fitting its tag.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_profile_items(&self.profile_item)
    }
}

/// The code the service answers for an item breaking `rule`.
pub fn code_for(rule: ValidationRule) -> ErrorCode {
    match rule {
        ValidationRule::UnknownTag => ErrorCode::PROFILE_TAG_NOT_FOUND,
        ValidationRule::ValueType { .. } => ErrorCode::PROFILE_VALUE_TYPE_MISMATCH,
        ValidationRule::NotOneOf { .. } => ErrorCode::PROFILE_STANDARD_FIELD_INVALID,
        ValidationRule::ValueTooLong { max, .. } if max < crate::MAX_PROFILE_VALUE_BYTES => {
            ErrorCode::PROFILE_STANDARD_FIELD_INVALID
        }
        ValidationRule::ValueTooLong { .. } => ErrorCode::PROFILE_VALUE_TOO_LONG,
        _ => ErrorCode::PROFILE_INVALID_PARAMETERS,
    }
}

/// The request as a server reads it: the account as given; the items checked as the service
/// checks them (a bad one refuses the call with its code).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct IncomingRequest {
    /// `From_Account`, as given.
    #[serde(rename = "From_Account")]
    pub from_account: RawUserId,
    /// `ProfileItem`.
    #[serde(rename = "ProfileItem")]
    pub profile_item: Vec<ProfileItem>,
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
        check_profile_items(&request.profile_item)
            .map_err(|e| Rejection::new(code_for(e.rule()), e.to_string()))?;
        Ok(request)
    }
}

impl Response {
    /// A success response.
    pub fn ok() -> Self {
        let mut envelope = Envelope::ok();
        envelope.error_display = Some(String::new());
        Response {
            envelope,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, ProfileTag};

    #[test]
    fn metadata() {
        assert_eq!(Request::METADATA.path(), "v4/profile/portrait_set");
    }

    #[test]
    fn requests_carry_typed_values() {
        let mut profile = Profile::new();
        profile.nick = Some("MyNickName".into());
        profile.birthday = Some(20190419);
        let request = Request::from_profile(UserId::new("id").unwrap(), &profile);
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"From_Account":"id","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"MyNickName"},{"Tag":"Tag_Profile_IM_BirthDay","Value":20190419}]}"#
        );
        assert!(request.validate().is_ok());
        let empty = Request::new(UserId::new("id").unwrap(), vec![]);
        assert_eq!(
            empty.validate().unwrap_err().to_string(),
            "ProfileItem: must not be empty"
        );
    }

    /// `ErrorDisplay` is the envelope's: the page's row of it is not a second field.
    #[test]
    fn error_display_is_the_envelopes() {
        let response: Response = serde_json::from_str(
            r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":"shown"}"#,
        )
        .unwrap();
        assert_eq!(response.envelope.error_display.as_deref(), Some("shown"));
        assert_eq!(
            serde_json::to_string(&Response::ok()).unwrap(),
            r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}"#
        );
    }

    #[test]
    fn incoming_bad_items_get_the_services_codes() {
        let code = |items: &str| {
            let body = format!(r#"{{"From_Account":"a","ProfileItem":{items}}}"#);
            IncomingRequest::decode(body.as_bytes())
                .map(|_| ())
                .map_err(|e| e.code().get())
        };
        assert_eq!(
            code(r#"[{"Tag":"Tag_Profile_IM_Nick","Value":"n"}]"#),
            Ok(())
        );
        assert_eq!(code("[]"), Err(40001));
        assert_eq!(
            code(r#"[{"Tag":"Tag_Profile_IM_Mood","Value":"x"}]"#),
            Err(40009)
        );
        assert_eq!(
            code(r#"[{"Tag":"Tag_Profile_IM_Level","Value":"1"}]"#),
            Err(40610)
        );
        assert_eq!(
            code(r#"[{"Tag":"Tag_Profile_IM_Gender","Value":"m"}]"#),
            Err(40605)
        );
        assert_eq!(
            code(&format!(
                r#"[{{"Tag":"Tag_Profile_IM_Nick","Value":"{}"}}]"#,
                "n".repeat(501)
            )),
            Err(40601)
        );
        assert_eq!(
            code(&format!(
                r#"[{{"Tag":"Tag_Profile_IM_Location","Value":"{}"}}]"#,
                "l".repeat(17)
            )),
            Err(40605)
        );
        assert_eq!(code(r#"{"Tag":"x"}"#), Err(40001));
        for body in ["", "[]", "{"] {
            let err = IncomingRequest::decode(body.as_bytes()).unwrap_err();
            assert_eq!(
                (err.code().get(), err.info()),
                (40001, PROFILE_DECODE_FAILED_INFO)
            );
        }
        let raw = IncomingRequest::decode(
            br#"{"From_Account":"","ProfileItem":[{"Tag":"Tag_Profile_IM_Role","Value":3}]}"#,
        )
        .unwrap();
        assert_eq!(raw.from_account, RawUserId::new(""));
        assert_eq!(raw.profile_item[0].tag, ProfileTag::Role);
    }
}
