//! Simulated clients: the SDK logins the emulator pretends exist, so that what the service does
//! only for client actions (logins and logouts, sends from a device, friend requests) can be
//! tested without a device. A login is a session of one platform from one IP address; a second
//! login on the same platform pushes the first offline (it is the login's `KickedDevice`). Each
//! account also has a send mute of its one-to-one and of its group sends (the global mute of
//! `setnospeaking`: the times until which a client send of it is refused).

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use im_proto::{OnlineStatus, PlatformStatus};

use crate::callbacks::Origin;

/// The platform of a simulated client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ClientPlatform {
    Ios,
    Android,
    Windows,
    Mac,
    Web,
    IPad,
    Linux,
}

impl ClientPlatform {
    /// The platforms a login accepts, as the callback overview names them.
    pub(crate) const NAMES: &'static str = "iOS, Android, Windows, Mac, Web, iPad, Linux";

    /// Reads a platform name, ignoring ASCII case (`iPhone` and `macOS` too); `None` for any
    /// other.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "ios" | "iphone" => ClientPlatform::Ios,
            "android" => ClientPlatform::Android,
            "windows" | "pc" => ClientPlatform::Windows,
            "mac" | "macos" => ClientPlatform::Mac,
            "web" => ClientPlatform::Web,
            "ipad" => ClientPlatform::IPad,
            "linux" => ClientPlatform::Linux,
            _ => return None,
        })
    }

    /// `OptPlatform` of a callback this client caused (the callback overview's list, which has
    /// no Linux: `Unknown`, its value for other devices).
    pub(crate) fn opt_platform(self) -> &'static str {
        match self {
            ClientPlatform::Ios => "iOS",
            ClientPlatform::Android => "Android",
            ClientPlatform::Windows => "Windows",
            ClientPlatform::Mac => "Mac",
            ClientPlatform::Web => "Web",
            ClientPlatform::IPad => "iPad",
            ClientPlatform::Linux => "Unknown",
        }
    }

    /// `KickedDevice[].Platform` of `State.StateChange`, which writes iOS as `IOS` (the
    /// callback overview; every other callback writes `iOS`).
    pub(crate) fn kicked_device(self) -> &'static str {
        match self {
            ClientPlatform::Ios => "IOS",
            ClientPlatform::Linux => "Linux",
            other => other.opt_platform(),
        }
    }

    /// `Detail[].Platform` of the online-status query (`iPhone`, `PC` for the desktops).
    pub(crate) fn query_platform(self) -> &'static str {
        match self {
            ClientPlatform::Ios => "iPhone",
            ClientPlatform::Android => "Android",
            ClientPlatform::Windows | ClientPlatform::Linux => "PC",
            ClientPlatform::Mac => "Mac",
            ClientPlatform::Web => "Web",
            ClientPlatform::IPad => "iPad",
        }
    }
}

impl fmt::Display for ClientPlatform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClientPlatform::Linux => "Linux",
            other => other.opt_platform(),
        })
    }
}

/// One simulated login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Session {
    pub(crate) platform: ClientPlatform,
    pub(crate) ip: IpAddr,
    /// When it logged in (Unix seconds).
    pub(crate) since: u64,
}

impl Session {
    /// The origin of the callbacks it causes: its `ClientIP` and `OptPlatform`.
    pub(crate) fn origin(&self) -> Origin {
        Origin::client(self.ip.to_string(), self.platform.opt_platform())
    }
}

/// The sends a mute stops: one-to-one or group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MuteKind {
    C2c,
    Group,
}

/// An account's send mutes: the Unix second until which each kind of its client sends is
/// refused (0: none; `u64::MAX`: for good).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mute {
    pub(crate) c2c: u64,
    pub(crate) group: u64,
}

impl Mute {
    fn until(&mut self, kind: MuteKind) -> &mut u64 {
        match kind {
            MuteKind::C2c => &mut self.c2c,
            MuteKind::Group => &mut self.group,
        }
    }
}

