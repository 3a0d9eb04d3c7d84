//! The emulator's account data: accounts with their profiles (robots included), online
//! states, revocations.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use im_proto::{
    ErrorCode, OnlineStatus, PlatformStatus, Profile, ProfileItem, ProfileTag, ProfileValue,
};
use serde_json::{Map, Value, json};

use crate::clients::Clients;

/// An imported account as the emulator stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Account {
    /// `UserID`.
    pub user_id: String,
    /// `Nick` (`Tag_Profile_IM_Nick`), when one was set.
    pub nick: Option<String>,
    /// `FaceUrl` (`Tag_Profile_IM_Image`), when one was set.
    pub face_url: Option<String>,
    /// Every profile field set, `Nick` and `FaceUrl` included (they are the same fields).
    pub profile: Profile,
    /// For a robot, whether it is active (`false` once deleted); `None` for an ordinary
    /// account.
    pub robot: Option<bool>,
}

impl Account {
    /// An account with no profile fields.
    pub fn new(user_id: impl Into<String>) -> Self {
        Account {
            user_id: user_id.into(),
            nick: None,
            face_url: None,
            profile: Profile::new(),
            robot: None,
        }
    }

    /// Sets `Nick` (and the profile's `Tag_Profile_IM_Nick`).
    pub fn with_nick(mut self, nick: impl Into<String>) -> Self {
        let nick = nick.into();
        self.profile.nick = Some(nick.clone());
        self.nick = Some(nick);
        self
    }

    /// Sets `FaceUrl` (and the profile's `Tag_Profile_IM_Image`).
    pub fn with_face_url(mut self, face_url: impl Into<String>) -> Self {
        let face_url = face_url.into();
        self.profile.image = Some(face_url.clone());
        self.face_url = Some(face_url);
        self
    }

    /// Sets every profile field of `profile` (`Nick` and `FaceUrl` follow it).
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.nick = profile.nick.clone();
        self.face_url = profile.image.clone();
        self.profile = profile;
        self
    }

    /// Makes it an active robot.
    pub fn robot(mut self) -> Self {
        self.robot = Some(true);
        self
    }

    /// The JSON form used by `GET /_emulator/accounts`: absent fields are `null`; `Profile`
    /// maps every set tag to its value; `Robot` is `"active"`, `"deleted"` or `null`.
    pub fn to_json(&self) -> Value {
        let profile: Map<String, Value> = self
            .profile
            .to_items()
            .into_iter()
            .map(|item| {
                let value = serde_json::to_value(&item.value).unwrap_or(Value::Null);
                (item.tag.as_str().to_owned(), value)
            })
            .collect();
        let robot = self
            .robot
            .map(|active| if active { "active" } else { "deleted" });
        json!({
            "UserID": self.user_id,
            "Nick": self.nick,
            "FaceUrl": self.face_url,
            "Profile": profile,
            "Robot": robot,
        })
    }
}

/// A user's online state as the online-status query reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OnlineState {
    /// The overall `Status`.
    pub status: OnlineStatus,
    /// The per-platform `Detail`, reported only when the request asks for it and the list is
    /// not empty.
    pub detail: Vec<PlatformStatus>,
}

impl OnlineState {
    /// A state with the given overall status and no per-platform sessions.
    pub fn new(status: OnlineStatus) -> Self {
        OnlineState {
            status,
            detail: Vec::new(),
        }
    }

    /// `Offline`, no sessions: every account's state until set otherwise.
    pub fn offline() -> Self {
        OnlineState::new(OnlineStatus::Offline)
    }

    /// Adds a per-platform session, e.g. `("iPhone", OnlineStatus::Online)`.
    pub fn with_platform(mut self, platform: impl Into<String>, status: OnlineStatus) -> Self {
        self.detail.push(PlatformStatus::new(platform, status));
        self
    }

    /// The overall status the service would derive from `detail`: `Online` if any platform is,
    /// else `PushOnline` if any is, else `Offline`.
    pub fn derived_from(detail: Vec<PlatformStatus>) -> Self {
        let any = |s: OnlineStatus| detail.iter().any(|d| d.status == s);
        let status = if any(OnlineStatus::Online) {
            OnlineStatus::Online
        } else if any(OnlineStatus::PushOnline) {
            OnlineStatus::PushOnline
        } else {
            OnlineStatus::Offline
        };
        OnlineState { status, detail }
    }
}

impl Default for OnlineState {
    fn default() -> Self {
        OnlineState::offline()
    }
}

/// What a revoked UserSig answers: see [`Emulator::revoke`](crate::Emulator::revoke).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Revocation {
    /// 70001: as if the UserSig had expired.
    Expired,
    /// 70052: the UserSig was invalidated (what invalidating the login state records).
    Invalidated,
}

impl Revocation {
    /// The error code answered.
    pub const fn error_code(self) -> ErrorCode {
        match self {
            Revocation::Expired => ErrorCode::USERSIG_EXPIRED,
            Revocation::Invalidated => ErrorCode::USERSIG_INVALIDATED,
        }
    }
}

impl TryFrom<ErrorCode> for Revocation {
    type Error = ErrorCode;

