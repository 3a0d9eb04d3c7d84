//! Typed operations, one module per account API, and the mapping of batch answers to one
//! outcome per requested account that they share.

use im_client::bulk::Rejected;
use im_client::{Failure, InvalidInput};
use im_proto::{AccountProfile, AccountStatus, OnlineStatus, Profile, UserId, check_profile_items};

/// The parts of a [`BulkOperation`](im_client::bulk::BulkOperation) every account operation
/// shares: a [`BulkItem`] in, checked by its UserID and what `$profiles` keeps of its profile
/// into an [`AccountItem`]; duplicates by UserID; a [`Success`] out, counted by its kind.
macro_rules! account_operation {
    ($profiles:expr) => {
        type Input = $crate::ops::BulkItem;
        type Item = $crate::ops::AccountItem;
        type Output = $crate::ops::Success;
        type Kind = $crate::ops::SuccessKind;

        #[inline]
        fn key<'a>(&self, input: &'a $crate::ops::BulkItem) -> Option<&'a str> {
            input.user_id()
        }

        #[inline]
        fn check(
            &self,
            input: $crate::ops::BulkItem,
        ) -> Result<$crate::ops::AccountItem, im_client::bulk::Rejected> {
            $crate::ops::AccountItem::check(input, $profiles)
        }

        #[inline]
        fn label(&self, item: $crate::ops::AccountItem) -> String {
            item.into_label()
        }

        #[inline]
        fn kind(&self, success: &$crate::ops::Success) -> $crate::ops::SuccessKind {
            success.kind()
        }
    };
}

macro_rules! operations {
    ($($variant:ident $service:ident $module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*

        /// The commands with a typed operation, each named after its command.
        #[cfg(test)]
        const COMMANDS: &[&str] = &[$(stringify!($module)),*];
    };
}

operations! {
        AccountImport account account_import,
        MultiaccountImport account multiaccount_import,
        AccountCheck account account_check,
        AccountDelete account account_delete,
        Kick account kick,
        QueryOnlineStatus openim query_online_status,
        PortraitSet profile portrait_set,
        PortraitGet profile portrait_get,
        CreateRobot robot create_robot,
        DeleteRobot robot delete_robot,
        GetAllRobots robot get_all_robots,
}

/// One requested account's outcome in a batch operation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The account.
    pub user_id: UserId,
    /// What happened to it.
    pub result: Result<T, Failure>,
}

impl<T> ItemOutcome<T> {
    /// Whether the account succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// Pairs each requested ID with its result, in request order.
fn zip<T>(ids: &[UserId], results: Vec<Result<T, Failure>>) -> Vec<ItemOutcome<T>> {
    ids.iter()
        .cloned()
        .zip(results)
        .map(|(user_id, result)| ItemOutcome { user_id, result })
        .collect()
}

/// The keys of `ids`, for a result mapping.
fn keys(ids: &[UserId]) -> impl Iterator<Item = &str> {
    ids.iter().map(UserId::as_str)
}

/// What succeeded for one account.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Success {
    /// Imported (new, or already present).
    Imported,
    /// Checked: `Imported` or `NotImported`.
    Checked(AccountStatus),
    /// Deleted.
    Deleted,
    /// Delete answered 70107 (does not exist) after an attempt that may have been processed:
    /// a retry after a timeout, closed connection or HTTP 5xx, or a resumed job's item that an
    /// earlier run sent ([`BulkOptions::sent_before`](crate::bulk::BulkOptions::sent_before)).
    /// The account is gone, possibly by that earlier attempt.
    Absent,
    /// Online status.
    Online(OnlineInfo),
    /// Login state invalidated.
    Kicked,
    /// Profile fields read: the requested ones that are set.
    Profile(Box<Profile>),
    /// Profile fields set.
    ProfileSet,
    /// Skipped: the same UserID appeared earlier in the input, at position `first` (0-based;
    /// `None` past the 4,294,967,294th item, where positions are not kept), and is handled
    /// there. Not a failure.
    Duplicate {
        /// The position of its first occurrence.
        first: Option<u64>,
    },
}

