//! The server half of the APIs: requests read as the service reads them.
//!
//! A client's [`Endpoint`](crate::Endpoint) request holds validated [`UserId`]s, so a request
//! with a bad identifier cannot even be built. A server must do the opposite: accept the body,
//! answer every item, and give an invalid identifier its own per-item code while the rest of
//! the call proceeds. Each API's `Incoming` type (its [`Endpoint::Incoming`](crate::Endpoint))
//! does that: it keeps every item's identifier as given ([`RawUserId`]) and refuses only what
//! the service refuses as a whole, with the code the service answers ([`Rejection`]).

use core::fmt;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize};

use serde_json::Value;

use crate::{ErrorCode, InvalidUserId, UserId};

/// A request as a server reads it.
pub trait Incoming: Sized + fmt::Debug + Send + 'static {
    /// Reads a request body as the service does.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] the service answers for a body it refuses as a whole.
    fn decode(body: &[u8]) -> Result<Self, Rejection>;
}

/// Why a server refuses a request as a whole: the envelope's code and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    code: ErrorCode,
    info: String,
}

/// The `ErrorInfo` the service gives for a body that is not JSON.
pub const BODY_NOT_JSON_INFO: &str = "Fail to Parse json data of body, Please check it";

impl Rejection {
    /// A refusal with this code and text.
    pub fn new(code: ErrorCode, info: impl Into<String>) -> Self {
        Rejection {
            code,
            info: info.into(),
        }
    }

    /// 70402 with `invalid parameters: {what}`.
    pub fn invalid(what: impl fmt::Display) -> Self {
        Rejection::new(
            ErrorCode::INVALID_PARAMETERS,
            format!("invalid parameters: {what}"),
        )
    }

    /// The code to answer.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The text to answer.
    pub fn info(&self) -> &str {
        &self.info
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.info)
    }
}

impl std::error::Error for Rejection {}

/// Reads `body` as `T`: a body that is not a JSON object is refused with `not_json` and the
/// service's text, one that is an object but does not fit `T` with `invalid` and serde's
/// message.
pub(crate) fn decode_body<T: DeserializeOwned>(
    body: &[u8],
    not_json: ErrorCode,
    invalid: impl Fn(String) -> Rejection,
) -> Result<T, Rejection> {
    decode_body_or(body, Rejection::new(not_json, BODY_NOT_JSON_INFO), invalid)
}

/// As [`decode_body`], refusing a body that does not fit `T` with `invalid` and the text
/// `invalid parameters: {serde's message}` (the generated server halves).
pub(crate) fn decode_refusing<T: DeserializeOwned>(
    body: &[u8],
    not_json: ErrorCode,
    invalid: ErrorCode,
) -> Result<T, Rejection> {
    decode_body(body, not_json, |what| {
        Rejection::new(invalid, format!("invalid parameters: {what}"))
    })
}

/// As [`decode_body`], refusing a body that is not a JSON object with `not_json` (a service
/// whose text for it is not the common one).
pub(crate) fn decode_body_or<T: DeserializeOwned>(
    body: &[u8],
    not_json: Rejection,
    invalid: impl Fn(String) -> Rejection,
) -> Result<T, Rejection> {
    let is_object = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    if !is_object || serde_json::from_slice::<IgnoredAny>(body).is_err() {
        return Err(not_json);
    }
    serde_json::from_slice(body).map_err(|e| invalid(without_position(&e)))
}

/// serde_json's message without its ` at line 1 column N` suffix (bodies are one line).
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// An account identifier exactly as a request gave it, valid or not.
///
/// [`RawUserId::parse`] applies the [`UserId`] rules; a server answers an invalid one per item.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct RawUserId(String);

impl RawUserId {
    /// Wraps a string as given.
    pub fn new(raw: impl Into<String>) -> Self {
        RawUserId(raw.into())
    }

    /// The identifier as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Checks it against the [`UserId`] rules.
    ///
    /// # Errors
    ///
    /// [`InvalidUserId`] naming the rule it breaks.
    pub fn parse(&self) -> Result<UserId, InvalidUserId> {
        UserId::new(self.0.as_str())
    }
}

impl fmt::Debug for RawUserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawUserId({:?})", self.0)
    }
}

impl<'de> Deserialize<'de> for RawUserId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(RawUserId)
    }
}

impl From<&str> for RawUserId {
    fn from(raw: &str) -> Self {
        RawUserId::new(raw)
    }
}

/// Why a server refuses one item of a request while answering the others.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidItem {
    /// Its identifier breaks a [`UserId`] rule.
    UserId(InvalidUserId),
    /// One of its values breaks a rule of the API.
    Value(crate::ValidationError),
}

