//! Pure protocol types for the Tencent Cloud IM ("Chat") server REST API, account management.
//!
//! This crate is the bottom layer of the toolkit: the request and response packets of the six
//! account APIs, the response [`Envelope`], the [`ErrorCode`] table with meanings and retry
//! classes, and the validated [`UserId`]. It does no I/O and pulls in no async runtime or HTTP
//! client; the client (`im-accounts`) and the emulator (`im-emulator`) both build on it, so they
//! cannot drift apart.
//!
//! # Layout
//!
//! One module per API, named by the service's command word so it can be found from Tencent's
//! documentation. Each holds a `Request`, a `Response` and ties them together with an [`Endpoint`]
//! implementation carrying the [`Metadata`] (path segments, items per call, default rate).
//!
//! | Module | Path | Items per call | Default calls/s |
//! |---|---|---|---|
//! | [`account_import`] | `v4/im_open_login_svc/account_import` | 1 | 100 |
//! | [`multiaccount_import`] | `v4/im_open_login_svc/multiaccount_import` | 100 | 100 |
//! | [`account_check`] | `v4/im_open_login_svc/account_check` | 100 | 100 |
//! | [`account_delete`] | `v4/im_open_login_svc/account_delete` | 100 | 100 |
//! | [`kick`] | `v4/im_open_login_svc/kick` | 1 | 200 |
//! | [`query_online_status`] | `v4/openim/query_online_status` | 500 | 200 |
//!
//! # Wire rules
//!
//! - Field names are exactly the service's (`UserID`, `To_Account`, `ResultItem`...).
//! - Decoding tolerates unknown fields and absent optional fields; legacy names are accepted
//!   (`Identifier` for `UserID`, `State` for `Status`).
//! - Encoding uses only the current documented names and omits absent optional fields.
//! - Error codes keep any integer; unknown codes survive a round trip.
//!
//! # Example
//!
//! ```
//! use im_proto::{account_check, Endpoint, UserId};
//!
//! let request = account_check::Request::new(vec![
//!     UserId::new("UserID_1").unwrap(),
//!     UserId::new("UserID_2").unwrap(),
//! ]);
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"CheckItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}"#
//! );
//! assert_eq!(account_check::Request::METADATA.path(), "v4/im_open_login_svc/account_check");
//!
//! let response: account_check::Response = serde_json::from_str(
//!     r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
//!         {"UserID":"UserID_1","ResultCode":0,"ResultInfo":"","AccountStatus":"Imported"}]}"#,
//! ).unwrap();
//! assert!(response.envelope.is_ok());
//! assert_eq!(response.result_items()[0].account_status, Some(account_check::AccountStatus::Imported));
//! ```

use core::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub mod account_check;
pub mod account_delete;
pub mod account_import;
mod envelope;
mod error_code;
mod flag;
pub mod kick;
pub mod multiaccount_import;
pub mod query_online_status;
mod user_id;

pub use envelope::{ActionStatus, ApiError, Envelope};
pub use error_code::{CodeInfo, ErrorCode, RetryClass};
pub use user_id::{InvalidUserId, UserId, UserIdRule};

/// The maximum length in bytes of a profile value (`Nick`, `FaceUrl`); longer ones fail with
/// 40601 on the service.
pub const MAX_PROFILE_VALUE_BYTES: usize = 500;

/// The six account APIs, for code that must pick one at run time (routing, rate limiters, docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// `im_open_login_svc/account_import`.
    AccountImport,
    /// `im_open_login_svc/multiaccount_import`.
    MultiaccountImport,
    /// `im_open_login_svc/account_check`.
    AccountCheck,
    /// `im_open_login_svc/account_delete`.
    AccountDelete,
    /// `im_open_login_svc/kick`.
    Kick,
    /// `openim/query_online_status` (legacy: `openim/querystate`).
    QueryOnlineStatus,
}

impl Api {
    /// All six, in the order of the documentation.
    pub const ALL: [Api; 6] = [
        Api::AccountImport,
        Api::MultiaccountImport,
        Api::AccountCheck,
        Api::AccountDelete,
        Api::Kick,
        Api::QueryOnlineStatus,
    ];