    /// 70001 or 70052; any other code is handed back.
    fn try_from(code: ErrorCode) -> Result<Self, ErrorCode> {
        match code {
            ErrorCode::USERSIG_EXPIRED => Ok(Revocation::Expired),
            ErrorCode::USERSIG_INVALIDATED => Ok(Revocation::Invalidated),
            other => Err(other),
        }
    }
}

/// Account data, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// Every account the APIs see: the imported ones and the admins' (see [`Stored::admin`]).
    pub(crate) accounts: BTreeMap<String, Stored>,
    /// The admin identifiers (each once), whose accounts exist from the start.
    admins: Vec<String>,
    /// Custom profile tags written so far (registered on first use when the emulator has no
    /// fixed list).
    pub(crate) custom_tags: BTreeSet<String>,
    pub(crate) deleted: HashSet<String>,
    pub(crate) online: HashMap<String, OnlineState>,
    /// The simulated clients' logins and send mutes.
    pub(crate) clients: Clients,
    /// Identifier → (UserSigs with `TLS.time` strictly before this second are refused, how).
    pub(crate) revoked: HashMap<String, (u64, Revocation)>,
    /// The day (Unix time / 86400) of `active`, and the accounts that logged in that day.
    pub(crate) active: (u64, HashSet<String>),
}

/// One account: the profile fields set (each tag once, compact), and its robot state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stored {
    pub(crate) items: Vec<ProfileItem>,
    /// `Some(active)` for a robot.
    pub(crate) robot: Option<bool>,
    /// An admin's account as the console made it: every API sees it, but the inspection views
    /// and the account cap leave it out until it is imported (or inserted).
    pub(crate) admin: bool,
}

impl Stored {
    /// Sets `tag` to `value`, replacing an earlier value.
    pub(crate) fn set(&mut self, tag: ProfileTag, value: ProfileValue) {
        match self.items.iter_mut().find(|item| item.tag == tag) {
            Some(item) => item.value = value,
            None => self.items.push(ProfileItem::new(tag, value)),
        }
    }

    /// The value of `tag`, if set.
    pub(crate) fn get(&self, tag: &ProfileTag) -> Option<&ProfileValue> {
        self.items
            .iter()
            .find(|item| item.tag == *tag)
            .map(|item| &item.value)
    }

    fn text(&self, tag: &ProfileTag) -> Option<String> {
        self.get(tag).map(ProfileValue::to_string)
    }

    /// Sets the fields an import carries.
    fn set_import_fields(&mut self, nick: Option<&str>, face_url: Option<&str>) {
        if let Some(nick) = nick {
            self.set(ProfileTag::Nick, nick.into());
        }
        if let Some(face_url) = face_url {
            self.set(ProfileTag::Image, face_url.into());
        }
    }
}

/// Why an import was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImportRefusal {
    /// The account cap is reached (70398).
    Cap(usize),
    /// The account was deleted before, and re-import is forbidden (70399).
    DeletedBefore,
}

impl ImportRefusal {
    /// The code the service answers.
    pub(crate) fn error_code(self) -> ErrorCode {
        match self {
            ImportRefusal::Cap(_) => ErrorCode::ACCOUNT_CAP_REACHED,
            ImportRefusal::DeletedBefore => ErrorCode::ACCOUNT_REIMPORT_FORBIDDEN,
        }
    }
}

impl std::fmt::Display for ImportRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportRefusal::Cap(cap) => write!(
                f,
                "account count has reached the cap of {cap} accounts: upgrade the edition"
            ),
            ImportRefusal::DeletedBefore => f.write_str("a deleted account cannot be re-imported"),
        }
    }
}

impl Store {
    /// A store holding the accounts of `admins` (the console creates an admin as an account
    /// of the app) and nothing else.
    pub(crate) fn with_admins(admins: &[String]) -> Store {
        let mut store = Store::default();
        for admin in admins {
            let stored = Stored {
                admin: true,
                ..Stored::default()
            };
            if store.accounts.insert(admin.clone(), stored).is_none() {
                store.admins.push(admin.clone());
            }
        }
        store
    }

    /// Whether `user_id` is an account left out of the inspection views and the cap.
    fn hidden(&self, user_id: &str) -> bool {
        self.accounts
            .get(user_id)
            .is_some_and(|stored| stored.admin)
    }

    /// The accounts the inspection views list (every account but the admins' own, unless
    /// imported), sorted.
    pub(crate) fn listed(&self) -> impl Iterator<Item = &str> {
        self.accounts
            .iter()
            .filter(|(_, stored)| !stored.admin)
            .map(|(id, _)| id.as_str())
    }

    /// The number of [`Store::listed`] accounts, which is also what the account cap counts.
    pub(crate) fn listed_count(&self) -> usize {
        let hidden = self.admins.iter().filter(|a| self.hidden(a)).count();
        self.accounts.len().saturating_sub(hidden)
    }

