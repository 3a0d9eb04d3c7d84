//! `POST v4/im_open_login_svc/multiaccount_import`: import up to 100 accounts.
//!
//! Two request shapes exist: the old `{"Accounts":["id1","id2"]}` and the newer
//! `{"AccountList":[{"UserID":"id1","Nick":"n","FaceUrl":"u"}]}`, which also sets profiles.
//! The response lists the accounts that failed in `FailAccounts`, without a reason; importing
//! them one by one with `account_import` gives a specific code.

use serde::{Deserialize, Serialize};

use crate::{
    Api, Endpoint, Envelope, Field, Metadata, UserId, ValidationError, check_count,
    check_profile_value, impl_response,
};

/// The request packet, in one of its two shapes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RequestWire", into = "RequestWire")]
#[non_exhaustive]
pub enum Request {
    /// `{"Accounts":[...]}`: identifiers only.
    Accounts(Vec<UserId>),
    /// `{"AccountList":[{"UserID":..,"Nick":..,"FaceUrl":..}]}`: identifiers with profiles.
    AccountList(Vec<AccountProfile>),
}

impl Request {
    /// The old shape, identifiers only.
    pub fn accounts(ids: Vec<UserId>) -> Self {
        Request::Accounts(ids)
    }

    /// The new shape, with profiles.
    pub fn account_list(profiles: Vec<AccountProfile>) -> Self {
        Request::AccountList(profiles)
    }

    /// The identifiers, in request order, whatever the shape.
    pub fn user_ids(&self) -> impl Iterator<Item = &UserId> + '_ {
        let (ids, profiles) = match self {
            Request::Accounts(ids) => (ids.as_slice(), &[][..]),
            Request::AccountList(list) => (&[][..], list.as_slice()),
        };
        ids.iter().chain(profiles.iter().map(|p| &p.user_id))
    }
}

/// One item of `AccountList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountProfile {
    /// `UserID`.
    #[serde(rename = "UserID")]
    pub user_id: UserId,
    /// `Nick`: nickname.
    #[serde(rename = "Nick", default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// `FaceUrl`: avatar URL.
    #[serde(rename = "FaceUrl", default, skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
}

