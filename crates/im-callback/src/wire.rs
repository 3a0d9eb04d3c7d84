//! What many callback bodies share: the map of fields a type does not name, the small items
//! several commands list (`{"Member_Account": ...}`), and the reading of integers that some pages
//! show as strings.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Fields of a body (or of one of its items) that the type does not name, kept as they came so
/// that a decoded callback encodes back to the same JSON.
pub type Extra = Map<String, Value>;

/// `{"Member_Account": "..."}`: one member in a group callback's member list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MemberAccount {
    /// `Member_Account`: the member's UserID.
    #[serde(rename = "Member_Account")]
    pub member_account: String,
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl MemberAccount {
    /// The member `user`.
    pub fn new(user: impl Into<String>) -> Self {
        MemberAccount {
            member_account: user.into(),
            extra: Extra::new(),
        }
    }
}

/// `{"Key": ..., "Value": ...}`: a custom field set when a group or topic was created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyValue {
    /// `Key`.
    #[serde(rename = "Key")]
    pub key: String,
    /// `Value`.
    #[serde(rename = "Value")]
    pub value: String,
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KeyValue {
    /// `key` set to `value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        KeyValue {
            key: key.into(),
            value: value.into(),
            extra: Extra::new(),
        }
    }
}

/// Defines a body (or item) type: the fields in the order the page shows them, each as
/// `req "Wire" name: Type` (always sent), `opt "Wire" name: Type` (an `Option`, left out when
/// absent) or `time "Wire" name` (an optional integer that pages also show as a string, see
/// [`lenient_u64`]), then `extra` for the fields the type does not name.
macro_rules! wire_struct {
    ($(#[$meta:meta])* $name:ident { $($body:tt)* }) => {
        $crate::wire::wire_struct!(@munch [$(#[$meta])* $name] [] $($body)*);
    };
    (@munch $head:tt [$($out:tt)*] $(#[$m:meta])* req $wire:literal $field:ident : $ty:ty, $($rest:tt)*) => {
        $crate::wire::wire_struct!(@munch $head [$($out)*
            $(#[$m])*
            #[serde(rename = $wire)]
            pub $field: $ty,
        ] $($rest)*);
    };
    (@munch $head:tt [$($out:tt)*] $(#[$m:meta])* opt $wire:literal $field:ident : $ty:ty, $($rest:tt)*) => {
        $crate::wire::wire_struct!(@munch $head [$($out)*
            $(#[$m])*
            #[serde(rename = $wire, default, skip_serializing_if = "Option::is_none")]
            pub $field: Option<$ty>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($out:tt)*] $(#[$m:meta])* time $wire:literal $field:ident, $($rest:tt)*) => {
        $crate::wire::wire_struct!(@munch $head [$($out)*
            $(#[$m])*
            #[serde(
                rename = $wire,
                default,
                deserialize_with = "crate::wire::lenient_u64",
                skip_serializing_if = "Option::is_none"
            )]
            pub $field: Option<u64>,
        ] $($rest)*);
    };
    (@munch [$(#[$meta:meta])* $name:ident] [$($out:tt)*]) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $($out)*
            /// Fields the type does not name.
            #[serde(flatten)]
            pub extra: $crate::wire::Extra,
        }
    };
}

pub(crate) use wire_struct;

wire_struct! {
    /// One key of a message extension (`ExtensionList` item of the extension callbacks).
    Extension {
        /// `Key`.
        req "Key" key: String,
        /// `Value` (empty when deleted or cleared).
        opt "Value" value: String,
        /// `Seq`: the key's version.
        opt "Seq" seq: u64,
    }
}

/// Reads an optional unsigned integer sent as a JSON number or as a string of decimal digits
/// (the group pages show `"EventTime":"1670574414123"` while their tables say Integer); it is
/// written back as a number.
pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire<'a> {
        Number(u64),
        Text(std::borrow::Cow<'a, str>),
    }
    match Option::<Wire<'de>>::deserialize(d)? {
        None => Ok(None),
        Some(Wire::Number(n)) => Ok(Some(n)),
        Some(Wire::Text(text)) => text.trim().parse().map(Some).map_err(|_| {
            serde::de::Error::custom(format!(
                "{text:?} is not an unsigned integer of decimal digits"
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "lenient_u64")]
        n: Option<u64>,
    }

    fn read(json: &str) -> Result<Option<u64>, serde_json::Error> {
        serde_json::from_str::<T>(json).map(|t| t.n)
    }

    #[test]
    fn integers_as_numbers_or_digit_strings() {
        assert_eq!(
            read(r#"{"n":1670574414123}"#).unwrap(),
            Some(1_670_574_414_123)
        );
        assert_eq!(
            read(r#"{"n":"1670574414123"}"#).unwrap(),
            Some(1_670_574_414_123)
        );
        assert_eq!(read(r#"{}"#).unwrap(), None);
        assert_eq!(read(r#"{"n":null}"#).unwrap(), None);
        let err = read(r#"{"n":"soon"}"#).unwrap_err().to_string();
        assert!(err.contains("\"soon\" is not an unsigned integer"), "{err}");
        assert!(read(r#"{"n":-1}"#).is_err());
        assert!(read(r#"{"n":1.5}"#).is_err());
    }
}
