//! `multiaccount_import`'s sugar: the request, an enum of its two shapes (which field rows
//! cannot say) with its `Endpoint`, the server half (every item as given), and the answer's
//! constructor and accessor.

use serde::{Deserialize, Serialize};

use super::Response;
use crate::server::{LegacyItem, decode_body};
use crate::validation::check_profile_value;
use crate::{
    AccountProfile, Api, Endpoint, Envelope, ErrorCode, Incoming, InvalidItem, Metadata, RawUserId,
    Rejection, UserId, ValidationError,
};

/// The request packet, in one of its two shapes.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Shapes<Vec<UserId>, Vec<AccountProfile>>")]
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

/// The two shapes as sent, exactly one of them present: the client's with [`UserId`]s and
/// profiles (decoded, or borrowed to encode), the server's with every value as given.
#[derive(Serialize, Deserialize)]
struct Shapes<A, L> {
    #[serde(rename = "Accounts", default, skip_serializing_if = "Option::is_none")]
    accounts: Option<A>,
    #[serde(
        rename = "AccountList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    account_list: Option<L>,
}

impl<A, L> Shapes<A, L> {
    /// The one shape given, as `accounts` or `account_list` makes it.
    fn one<T>(
        self,
        accounts: impl FnOnce(A) -> T,
        account_list: impl FnOnce(L) -> T,
    ) -> Result<T, &'static str> {
        match (self.accounts, self.account_list) {
            (Some(ids), None) => Ok(accounts(ids)),
            (None, Some(list)) => Ok(account_list(list)),
            (None, None) => Err("missing field `Accounts` or `AccountList`"),
            (Some(_), Some(_)) => Err("only one of `Accounts` and `AccountList` may be given"),
        }
    }
}

impl TryFrom<Shapes<Vec<UserId>, Vec<AccountProfile>>> for Request {
    type Error = &'static str;

    fn try_from(wire: Shapes<Vec<UserId>, Vec<AccountProfile>>) -> Result<Self, Self::Error> {
        wire.one(Request::Accounts, Request::AccountList)
    }
}

/// Encoded borrowing its accounts (serde's `into` would clone every one of them for each
/// request).
impl Serialize for Request {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wire: Shapes<&[UserId], &[AccountProfile]> = match self {
            Request::Accounts(ids) => Shapes {
                accounts: Some(ids),
                account_list: None,
            },
            Request::AccountList(list) => Shapes {
                accounts: None,
                account_list: Some(list),
            },
        };
        wire.serialize(serializer)
    }
}

impl Endpoint for Request {
    type Response = Response;
    type Incoming = IncomingRequest;

    const METADATA: Metadata = *Api::MultiaccountImport.metadata();

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
        Self::METADATA
            .check_count(count)
            .map_err(|err| err.renamed(field))?;
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

/// The request as a server reads it: every item's identifier and profile values as given, so
/// that invalid ones can be listed in `FailAccounts` while the others are imported.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Shapes<Vec<RawUserId>, Vec<IncomingProfileWire>>")]
#[non_exhaustive]
pub enum IncomingRequest {
    /// `{"Accounts":[...]}`.
    Accounts(Vec<RawUserId>),
    /// `{"AccountList":[...]}`.
    AccountList(Vec<IncomingProfile>),
}

/// One item of an incoming `AccountList`, as given (`Identifier` accepted for `UserID`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncomingProfile {
    /// `UserID`, as given.
    pub user_id: RawUserId,
    /// `Nick`, as given.
    pub nick: Option<String>,
    /// `FaceUrl`, as given.
    pub face_url: Option<String>,
}

impl IncomingProfile {
    /// The item as an account to import, when its identifier follows the [`UserId`] rules and
    /// its profile values are at most [`MAX_PROFILE_VALUE_BYTES`](crate::MAX_PROFILE_VALUE_BYTES)
    /// bytes (the rules [`Request::validate`] applies).
    ///
    /// # Errors
    ///
    /// The rule the item breaks.
    pub fn validated(&self) -> Result<AccountProfile, InvalidItem> {
        let profile = AccountProfile {
            user_id: self.user_id.parse()?,
            nick: self.nick.clone(),
            face_url: self.face_url.clone(),
        };
        profile.validate()?;
        Ok(profile)
    }
}