impl Success {
    /// What kind of success this is, for counting in reports.
    #[inline]
    pub fn kind(&self) -> SuccessKind {
        match self {
            Success::Imported => SuccessKind::Imported,
            Success::Checked(status) => SuccessKind::Checked(status.clone()),
            Success::Deleted => SuccessKind::Deleted,
            Success::Absent => SuccessKind::Absent,
            Success::Online(info) => SuccessKind::Online(info.status.clone()),
            Success::Kicked => SuccessKind::Kicked,
            Success::Profile(_) => SuccessKind::ProfileRead,
            Success::ProfileSet => SuccessKind::ProfileSet,
            Success::Duplicate { .. } => SuccessKind::Duplicate,
        }
    }

    /// A short label: `imported`, `Imported`/`NotImported`, `deleted`, `absent`, `kicked`,
    /// `read`, `set`, `duplicate`, or the online status (`Online`, `PushOnline`, `Offline`).
    pub fn label(&self) -> &str {
        match self {
            Success::Imported => "imported",
            Success::Checked(status) => status.as_str(),
            Success::Deleted => "deleted",
            Success::Absent => "absent",
            Success::Online(info) => info.status.as_str(),
            Success::Kicked => "kicked",
            Success::Profile(_) => "read",
            Success::ProfileSet => "set",
            Success::Duplicate { .. } => "duplicate",
        }
    }
}

/// What kind of [`Success`] an outcome is, without its details: the key reports count by.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SuccessKind {
    /// Imported.
    Imported,
    /// Checked, with the status found.
    Checked(AccountStatus),
    /// Deleted.
    Deleted,
    /// Already gone after an ambiguous earlier attempt.
    Absent,
    /// Online status found.
    Online(OnlineStatus),
    /// Login state invalidated.
    Kicked,
    /// Profile fields read.
    ProfileRead,
    /// Profile fields set.
    ProfileSet,
    /// Skipped as a repeat of an earlier input item.
    Duplicate,
}

impl std::fmt::Display for SuccessKind {
    /// The label of [`Success::label`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuccessKind::Imported => f.write_str("imported"),
            SuccessKind::Checked(status) => f.write_str(status.as_str()),
            SuccessKind::Deleted => f.write_str("deleted"),
            SuccessKind::Absent => f.write_str("absent"),
            SuccessKind::Online(status) => f.write_str(status.as_str()),
            SuccessKind::Kicked => f.write_str("kicked"),
            SuccessKind::ProfileRead => f.write_str("read"),
            SuccessKind::ProfileSet => f.write_str("set"),
            SuccessKind::Duplicate => f.write_str("duplicate"),
        }
    }
}

/// One input item of an account bulk operation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BulkItem {
    /// An account, by its raw UserID (checked by the engine), with an optional profile that
    /// only [`BulkOp::Import`](crate::bulk::BulkOp::Import) uses.
    Account {
        /// The UserID as given.
        user_id: String,
        /// `Nick`.
        nick: Option<String>,
        /// `FaceUrl`.
        face_url: Option<String>,
    },
    /// An account with any profile fields, for
    /// [`BulkOp::ProfileSet`](crate::bulk::BulkOp::ProfileSet) (an import takes its `Nick`
    /// and `Image`; other operations its UserID).
    Profile {
        /// The UserID as given.
        user_id: String,
        /// The fields.
        profile: Box<Profile>,
    },
    /// An input the caller could not read (a malformed line, say); it is reported failed with
    /// this reason, and counted, like any other item.
    Rejected {
        /// What identifies the input in the report (e.g. `line 7`).
        label: String,
        /// Why it was rejected.
        reason: String,
    },
}

