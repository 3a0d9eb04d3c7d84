//! Types several account APIs share: an account with its import-time profile, and the
//! `{"UserID": ...}` item.

use serde::{Deserialize, Serialize};

use crate::validation::check_profile_value;
use crate::{UserId, ValidationError};

/// An account with the profile fields an import sets: the item of `AccountList`, and what a
/// single import sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountProfile {
    /// `UserID`.
    #[serde(rename = "UserID")]
    pub user_id: UserId,
    /// `Nick`: nickname.
    #[serde(rename = "Nick", default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// `FaceUrl`: avatar URL.
    #[serde(rename = "FaceUrl", default, skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
}

impl AccountProfile {
    /// A profile with no nickname or avatar.
    pub fn new(user_id: UserId) -> Self {
        AccountProfile {
            user_id,
            nick: None,
            face_url: None,
        }
    }

    /// Sets `Nick`.
    pub fn with_nick(mut self, nick: impl Into<String>) -> Self {
        self.nick = Some(nick.into());
        self
    }

    /// Sets `FaceUrl`.
    pub fn with_face_url(mut self, face_url: impl Into<String>) -> Self {
        self.face_url = Some(face_url.into());
        self
    }

    /// Checks the profile values: `Nick` and `FaceUrl` at most
    /// [`MAX_PROFILE_VALUE_BYTES`](crate::MAX_PROFILE_VALUE_BYTES) bytes each.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the field (`Nick` or `FaceUrl`), its value and the rule.
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_profile_value("Nick", self.nick.as_deref())?;
        check_profile_value("FaceUrl", self.face_url.as_deref())
    }
}

impl From<UserId> for AccountProfile {
    fn from(user_id: UserId) -> Self {
        AccountProfile::new(user_id)
    }
}

/// A `{"UserID": ...}` object, the item of `CheckItem` and `DeleteItem`: a [`UserId`] when read,
/// a borrowed one when written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UserItem<T = UserId> {
    #[serde(rename = "UserID")]
    pub(crate) user_id: T,
}

/// A list of accounts sent as `[{"UserID": ...}, ...]` (`CheckItem`, `DeleteItem`) and held as
/// `Vec<UserId>`: a field's `#[serde(with = "crate::account_profile::user_items")]`.
pub(crate) mod user_items {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::UserItem;
    use crate::UserId;

    /// Writes each account as a `{"UserID": ...}` object, without copying it.
    pub(crate) fn serialize<S: Serializer>(
        ids: &[UserId],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(ids.iter().map(|user_id| UserItem { user_id }))
    }

    /// Reads `{"UserID": ...}` objects; each identifier must follow the [`UserId`] rules.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<UserId>, D::Error> {
        let items = Vec::<UserItem>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.user_id).collect())
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::UserId;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Accounts {
        #[serde(rename = "CheckItem", with = "super::user_items")]
        ids: Vec<UserId>,
    }

    #[test]
    fn user_items_are_user_id_objects_of_valid_identifiers() {
        let accounts = Accounts {
            ids: vec![UserId::new("a").unwrap(), UserId::new("b").unwrap()],
        };
        let json = r#"{"CheckItem":[{"UserID":"a"},{"UserID":"b"}]}"#;
        assert_eq!(serde_json::to_string(&accounts).unwrap(), json);
        assert_eq!(serde_json::from_str::<Accounts>(json).unwrap(), accounts);
        for bad in [
            r#"{"CheckItem":[{"UserID":""}]}"#,
            r#"{"CheckItem":["a"]}"#,
            r#"{"CheckItem":[{}]}"#,
        ] {
            assert!(serde_json::from_str::<Accounts>(bad).is_err(), "{bad}");
        }
    }
}
