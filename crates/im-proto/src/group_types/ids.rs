//! Group IDs: the service's generated ones (`@TGS#...`) and the app's custom ones.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A group's ID (`GroupId`). The service generates IDs starting with [`GroupId::GENERATED_PREFIX`]
/// (a community's with [`GroupId::COMMUNITY_PREFIX`]); an app may choose its own at create_group
/// or import_group: printable ASCII, at most [`GroupId::MAX_LEN`] bytes, not starting with
/// `@TGS#` (which is reserved), except a community's, which starts with `@TGS#_`.
///
/// [`GroupId::new`] takes any ID the service may have given (non-empty printable ASCII within the
/// length); [`GroupId::custom`] also checks the rules of a chosen one. Decoding applies `new`'s
/// rules.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(String);

impl GroupId {
    /// The longest ID, in bytes.
    pub const MAX_LEN: usize = 48;
    /// The prefix of the IDs the service generates, reserved: a custom ID may not start with it.
    pub const GENERATED_PREFIX: &'static str = "@TGS#";
    /// The prefix every community's ID starts with, generated or custom.
    pub const COMMUNITY_PREFIX: &'static str = "@TGS#_";

    /// An existing group's ID: non-empty printable ASCII of at most [`Self::MAX_LEN`] bytes.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidGroupId> {
        let value = value.into();
        match check_text(&value) {
            Ok(()) => Ok(GroupId(value)),
            Err(rule) => Err(InvalidGroupId { value, rule }),
        }
    }

    /// A custom ID for a new group that is not a community: [`Self::new`]'s rules, and not
    /// starting with the reserved [`Self::GENERATED_PREFIX`].
    pub fn custom(value: impl Into<String>) -> Result<Self, InvalidGroupId> {
        let id = GroupId::new(value)?;
        if id.0.starts_with(Self::GENERATED_PREFIX) {
            return Err(InvalidGroupId {
                value: id.0,
                rule: GroupIdRule::ReservedPrefix,
            });
        }
        Ok(id)
    }

    /// A custom ID for a new community: [`Self::new`]'s rules, starting with
    /// [`Self::COMMUNITY_PREFIX`] and something after it.
    pub fn custom_community(value: impl Into<String>) -> Result<Self, InvalidGroupId> {
        let id = GroupId::new(value)?;
        if id.0.len() <= Self::COMMUNITY_PREFIX.len() || !id.is_community() {
            return Err(InvalidGroupId {
                value: id.0,
                rule: GroupIdRule::NotCommunity,
            });
        }
        Ok(id)
    }

    /// The ID as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ID, taken back.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether it has the form of a generated ID (`@TGS#...`).
    pub fn is_generated_form(&self) -> bool {
        self.0.starts_with(Self::GENERATED_PREFIX)
    }

    /// Whether it is a community's (`@TGS#_...`).
    pub fn is_community(&self) -> bool {
        self.0.starts_with(Self::COMMUNITY_PREFIX)
    }
}

fn check_text(value: &str) -> Result<(), GroupIdRule> {
    if value.is_empty() {
        return Err(GroupIdRule::Empty);
    }
    if value.len() > GroupId::MAX_LEN {
        return Err(GroupIdRule::TooLong { len: value.len() });
    }
    match value.chars().find(|c| !(' '..='~').contains(c)) {
        Some(character) => Err(GroupIdRule::NotPrintableAscii { character }),
        None => Ok(()),
    }
}

/// The rule an invalid group ID breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupIdRule {
    /// The ID is empty.
    Empty,
    /// The ID is longer than [`GroupId::MAX_LEN`] bytes.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The ID holds a character outside printable ASCII (0x20 to 0x7e).
    NotPrintableAscii {
        /// The first offending character.
        character: char,
    },
    /// A custom ID starts with the reserved `@TGS#`.
    ReservedPrefix,
    /// A community's custom ID does not start with `@TGS#_` followed by more.
    NotCommunity,
}