impl AccountProfile {
    /// A profile with no nickname or avatar.
    pub fn new(user_id: UserId) -> Self {
        AccountProfile {
            user_id,
            nick: None,
            face_url: None,
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

impl From<UserId> for AccountProfile {
    fn from(user_id: UserId) -> Self {
        AccountProfile::new(user_id)
    }
}

impl From<AccountProfile> for crate::account_import::Request {
    fn from(profile: AccountProfile) -> Self {
        let mut request = crate::account_import::Request::new(profile.user_id);
        request.nick = profile.nick;
        request.face_url = profile.face_url;
        request
    }
}

#[derive(Serialize, Deserialize)]
struct RequestWire {
    #[serde(rename = "Accounts", default, skip_serializing_if = "Option::is_none")]
    accounts: Option<Vec<UserId>>,
    #[serde(
        rename = "AccountList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    account_list: Option<Vec<AccountProfile>>,
}

impl TryFrom<RequestWire> for Request {
    type Error = &'static str;

    fn try_from(wire: RequestWire) -> Result<Self, Self::Error> {
        match (wire.accounts, wire.account_list) {
            (Some(ids), None) => Ok(Request::Accounts(ids)),
            (None, Some(list)) => Ok(Request::AccountList(list)),
            (None, None) => Err("missing field `Accounts` or `AccountList`"),
            (Some(_), Some(_)) => Err("only one of `Accounts` and `AccountList` may be given"),
        }
    }
}

impl From<Request> for RequestWire {
    fn from(request: Request) -> Self {
        match request {
            Request::Accounts(ids) => RequestWire {
                accounts: Some(ids),
                account_list: None,
            },
            Request::AccountList(list) => RequestWire {
                accounts: None,
                account_list: Some(list),
            },
        }
    }
}

/// The response packet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// `ActionStatus`, `ErrorCode`, `ErrorInfo`.
    #[serde(flatten)]
    pub envelope: Envelope,
    /// `FailAccounts`: accounts that failed to import; absent or empty when all succeeded.
    #[serde(
        rename = "FailAccounts",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub fail_accounts: Option<Vec<String>>,
}

impl_response!(Response);

impl Response {
    /// A success response listing `fail_accounts` (the list is emitted even when empty).
    pub fn ok(fail_accounts: Vec<String>) -> Self {
        Response {
            envelope: Envelope::ok(),
            fail_accounts: Some(fail_accounts),
        }
    }

    /// The failed accounts (empty when the field is absent).
    pub fn fail_accounts(&self) -> &[String] {
        self.fail_accounts.as_deref().unwrap_or_default()
    }
}

impl Endpoint for Request {
    type Response = Response;

    const METADATA: Metadata = Metadata {
        api: Api::MultiaccountImport,
        service: "im_open_login_svc",
        command: "multiaccount_import",
        legacy_commands: &[],
        max_items: 100,
        default_calls_per_second: 100,
        request_fields: &[
            Field::new(
                "Accounts",
                "Array of String",
                true,
                "old shape: accounts to import, each at most 32 bytes (exactly one of `Accounts` and `AccountList`)",
            ),
            Field::new(
                "AccountList",
                "Array of Object",
                true,
                "new shape: accounts with profiles (exactly one of `Accounts` and `AccountList`)",
            ),
            Field::new(
                "AccountList[].UserID",
                "String",
                true,
                "account to import, at most 32 bytes",
            ),
            Field::new(
                "AccountList[].Nick",
                "String",
                false,
                "nickname (`Tag_Profile_IM_Nick`), at most 500 bytes",
            ),
            Field::new(
                "AccountList[].FaceUrl",
                "String",
                false,
                "avatar URL (`Tag_Profile_IM_Image`), at most 500 bytes",
            ),
        ],
        response_fields: &[Field::new(
            "FailAccounts",
            "Array of String",
            false,
            "accounts that failed to import (no reason given); absent or empty when all succeeded",
        )],
    };

    fn item_count(&self) -> usize {
        match self {
            Request::Accounts(ids) => ids.len(),
            Request::AccountList(list) => list.len(),
        }
    }

    fn validate(&self) -> Result<(), ValidationError> {
        let field = match self {
            Request::Accounts(_) => "Accounts",
            Request::AccountList(_) => "AccountList",
        };
        let count = self.item_count();
        check_count(Self::METADATA, count)
            .map_err(|err| ValidationError::new(field, err.value(), err.rule()))?;
        if let Request::AccountList(list) = self {
            for (i, profile) in list.iter().enumerate() {
                check_profile_value(format!("AccountList[{i}].Nick"), profile.nick.as_deref())?;
                check_profile_value(
                    format!("AccountList[{i}].FaceUrl"),
                    profile.face_url.as_deref(),
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> UserId {
        UserId::new(s).unwrap()
    }

    #[test]
    fn both_shapes_encode_and_decode() {
        let old = Request::accounts(vec![id("a"), id("b")]);
        assert_eq!(
            serde_json::to_string(&old).unwrap(),
            r#"{"Accounts":["a","b"]}"#
        );
        let new = Request::account_list(vec![AccountProfile::new(id("a")).with_nick("n")]);
        assert_eq!(
            serde_json::to_string(&new).unwrap(),
            r#"{"AccountList":[{"UserID":"a","Nick":"n"}]}"#
        );
        assert_eq!(
            serde_json::from_str::<Request>(r#"{"AccountList":[{"UserID":"a","Nick":"n"}]}"#)
                .unwrap(),
            new
        );
        assert_eq!(
            new.user_ids().map(UserId::as_str).collect::<Vec<_>>(),
            ["a"]
        );
    }

    #[test]
    fn shape_errors() {
        assert!(serde_json::from_str::<Request>("{}").is_err());
        assert!(serde_json::from_str::<Request>(r#"{"Accounts":[],"AccountList":[]}"#).is_err());
        assert!(serde_json::from_str::<Request>(r#"{"Accounts":"a"}"#).is_err());
        assert!(serde_json::from_str::<Request>(r#"{"Accounts":[1]}"#).is_err());
    }

    #[test]
    fn validation_names_the_field() {
        let err = Request::accounts(vec![]).validate().unwrap_err();
        assert_eq!(err.to_string(), "Accounts: must hold at least one account");
        let many = (0..101).map(|i| id(&format!("u{i}"))).collect();
        let err = Request::accounts(many).validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "Accounts: holds 101 accounts, at most 100 are allowed per call"
        );
        let list = vec![
            AccountProfile::new(id("a")),
            AccountProfile::new(id("b")).with_nick("x".repeat(501)),
        ];
        let err = Request::account_list(list).validate().unwrap_err();
        assert_eq!(err.field(), "AccountList[1].Nick");
    }
}
