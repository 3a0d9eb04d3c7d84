//! The public face: [`Emulator`], its builder and its inspection and control methods.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::{Mutex, RwLock};
use std::time::Duration;

use im_callback::{StateAction, StateReason};
use im_proto::{Api, ApiMap, Per, QuotaCount};

use crate::auth::MAX_USERSIG_SKEW_SECS;
use crate::callbacks::{self, CallbackSettings, Callbacks, MAX_AFTER_RETRIES, OnCallbackFailure};
use crate::clock::Clock;
use crate::connections::ServeOptions;
use crate::edition::Edition;
use crate::faults::{FaultConfig, FaultRule};
use crate::limits::{Limit, Windows};
use crate::messages::{MessageStore, StoredMessage};
use crate::shared::Shared;
use crate::sig_cache::SigCache;
use crate::state::{Account, OnlineState, Revocation, Store};
use crate::stats::{Counters, Stats};

/// The default SDKAppID.
pub const DEFAULT_SDKAPPID: u64 = 1_400_000_000;

/// The default secret key: the demo key of Tencent's official UserSig libraries' examples (and of
/// the test vectors in `usersig.md`). Never use it for a real application.
pub const DEFAULT_SECRET_KEY: &str =
    "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

/// The default admin identifier.
pub const DEFAULT_ADMIN: &str = "administrator";

/// The default maximum request body, in bytes (1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// The longest request URL (path and query) answered normally; a longer one answers 60002.
/// (Over 64 KiB, the HTTP layer itself answers a bare 414.)
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// A configured emulator: its state, its settings, and the ways to serve it.
///
/// Cheap to clone; clones share the state. Build one with [`Emulator::builder`], then serve it
/// over HTTP with [`Emulator::start`] or call it in process with
/// [`Emulator::in_process_transport`]. All inspection and control methods work at any time,
/// whether or not a server is running.
#[derive(Clone)]
pub struct Emulator {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("sdkappid", &self.shared.sdkappid)
            .field("admins", &self.shared.admins)
            .finish_non_exhaustive()
    }
}

/// Settings for an [`Emulator`]; every one is optional.
///
/// `Debug` does not show the secret key.
#[derive(Clone)]
#[must_use]
pub struct EmulatorBuilder {
    sdkappid: u64,
    secret_key: String,
    admins: Vec<String>,
    rate_limits: ApiMap<Option<u32>>,
    /// Changed quotas of a minute or a day, in order.
    quotas: Vec<(Api, Per, Option<u32>)>,
    quotas_off: bool,
    account_cap: Option<usize>,
    forbid_reimport: bool,
    deletion_disabled: bool,
    daily_active_cap: Option<usize>,
    faults: FaultConfig,
    clock_offset: i64,
    fixed_now: Option<u64>,
    max_body_bytes: usize,
    serve: ServeOptions,
    custom_tags: Option<std::collections::BTreeSet<String>>,
    in_process_timeout: Duration,
    sig_cache_capacity: usize,
    callback_url: Option<String>,
    callback_token: Option<im_callback::Token>,
    callback_timeout: Duration,
    callback_queue: usize,
    daily_group_quota: Option<u64>,
    callback_settings: CallbackSettings,
    edition: Edition,
}

impl std::fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("sdkappid", &self.sdkappid)
            .field("secret_key", &"<redacted>")
            .field("admins", &self.admins)
            .field("rate_limits", &self.rate_limits)
            .field("quotas", &self.quotas)
            .field("quotas_off", &self.quotas_off)
            .field("account_cap", &self.account_cap)
            .field("forbid_reimport", &self.forbid_reimport)
            .field("deletion_disabled", &self.deletion_disabled)
            .field("daily_active_cap", &self.daily_active_cap)
            .field("faults", &self.faults)
            .field("clock_offset", &self.clock_offset)
            .field("fixed_now", &self.fixed_now)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("serve", &self.serve)
            .field("custom_tags", &self.custom_tags)
            .field("callback_url", &self.callback_url)
            .field("callback_token", &self.callback_token)
            .field("callback_timeout", &self.callback_timeout)
            .field("callback_queue", &self.callback_queue)
            .field("daily_group_quota", &self.daily_group_quota)
            .field("callback_settings", &self.callback_settings)
            .field("edition", &self.edition)
            .finish_non_exhaustive()
    }
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            sdkappid: DEFAULT_SDKAPPID,
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            admins: vec![DEFAULT_ADMIN.to_owned()],
            rate_limits: ApiMap::from_fn(|api| Some(api.metadata().default_calls_per_second)),
            quotas: Vec::new(),
            quotas_off: false,
            account_cap: None,
            forbid_reimport: false,
            deletion_disabled: false,
            daily_active_cap: None,
            faults: FaultConfig::new(),
            clock_offset: 0,
            fixed_now: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            serve: ServeOptions::default(),
            custom_tags: None,
            in_process_timeout: Duration::from_secs(30),
            sig_cache_capacity: 10_000,
            callback_url: None,
            callback_token: None,
            callback_timeout: callbacks::DEFAULT_TIMEOUT,
            callback_queue: callbacks::QUEUE,
            daily_group_quota: None,
            callback_settings: CallbackSettings::default(),
            edition: Edition::default(),
        }
    }
}

