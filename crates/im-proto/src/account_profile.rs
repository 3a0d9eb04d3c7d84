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

/// A `{"UserID": ...}` object, the item of `CheckItem` and `DeleteItem`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UserItem {
    #[serde(rename = "UserID")]
    pub(crate) user_id: UserId,
}
