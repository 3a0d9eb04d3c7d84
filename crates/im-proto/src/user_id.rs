//! `UserId`: a validated account identifier.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The prefix of every robot (chatbot) account's UserID.
pub const ROBOT_PREFIX: &str = "@RBT#";

/// An account identifier (`UserID`, formerly `Identifier`), checked on construction.
///
/// The rules (`rest-api.md` §1.5): not empty, at most [`UserId::MAX_LEN`] bytes of UTF-8, and no
/// control characters. Characters outside `[A-Za-z0-9_-]` are allowed (the service accepts them)
/// but [`UserId::is_conventional`] reports them so callers can warn.
///
/// Packets hold `UserId`, so a request with an invalid identifier cannot be built, and decoding a
/// request with one fails.
///
/// # Examples
///
/// ```
/// use im_proto::UserId;
///
/// let id = UserId::new("user_001").unwrap();
/// assert_eq!(id.as_str(), "user_001");
///
/// let err = UserId::new("x".repeat(33)).unwrap_err();
/// assert!(err.to_string().contains("at most 32 bytes"));
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserId(String);

impl UserId {
    /// The maximum length of a UserID, in bytes.
    pub const MAX_LEN: usize = 32;

    /// Checks `value` and wraps it.
    ///
    /// # Errors
    ///
    /// [`InvalidUserId`] naming the value and the rule it breaks.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidUserId> {
        let value = value.into();
        match check(&value) {
            Ok(()) => Ok(UserId(value)),
            Err(rule) => Err(InvalidUserId { value, rule }),
        }
    }

    /// The identifier as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether every character is one the official libraries recommend (`[A-Za-z0-9_-]`),
    /// a robot's [`ROBOT_PREFIX`] aside.
    pub fn is_conventional(&self) -> bool {
        self.0
            .strip_prefix(ROBOT_PREFIX)
            .unwrap_or(&self.0)
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }

    /// Whether this is a robot's UserID (it starts with [`ROBOT_PREFIX`]).
    pub fn is_robot(&self) -> bool {
        self.0.starts_with(ROBOT_PREFIX)
    }
}

fn check(value: &str) -> Result<(), UserIdRule> {
    if value.is_empty() {
        return Err(UserIdRule::Empty);
    }
    if value.len() > UserId::MAX_LEN {
        return Err(UserIdRule::TooLong { len: value.len() });
    }
    // Most UserIDs are ASCII: a byte test without decoding characters (a bulk job checks
    // every UserID it reads).
    let ascii_clean = |b: &u8| b.is_ascii() && !b.is_ascii_control();
    if value.as_bytes().iter().all(ascii_clean) {
        return Ok(());
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(UserIdRule::ControlCharacter { character: c });
    }
    Ok(())
}

/// The rule an invalid UserID breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserIdRule {
    /// The identifier is empty.
    Empty,
    /// The identifier is longer than [`UserId::MAX_LEN`] bytes.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The identifier contains a control character.
    ControlCharacter {
        /// The first offending character.
        character: char,
    },
}

impl fmt::Display for UserIdRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserIdRule::Empty => f.write_str("must not be empty"),
            UserIdRule::TooLong { len } => write!(
                f,
                "must be at most {} bytes (is {len} bytes)",
                UserId::MAX_LEN
            ),
            UserIdRule::ControlCharacter { character } => {
                write!(
                    f,
                    "must not contain control characters (found {character:?})"
                )
            }
        }
    }
}

/// A UserID that breaks a rule; its `Display` names the value and the rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid UserID {}: {rule}", Excerpt(value))]
pub struct InvalidUserId {
    value: String,
    rule: UserIdRule,
}

impl InvalidUserId {
    /// The rejected value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule it breaks.
    pub fn rule(&self) -> UserIdRule {
        self.rule
    }

    /// The rejected value, taken back.
    pub fn into_value(self) -> String {
        self.value
    }
}

/// Debug-quotes a value, cut to a readable length (a rejected "UserID" may be megabytes long).
struct Excerpt<'a>(&'a str);

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 48;
        if self.0.chars().count() <= SHOWN {
            write!(f, "{:?}", self.0)
        } else {
            let cut: String = self.0.chars().take(SHOWN).collect();
            write!(f, "{cut:?}...")
        }
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserId({:?})", self.0)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UserId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl core::borrow::Borrow<str> for UserId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl FromStr for UserId {
    type Err = InvalidUserId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UserId::new(s)
    }
}

impl TryFrom<String> for UserId {
    type Error = InvalidUserId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        UserId::new(value)
    }
}

impl TryFrom<&str> for UserId {
    type Error = InvalidUserId;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        UserId::new(value)
    }
}

impl From<UserId> for String {
    fn from(id: UserId) -> Self {
        id.0
    }
}

impl PartialEq<str> for UserId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for UserId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for UserId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        UserId::new(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_boundaries() {
        assert!(UserId::new("a").is_ok());
        assert!(UserId::new("x".repeat(32)).is_ok());
        // 8 four-byte characters: exactly 32 bytes.
        assert!(UserId::new("😀".repeat(8)).is_ok());
        assert!(UserId::new("with space").is_ok());
    }

    #[test]
    fn rejects_and_names_value_and_rule() {
        let err = UserId::new("").unwrap_err();
        assert_eq!(err.rule(), UserIdRule::Empty);
        assert_eq!(err.to_string(), "invalid UserID \"\": must not be empty");

        let err = UserId::new("x".repeat(33)).unwrap_err();
        assert_eq!(err.rule(), UserIdRule::TooLong { len: 33 });
        assert!(err.to_string().contains(&"x".repeat(33)));
        assert!(err.to_string().contains("at most 32 bytes (is 33 bytes)"));

        let err = UserId::new("😀".repeat(9)).unwrap_err();
        assert_eq!(err.rule(), UserIdRule::TooLong { len: 36 });

        let err = UserId::new("a\nb").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid UserID \"a\\nb\": must not contain control characters (found '\\n')"
        );
        assert!(UserId::new("a\u{7f}").is_err());
    }

    #[test]
    fn control_characters_are_found_whether_or_not_the_rest_is_ascii() {
        for (value, control) in [
            ("\u{0}ab", Some('\u{0}')),
            ("ab\u{1f}", Some('\u{1f}')),
            ("a\u{7f}b", Some('\u{7f}')),
            ("é\u{85}", Some('\u{85}')),
            ("a\u{9f}", Some('\u{9f}')),
            ("é\tb", Some('\t')),
            ("a b~", None),
            ("é\u{a0}😀", None),
        ] {
            let rule = UserId::new(value).err().map(|e| e.rule());
            assert_eq!(
                rule,
                control.map(|character| UserIdRule::ControlCharacter { character }),
                "{value:?}"
            );
        }
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let err = UserId::new("y".repeat(10_000)).unwrap_err();
        assert!(err.to_string().len() < 200);
        assert_eq!(err.value().len(), 10_000);
    }

    #[test]
    fn conventional_characters() {
        assert!(UserId::new("Ab_9-").unwrap().is_conventional());
        assert!(!UserId::new("a.b").unwrap().is_conventional());
    }

    #[test]
    fn serde_validates() {
        let id: UserId = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(id, "abc");
        assert!(serde_json::from_str::<UserId>("\"\"").is_err());
        assert!(serde_json::from_str::<UserId>("42").is_err());
    }
}