    /// Imports or updates one account.
    pub(crate) fn import(
        &mut self,
        user_id: &str,
        nick: Option<&str>,
        face_url: Option<&str>,
        cap: Option<usize>,
        forbid_reimport: bool,
    ) -> Result<(), ImportRefusal> {
        if let Some(stored) = self.accounts.get_mut(user_id) {
            stored.set_import_fields(nick, face_url);
            stored.admin = false;
            return Ok(());
        }
        if forbid_reimport && self.deleted.contains(user_id) {
            return Err(ImportRefusal::DeletedBefore);
        }
        if let Some(cap) = cap
            && self.listed_count() >= cap
        {
            return Err(ImportRefusal::Cap(cap));
        }
        self.deleted.remove(user_id);
        let mut stored = Stored::default();
        stored.set_import_fields(nick, face_url);
        self.accounts.insert(user_id.to_owned(), stored);
        Ok(())
    }

    /// Deletes one account; false when it did not exist.
    pub(crate) fn delete(&mut self, user_id: &str) -> bool {
        if self.accounts.remove(user_id).is_some() {
            self.online.remove(user_id);
            self.clients.forget(user_id);
            self.deleted.insert(user_id.to_owned());
            true
        } else {
            false
        }
    }

    /// Records a revocation of every UserSig of `identifier` issued strictly before `now`.
    pub(crate) fn revoke(&mut self, identifier: &str, now: u64, how: Revocation) {
        self.revoked.insert(identifier.to_owned(), (now, how));
    }

    /// Records that `user_id` logged in (came online) at `now`.
    pub(crate) fn logged_in(&mut self, user_id: &str, now: u64) {
        let day = now / 86_400;
        if self.active.0 != day {
            self.active = (day, HashSet::new());
        }
        self.active.1.insert(user_id.to_owned());
    }

    /// How many accounts logged in on the day of `now`.
    pub(crate) fn active_today(&self, now: u64) -> usize {
        if self.active.0 == now / 86_400 {
            self.active.1.len()
        } else {
            0
        }
    }

    pub(crate) fn account(&self, user_id: &str) -> Option<Account> {
        self.accounts.get(user_id).map(|stored| Account {
            user_id: user_id.to_owned(),
            nick: stored.text(&ProfileTag::Nick),
            face_url: stored.text(&ProfileTag::Image),
            profile: Profile::from_items(&stored.items),
            robot: stored.robot,
        })
    }

    /// Stores `account` as it is (replacing any earlier one).
    pub(crate) fn insert(&mut self, account: Account) {
        let mut stored = Stored {
            items: account.profile.to_items(),
            robot: account.robot,
            admin: false,
        };
        stored.set_import_fields(account.nick.as_deref(), account.face_url.as_deref());
        self.deleted.remove(&account.user_id);
        self.accounts.insert(account.user_id, stored);
    }

    /// Whether the custom tag `name` is configured: in the fixed list when there is one, else
    /// registered by an earlier write.
    fn custom_tag_configured(&self, name: &str, fixed: Option<&BTreeSet<String>>) -> bool {
        match fixed {
            Some(list) => list.contains(name),
            None => self.custom_tags.contains(name),
        }
    }

    /// Checks that every custom tag among `tags` can be read: it is configured. Returns the
    /// first that is not (40009).
    pub(crate) fn custom_tags_readable<'t>(
        &self,
        tags: impl IntoIterator<Item = &'t ProfileTag>,
        fixed: Option<&BTreeSet<String>>,
    ) -> Result<(), &'t ProfileTag> {
        tags.into_iter()
            .filter(|t| t.is_custom())
            .find(|t| !self.custom_tag_configured(t.as_str(), fixed))
            .map_or(Ok(()), Err)
    }

    /// Checks that every custom tag among `tags` can be written, changing nothing: configured,
    /// or (without a fixed list) registrable while fewer than
    /// [`MAX_CUSTOM_TAGS`](im_proto::MAX_CUSTOM_TAGS) are. Returns the tags the write
    /// registers once it succeeds ([`Store::register_custom_tags`]), or the first tag that
    /// cannot be written (40009).
    pub(crate) fn custom_tags_writable<'t>(
        &self,
        tags: impl IntoIterator<Item = &'t ProfileTag>,
        fixed: Option<&BTreeSet<String>>,
    ) -> Result<Vec<String>, &'t ProfileTag> {
        let mut new: Vec<String> = Vec::new();
        for tag in tags.into_iter().filter(|t| t.is_custom()) {
            let name = tag.as_str();
            if self.custom_tag_configured(name, fixed) || new.iter().any(|n| n == name) {
                continue;
            }
            if fixed.is_some() || self.custom_tags.len() + new.len() >= im_proto::MAX_CUSTOM_TAGS {
                return Err(tag);
            }
            new.push(name.to_owned());
        }
        Ok(new)
    }

    /// Registers custom tags a successful write used (see [`Store::custom_tags_writable`]).
    pub(crate) fn register_custom_tags(&mut self, names: impl IntoIterator<Item = String>) {
        self.custom_tags.extend(names);
    }

    /// The active robots, by UserID.
    pub(crate) fn active_robots(&self) -> impl Iterator<Item = &str> {
        self.accounts
            .iter()
            .filter(|(_, stored)| stored.robot == Some(true))
            .map(|(id, _)| id.as_str())
    }
}
