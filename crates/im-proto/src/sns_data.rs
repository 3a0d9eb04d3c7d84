//! The relationship chain's shared data (the `sns` service's friend fields and the `follow`
//! service's relation values): what the declarations name through `rust` and what the emulator
//! and the client check alike. The rules are those of the relationship page
//! (<https://cloud.tencent.com/document/product/269/1501>).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validation::{ValidationError, ValidationRule};

/// The friend field of the friend lists a friend is in (an array of list names).
pub const TAG_GROUP: &str = "Tag_SNS_IM_Group";
/// The friend field of the remark (a string of at most [`MAX_REMARK_BYTES`]).
pub const TAG_REMARK: &str = "Tag_SNS_IM_Remark";
/// The friend field of where the friend came from (`AddSource_Type_...`).
pub const TAG_ADD_SOURCE: &str = "Tag_SNS_IM_AddSource";
/// The friend field of the request's message.
pub const TAG_ADD_WORDING: &str = "Tag_SNS_IM_AddWording";
/// The friend field of when the friendship was made, Unix seconds.
pub const TAG_ADD_TIME: &str = "Tag_SNS_IM_AddTime";
/// The prefix of every custom friend field: `Tag_SNS_Custom_` + a keyword.
pub const CUSTOM_SNS_TAG_PREFIX: &str = "Tag_SNS_Custom_";
/// The prefix of an `AddSource`: `AddSource_Type_` + a keyword.
pub const ADD_SOURCE_PREFIX: &str = "AddSource_Type_";
/// The longest keyword after [`ADD_SOURCE_PREFIX`] or [`CUSTOM_SNS_TAG_PREFIX`], in bytes.
pub const MAX_SNS_KEYWORD: usize = 8;
/// The longest remark, in bytes.
pub const MAX_REMARK_BYTES: usize = 96;
/// The longest friend list name, in bytes.
pub const MAX_FRIEND_GROUP_NAME_BYTES: usize = 30;
/// The most friend lists one user has.
pub const MAX_FRIEND_GROUPS: usize = 32;
/// The longest `AddWording`, in bytes.
pub const MAX_ADD_WORDING_BYTES: usize = 256;
/// The longest friend field value (string or each string of an array), in bytes.
pub const MAX_SNS_VALUE_BYTES: usize = 500;
/// The most friends in one user's friend table.
pub const MAX_FRIENDS: usize = 3000;
/// The most accounts in one user's blocklist (not configurable).
pub const MAX_BLACKLIST: usize = 1000;
/// The most users one user follows (followers are unlimited).
pub const MAX_FOLLOWING: usize = 5000;

/// A relationship field value as the service carries it: a string, an unsigned integer, a list
/// of strings (`Tag_SNS_IM_Group`), or (from a server) anything else, kept as its JSON text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SnsValue {
    /// A string.
    Str(String),
    /// An unsigned integer (standard fields such as `Tag_SNS_IM_AddTime`).
    Int(u64),
    /// A list of strings (the friend lists of `Tag_SNS_IM_Group`).
    List(Vec<String>),
    /// Any other JSON value, as its JSON text.
    Other(String),
}

impl core::fmt::Display for SnsValue {
    /// The string, the number, the names joined by `,`, or the JSON text.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SnsValue::Str(s) | SnsValue::Other(s) => f.write_str(s),
            SnsValue::Int(n) => write!(f, "{n}"),
            SnsValue::List(names) => f.write_str(&names.join(",")),
        }
    }
}

impl From<&str> for SnsValue {
    fn from(s: &str) -> Self {
        SnsValue::Str(s.to_owned())
    }
}

impl From<String> for SnsValue {
    fn from(s: String) -> Self {
        SnsValue::Str(s)
    }
}

impl From<u64> for SnsValue {
    fn from(n: u64) -> Self {
        SnsValue::Int(n)
    }
}

impl From<Vec<String>> for SnsValue {
    fn from(names: Vec<String>) -> Self {
        SnsValue::List(names)
    }
}