impl EmulatorBuilder {
    /// The app's SDKAppID; requests naming another one get 70020.
    pub fn sdkappid(mut self, sdkappid: u64) -> Self {
        self.sdkappid = sdkappid;
        self
    }

    /// The app's secret key (used as raw bytes, as the official libraries do).
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = key.into();
        self
    }

    /// The admin identifiers (replacing the default `administrator`); the first one is
    /// [`Emulator::admin`]. An empty list keeps the default.
    pub fn admins<I, S>(mut self, admins: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let admins: Vec<String> = admins.into_iter().map(Into::into).collect();
        if !admins.is_empty() {
            self.admins = admins;
        }
        self
    }

    /// The rate limit of one API in calls per second (`None`: unlimited; `Some(0)`: every call
    /// is throttled). The burst is one second's worth.
    pub fn rate_limit(mut self, api: Api, per_second: Option<u32>) -> Self {
        self.rate_limits[api] = per_second;
        self
    }

    /// Turns every rate limit off, the quotas of a minute or a day included (those set after
    /// this call with [`EmulatorBuilder::quota`] apply).
    pub fn without_rate_limits(mut self) -> Self {
        self.rate_limits = ApiMap::default();
        self.quotas.clear();
        self.quotas_off = true;
        self
    }

    /// One API's quota of a minute ([`Per::Minute`]) or a day ([`Per::Day`]): the declared
    /// ones (batchsendmsg's 12,000 messages a minute, counted per recipient) are enforced by
    /// default, answering 60007 beyond; this changes the limit (`None`: not enforced), or adds
    /// a quota the API does not declare (counting its items when it has an item list, else its
    /// calls). Counted in fixed windows of the emulator's clock.
    pub fn quota(mut self, api: Api, per: Per, limit: Option<u32>) -> Self {
        self.quotas.push((api, per, limit));
        self
    }

    /// A cap on the number of accounts (the trial edition's is 100): importing a new account
    /// beyond it answers 70398 (a batch import lists the account in `FailAccounts`).
    pub fn account_cap(mut self, cap: usize) -> Self {
        self.account_cap = Some(cap);
        self
    }

    /// When true, a deleted account cannot be imported again (70399), as on paid editions;
    /// by default it can (trial and developer editions).
    pub fn forbid_reimport_after_delete(mut self, forbid: bool) -> Self {
        self.forbid_reimport = forbid;
        self
    }

    /// When true, deleting accounts answers 71000, as on editions where deletion is not
    /// allowed (or not enabled in the console); by default deletion works.
    pub fn deletion_disabled(mut self, disabled: bool) -> Self {
        self.deletion_disabled = disabled;
        self
    }

    /// A trial edition's daily-active-user quota: while more accounts logged in on the
    /// emulator's current (UTC) day than `cap` (through [`Emulator::set_online`] with a status
    /// other than `Offline`), every API call answers 72000.
    pub fn daily_active_cap(mut self, cap: usize) -> Self {
        self.daily_active_cap = Some(cap);
        self
    }

    /// All fault settings at once (replacing latency, rules, stall and seed set before).
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    /// The fault rule for every API without an override.
    pub fn fault_rule(mut self, rule: FaultRule) -> Self {
        self.faults = self.faults.rule(rule);
        self
    }

    /// A fault rule for one API.
    pub fn api_fault_rule(mut self, api: Api, rule: FaultRule) -> Self {
        self.faults = self.faults.api_rule(api, rule);
        self
    }

    /// Added latency for every API request without a per-API rule: `fixed` plus up to `jitter`.
    pub fn latency(mut self, fixed: Duration, jitter: Duration) -> Self {
        self.faults.set_default_latency(fixed, jitter);
        self
    }

    /// How long a `stall` fault holds a request (default 60 s).
    pub fn stall_duration(mut self, stall: Duration) -> Self {
        self.faults = self.faults.stall(stall);
        self
    }

    /// The seed of the fault and jitter draws.
    pub fn seed(mut self, seed: u64) -> Self {
        self.faults = self.faults.seed(seed);
        self
    }

    /// Shifts the emulator's clock by this many seconds from the system clock.
    pub fn clock_offset(mut self, seconds: i64) -> Self {
        self.clock_offset = seconds;
        self
    }

    /// Pins the emulator's clock at this Unix time, in seconds (overrides the offset).
    pub fn fixed_now(mut self, unix_seconds: u64) -> Self {
        self.fixed_now = Some(unix_seconds);
        self
    }

    /// The largest request body accepted; larger ones answer 60002.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Fixes the app's custom profile tags (`Tag_Profile_Custom_*`, as configured in the
    /// console): writing or reading another custom tag answers 40009. Without it (the default),
    /// a well-formed custom tag is registered on its first write, up to 20, as if configured.
    pub fn custom_profile_tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.custom_tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// The most connections held at once (default 1024, at least 1). At the cap, the
    /// connection idle the longest is closed to make room for a new one; when none is idle,
    /// new ones wait in the listen backlog until one ends or becomes idle.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.serve = self.serve.max_connections(n);
        self
    }

    /// How long a connection may take to send a request's headers (default 30 s), after it
    /// opens or (HTTP/1) between two requests; it is closed otherwise (so half-open and idle
    /// connections do not hold a slot forever).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.serve = self.serve.header_read_timeout(timeout);
        self
    }

    /// How long a request's body may take to arrive after its headers (default 30 s); a
    /// request whose body is not complete by then is dropped with its connection, unanswered.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.serve = self.serve.body_read_timeout(timeout);
        self
    }

    /// How long a connection, HTTP/1 or HTTP/2, may stay open with no request in flight
    /// (default 30 s); it is closed then (HTTP/2: with GOAWAY).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.serve = self.serve.idle_timeout(timeout);
        self
    }

    /// How long the [`InProcessTransport`](crate::InProcessTransport) waits for an answer before it reports a timeout
    /// (default 30 s; what a `stall` fault runs into).
    pub fn in_process_timeout(mut self, timeout: Duration) -> Self {
        self.in_process_timeout = timeout;
        self
    }

    /// How long [`EmulatorHandle::shutdown`](crate::EmulatorHandle::shutdown) waits for requests in flight (default 5 s).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.serve = self.serve.shutdown_timeout(timeout);
        self
    }

    /// How many verified UserSigs to remember (default 10 000; 0 turns the cache off).
    pub fn usersig_cache_capacity(mut self, capacity: usize) -> Self {
        self.sig_cache_capacity = capacity;
        self
    }

    /// Sends the service's callbacks to `url` (an `http://` or `https://` URL; the callback's
    /// parameters are appended to its query, which may already have some, and a `#fragment` is
    /// dropped, as HTTP requests never carry one): each callback at the trigger its page names
    /// (41 of the 60 commands; `docs/emulator.md`, "Which callbacks the emulator sends", lists
    /// them). After callbacks are delivered in order, in the background, never delaying an
    /// answer; [`Stats::callbacks`](crate::Stats::callbacks) counts what was delivered.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// Signs callbacks with `token` (callback authentication on: `Sign` and `RequestTime` in
    /// every callback URL). Without a token callbacks are sent unsigned.
    pub fn callback_token(mut self, token: im_callback::Token) -> Self {
        self.callback_token = Some(token);
        self
    }

    /// How long a callback waits for the app's answer (default 2 s, the service's).
    pub fn callback_timeout(mut self, timeout: Duration) -> Self {
        self.callback_timeout = timeout;
        self
    }

    /// How many after callbacks may wait for delivery (default [`QUEUE`](crate::CALLBACK_QUEUE),
    /// 10,000; at least 1). Delivery never holds up an answer, so an event that finds the queue
    /// full is dropped: counted in [`CallbackStats::dropped`](crate::CallbackStats::dropped)
    /// (and `failed`), logged as a warning at the first drop and every 1,000th.
    pub fn callback_queue(mut self, capacity: usize) -> Self {
        self.callback_queue = capacity.max(1);
        self
    }

    /// The app's daily net group creation quota (groups created minus groups destroyed in a
    /// day, a console setting of the service; none by default): the first create_group of a
    /// day that takes the day's net creations past 70 % of it sends
    /// `Group.CallbackOnDailyGroupQuotaAlarm` (with a callback URL). The quota itself is not
    /// enforced (no 10006).
    pub fn daily_group_quota(mut self, quota: u64) -> Self {
        self.daily_group_quota = Some(quota);
        self
    }

    /// What a before callback without a usable answer (none within its budget, another HTTP
    /// status, a reply that does not read) leads to: the action goes on
    /// ([`OnCallbackFailure::Deliver`], the default, as the service's) or is refused with 80003
    /// ([`OnCallbackFailure::Block`], the console's other choice).
    pub fn callback_on_failure(mut self, on_failure: OnCallbackFailure) -> Self {
        self.callback_settings.on_failure = on_failure;
        self
    }

    /// How many times a failed after callback is sent again (default 0, at most
    /// [`MAX_AFTER_RETRIES`]: the service documents no retry of after callbacks).
    pub fn callback_after_retries(mut self, retries: u8) -> Self {
        self.callback_settings.after_retries = retries.min(MAX_AFTER_RETRIES);
        self
    }

    /// The edition the app has (default [`Edition::Enterprise`], the top paid one): the trial
    /// and developer editions send at most 1,000 one-to-one messages a day; message extensions
    /// need Ultimate or Enterprise.
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = edition;
        self
    }

    /// Builds the emulator.
    pub fn build(self) -> Emulator {
        let signer = im_sig::Signer::new(
            self.sdkappid,
            im_sig::SecretKey::new(self.secret_key.clone()),
        )
        .with_max_skew_secs(MAX_USERSIG_SKEW_SECS);
        let clock = Clock::new(self.clock_offset, self.fixed_now);
        let now = clock.now();
        let limits = self.rate_limits.map(|_, limit| Limit::new(limit));
        let mut quotas = ApiMap::from_fn(|api| {
            if self.quotas_off {
                Windows::default()
            } else {
                Windows::declared(api)
            }
        });
        for &(api, per, limit) in &self.quotas {
            quotas[api].set(api, per, limit);
        }
        let target = self
            .callback_url
            .map(|url| callbacks::Target::new(&url, self.callback_token, self.callback_timeout))
            .map(|target| target.with_queue(self.callback_queue))
            .map(|target| target.with_group_quota(self.daily_group_quota));
        Emulator {
            shared: Arc::new(Shared {
                sdkappid: self.sdkappid,
                secret_key: self.secret_key,
                signer,
                admins: self.admins.clone(),
                account_cap: self.account_cap,
                forbid_reimport: self.forbid_reimport,
                deletion_disabled: self.deletion_disabled,
                daily_active_cap: self.daily_active_cap,
                max_body_bytes: self.max_body_bytes,
                serve: self.serve,
                custom_tags: self.custom_tags,
                in_process_timeout: self.in_process_timeout,
                clock,
                limits: RwLock::new(limits),
                quotas: RwLock::new(quotas),
                faults: RwLock::new(self.faults),
                arrivals: AtomicU64::new(0),
                store: RwLock::new(Store::with_admins(&self.admins)),
                relations: RwLock::new(crate::relations::Relations::default()),
                counters: Mutex::new(Counters::default()),
                sig_cache: SigCache::new(self.sig_cache_capacity),
                callbacks: Callbacks::new(target, self.sdkappid, self.callback_settings),
                edition: self.edition,
                messages: Mutex::new(MessageStore::default()),
                groups: Mutex::new(crate::groups::Groups::default()),
                contacts: Mutex::new(crate::contacts::Contacts::default()),
                push: Mutex::new(crate::push::PushStore::default()),
                base_url: RwLock::new(crate::history::IN_PROCESS_BASE.to_owned()),
                banned_objects: Mutex::default(),
                moderation: Mutex::new(crate::moderation::Moderation::new(self.sdkappid, now)),
                hidden_from_search: Mutex::default(),
            }),
        }
    }
}