impl BulkItem {
    /// The UserID as given and the fields of an account item (an [`BulkItem::Account`]'s
    /// `Nick` and `FaceUrl` as `Nick` and `Image`); any other item back, unchanged.
    ///
    /// # Errors
    ///
    /// The item itself when it is not an account ([`BulkItem::Rejected`]).
    pub fn into_account(self) -> Result<(String, Profile), BulkItem> {
        match self {
            BulkItem::Account {
                user_id,
                nick,
                face_url,
            } => {
                let mut profile = Profile::new();
                profile.nick = nick;
                profile.image = face_url;
                Ok((user_id, profile))
            }
            BulkItem::Profile { user_id, profile } => Ok((user_id, *profile)),
            other => Err(other),
        }
    }

    /// The UserID as given, for an account item (not for a [`BulkItem::Rejected`] one).
    pub fn user_id(&self) -> Option<&str> {
        match self {
            BulkItem::Account { user_id, .. } | BulkItem::Profile { user_id, .. } => Some(user_id),
            BulkItem::Rejected { .. } => None,
        }
    }

    /// An account by UserID.
    pub fn account(user_id: impl Into<String>) -> Self {
        BulkItem::Account {
            user_id: user_id.into(),
            nick: None,
            face_url: None,
        }
    }

    /// An account with a profile (for import).
    pub fn profile(
        user_id: impl Into<String>,
        nick: Option<String>,
        face_url: Option<String>,
    ) -> Self {
        BulkItem::Account {
            user_id: user_id.into(),
            nick,
            face_url,
        }
    }

    /// An account with profile fields (for
    /// [`BulkOp::ProfileSet`](crate::bulk::BulkOp::ProfileSet)).
    pub fn with_profile(user_id: impl Into<String>, profile: Profile) -> Self {
        BulkItem::Profile {
            user_id: user_id.into(),
            profile: Box::new(profile),
        }
    }

    /// An input that could not be read.
    pub fn rejected(label: impl Into<String>, reason: impl Into<String>) -> Self {
        BulkItem::Rejected {
            label: label.into(),
            reason: reason.into(),
        }
    }
}

impl From<String> for BulkItem {
    fn from(user_id: String) -> Self {
        BulkItem::account(user_id)
    }
}

impl From<&str> for BulkItem {
    fn from(user_id: &str) -> Self {
        BulkItem::account(user_id)
    }
}

impl From<UserId> for BulkItem {
    fn from(user_id: UserId) -> Self {
        BulkItem::account(user_id.into_string())
    }
}

/// An account checked for a bulk operation, ready to be sent: its UserID, and what the
/// operation sends of its profile (`Nick` and `FaceUrl` for an import, every field for a
/// profile write, nothing otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountItem {
    id: UserId,
    nick: Option<String>,
    face_url: Option<String>,
    /// The fields to set, for a profile write.
    profile: Option<Box<Profile>>,
}

/// What an operation takes from an item's profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProfileUse {
    /// Nothing: the UserID only.
    Ignore,
    /// `Nick` and `FaceUrl`, as an import sets them.
    Import,
    /// Every field, at least one.
    Full,
}

impl AccountItem {
    /// The account.
    pub fn user_id(&self) -> &UserId {
        &self.id
    }

    /// The UserIDs of `items`, in order.
    fn ids(items: &[AccountItem]) -> Vec<UserId> {
        items.iter().map(|item| item.id.clone()).collect()
    }

    /// The account with its `Nick` and `FaceUrl`.
    fn account_profile(&self) -> AccountProfile {
        let mut profile = AccountProfile::new(self.id.clone());
        profile.nick = self.nick.clone();
        profile.face_url = self.face_url.clone();
        profile
    }

    /// Checks `input`: a UserID by its rule, and what `profiles` keeps of the profile by the
    /// rules the client applies to a single call.
    ///
    /// # Errors
    ///
    /// The item's label and rule broken: an unreadable input, an invalid UserID or profile.
    fn check(input: BulkItem, profiles: ProfileUse) -> Result<AccountItem, Rejected> {
        let invalid =
            |label: String, input: InvalidInput| Rejected::new(label, Failure::Invalid(input));
        let (raw, profile) = match input.into_account() {
            Ok(account) => account,
            Err(BulkItem::Rejected { label, reason }) => {
                return Err(invalid(label, InvalidInput::Rejected(reason)));
            }
            Err(other) => {
                let why = InvalidInput::Other("not an account".into());
                return Err(invalid(format!("{other:?}"), why));
            }
        };
        // The string moves into the UserId (and back out of the error): no copy per item.
        let id = UserId::new(raw)
            .map_err(|err| invalid(err.value().to_owned(), InvalidInput::UserId(err)))?;
        profiles.shape(id, profile).map_err(|(user_id, error)| {
            let label = user_id.as_str().to_owned();
            invalid(label, InvalidInput::Profile { user_id, error })
        })
    }
}