impl Serialize for SnsValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SnsValue::Str(v) => s.serialize_str(v),
            SnsValue::Int(n) => s.serialize_u64(*n),
            SnsValue::List(names) => names.serialize(s),
            SnsValue::Other(text) => serde_json::from_str::<serde_json::Value>(text)
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for SnsValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => SnsValue::Str(s),
            serde_json::Value::Number(n) if n.as_u64().is_some() => {
                SnsValue::Int(n.as_u64().unwrap_or_default())
            }
            serde_json::Value::Array(items) if items.iter().all(|v| v.is_string()) => {
                SnsValue::List(
                    items
                        .into_iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                )
            }
            other => SnsValue::Other(other.to_string()),
        })
    }
}

/// Whether `keyword` is 1 to [`MAX_SNS_KEYWORD`] English letters.
fn letters_keyword(keyword: &str) -> bool {
    !keyword.is_empty()
        && keyword.len() <= MAX_SNS_KEYWORD
        && keyword.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Checks an `AddSource`: `AddSource_Type_` then 1 to 8 English letters.
///
/// # Errors
///
/// A [`ValidationError`] naming the value and the rule.
pub fn check_add_source(source: &str) -> Result<(), ValidationError> {
    match source.strip_prefix(ADD_SOURCE_PREFIX) {
        Some(keyword) if letters_keyword(keyword) => Ok(()),
        _ => Err(ValidationError::new(
            "AddSource",
            source,
            ValidationRule::Malformed {
                expected: "`AddSource_Type_` then 1 to 8 English letters",
            },
        )),
    }
}

/// Checks a custom friend field's tag: `Tag_SNS_Custom_` then 1 to 8 English letters.
///
/// # Errors
///
/// A [`ValidationError`] naming the tag and the rule.
pub fn check_custom_sns_tag(tag: &str) -> Result<(), ValidationError> {
    match tag.strip_prefix(CUSTOM_SNS_TAG_PREFIX) {
        Some(keyword) if letters_keyword(keyword) => Ok(()),
        _ => Err(ValidationError::new(
            "Tag",
            tag,
            ValidationRule::Malformed {
                expected: "`Tag_SNS_Custom_` then 1 to 8 English letters",
            },
        )),
    }
}

/// Checks a friend list name: 1 to [`MAX_FRIEND_GROUP_NAME_BYTES`] bytes.
///
/// # Errors
///
/// A [`ValidationError`] naming the name and the rule.
pub fn check_friend_group_name(name: &str) -> Result<(), ValidationError> {
    if name.is_empty() {
        return Err(ValidationError::new(
            "GroupName",
            name,
            ValidationRule::Empty,
        ));
    }
    check_bytes("GroupName", name, MAX_FRIEND_GROUP_NAME_BYTES)
}

/// Checks that `value` (the field `field`) has at most `max` bytes.
///
/// # Errors
///
/// A [`ValidationError`] naming the field, the value and the limit.
pub fn check_bytes(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.len() > max {
        return Err(ValidationError::new(
            field,
            value,
            ValidationRule::ValueTooLong {
                max,
                len: value.len(),
            },
        ));
    }
    Ok(())
}

/// The follow relation `follow_check` answers, seen from `From_Account` (`FollowType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FollowRelation {
    /// 0: neither follows the other.
    None,
    /// 1: `To_Account` follows `From_Account` (only).
    FollowsMe,
    /// 2: `From_Account` follows `To_Account` (only).
    IFollow,
    /// 3: each follows the other.
    Mutual,
    /// A value this version does not know.
    Other(i64),
}

impl FollowRelation {
    /// The relation of `i_follow` (From_Account follows To_Account) and `follows_me`.
    pub const fn of(i_follow: bool, follows_me: bool) -> Self {
        match (i_follow, follows_me) {
            (false, false) => FollowRelation::None,
            (false, true) => FollowRelation::FollowsMe,
            (true, false) => FollowRelation::IFollow,
            (true, true) => FollowRelation::Mutual,
        }
    }