impl fmt::Display for InvalidItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidItem::UserId(err) => err.fmt(f),
            InvalidItem::Value(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for InvalidItem {}

impl From<InvalidUserId> for InvalidItem {
    fn from(err: InvalidUserId) -> Self {
        InvalidItem::UserId(err)
    }
}

impl From<crate::ValidationError> for InvalidItem {
    fn from(err: crate::ValidationError) -> Self {
        InvalidItem::Value(err)
    }
}

/// An item naming its account `UserID` or, in old documentation, `Identifier`, as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LegacyItem(pub(crate) RawUserId);

impl<'de> Deserialize<'de> for LegacyItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = LegacyItemWire::deserialize(d)?;
        legacy_user_id(wire.user_id, wire.identifier)
            .map(|raw| LegacyItem(RawUserId(raw)))
            .map_err(serde::de::Error::custom)
    }
}

/// Deserializes a list of [`LegacyItem`]s as their identifiers.
pub(crate) fn legacy_items<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RawUserId>, D::Error> {
    Vec::<LegacyItem>::deserialize(d).map(|items| items.into_iter().map(|i| i.0).collect())
}

/// The account of an object naming it `UserID` or, in old documentation, `Identifier`, as
/// given: `UserID` wins when present and not `null` (whatever `Identifier` holds) and must then
/// be a string; otherwise `Identifier` must be a string.
pub(crate) fn legacy_user_id(
    user_id: Option<Value>,
    identifier: Option<Value>,
) -> Result<String, String> {
    match (user_id, identifier) {
        (Some(Value::String(s)), _) => Ok(s),
        (Some(other), _) => Err(format!("`UserID` must be a string, not {}", kind(&other))),
        (None, None) => Err("missing field `UserID`".to_owned()),
        (None, Some(Value::String(s))) => Ok(s),
        (None, Some(other)) => Err(format!(
            "`Identifier` must be a string, not {}",
            kind(&other)
        )),
    }
}

/// As [`legacy_user_id`], checked as a [`UserId`].
pub(crate) fn legacy_valid_user_id(
    user_id: Option<Value>,
    identifier: Option<Value>,
) -> Result<UserId, String> {
    let raw = legacy_user_id(user_id, identifier)?;
    UserId::new(raw).map_err(|e| e.to_string())
}

/// The JSON type of a value, for messages (`a number`, `an array`...).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What decoding accepts for an item naming its account `UserID` or `Identifier`.
#[derive(Deserialize)]
pub(crate) struct LegacyItemWire {
    #[serde(rename = "UserID", default)]
    pub(crate) user_id: Option<Value>,
    #[serde(rename = "Identifier", default)]
    pub(crate) identifier: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Probe {
        #[serde(rename = "A")]
        _a: Vec<RawUserId>,
    }

    #[test]
    fn bodies_are_refused_by_kind() {
        let decode = |body: &str| {
            decode_body::<Probe>(
                body.as_bytes(),
                ErrorCode::BODY_JSON_INVALID,
                Rejection::invalid,
            )
        };
        for body in [
            "",
            "{",
            "not json",
            "[]",
            "null",
            "42",
            r#"{"A":[]"#,
            "{} x",
        ] {
            let err = decode(body).unwrap_err();
            assert_eq!(err.code(), ErrorCode::BODY_JSON_INVALID, "{body:?}");
            assert_eq!(err.info(), BODY_NOT_JSON_INFO);
        }
        for body in ["{}", r#"{"A":"x"}"#, r#"{"A":[1]}"#] {
            let err = decode(body).unwrap_err();
            assert_eq!(err.code(), ErrorCode::INVALID_PARAMETERS, "{body:?}");
            assert!(err.info().starts_with("invalid parameters: "), "{err}");
            assert!(!err.info().contains("line 1"), "{err}");
        }
        assert!(decode(r#" {"A":["", "x"], "B": 1} "#).is_ok());
    }

    #[test]
    fn legacy_items_keep_raw_identifiers() {
        let item = |json: &str| serde_json::from_str::<LegacyItem>(json).map(|i| i.0);
        assert_eq!(item(r#"{"UserID":""}"#).unwrap(), RawUserId::new(""));
        assert_eq!(item(r#"{"Identifier":"old"}"#).unwrap().as_str(), "old");
        assert_eq!(
            item(r#"{"UserID":"new","Identifier":5}"#).unwrap().as_str(),
            "new"
        );
        assert_eq!(
            item(r#"{"UserID":null,"Identifier":"x"}"#)
                .unwrap()
                .as_str(),
            "x"
        );
        assert!(item(r#"{"UserID":7}"#).is_err());
        assert!(item("{}").is_err());
        assert!(item(r#""a""#).is_err());
        assert!(RawUserId::new("x".repeat(33)).parse().is_err());
    }
}
