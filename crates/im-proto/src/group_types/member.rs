//! Member info pieces and custom fields: name cards, mute ends, `Key`/`Value` entries.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest name card (`NameCard`), in bytes.
pub const MAX_NAME_CARD_BYTES: usize = 50;
/// The longest value of a group custom field (`AppDefinedData`), in bytes.
pub const MAX_GROUP_DEFINED_VALUE_BYTES: usize = 512;
/// The longest value of a member custom field (`AppMemberDefinedData`), in bytes.
pub const MAX_MEMBER_DEFINED_VALUE_BYTES: usize = 64;
/// The longest custom field key, in bytes.
const MAX_DEFINED_KEY_BYTES: usize = 16;
/// The longest group name (`Name`), in bytes of UTF-8.
pub const MAX_GROUP_NAME_BYTES: usize = 30;
/// The longest introduction (`Introduction`), in bytes.
pub const MAX_INTRODUCTION_BYTES: usize = 240;
/// The longest announcement (`Notification`), in bytes.
pub const MAX_NOTIFICATION_BYTES: usize = 300;
/// The longest group avatar URL (`FaceUrl`), in bytes.
pub const MAX_GROUP_FACE_URL_BYTES: usize = 100;

/// A member's name in one group (`NameCard`): at most [`MAX_NAME_CARD_BYTES`] bytes; `""` clears
/// it. Decoding keeps whatever the service sends; [`NameCard::new`] checks the length.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NameCard(String);

impl NameCard {
    /// A name card to set, refused when longer than [`MAX_NAME_CARD_BYTES`] bytes.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidGroupValue> {
        let value = value.into();
        check_len("NameCard", &value, MAX_NAME_CARD_BYTES)?;
        Ok(NameCard(value))
    }

    /// The name card.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for NameCard {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for NameCard {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(NameCard)
    }
}

/// The end of a member's mute (`MuteUntil`, `MutedUntil`, the legacy `ShuttedUntil`), Unix
/// seconds: 0 when not muted, [`MuteUntil::FOREVER`] for a mute without end. On input a mute is
/// relative (`MuteTime`, seconds from now, 0 lifting it); on output it is this absolute end.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct MuteUntil(pub u64);

impl MuteUntil {
    /// Not muted.
    pub const NOT_MUTED: MuteUntil = MuteUntil(0);
    /// Muted for ever (the `MuteTime` 4294967295 gives it).
    pub const FOREVER: MuteUntil = MuteUntil(4_294_967_295);

    /// The end of a mute of `mute_time` seconds (a `MuteTime`) starting at `now` (Unix seconds):
    /// 0 lifts the mute, 4294967295 mutes for ever.
    pub fn after(now: u64, mute_time: u64) -> MuteUntil {
        match mute_time {
            0 => MuteUntil::NOT_MUTED,
            t if t >= Self::FOREVER.0 => MuteUntil::FOREVER,
            t => MuteUntil(now.saturating_add(t)),
        }
    }

    /// Whether the member is muted at `now` (Unix seconds).
    pub fn is_muted_at(self, now: u64) -> bool {
        self == Self::FOREVER || self.0 > now
    }
}

/// One custom field (`AppDefinedData[]` of a group, `AppMemberDefinedData[]` of a member): a key
/// configured in the console and its value (`""` deletes it on a write).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DefinedDataItem {
    /// `Key`: the field's key: 1 to 16 bytes of `A-Z`, `a-z`, `0-9` and `_`.
    #[serde(rename = "Key")]
    pub key: String,
    /// `Value`: its value.
    #[serde(rename = "Value")]
    pub value: String,
    /// Fields this version does not know, kept as they came so a round trip loses nothing.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl DefinedDataItem {
    /// An entry, unchecked (see [`Self::check_group_field`], [`Self::check_member_field`]).
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        DefinedDataItem {
            key: key.into(),
            value: value.into(),
            extra: serde_json::Map::new(),
        }
    }

    /// The rules of a group custom field: its key, and a value of at most
    /// [`MAX_GROUP_DEFINED_VALUE_BYTES`] bytes.
    pub fn check_group_field(&self) -> Result<(), InvalidGroupValue> {
        self.check("AppDefinedData", MAX_GROUP_DEFINED_VALUE_BYTES)
    }

    /// The rules of a member custom field: its key, and a value of at most
    /// [`MAX_MEMBER_DEFINED_VALUE_BYTES`] bytes.
    pub fn check_member_field(&self) -> Result<(), InvalidGroupValue> {
        self.check("AppMemberDefinedData", MAX_MEMBER_DEFINED_VALUE_BYTES)
    }

    fn check(&self, field: &'static str, max_value: usize) -> Result<(), InvalidGroupValue> {
        let key_error = |rule| InvalidGroupValue {
            field,
            value: self.key.clone(),
            rule,
        };
        if self.key.is_empty() {
            return Err(key_error(GroupValueRule::EmptyKey));
        }
        if let Some(c) = self
            .key
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        {
            return Err(key_error(GroupValueRule::KeyCharacter { character: c }));
        }
        check_len(field, &self.key, MAX_DEFINED_KEY_BYTES)?;
        check_len(field, &self.value, max_value)
    }
}

