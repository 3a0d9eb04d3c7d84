//! [`MsgKey`]: the key the service gives a one-to-one message, which recall, modify, one-sided
//! delete, read receipts and extensions take.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The key of a one-to-one message (`MsgKey`), as the service forms it: opaque, checked on
/// construction (not empty, at most [`MsgKey::MAX_CHARS`] characters, no control characters).
///
/// Every example of the pages has the form `{MsgSeq}_{MsgRandom}_{MsgTime}`
/// (`89541_2574206_1572870301`), which [`MsgKey::parts`] reads; no page states it as a rule, so
/// a key of another form is still a key (its `parts` are `None`). Serialised as the string.
///
/// # Examples
///
/// ```
/// use im_proto::message::MsgKey;
///
/// let key: MsgKey = "89541_2574206_1572870301".parse().unwrap();
/// let parts = key.parts().unwrap();
/// assert_eq!((parts.seq, parts.random, parts.time), (89541, 2574206, 1572870301));
/// assert!(MsgKey::new("opaque-key").unwrap().parts().is_none());
/// assert!(MsgKey::new("x".repeat(51)).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MsgKey(String);

/// What a key of the `{MsgSeq}_{MsgRandom}_{MsgTime}` form holds ([`MsgKey::parts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MsgKeyParts {
    /// `MsgSeq`.
    pub seq: u32,
    /// `MsgRandom`.
    pub random: u32,
    /// `MsgTime`, Unix seconds.
    pub time: i64,
}

impl MsgKeyParts {
    /// The parts of a key.
    pub fn new(seq: u32, random: u32, time: i64) -> Self {
        MsgKeyParts { seq, random, time }
    }
}

impl MsgKey {
    /// The maximum length of a key, in characters (the sendmsg page's `MsgKey` row).
    pub const MAX_CHARS: usize = 50;

    /// Checks `value` and wraps it.
    ///
    /// # Errors
    ///
    /// [`InvalidMsgKey`] naming the value and the rule it breaks.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidMsgKey> {
        let value = value.into();
        let chars = value.chars().count();
        let rule = if value.is_empty() {
            Some(MsgKeyRule::Empty)
        } else if chars > Self::MAX_CHARS {
            Some(MsgKeyRule::TooLong { chars })
        } else if value.chars().any(char::is_control) {
            Some(MsgKeyRule::ControlCharacter)
        } else {
            None
        };
        match rule {
            Some(rule) => Err(InvalidMsgKey { value, rule }),
            None => Ok(MsgKey(value)),
        }
    }

    /// The key of the form every example shows, built from its parts.
    pub fn from_parts(parts: MsgKeyParts) -> Self {
        // At most 10 + 1 + 10 + 1 + 20 characters, digits and underscores: always valid.
        MsgKey(format!("{}_{}_{}", parts.seq, parts.random, parts.time))
    }

    /// The key as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// `MsgSeq`, `MsgRandom` and `MsgTime` of a key of the form `{MsgSeq}_{MsgRandom}_{MsgTime}`
    /// (decimal, `MsgSeq` and `MsgRandom` within `u32`); `None` for any other form, which is
    /// not an error (the form is what the examples show, not a documented rule).
    pub fn parts(&self) -> Option<MsgKeyParts> {
        let mut fields = self.0.split('_');
        let (seq, random, time) = (fields.next()?, fields.next()?, fields.next()?);
        if fields.next().is_some() {
            return None;
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(seq) && digits(random) && digits(time)) {
            return None;
        }
        Some(MsgKeyParts {
            seq: seq.parse().ok()?,
            random: random.parse().ok()?,
            time: time.parse().ok()?,
        })
    }
}

/// A string that is not a valid [`MsgKey`]: the value and the rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidMsgKey {
    value: String,
    rule: MsgKeyRule,
}

/// The rule a [`MsgKey`] breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MsgKeyRule {
    /// The key is empty.
    Empty,
    /// The key is longer than [`MsgKey::MAX_CHARS`] characters.
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The key holds a control character.
    ControlCharacter,
}

impl InvalidMsgKey {
    /// The offending value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule it breaks.
    pub fn rule(&self) -> MsgKeyRule {
        self.rule
    }
}

impl fmt::Display for InvalidMsgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.value.chars().take(60).collect();
        match self.rule {
            MsgKeyRule::Empty => f.write_str("MsgKey: must not be empty"),
            MsgKeyRule::TooLong { chars } => write!(
                f,
                "MsgKey {shown:?}...: is {chars} characters, at most {} are allowed",
                MsgKey::MAX_CHARS
            ),
            MsgKeyRule::ControlCharacter => {
                write!(f, "MsgKey {shown:?}: must not hold control characters")
            }
        }
    }
}

impl std::error::Error for InvalidMsgKey {}

impl fmt::Debug for MsgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for MsgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for MsgKey {
    type Err = InvalidMsgKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MsgKey::new(s)
    }
}

impl TryFrom<String> for MsgKey {
    type Error = InvalidMsgKey;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        MsgKey::new(value)
    }
}

impl AsRef<str> for MsgKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<MsgKey> for String {
    fn from(key: MsgKey) -> Self {
        key.0
    }
}

impl Serialize for MsgKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MsgKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        MsgKey::new(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_example_parses_into_its_parts() {
        for (text, seq, random, time) in [
            ("89541_2574206_1572870301", 89541, 2574206, 1572870301),
            (
                "549396494_2578554_1584669680",
                549396494,
                2578554,
                1584669680,
            ),
            ("4294967295_0_0", u32::MAX, 0, 0),
        ] {
            let key = MsgKey::new(text).unwrap();
            assert_eq!(key.parts(), Some(MsgKeyParts::new(seq, random, time)));
            assert_eq!(MsgKey::from_parts(key.parts().unwrap()), key);
        }
    }

    #[test]
    fn other_forms_are_keys_without_parts() {
        for text in [
            "abc",
            "1_2",
            "1_2_3_4",
            "4294967296_1_1",
            "1__3",
            "-1_2_3",
            "+1_2_3",
            "1_2_x",
        ] {
            let key = MsgKey::new(text).unwrap();
            assert_eq!(key.parts(), None, "{text}");
        }
    }

    #[test]
    fn invalid_keys_name_the_value_and_the_rule() {
        let empty = MsgKey::new("").unwrap_err();
        assert_eq!(empty.rule(), MsgKeyRule::Empty);
        let long = MsgKey::new("1".repeat(51)).unwrap_err();
        assert_eq!(long.rule(), MsgKeyRule::TooLong { chars: 51 });
        assert!(
            long.to_string().contains("51 characters, at most 50"),
            "{long}"
        );
        assert!(MsgKey::new("é".repeat(50)).is_ok());
        let control = MsgKey::new("1_2\n_3").unwrap_err();
        assert_eq!(control.rule(), MsgKeyRule::ControlCharacter);
        assert_eq!(control.value(), "1_2\n_3");
    }

    #[test]
    fn serde_is_the_string_and_refuses_an_invalid_one() {
        let key: MsgKey = serde_json::from_str(r#""1_2_3""#).unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), r#""1_2_3""#);
        let err = serde_json::from_str::<MsgKey>(r#""""#).unwrap_err();
        assert!(err.to_string().contains("must not be empty"), "{err}");
        assert!(serde_json::from_str::<MsgKey>("12").is_err());
    }
}
