//! The emulator's mutable state: accounts, online states, revocations, statistics.

use std::collections::{BTreeMap, HashMap, HashSet};

use im_proto::query_online_status::{OnlineStatus, PlatformStatus};
use im_proto::{Api, ErrorCode};
use serde_json::{Map, Value, json};

use crate::FaultKind;

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

/// A user's online state as `query_online_status` reports it.
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
    /// 70052: the UserSig was invalidated (what `kick` records).
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
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Profile {
    pub(crate) nick: Option<String>,
    pub(crate) face_url: Option<String>,
}

/// Why an import was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImportRefusal {
    Cap(usize),
    DeletedBefore,
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

    pub(crate) fn account(&self, user_id: &str) -> Option<Account> {
        self.accounts.get(user_id).map(|p| Account {
            user_id: user_id.to_owned(),
            nick: p.nick.clone(),
            face_url: p.face_url.clone(),
        })
    }
}

/// Counters, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: [u64; 6],
    /// Per API (index 6: requests that matched no API), per code.
    pub(crate) answers: [HashMap<i64, u64>; 7],
    pub(crate) faults: [u64; 6],
    pub(crate) throttled: u64,
    pub(crate) unknown_routes: u64,
}

pub(crate) fn api_index(api: Api) -> usize {
    match api {
        Api::AccountImport => 0,
        Api::MultiaccountImport => 1,
        Api::AccountCheck => 2,
        Api::AccountDelete => 3,
        Api::Kick => 4,
        Api::QueryOnlineStatus => 5,
    }
}

impl Counters {
    pub(crate) fn snapshot(&self) -> Stats {
        let mut stats = Stats::default();
        for api in Api::ALL {
            let i = api_index(api);
            stats.requests.insert(api, self.requests[i]);
            let per_api: BTreeMap<ErrorCode, u64> = self.answers[i]
                .iter()
                .map(|(&code, &n)| (ErrorCode::new(code), n))
                .collect();
            stats.answers_by_api.insert(api, per_api);
        }
        for per in &self.answers {
            for (&code, &n) in per {
                *stats.answers.entry(ErrorCode::new(code)).or_default() += n;
            }
        }
        for kind in FaultKind::ALL {
            stats.faults.insert(kind, self.faults[kind.index()]);
        }
        stats.throttled = self.throttled;
        stats.unknown_routes = self.unknown_routes;
        stats
    }
}

/// A snapshot of the emulator's counters since start or the last reset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    requests: BTreeMap<Api, u64>,
    answers: BTreeMap<ErrorCode, u64>,
    answers_by_api: BTreeMap<Api, BTreeMap<ErrorCode, u64>>,
    faults: BTreeMap<FaultKind, u64>,
    throttled: u64,
    unknown_routes: u64,
}

impl Stats {
    /// Requests routed to `api` (every outcome: faulted, throttled, refused or answered).
    pub fn requests(&self, api: Api) -> u64 {
        self.requests.get(&api).copied().unwrap_or(0)
    }

    /// Requests routed to any of the six APIs.
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }

    /// JSON envelopes answered with `code`, over all routes (unknown routes' 60009 included).
    pub fn answers(&self, code: ErrorCode) -> u64 {
        self.answers.get(&code).copied().unwrap_or(0)
    }

    /// JSON envelopes answered with `code` by `api`.
    pub fn answers_for(&self, api: Api, code: ErrorCode) -> u64 {
        self.answers_by_api
            .get(&api)
            .and_then(|m| m.get(&code))
            .copied()
            .unwrap_or(0)
    }

    /// Every code answered, with its count.
    pub fn answer_counts(&self) -> &BTreeMap<ErrorCode, u64> {
        &self.answers
    }

    /// Faults of `kind` injected.
    pub fn faults(&self, kind: FaultKind) -> u64 {
        self.faults.get(&kind).copied().unwrap_or(0)
    }

    /// Faults injected, all kinds.
    pub fn total_faults(&self) -> u64 {
        self.faults.values().sum()
    }

    /// Requests refused with 60007 by a rate limiter.
    pub fn throttled(&self) -> u64 {
        self.throttled
    }

    /// Requests whose path named no API (answered 60009).
    pub fn unknown_routes(&self) -> u64 {
        self.unknown_routes
    }

    /// The JSON served by `GET /_emulator/stats`:
    /// `{"requests":{"account_import":N,..},"answers":{"0":N,..},"answers_by_api":{..},
    /// "faults":{"70169":N,..},"throttled":N,"unknown_routes":N}`.
    pub fn to_json(&self) -> Value {
        let codes = |m: &BTreeMap<ErrorCode, u64>| -> Map<String, Value> {
            m.iter()
                .map(|(code, n)| (code.get().to_string(), Value::from(*n)))
                .collect()
        };
        let requests: Map<String, Value> = self
            .requests
            .iter()
            .map(|(api, n)| (api.as_str().to_owned(), Value::from(*n)))
            .collect();
        let by_api: Map<String, Value> = self
            .answers_by_api
            .iter()
            .map(|(api, m)| (api.as_str().to_owned(), Value::Object(codes(m))))
            .collect();
        let faults: Map<String, Value> = self
            .faults
            .iter()
            .map(|(kind, n)| (kind.as_str().to_owned(), Value::from(*n)))
            .collect();
        json!({
            "requests": requests,
            "answers": codes(&self.answers),
            "answers_by_api": by_api,
            "faults": faults,
            "throttled": self.throttled,
            "unknown_routes": self.unknown_routes,
        })
    }
}