impl IncomingRequest {
    /// Every item with its identifier and profile values as given, in request order.
    pub fn items(&self) -> Vec<IncomingProfile> {
        match self {
            IncomingRequest::Accounts(ids) => ids
                .iter()
                .map(|id| IncomingProfile {
                    user_id: id.clone(),
                    nick: None,
                    face_url: None,
                })
                .collect(),
            IncomingRequest::AccountList(list) => list.clone(),
        }
    }

    fn shape(&self) -> (&'static str, usize) {
        match self {
            IncomingRequest::Accounts(ids) => ("Accounts", ids.len()),
            IncomingRequest::AccountList(list) => ("AccountList", list.len()),
        }
    }
}

impl Incoming for IncomingRequest {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let request: IncomingRequest =
            decode_body(body, ErrorCode::BODY_JSON_INVALID, Rejection::invalid)?;
        let (field, count) = request.shape();
        crate::validation::check_count_of(field, Request::METADATA.max_items, count)
            .map_err(Rejection::invalid)?;
        Ok(request)
    }
}

/// One item of an incoming `AccountList` as sent.
#[derive(Deserialize)]
struct IncomingProfileWire {
    #[serde(flatten)]
    user: LegacyItem,
    #[serde(rename = "Nick", default)]
    nick: Option<String>,
    #[serde(rename = "FaceUrl", default)]
    face_url: Option<String>,
}

impl From<IncomingProfileWire> for IncomingProfile {
    fn from(item: IncomingProfileWire) -> Self {
        IncomingProfile {
            user_id: item.user.0,
            nick: item.nick,
            face_url: item.face_url,
        }
    }
}

impl TryFrom<Shapes<Vec<RawUserId>, Vec<IncomingProfileWire>>> for IncomingRequest {
    type Error = &'static str;

    fn try_from(
        wire: Shapes<Vec<RawUserId>, Vec<IncomingProfileWire>>,
    ) -> Result<Self, Self::Error> {
        wire.one(IncomingRequest::Accounts, |list| {
            IncomingRequest::AccountList(list.into_iter().map(IncomingProfile::from).collect())
        })
    }
}

impl Response {
    /// A success response listing `fail_accounts` (the list is emitted even when empty).
    pub fn ok(fail_accounts: Vec<String>) -> Self {
        Response {
            envelope: Envelope::ok(),
            fail_accounts: Some(fail_accounts),
            ..Default::default()
        }
    }

    /// The failed accounts (empty when the field is absent).
    pub fn fail_accounts(&self) -> &[String] {
        self.fail_accounts.as_deref().unwrap_or_default()
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> UserId {
        UserId::new(s).unwrap()
    }

    #[test]
    fn metadata() {
        assert_eq!(
            Request::METADATA.path(),
            "v4/im_open_login_svc/multiaccount_import"
        );
    }

    #[test]
    fn incoming_keeps_raw_items() {
        let decode = |json: &str| IncomingRequest::decode(json.as_bytes());
        let items = decode(
            r#"{"AccountList":[{"Identifier":""},{"UserID":"b","Nick":null,"FaceUrl":"f"}]}"#,
        )
        .unwrap()
        .items();
        assert_eq!(items[0].user_id.as_str(), "");
        assert_eq!(items[1].face_url.as_deref(), Some("f"));
        assert_eq!(
            decode(r#"{"Accounts":["", "x"]}"#).unwrap().items().len(),
            2
        );
        for bad in [
            "{}",
            r#"{"Accounts":[]}"#,
            r#"{"Accounts":"a"}"#,
            r#"{"Accounts":["a",1]}"#,
            r#"{"Accounts":["a"],"AccountList":[{"UserID":"b"}]}"#,
            r#"{"AccountList":[{"Nick":"n"}]}"#,
            r#"{"AccountList":["a"]}"#,
            r#"{"AccountList":[{"UserID":"a","FaceUrl":1}]}"#,
        ] {
            assert_eq!(
                decode(bad).unwrap_err().code(),
                ErrorCode::INVALID_PARAMETERS,
                "{bad}"
            );
        }
        let many = format!("{{\"Accounts\":[{}]}}", vec!["\"u\""; 101].join(","));
        assert!(
            decode(&many)
                .unwrap_err()
                .info()
                .contains("Accounts: holds 101")
        );
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