impl Default for Emulator {
    fn default() -> Self {
        Emulator::builder().build()
    }
}

impl Emulator {
    /// The chat files banned by `forbid_illegal_object` (and not allowed again), by `RawURL`,
    /// sorted.
    pub fn banned_objects(&self) -> Vec<String> {
        self.shared.banned_objects.lock().iter().cloned().collect()
    }

    /// The seeded message history file `name` (`{ChatType}/{MsgTime}.gz`, as `get_history`
    /// answers its address) as GZip bytes, if `get_history` would serve it now.
    pub fn history_file(&self, name: &str) -> Option<Vec<u8>> {
        let (chat_type, hour) = name.strip_suffix(".gz")?.split_once('/')?;
        if !matches!(chat_type, "C2C" | "Group") {
            return None;
        }
        let start = crate::history::hour_start(hour)?;
        crate::history::served(start, self.shared.clock.now()).then(|| {
            crate::history::HistoryFile::seeded(self.shared.sdkappid, chat_type, start).gzip
        })
    }

    /// A builder with every setting at its default.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The SDKAppID the emulator serves.
    pub fn sdkappid(&self) -> u64 {
        self.shared.sdkappid
    }

    /// The secret key UserSigs must be signed with.
    pub fn secret_key(&self) -> &str {
        &self.shared.secret_key
    }