    /// The endpoint metadata.
    pub const fn metadata(self) -> &'static Metadata {
        match self {
            Api::AccountImport => &<account_import::Request as Endpoint>::METADATA,
            Api::MultiaccountImport => &<multiaccount_import::Request as Endpoint>::METADATA,
            Api::AccountCheck => &<account_check::Request as Endpoint>::METADATA,
            Api::AccountDelete => &<account_delete::Request as Endpoint>::METADATA,
            Api::Kick => &<kick::Request as Endpoint>::METADATA,
            Api::QueryOnlineStatus => &<query_online_status::Request as Endpoint>::METADATA,
        }
    }

    /// The command word, e.g. `"account_import"`; also the module name.
    pub const fn as_str(self) -> &'static str {
        self.metadata().command
    }

    /// Finds the API served at `v4/{service}/{command}`, legacy paths included.
    ///
    /// ```
    /// use im_proto::Api;
    /// assert_eq!(Api::from_path("openim", "querystate"), Some(Api::QueryOnlineStatus));
    /// assert_eq!(Api::from_path("im_open_login_svc", "nope"), None);
    /// ```
    pub fn from_path(service: &str, command: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|api| {
            let meta = api.metadata();
            meta.service == service
                && (meta.command == command || meta.legacy_commands.contains(&command))
        })
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for Api {
    type Err = UnknownApi;

    /// Parses a command word (`account_import`, ...; `querystate` too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Api::ALL
            .into_iter()
            .find(|api| api.as_str() == s || api.metadata().legacy_commands.contains(&s))
            .ok_or_else(|| UnknownApi(s.to_owned()))
    }
}

/// A command word that names none of the six APIs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown API {0:?}: expected one of account_import, multiaccount_import, account_check, account_delete, kick, query_online_status"
)]
pub struct UnknownApi(String);

/// What is fixed about an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// Which API this is.
    pub api: Api,
    /// The service path segment (`im_open_login_svc` or `openim`).
    pub service: &'static str,
    /// The command path segment (`account_import`, ...).
    pub command: &'static str,
    /// Older command words the service still answers to (e.g. `querystate`).
    pub legacy_commands: &'static [&'static str],
    /// The maximum number of accounts per call.
    pub max_items: usize,
    /// The default call rate limit per second (the lower figure where sources disagree).
    pub default_calls_per_second: u32,
    /// Request fields, for the generated reference.
    pub request_fields: &'static [Field],
    /// Response fields beyond the envelope, for the generated reference.
    pub response_fields: &'static [Field],
}

impl Metadata {
    /// The URL path below the host, without a leading slash: `v4/{service}/{command}`.
    pub fn path(&self) -> String {
        format!("v4/{}/{}", self.service, self.command)
    }
}

/// One documented field of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The wire name, with a path for nested fields (`AccountList[].Nick`).
    pub name: &'static str,
    /// The JSON type as the documentation names it (`String`, `Integer`, `Array`, `Object`).
    pub ty: &'static str,
    /// Whether the field is required.
    pub required: bool,
    /// What it holds.
    pub doc: &'static str,
}

impl Field {
    pub(crate) const fn new(
        name: &'static str,
        ty: &'static str,
        required: bool,
        doc: &'static str,
    ) -> Self {
        Field {
            name,
            ty,
            required,
            doc,
        }
    }
}

/// Ties a request packet to its response packet and metadata, so code can be generic over APIs.
pub trait Endpoint:
    Serialize + DeserializeOwned + Clone + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The response packet.
    type Response: ApiResponse;

    /// The endpoint's fixed facts.
    const METADATA: Metadata;

    /// How many accounts the request carries.
    fn item_count(&self) -> usize;

    /// Checks the request against the API's rules that types cannot express: item count between
    /// 1 and [`Metadata::max_items`], profile values at most [`MAX_PROFILE_VALUE_BYTES`].
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the field, the value and the rule.
    fn validate(&self) -> Result<(), ValidationError> {
        check_count(Self::METADATA, self.item_count())
    }
}

/// A response packet: an [`Envelope`] plus the API's own fields.
pub trait ApiResponse:
    Serialize + DeserializeOwned + Clone + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The envelope.
    fn envelope(&self) -> &Envelope;

    /// A response carrying only an envelope (how the service answers a failed request).
    fn from_envelope(envelope: Envelope) -> Self;
}

pub(crate) fn check_count(meta: Metadata, count: usize) -> Result<(), ValidationError> {
    let field = meta
        .request_fields
        .first()
        .map_or(meta.command, |field| field.name);
    if count == 0 {
        return Err(ValidationError::new(field, "", ValidationRule::NoItems));
    }
    if count > meta.max_items {
        return Err(ValidationError::new(
            field,
            "",
            ValidationRule::TooManyItems {
                max: meta.max_items,
                got: count,
            },
        ));
    }
    Ok(())
}

pub(crate) fn check_profile_value(
    field: impl Into<String>,
    value: Option<&str>,
) -> Result<(), ValidationError> {
    match value {
        Some(value) if value.len() > MAX_PROFILE_VALUE_BYTES => Err(ValidationError::new(
            field,
            value,
            ValidationRule::ValueTooLong {
                max: MAX_PROFILE_VALUE_BYTES,
                len: value.len(),
            },
        )),
        _ => Ok(()),
    }
}

/// A request that breaks an API rule; `Display` names the field, the value and the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    field: String,
    value: String,
    rule: ValidationRule,
}