impl fmt::Display for GroupIdRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupIdRule::Empty => f.write_str("must not be empty"),
            GroupIdRule::TooLong { len } => write!(
                f,
                "must be at most {} bytes (is {len} bytes)",
                GroupId::MAX_LEN
            ),
            GroupIdRule::NotPrintableAscii { character } => {
                write!(f, "must be printable ASCII (found {character:?})")
            }
            GroupIdRule::ReservedPrefix => write!(
                f,
                "a custom ID must not start with {:?}, reserved for generated IDs",
                GroupId::GENERATED_PREFIX
            ),
            GroupIdRule::NotCommunity => write!(
                f,
                "a community's ID must start with {:?} and continue after it",
                GroupId::COMMUNITY_PREFIX
            ),
        }
    }
}

/// A group ID that breaks a rule; its `Display` names the value and the rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid GroupId {:?}: {rule}", excerpt(value))]
pub struct InvalidGroupId {
    value: String,
    rule: GroupIdRule,
}

impl InvalidGroupId {
    /// The rejected value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule it breaks.
    pub fn rule(&self) -> GroupIdRule {
        self.rule
    }
}

/// The value cut to a readable length.
fn excerpt(value: &str) -> String {
    const SHOWN: usize = 64;
    if value.chars().count() <= SHOWN {
        value.to_owned()
    } else {
        let cut: String = value.chars().take(SHOWN).collect();
        format!("{cut}...")
    }
}

impl fmt::Debug for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GroupId({:?})", self.0)
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for GroupId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl core::str::FromStr for GroupId {
    type Err = InvalidGroupId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GroupId::new(s)
    }
}

impl TryFrom<String> for GroupId {
    type Error = InvalidGroupId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        GroupId::new(value)
    }
}

impl TryFrom<&str> for GroupId {
    type Error = InvalidGroupId;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        GroupId::new(value)
    }
}

impl From<GroupId> for String {
    fn from(id: GroupId) -> Self {
        id.0
    }
}

impl Serialize for GroupId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for GroupId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        GroupId::new(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_ids_are_printable_ascii_within_48_bytes() {
        assert!(GroupId::new("@TGS#2J4SZEAEL").is_ok());
        assert!(
            GroupId::new("@TGS#_@TGS#cAVQXXXXXX")
                .unwrap()
                .is_community()
        );
        assert!(GroupId::new("a b~").is_ok());
        assert!(GroupId::new("x".repeat(48)).is_ok());
        let long = GroupId::new("x".repeat(49)).unwrap_err();
        assert_eq!(long.rule(), GroupIdRule::TooLong { len: 49 });
        assert_eq!(
            GroupId::new("").unwrap_err().to_string(),
            "invalid GroupId \"\": must not be empty"
        );
        let odd = GroupId::new("组1").unwrap_err();
        assert_eq!(
            odd.rule(),
            GroupIdRule::NotPrintableAscii { character: '组' }
        );
        assert_eq!(odd.value(), "组1");
        assert!(GroupId::new("tab\there").is_err());
    }

    #[test]
    fn custom_ids_leave_the_generated_prefix_alone() {
        assert_eq!(GroupId::custom("class-7b").unwrap().as_str(), "class-7b");
        let err = GroupId::custom("@TGS#mine").unwrap_err();
        assert_eq!(err.rule(), GroupIdRule::ReservedPrefix);
        assert!(err.to_string().contains("\"@TGS#mine\""), "{err}");
        assert!(err.to_string().contains("reserved"), "{err}");
        assert!(GroupId::custom("@TGS").is_ok());
        assert!(
            GroupId::custom_community("@TGS#_guild")
                .unwrap()
                .is_community()
        );
        for bad in ["guild", "@TGS#_", "@TGS#guild"] {
            let err = GroupId::custom_community(bad).unwrap_err();
            assert_eq!(err.rule(), GroupIdRule::NotCommunity, "{bad}");
        }
    }

    #[test]
    fn serde_is_the_plain_string_and_decoding_checks() {
        let id: GroupId = serde_json::from_str("\"@TGS#1NVTZEAE4\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"@TGS#1NVTZEAE4\"");
        assert!(id.is_generated_form());
        let err = serde_json::from_str::<GroupId>("\"\"").unwrap_err();
        assert!(err.to_string().contains("must not be empty"), "{err}");
        assert_eq!(
            "g1".parse::<GroupId>().unwrap(),
            GroupId::try_from("g1").unwrap()
        );
    }
}