    /// The first admin identifier.
    pub fn admin(&self) -> &str {
        &self.shared.admins[0]
    }

    /// Every admin identifier.
    pub fn admins(&self) -> &[String] {
        &self.shared.admins
    }

    /// Generates a UserSig for `identifier`, valid for `expire_secs` from the emulator's clock.
    ///
    /// # Panics
    ///
    /// When `identifier` is empty or longer than 32 bytes, `expire_secs` is 0, or the key is
    /// empty (the generator refuses those).
    pub fn generate_usersig(&self, identifier: &str, expire_secs: u64) -> String {
        self.try_generate_usersig(identifier, expire_secs)
            .expect("identifier, expiry and key are valid")
    }

    /// As [`Emulator::generate_usersig`], returning the generator's error instead of panicking
    /// (an SDKAppID of 0, an empty key, a bad identifier or expiry).
    ///
    /// # Errors
    ///
    /// The [`im_sig::GenerateError`] naming the bad input.
    pub fn try_generate_usersig(
        &self,
        identifier: &str,
        expire_secs: u64,
    ) -> Result<String, im_sig::GenerateError> {
        self.shared
            .signer
            .generate_at(identifier, expire_secs, self.now())
            .map(|sig| sig.into_string())
    }

    /// The emulator's current time, in Unix seconds.
    pub fn now(&self) -> u64 {
        self.shared.clock.now()
    }