impl ProfileUse {
    /// The item with what the operation sends of `profile`, checked by the rules the client
    /// applies to a single call; the account and the rule broken otherwise.
    fn shape(
        self,
        id: UserId,
        profile: Profile,
    ) -> Result<AccountItem, (UserId, im_proto::ValidationError)> {
        let item = |id, nick, face_url, profile| AccountItem {
            id,
            nick,
            face_url,
            profile,
        };
        match self {
            ProfileUse::Ignore => Ok(item(id, None, None, None)),
            ProfileUse::Import => {
                let mut account = AccountProfile::new(id);
                account.nick = profile.nick;
                account.face_url = profile.image;
                match account.validate() {
                    Ok(()) => Ok(item(account.user_id, account.nick, account.face_url, None)),
                    Err(error) => Err((account.user_id, error)),
                }
            }
            ProfileUse::Full => match check_profile_items(&profile.to_items()) {
                Ok(()) => Ok(item(id, None, None, Some(Box::new(profile)))),
                Err(error) => Err((id, error)),
            },
        }
    }
}

impl AccountItem {
    /// The UserID, moved out (an outcome's label).
    fn into_label(self) -> String {
        self.id.into_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_checked_by_the_userid_rule_and_the_profile_the_operation_sends() {
        let check = |item| AccountItem::check(item, ProfileUse::Import);
        let empty = check(BulkItem::account("")).unwrap_err();
        assert!(matches!(
            empty.failure,
            Failure::Invalid(InvalidInput::UserId(_))
        ));
        let long = check(BulkItem::profile("d", Some("n".repeat(501)), None)).unwrap_err();
        assert_eq!(long.label, "d");
        assert!(long.failure.to_string().starts_with("UserID d: Nick: "));
        let rejected = check(BulkItem::rejected("line 7", "why")).unwrap_err();
        assert_eq!(rejected.label, "line 7");
        assert_eq!(rejected.failure.to_string(), "why");
        let kept = check(BulkItem::profile("e", Some("E".into()), None)).unwrap();
        assert_eq!(kept.account_profile().nick.as_deref(), Some("E"));
        // A profile write takes every field, and refuses an empty profile.
        let empty = AccountItem::check(BulkItem::account("f"), ProfileUse::Full).unwrap_err();
        assert!(matches!(
            empty.failure,
            Failure::Invalid(InvalidInput::Profile { .. })
        ));
    }

    #[test]
    fn without_profiles_the_values_are_dropped_unchecked() {
        let item = BulkItem::profile("a", Some("n".repeat(501)), None);
        let item = AccountItem::check(item, ProfileUse::Ignore).unwrap();
        assert!(item.nick.is_none() && item.profile.is_none());
        assert_eq!(item.into_label(), "a");
    }

    /// Every operation is listed in the crate docs' table under its command, linking the method
    /// of the same name (rustdoc checks the link resolves).
    #[test]
    fn the_crate_docs_list_every_operation_under_its_command() {
        let docs = include_str!("lib.rs");
        let readme = include_str!("../README.md");
        for command in COMMANDS {
            let row = format!("//! | `{command}` | [`{command}`](Client::{command})");
            assert!(docs.contains(&row), "lib.rs: no operation row {row:?}");
            let row = format!("| `{command}` | `Client::{command}`");
            assert!(readme.contains(&row), "README.md: no operation row {row:?}");
        }
        assert!(COMMANDS.contains(&"portrait_get"), "{COMMANDS:?}");
    }
}
