//! The emulator's account data: accounts with their profiles, online states, revocations.

use std::collections::{BTreeMap, HashMap, HashSet};

use im_proto::{ErrorCode, OnlineStatus, PlatformStatus};
use serde_json::{Value, json};

/// An imported account as the emulator stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Account {
    /// `UserID`.
    pub user_id: String,
    /// `Nick`, when one was set.
    pub nick: Option<String>,
    /// `FaceUrl`, when one was set.
    pub face_url: Option<String>,
}

impl Account {
    /// An account with no profile fields.
    pub fn new(user_id: impl Into<String>) -> Self {
        Account {
            user_id: user_id.into(),
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

    /// The JSON form used by `GET /_emulator/accounts`: absent fields are `null`.
    pub fn to_json(&self) -> Value {
        json!({"UserID": self.user_id, "Nick": self.nick, "FaceUrl": self.face_url})
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
    pub(crate) accounts: BTreeMap<String, Profile>,
    pub(crate) deleted: HashSet<String>,
    pub(crate) online: HashMap<String, OnlineState>,
    /// Identifier → (UserSigs with `TLS.time` strictly before this second are refused, how).
    pub(crate) revoked: HashMap<String, (u64, Revocation)>,
    /// The day (Unix time / 86400) of `active`, and the accounts that logged in that day.
    pub(crate) active: (u64, HashSet<String>),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Profile {
    pub(crate) nick: Option<String>,
    pub(crate) face_url: Option<String>,
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
    /// Imports or updates one account.
    pub(crate) fn import(
        &mut self,
        user_id: &str,
        nick: Option<&str>,
        face_url: Option<&str>,
        cap: Option<usize>,
        forbid_reimport: bool,
    ) -> Result<(), ImportRefusal> {
        if let Some(profile) = self.accounts.get_mut(user_id) {
            if let Some(nick) = nick {
                profile.nick = Some(nick.to_owned());
            }
            if let Some(face_url) = face_url {
                profile.face_url = Some(face_url.to_owned());
            }
            return Ok(());
        }
        if forbid_reimport && self.deleted.contains(user_id) {
            return Err(ImportRefusal::DeletedBefore);
        }
        if let Some(cap) = cap {
            if self.accounts.len() >= cap {
                return Err(ImportRefusal::Cap(cap));
            }
        }
        self.deleted.remove(user_id);
        self.accounts.insert(
            user_id.to_owned(),
            Profile {
                nick: nick.map(str::to_owned),
                face_url: face_url.map(str::to_owned),
            },
        );
        Ok(())
    }

    /// Deletes one account; false when it did not exist.
    pub(crate) fn delete(&mut self, user_id: &str) -> bool {
        if self.accounts.remove(user_id).is_some() {
            self.online.remove(user_id);
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
        self.accounts.get(user_id).map(|p| Account {
            user_id: user_id.to_owned(),
            nick: p.nick.clone(),
            face_url: p.face_url.clone(),
        })
    }
}