    /// Shifts the clock by `seconds` from the system clock (and unpins a fixed time).
    pub fn set_clock_offset(&self, seconds: i64) {
        self.shared.clock.set_offset(seconds);
    }

    /// Pins the clock at `unix_seconds` (any value, `u64::MAX` included), or returns to the
    /// system clock plus offset with `None`.
    pub fn set_fixed_now(&self, unix_seconds: Option<u64>) {
        self.shared.clock.set_fixed(unix_seconds);
    }

    /// The clock offset in seconds, and the pinned time if any.
    pub fn clock(&self) -> (i64, Option<u64>) {
        (self.shared.clock.offset(), self.shared.clock.fixed())
    }

    /// Every account imported (or inserted), sorted by UserID. The admins' own accounts, which
    /// exist from the start as the console makes them, are left out unless imported.
    pub fn accounts(&self) -> Vec<Account> {
        let store = self.shared.store.read();
        store.listed().filter_map(|id| store.account(id)).collect()
    }

    /// One account, an admin's own included.
    pub fn account(&self, user_id: &str) -> Option<Account> {
        self.shared.store.read().account(user_id)
    }

    /// The number of accounts [`Emulator::accounts`] lists (what the account cap counts).
    pub fn account_count(&self) -> usize {
        self.shared.store.read().listed_count()
    }