fn check_len(field: &'static str, value: &str, max: usize) -> Result<(), InvalidGroupValue> {
    if value.len() > max {
        return Err(InvalidGroupValue {
            field,
            value: value.to_owned(),
            rule: GroupValueRule::TooLong {
                max,
                len: value.len(),
            },
        });
    }
    Ok(())
}

/// A group or member value that breaks a rule; `Display` names the field, the value and the rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field} {value:?}: {rule}")]
pub struct InvalidGroupValue {
    field: &'static str,
    value: String,
    rule: GroupValueRule,
}

impl InvalidGroupValue {
    /// The field's wire name (`NameCard`, `AppDefinedData`...).
    pub fn field(&self) -> &str {
        self.field
    }

    /// The rejected value (a custom field's key when the key breaks the rule).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule broken.
    pub fn rule(&self) -> GroupValueRule {
        self.rule
    }
}

/// The rule a group or member value breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupValueRule {
    /// Longer than allowed.
    TooLong {
        /// The maximum in bytes.
        max: usize,
        /// The value's length in bytes.
        len: usize,
    },
    /// A custom field's key is empty.
    EmptyKey,
    /// A custom field's key holds a character other than `A-Z`, `a-z`, `0-9` and `_`.
    KeyCharacter {
        /// The first offending character.
        character: char,
    },
}

impl fmt::Display for GroupValueRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupValueRule::TooLong { max, len } => {
                write!(f, "must be at most {max} bytes (is {len} bytes)")
            }
            GroupValueRule::EmptyKey => f.write_str("a custom field's key must not be empty"),
            GroupValueRule::KeyCharacter { character } => write!(
                f,
                "a custom field's key holds only A-Z, a-z, 0-9 and _ (found {character:?})"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_cards_are_at_most_50_bytes() {
        assert_eq!(NameCard::new("x".repeat(50)).unwrap().as_str().len(), 50);
        let err = NameCard::new("x".repeat(51)).unwrap_err();
        assert_eq!(err.field(), "NameCard");
        assert_eq!(err.rule(), GroupValueRule::TooLong { max: 50, len: 51 });
        assert!(
            err.to_string().contains("at most 50 bytes (is 51 bytes)"),
            "{err}"
        );
        // 17 three-byte characters: 51 bytes.
        assert!(NameCard::new("名".repeat(17)).is_err());
        let card: NameCard = serde_json::from_str("\"Peter\"").unwrap();
        assert_eq!(serde_json::to_string(&card).unwrap(), "\"Peter\"");
    }

    #[test]
    fn mute_ends_are_absolute_and_forever_is_u32_max() {
        assert_eq!(MuteUntil::after(1_000, 60), MuteUntil(1_060));
        assert_eq!(MuteUntil::after(1_000, 0), MuteUntil::NOT_MUTED);
        assert_eq!(MuteUntil::after(1_000, 4_294_967_295), MuteUntil::FOREVER);
        assert!(MuteUntil(1_060).is_muted_at(1_059));
        assert!(!MuteUntil(1_060).is_muted_at(1_060));
        assert!(!MuteUntil::NOT_MUTED.is_muted_at(0));
        assert!(MuteUntil::FOREVER.is_muted_at(u64::MAX));
        let end: MuteUntil = serde_json::from_str("4294967295").unwrap();
        assert_eq!(end, MuteUntil::FOREVER);
        assert_eq!(serde_json::to_string(&MuteUntil(7)).unwrap(), "7");
    }

    #[test]
    fn custom_fields_check_key_and_value() {
        let ok = DefinedDataItem::new("Level_2", "x".repeat(64));
        ok.check_member_field().unwrap();
        ok.check_group_field().unwrap();
        let long = DefinedDataItem::new("Level", "x".repeat(65));
        let err = long.check_member_field().unwrap_err();
        assert_eq!(err.field(), "AppMemberDefinedData");
        assert_eq!(err.rule(), GroupValueRule::TooLong { max: 64, len: 65 });
        long.check_group_field().unwrap();
        let err = DefinedDataItem::new("Level", "x".repeat(513))
            .check_group_field()
            .unwrap_err();
        assert_eq!(err.rule(), GroupValueRule::TooLong { max: 512, len: 513 });
        let err = DefinedDataItem::new("my-key", "v")
            .check_group_field()
            .unwrap_err();
        assert_eq!(err.rule(), GroupValueRule::KeyCharacter { character: '-' });
        assert!(err.to_string().contains("\"my-key\""), "{err}");
        let err = DefinedDataItem::new("", "v")
            .check_group_field()
            .unwrap_err();
        assert_eq!(err.rule(), GroupValueRule::EmptyKey);
        let err = DefinedDataItem::new("k".repeat(17), "v")
            .check_group_field()
            .unwrap_err();
        assert_eq!(err.rule(), GroupValueRule::TooLong { max: 16, len: 17 });
        let item: DefinedDataItem =
            serde_json::from_str(r#"{"Key":"K","Value":"V","Since":1}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&item).unwrap(),
            r#"{"Key":"K","Value":"V","Since":1}"#
        );
    }
}
