//! What the operations share: [`Conversation`], a conversation as the APIs name it, and the
//! contact group limits checked before sending.

use im_client::Error;
use im_proto::UserId;

/// The longest contact group name, in bytes (the create page).
pub const MAX_GROUP_NAME_BYTES: usize = 32;

/// The most conversations in an account's contact groups (the create page: 51008 past it).
pub const MAX_GROUPED_CONVERSATIONS: usize = 1000;

/// A conversation of an account: one-to-one with a peer, or a group's.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Conversation {
    /// With the peer account (`Type` 1).
    C2c(UserId),
    /// A group's (`Type` 2), by group ID.
    Group(String),
}

impl Conversation {
    /// The one-to-one conversation with `peer`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when `peer` is not a valid UserID.
    pub fn c2c(peer: &str) -> Result<Conversation, Error> {
        Ok(Conversation::C2c(UserId::new(peer)?))
    }

    /// The conversation of group `group_id`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when `group_id` is empty.
    pub fn group(group_id: &str) -> Result<Conversation, Error> {
        if group_id.is_empty() {
            return Err(Error::invalid(
                "a group conversation needs a group ID: it is empty",
            ));
        }
        Ok(Conversation::Group(group_id.to_owned()))
    }

    /// A conversation as an answer names it: `Type` with its peer or group.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for another `Type` or a missing or invalid peer or group.
    pub fn from_parts(
        kind: i64,
        account: Option<&str>,
        group: Option<&str>,
    ) -> Result<Conversation, Error> {
        match (kind, account, group) {
            (1, Some(peer), _) => Conversation::c2c(peer),
            (2, _, Some(group)) => Conversation::group(group),
            _ => Err(Error::invalid(format!(
                "a conversation of Type {kind} with To_Account {account:?} and group \
                 {group:?}: Type 1 names a peer, Type 2 a group"
            ))),
        }
    }

    /// `Type`: 1 one-to-one, 2 group.
    pub fn kind(&self) -> i64 {
        match self {
            Conversation::C2c(_) => 1,
            Conversation::Group(_) => 2,
        }
    }

    /// The peer of a one-to-one conversation.
    pub fn peer(&self) -> Option<&UserId> {
        match self {
            Conversation::C2c(peer) => Some(peer),
            Conversation::Group(_) => None,
        }
    }

    /// The group of a group conversation.
    pub fn group_id(&self) -> Option<&str> {
        match self {
            Conversation::C2c(_) => None,
            Conversation::Group(id) => Some(id),
        }
    }

    /// `To_Account` as the requests carry it.
    pub(crate) fn account_field(&self) -> Option<String> {
        self.peer().map(|p| p.as_str().to_owned())
    }

    /// The group ID as the requests carry it.
    pub(crate) fn group_field(&self) -> Option<String> {
        self.group_id().map(str::to_owned)
    }
}

impl std::fmt::Display for Conversation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conversation::C2c(peer) => write!(f, "c2c:{peer}"),
            Conversation::Group(id) => write!(f, "group:{id}"),
        }
    }
}

/// Checks a contact group name: 1 to 32 bytes.
pub(crate) fn check_group_name(name: &str) -> Result<(), Error> {
    if name.is_empty() || name.len() > MAX_GROUP_NAME_BYTES {
        return Err(Error::invalid(format!(
            "contact group name {name:?} is {} bytes: it must be 1 to {MAX_GROUP_NAME_BYTES}",
            name.len()
        )));
    }
    Ok(())
}

/// Checks a list of conversations for a contact group: at most 1000.
pub(crate) fn check_grouped(count: usize) -> Result<(), Error> {
    if count > MAX_GROUPED_CONVERSATIONS {
        return Err(Error::invalid(format!(
            "{count} conversations for a contact group: at most {MAX_GROUPED_CONVERSATIONS} \
             are in an account's groups"
        )));
    }
    Ok(())
}