/// The rule a request breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationRule {
    /// The list is empty; every batch API needs at least one account.
    NoItems,
    /// More accounts than one call allows.
    TooManyItems {
        /// The API's maximum.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// A value is longer than allowed.
    ValueTooLong {
        /// The maximum in bytes.
        max: usize,
        /// The value's length in bytes.
        len: usize,
    },
}

impl ValidationError {
    pub(crate) fn new(field: impl Into<String>, value: &str, rule: ValidationRule) -> Self {
        ValidationError {
            field: field.into(),
            value: value.to_owned(),
            rule,
        }
    }

    /// The offending field's wire name, with an index for list items (`AccountList[3].Nick`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The offending value (empty for count rules).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule broken.
    pub fn rule(&self) -> ValidationRule {
        self.rule
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            ValidationRule::NoItems => write!(f, "{}: must hold at least one account", self.field),
            ValidationRule::TooManyItems { max, got } => write!(
                f,
                "{}: holds {got} accounts, at most {max} are allowed per call",
                self.field
            ),
            ValidationRule::ValueTooLong { max, len } => {
                let shown: String = self.value.chars().take(40).collect();
                let more = if shown.len() < self.value.len() {
                    "..."
                } else {
                    ""
                };
                write!(
                    f,
                    "{}: value {shown:?}{more} is {len} bytes, must be at most {max} bytes",
                    self.field
                )
            }
        }
    }
}

impl std::error::Error for ValidationError {}

/// Declares an enum over the service's string values that keeps unknown ones in `Other`.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::from(&*s))
            }
        }
    };
}

/// Implements [`ApiResponse`] for a response struct with a flattened `envelope` field whose
/// other fields all have defaults.
macro_rules! impl_response {
    ($ty:ty) => {
        impl $crate::ApiResponse for $ty {
            fn envelope(&self) -> &$crate::Envelope {
                &self.envelope
            }

            fn from_envelope(envelope: $crate::Envelope) -> Self {
                Self {
                    envelope,
                    ..Default::default()
                }
            }
        }
    };
}
pub(crate) use impl_response;

/// The account of a request naming it `UserID` or, in old documentation, `Identifier`:
/// `UserID` wins when present (whatever `Identifier` holds); otherwise `Identifier` must be a
/// valid UserID.
pub(crate) fn user_id_or_legacy(
    user_id: Option<UserId>,
    identifier: Option<serde_json::Value>,
) -> Result<UserId, String> {
    if let Some(user_id) = user_id {
        return Ok(user_id);
    }
    match identifier {
        None | Some(serde_json::Value::Null) => Err("missing field `UserID`".to_owned()),
        Some(serde_json::Value::String(s)) => UserId::new(s).map_err(|e| e.to_string()),
        Some(other) => Err(format!("`Identifier` must be a string, not {other}")),
    }
}

/// A `{"UserID": ...}` object, the item of `CheckItem` and `DeleteItem`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct UserItem {
    #[serde(rename = "UserID")]
    pub(crate) user_id: UserId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_matches_the_reference() {
        let expected = [
            ("im_open_login_svc", "account_import", 1, 100),
            ("im_open_login_svc", "multiaccount_import", 100, 100),
            ("im_open_login_svc", "account_check", 100, 100),
            ("im_open_login_svc", "account_delete", 100, 100),
            ("im_open_login_svc", "kick", 1, 200),
            ("openim", "query_online_status", 500, 200),
        ];
        for (api, (service, command, max, rate)) in Api::ALL.into_iter().zip(expected) {
            let meta = api.metadata();
            assert_eq!(meta.api, api);
            assert_eq!(meta.service, service);
            assert_eq!(meta.command, command);
            assert_eq!(meta.max_items, max);
            assert_eq!(meta.default_calls_per_second, rate);
            assert_eq!(Api::from_path(service, command), Some(api));
            assert_eq!(command.parse::<Api>().unwrap(), api);
        }
        assert!("nope".parse::<Api>().is_err());
        assert_eq!(Api::from_path("openim", "account_import"), None);
    }

    #[test]
    fn validation_messages_name_field_value_and_rule() {
        let meta = <account_check::Request as Endpoint>::METADATA;
        assert_eq!(
            check_count(meta, 0).unwrap_err().to_string(),
            "CheckItem: must hold at least one account"
        );
        assert_eq!(
            check_count(meta, 101).unwrap_err().to_string(),
            "CheckItem: holds 101 accounts, at most 100 are allowed per call"
        );
        let long = "n".repeat(501);
        let err = check_profile_value("Nick", Some(&long)).unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 500, len: 501 }
        );
        assert!(err.to_string().starts_with("Nick: value \"nnnn"));
        assert!(
            err.to_string()
                .ends_with("is 501 bytes, must be at most 500 bytes")
        );
    }
}
