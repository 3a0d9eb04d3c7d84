//! The state and settings both front ends share.

use parking_lot::{Mutex, RwLock};
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use im_proto::ApiMap;

use crate::callbacks::Callbacks;
use crate::clock::Clock;
use crate::connections::ServeOptions;
use crate::contacts::Contacts;
use crate::edition::Edition;
use crate::faults::FaultConfig;
use crate::groups::Groups;
use crate::limits::{Limit, Windows};
use crate::messages::MessageStore;
use crate::push::PushStore;
use crate::relations::Relations;
use crate::sig_cache::SigCache;
use crate::state::Store;
use crate::stats::Counters;

/// Everything the front ends share.
pub(crate) struct Shared {
    pub(crate) sdkappid: u64,
    pub(crate) secret_key: String,
    pub(crate) signer: im_sig::Signer,
    pub(crate) admins: Vec<String>,
    pub(crate) account_cap: Option<usize>,
    pub(crate) forbid_reimport: bool,
    pub(crate) deletion_disabled: bool,
    pub(crate) daily_active_cap: Option<usize>,
    pub(crate) max_body_bytes: usize,
    /// The app's custom profile tags when fixed (`None`: registered on first write, up to 20).
    pub(crate) custom_tags: Option<std::collections::BTreeSet<String>>,
    /// The HTTP server's connection limits and timeouts.
    pub(crate) serve: ServeOptions,
    pub(crate) in_process_timeout: Duration,
    pub(crate) clock: Clock,
    pub(crate) limits: RwLock<ApiMap<Limit>>,
    /// The quotas of a minute or a day.
    pub(crate) quotas: RwLock<ApiMap<Windows>>,
    pub(crate) faults: RwLock<FaultConfig>,
    /// The number of API requests that reached fault injection (the fault draw's `n`).
    pub(crate) arrivals: AtomicU64,
    pub(crate) store: RwLock<Store>,
    /// The relationship graph (friends, blocklists, follows); locked after `store`.
    pub(crate) relations: RwLock<Relations>,
    pub(crate) counters: Mutex<Counters>,
    pub(crate) sig_cache: SigCache,
    /// The edition the emulator models.
    pub(crate) edition: Edition,
    /// The one-to-one messages.
    pub(crate) messages: Mutex<MessageStore>,
    pub(crate) callbacks: Callbacks,
    /// The groups, their members and messages; locked after `store`.
    pub(crate) groups: Mutex<Groups>,
    /// Each account's pins, deleted conversations, contact groups and marks; locked after
    /// `messages` and `groups`, never with them.
    pub(crate) contacts: Mutex<Contacts>,
    /// Push to all users: attribute names, the accounts' attributes and tags, the pushes.
    pub(crate) push: Mutex<PushStore>,
    /// The address the emulator serves HTTP on (`http://127.0.0.1:PORT`, the latest server
    /// started), or the in-process base URL: where `get_history`'s files are downloaded.
    pub(crate) base_url: RwLock<String>,
    /// The chat files `forbid_illegal_object` banned, by `RawURL`.
    pub(crate) banned_objects: Mutex<std::collections::BTreeSet<String>>,
    /// The content moderation keyword libraries.
    pub(crate) moderation: Mutex<crate::moderation::Moderation>,
    /// The users, groups and members hidden from cloud search.
    pub(crate) hidden_from_search: Mutex<crate::search::HiddenObjects>,
}