    /// Adds or updates an account directly, ignoring the cap (to prepare a test). Without a
    /// fixed list of custom profile tags, the custom tags of its profile count as configured
    /// from then on (beyond 20 too).
    pub fn insert_account(&self, account: Account) {
        let custom: Vec<String> = account
            .profile
            .other
            .keys()
            .filter(|name| im_proto::ProfileTag::from(name.as_str()).is_custom())
            .cloned()
            .collect();
        let mut store = self.shared.store.write();
        store.insert(account);
        if self.shared.custom_tags.is_none() {
            store.register_custom_tags(custom);
        }
    }

    /// Sets what the online-status query reports for `user_id` (who must also be imported to be
    /// reported; otherwise the query answers 70107 for it).
    ///
    /// With callbacks configured, going from offline to online sends `State.StateChange`
    /// `Login`/`Register`, and back `Logout`/`Unregister`.
    pub fn set_online(&self, user_id: &str, state: OnlineState) {
        let now = self.shared.clock.now();
        let online = state.status != im_proto::OnlineStatus::Offline;
        let mut store = self.shared.store.write();
        if online {
            store.logged_in(user_id, now);
        }
        let previous = store.online.insert(user_id.to_owned(), state);
        drop(store);
        let was_online = previous.is_some_and(|s| s.status != im_proto::OnlineStatus::Offline);
        let change = match (was_online, online) {
            (false, true) => Some((StateAction::Login, StateReason::Register)),
            (true, false) => Some((StateAction::Logout, StateReason::Unregister)),
            _ => None,
        };
        if let Some((action, reason)) = change {
            self.shared
                .callbacks
                .state_change(user_id, action, reason, now);
        }
    }

    /// Simulates a client's state change for `user_id`: `Login` makes it online (on no
    /// particular platform) unless it already is, `Logout` and `Disconnect` offline (its
    /// simulated clients logged out, without an event each; each live group they were in
    /// gets `Group.CallbackOnMemberStateChange` `Offline`, `EventCause` `HeartbeatInterrupt`
    /// for a `Disconnect`, `Quit` for a `Logout`); with
    /// callbacks configured, sends `State.StateChange` with exactly this action and reason.
    pub fn change_state(&self, user_id: &str, action: StateAction, reason: StateReason) {
        let now = self.shared.clock.now();
        let mut store = self.shared.store.write();
        if action == StateAction::Login {
            store.logged_in(user_id, now);
            let state = store.online.entry(user_id.to_owned()).or_default();
            if state.status == im_proto::OnlineStatus::Offline {
                *state = OnlineState::new(im_proto::OnlineStatus::Online);
            }
            drop(store);
        } else {
            store.online.remove(user_id);
            store.clients.logout(user_id, None);
            let live = store.clients.left_live(user_id);
            drop(store);
            let cause = if action == StateAction::Disconnect {
                "HeartbeatInterrupt"
            } else {
                "Quit"
            };
            let origin = crate::callbacks::Origin::rest();
            let change = ("Offline", cause);
            (self.shared.callbacks).member_state(user_id, &live, change, now, &origin);
        }
        self.shared
            .callbacks
            .state_change(user_id, action, reason, now);
    }