    /// Its wire number.
    pub const fn as_i64(self) -> i64 {
        match self {
            FollowRelation::None => 0,
            FollowRelation::FollowsMe => 1,
            FollowRelation::IFollow => 2,
            FollowRelation::Mutual => 3,
            FollowRelation::Other(n) => n,
        }
    }

    /// The relation a wire number names.
    pub const fn from_i64(n: i64) -> Self {
        match n {
            0 => FollowRelation::None,
            1 => FollowRelation::FollowsMe,
            2 => FollowRelation::IFollow,
            3 => FollowRelation::Mutual,
            other => FollowRelation::Other(other),
        }
    }
}

impl Serialize for FollowRelation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.as_i64())
    }
}

impl<'de> Deserialize<'de> for FollowRelation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(FollowRelation::from_i64)
    }
}

/// Which list `follow_get` reads (`FollowType` of its request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FollowList {
    /// 1: the users who follow `From_Account`.
    Followers,
    /// 2: the users `From_Account` follows.
    Following,
    /// 3: the users who follow `From_Account` and whom it follows.
    Mutual,
    /// A value this version does not know.
    Other(i64),
}

impl FollowList {
    /// Its wire number.
    pub const fn as_i64(self) -> i64 {
        match self {
            FollowList::Followers => 1,
            FollowList::Following => 2,
            FollowList::Mutual => 3,
            FollowList::Other(n) => n,
        }
    }

    /// The list a wire number names.
    pub const fn from_i64(n: i64) -> Self {
        match n {
            1 => FollowList::Followers,
            2 => FollowList::Following,
            3 => FollowList::Mutual,
            other => FollowList::Other(other),
        }
    }
}

impl Serialize for FollowList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.as_i64())
    }
}

impl<'de> Deserialize<'de> for FollowList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(FollowList::from_i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sns_values_decode_by_their_json_shape() {
        let v: SnsValue = serde_json::from_str(r#"["a","b"]"#).unwrap();
        assert_eq!(v, SnsValue::List(vec!["a".into(), "b".into()]));
        let v: SnsValue = serde_json::from_str("7").unwrap();
        assert_eq!(v, SnsValue::Int(7));
        let v: SnsValue = serde_json::from_str(r#""x""#).unwrap();
        assert_eq!(v, SnsValue::Str("x".into()));
        let v: SnsValue = serde_json::from_str("-1").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "-1");
        assert_eq!(
            serde_json::to_string(&SnsValue::List(vec!["a".into()])).unwrap(),
            r#"["a"]"#
        );
    }

    #[test]
    fn add_sources_and_custom_tags_follow_the_page() {
        assert!(check_add_source("AddSource_Type_Android").is_ok());
        for bad in [
            "Android",
            "AddSource_Type_",
            "AddSource_Type_TooLongXX",
            "AddSource_Type_a1",
        ] {
            let err = check_add_source(bad).unwrap_err();
            assert!(err.to_string().contains("AddSource"), "{err}");
        }
        assert!(check_custom_sns_tag("Tag_SNS_Custom_Level").is_ok());
        assert!(check_custom_sns_tag("Tag_SNS_IM_Remark").is_err());
        assert!(check_friend_group_name("").is_err());
        assert!(check_friend_group_name(&"x".repeat(31)).is_err());
        assert!(check_friend_group_name(&"x".repeat(30)).is_ok());
    }

    #[test]
    fn follow_values_are_numbers() {
        assert_eq!(FollowRelation::of(true, true), FollowRelation::Mutual);
        assert_eq!(FollowRelation::of(false, true).as_i64(), 1);
        assert_eq!(FollowRelation::of(true, false).as_i64(), 2);
        let r: FollowRelation = serde_json::from_str("9").unwrap();
        assert_eq!(r, FollowRelation::Other(9));
        assert_eq!(serde_json::to_string(&FollowList::Mutual).unwrap(), "3");
    }
}