/// Every account's simulated logins and send mutes.
#[derive(Debug, Default)]
pub(crate) struct Clients {
    sessions: HashMap<String, Vec<Session>>,
    /// Account → the times until which its client sends are refused.
    mutes: HashMap<String, Mute>,
    /// Account → the live groups (AVChatRoom) its clients entered: such a group keeps no
    /// members, its online members are the accounts whose clients are in it.
    live: HashMap<String, Vec<Box<str>>>,
}

impl Clients {
    /// Logs `session` in for `user`; the session of the same platform it pushes offline.
    pub(crate) fn login(&mut self, user: &str, session: Session) -> Option<Session> {
        let list = self.sessions.entry(user.to_owned()).or_default();
        let kicked = list
            .iter()
            .position(|s| s.platform == session.platform)
            .map(|i| list.remove(i));
        list.push(session);
        kicked
    }

    /// Logs `user` out of `platform` (every platform when `None`); the sessions ended.
    pub(crate) fn logout(&mut self, user: &str, platform: Option<ClientPlatform>) -> Vec<Session> {
        let Some(list) = self.sessions.get_mut(user) else {
            return Vec::new();
        };
        let ended = match platform {
            None => std::mem::take(list),
            Some(platform) => match list.iter().position(|s| s.platform == platform) {
                Some(i) => vec![list.remove(i)],
                None => Vec::new(),
            },
        };
        if list.is_empty() {
            self.sessions.remove(user);
        }
        ended
    }

    /// How many accounts have a simulated login.
    pub(crate) fn logged_in(&self) -> usize {
        self.sessions.len()
    }

    /// `user`'s sessions, oldest first.
    pub(crate) fn sessions(&self, user: &str) -> &[Session] {
        self.sessions.get(user).map_or(&[], Vec::as_slice)
    }

    /// The session `user` acts from: the one of `platform`, or the latest when `None`.
    pub(crate) fn session(&self, user: &str, platform: Option<ClientPlatform>) -> Option<Session> {
        let list = self.sessions(user);
        match platform {
            None => list.last().copied(),
            Some(platform) => list.iter().find(|s| s.platform == platform).copied(),
        }
    }

    /// The online-status query's `Detail` of `user`'s sessions (empty when it has none).
    pub(crate) fn detail(&self, user: &str) -> Vec<PlatformStatus> {
        let list = self.sessions(user);
        list.iter()
            .map(|s| PlatformStatus::new(s.platform.query_platform(), OnlineStatus::Online))
            .collect()
    }

    /// Mutes both kinds of `user`'s client sends until `until` (Unix seconds; 0 or a past
    /// time unmutes).
    pub(crate) fn mute_until(&mut self, user: &str, until: u64) {
        self.set_mute(user, MuteKind::C2c, until);
        self.set_mute(user, MuteKind::Group, until);
    }

    /// Mutes `kind` of `user`'s client sends until `until` (Unix seconds, `u64::MAX` for good;
    /// 0 unmutes).
    pub(crate) fn set_mute(&mut self, user: &str, kind: MuteKind, until: u64) {
        let mute = self.mutes.entry(user.to_owned()).or_default();
        *mute.until(kind) = until;
        if *mute == Mute::default() {
            self.mutes.remove(user);
        }
    }

    /// `user`'s mutes as set (times that may have passed).
    pub(crate) fn mute(&self, user: &str) -> Mute {
        self.mutes.get(user).copied().unwrap_or_default()
    }

    /// Until when `kind` of `user`'s client sends is refused, if that is after `now`.
    pub(crate) fn muted_for(&self, user: &str, kind: MuteKind, now: u64) -> Option<u64> {
        let mut mute = self.mute(user);
        Some(*mute.until(kind)).filter(|&t| t > now)
    }

    /// Until when any of `user`'s client sends is refused (the later mute), if that is after
    /// `now`.
    pub(crate) fn muted(&self, user: &str, now: u64) -> Option<u64> {
        let c2c = self.muted_for(user, MuteKind::C2c, now);
        c2c.max(self.muted_for(user, MuteKind::Group, now))
    }

