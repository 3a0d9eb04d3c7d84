//! Serde helpers for the service's 0/1 integer flags (`IsNeedDetail`, ...), held as
//! `Option<bool>`: absent stays absent, `true` encodes as `1`, `false` as `0`.
//!
//! Decoding accepts the integers 0 and 1 and, leniently, JSON booleans.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

pub(crate) fn serialize<S: Serializer>(value: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(flag) => s.serialize_u8(u8::from(*flag)),
        None => s.serialize_none(),
    }
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(OptionFlag)
}

struct OptionFlag;

impl<'de> Visitor<'de> for OptionFlag {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("0 or 1")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Flag).map(Some)
    }
}

struct Flag;

impl Visitor<'_> for Flag {
    type Value = bool;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("0 or 1")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
}

/// Whether a flag kept as the JSON value it came as (a page's Bool that 0/1 may stand for:
/// cloud search's `IsFinish` and `IsDisable`) is set: `true` or `1`.
#[cfg_attr(not(feature = "open_search"), allow(dead_code))]
pub(crate) fn truthy(value: &serde_json::Value) -> bool {
    value.as_bool().unwrap_or_else(|| value.as_i64() == Some(1))
}
