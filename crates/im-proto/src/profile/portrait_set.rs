//! `POST v4/profile/portrait_set`: set profile fields of one account.
//!
//! `ProfileItem` lists the fields to set, standard (`Tag_Profile_IM_*`) or custom
//! (`Tag_Profile_Custom_*`); fields not listed keep their values. The uint32 standard fields
//! must travel as JSON numbers. A bad item fails the whole call: 40009 for an unknown tag,
//! 40610 for a value of the wrong type, 40605 for a standard value outside its set (or a
//! `Location` over 16 bytes), 40601 for a value over 500 bytes.

use serde::{Deserialize, Serialize};

use crate::profile_data::profile_not_json;
use crate::server::decode_body_or;
use crate::{
    Api, Endpoint, Envelope, ErrorCode, Incoming, Metadata, PROFILE_DECODE_FAILED_INFO, Profile,
    ProfileItem, RawUserId, Rejection, UserId, ValidationError, ValidationRule,
    check_profile_items, impl_response,
};

/// The request packet:
/// `{"From_Account":"id","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"MyNickName"}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Request {
    /// `From_Account`: the account whose profile is set.
    #[serde(rename = "From_Account")]
    pub from_account: UserId,
    /// `ProfileItem`: the fields to set.
    #[serde(rename = "ProfileItem")]
    pub profile_item: Vec<ProfileItem>,
}

impl Request {
    /// A request setting `items` on `account`.
    pub fn new(account: UserId, items: Vec<ProfileItem>) -> Self {
        Request {
            from_account: account,
            profile_item: items,
        }
    }

    /// A request setting every field `profile` has.
    pub fn from_profile(account: UserId, profile: &Profile) -> Self {
        Request::new(account, profile.to_items())
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

/// The response packet: the envelope (with `ErrorDisplay`, a text for the client's user).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// `ActionStatus`, `ErrorCode`, `ErrorInfo`, `ErrorDisplay`.
    #[serde(flatten)]
    pub envelope: Envelope,
}

impl_response!(Response);

impl Response {
    /// A success response.
    pub fn ok() -> Self {
        let mut envelope = Envelope::ok();
        envelope.error_display = Some(String::new());
        Response { envelope }
    }
}

impl Endpoint for Request {
    type Response = Response;
    type Incoming = IncomingRequest;

    const METADATA: Metadata = *Api::PortraitSet.metadata();

    fn item_count(&self) -> usize {
        1
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_profile_items(&self.profile_item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProfileTag;

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