    /// Forgets `user` (a deleted account).
    pub(crate) fn forget(&mut self, user: &str) {
        self.sessions.remove(user);
        self.mutes.remove(user);
        self.live.remove(user);
    }

    /// `user`'s clients enter the live group `id`; whether the account was not in it yet.
    pub(crate) fn enter_live(&mut self, user: &str, id: &str) -> bool {
        let groups = self.live.entry(user.to_owned()).or_default();
        if groups.iter().any(|g| **g == *id) {
            return false;
        }
        groups.push(id.into());
        true
    }

    /// The live groups `user` was in, left because it has no client logged in any more (none
    /// while one is).
    pub(crate) fn left_live(&mut self, user: &str) -> Vec<Box<str>> {
        if self.sessions.contains_key(user) {
            return Vec::new();
        }
        self.live.remove(user).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(platform: ClientPlatform, ip: &str) -> Session {
        Session {
            platform,
            ip: ip.parse().unwrap(),
            since: 1,
        }
    }

    #[test]
    fn a_login_on_the_same_platform_pushes_the_first_offline() {
        let mut clients = Clients::default();
        let phone = session(ClientPlatform::Ios, "203.0.113.7");
        assert_eq!(clients.login("a", phone), None);
        assert_eq!(
            clients.login("a", session(ClientPlatform::Web, "198.51.100.1")),
            None
        );
        let again = session(ClientPlatform::Ios, "203.0.113.8");
        assert_eq!(clients.login("a", again), Some(phone));
        assert_eq!(clients.sessions("a").len(), 2);
        let detail = clients.detail("a");
        assert!(detail.iter().all(|d| d.status == OnlineStatus::Online));
        let names: Vec<_> = detail.iter().map(|d| d.platform.as_str()).collect();
        assert_eq!(names, ["Web", "iPhone"]);
        assert_eq!(clients.logout("a", Some(ClientPlatform::Mac)), []);
        assert_eq!(clients.logout("a", None).len(), 2);
        assert!(clients.detail("a").is_empty());
    }

    #[test]
    fn platform_names_follow_each_page() {
        let ios = ClientPlatform::parse("IOS").unwrap();
        assert_eq!(
            (
                ios.opt_platform(),
                ios.kicked_device(),
                ios.query_platform()
            ),
            ("iOS", "IOS", "iPhone")
        );
        let linux = ClientPlatform::parse("linux").unwrap();
        assert_eq!(
            (linux.opt_platform(), linux.to_string()),
            ("Unknown", "Linux".to_owned())
        );
        assert_eq!(ClientPlatform::parse("Symbian"), None);
    }

    #[test]
    fn each_kind_of_mute_has_its_own_time() {
        let mut clients = Clients::default();
        clients.set_mute("a", MuteKind::C2c, u64::MAX);
        clients.set_mute("a", MuteKind::Group, 50);
        assert_eq!(clients.muted_for("a", MuteKind::C2c, 1_000), Some(u64::MAX));
        assert_eq!(clients.muted_for("a", MuteKind::Group, 49), Some(50));
        assert_eq!(clients.muted_for("a", MuteKind::Group, 50), None);
        clients.set_mute("a", MuteKind::C2c, 0);
        assert_eq!(clients.muted_for("a", MuteKind::C2c, 0), None);
        assert_eq!(clients.mute("a"), Mute { c2c: 0, group: 50 });
        clients.set_mute("a", MuteKind::Group, 0);
        assert!(clients.mutes.is_empty());
    }

    #[test]
    fn a_mute_ends_at_its_time() {
        let mut clients = Clients::default();
        clients.mute_until("a", 100);
        assert_eq!(clients.muted("a", 99), Some(100));
        assert_eq!(clients.muted("a", 100), None);
        clients.mute_until("a", 0);
        assert_eq!(clients.muted("a", 0), None);
    }
}