    /// The online state of `user_id` (`Offline` unless set).
    pub fn online_state(&self, user_id: &str) -> OnlineState {
        self.shared
            .store
            .read()
            .online
            .get(user_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Makes every UserSig of `identifier` issued strictly before the current second (by
    /// `TLS.time`) answer [`Revocation::error_code`] (70001 or 70052), as invalidating the login state does with 70052.
    /// UserSigs generated from now on are accepted.
    pub fn revoke(&self, identifier: &str, how: Revocation) {
        let now = self.now();
        self.shared.store.write().revoke(identifier, now, how);
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> Stats {
        let mut stats = self.shared.counters.lock().snapshot();
        stats.callbacks = self.shared.callbacks.counts();
        stats
    }

    /// The callback settings in force (what a failed before callback leads to, after-callback
    /// retries).
    pub fn callback_settings(&self) -> CallbackSettings {
        self.shared.callbacks.settings()
    }

    /// Changes the callback settings (`after_retries` capped at [`MAX_AFTER_RETRIES`]); they
    /// apply to the callbacks sent from now on.
    pub fn set_callback_settings(&self, settings: CallbackSettings) {
        self.shared.callbacks.set_settings(settings);
    }

    /// The edition the emulator models.
    pub fn edition(&self) -> Edition {
        self.shared.edition
    }

    /// Every stored one-to-one message between `a` and `b` (either direction), oldest first,
    /// hidden ones included (see [`StoredMessage`]).
    pub fn messages_between(&self, a: &str, b: &str) -> Vec<StoredMessage> {
        self.shared.messages.lock().between(a, b)
    }

    /// How many one-to-one messages `account` sent and received (stored ones).
    pub fn message_counts(&self, account: &str) -> (u64, u64) {
        self.shared.messages.lock().counts(account)
    }

    /// How many accounts received how many stored one-to-one messages (from `from` only, when
    /// given): received count → number of accounts (accounts that received none are left
    /// out). A bulk send to N accounts left none lost and none doubled when this is `{1: N}`.
    pub fn received_histogram(&self, from: Option<&str>) -> BTreeMap<u64, u64> {
        self.shared.messages.lock().received_histogram(from)
    }

    /// How many one-to-one messages are stored.
    pub fn message_count(&self) -> u64 {
        self.shared.messages.lock().len()
    }

    /// Push to all users, as `GET /_emulator/push` shows it: `attr_names` (the app's attribute
    /// names by number), `attrs` and `tags` (each account's), and `pushes`, oldest first, each
    /// with its `task_id`, `msg_random`, `time`, `from`, `msg_life_time`, `condition` (`null`:
    /// every user), `msg_body` and `recipients` (the accounts it reached, sorted).
    pub fn push_state(&self) -> serde_json::Value {
        self.shared.push.lock().to_json()
    }

    /// Clears accounts, messages, groups, recent contacts, push attributes, tags and pushes, online states,
    /// revocations, statistics, the UserSig cache and the fault arrival counter (so a seeded
    /// fault sequence starts over). Settings are kept.
    pub fn reset(&self) {
        *self.shared.store.write() = Store::with_admins(&self.shared.admins);
        *self.shared.messages.lock() = MessageStore::default();
        *self.shared.groups.lock() = crate::groups::Groups::default();
        *self.shared.contacts.lock() = crate::contacts::Contacts::default();
        *self.shared.push.lock() = crate::push::PushStore::default();
        let now = self.shared.clock.now();
        *self.shared.moderation.lock() =
            crate::moderation::Moderation::new(self.shared.sdkappid, now);
        self.reset_relations();
        *self.shared.counters.lock() = Counters::default();
        self.shared.sig_cache.clear();
        self.shared.callbacks.reset();
        self.shared.arrivals.store(0, Ordering::Relaxed);
    }

    /// Replaces the fault settings and restarts the arrival counter from 0.
    pub fn set_faults(&self, faults: FaultConfig) {
        *self.shared.faults.write() = faults;
        self.shared.arrivals.store(0, Ordering::Relaxed);
    }

    /// The fault settings in force.
    pub fn faults(&self) -> FaultConfig {
        self.shared.faults.read().clone()
    }

    /// Sets one API's rate limit (`None`: unlimited; `Some(0)`: every call is throttled), with
    /// a fresh limiter.
    pub fn set_rate_limit(&self, api: Api, per_second: Option<u32>) {
        self.shared.limits.write()[api] = Limit::new(per_second);
    }

    /// Sets one API's quota of a minute or a day (see [`EmulatorBuilder::quota`]), its count
    /// starting over.
    pub fn set_quota(&self, api: Api, per: Per, limit: Option<u32>) {
        self.shared.quotas.write()[api].set(api, per, limit);
    }

    /// One API's quotas of a minute or a day: period, what is counted, limit (`None`: not
    /// enforced).
    pub fn quotas(&self, api: Api) -> Vec<(Per, QuotaCount, Option<u32>)> {
        self.shared.quotas.read()[api].limits()
    }

    /// One API's rate limit in calls per second.
    pub fn rate_limit(&self, api: Api) -> Option<u32> {
        self.shared.limits.read()[api].per_second
    }

    /// Every API's rate limit.
    pub fn rate_limits(&self) -> BTreeMap<Api, Option<u32>> {
        self.shared
            .limits
            .read()
            .iter()
            .map(|(api, limit)| (api, limit.per_second))
            .collect()
    }
}
