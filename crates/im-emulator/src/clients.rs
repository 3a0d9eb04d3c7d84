//! Simulated clients: the SDK logins the emulator pretends exist, so that what the service does
//! only for client actions (logins and logouts, sends from a device, friend requests) can be
//! tested without a device. A login is a session of one platform from one IP address; a second
//! login on the same platform pushes the first offline (it is the login's `KickedDevice`). Each
//! account also has a send mute (the time until which a client send of it is refused).

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

/// Every account's simulated logins and send mutes.
#[derive(Debug, Default)]
pub(crate) struct Clients {
    sessions: HashMap<String, Vec<Session>>,
    /// Account → Unix second until which its client sends are refused.
    muted_until: HashMap<String, u64>,
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

    /// Mutes `user`'s client sends until `until` (Unix seconds; 0 or a past time unmutes).
    pub(crate) fn mute_until(&mut self, user: &str, until: u64) {
        if until == 0 {
            self.muted_until.remove(user);
        } else {
            self.muted_until.insert(user.to_owned(), until);
        }
    }

    /// Until when `user`'s client sends are refused, if that is after `now`.
    pub(crate) fn muted(&self, user: &str, now: u64) -> Option<u64> {
        self.muted_until.get(user).copied().filter(|&t| t > now)
    }

    /// Forgets `user` (a deleted account).
    pub(crate) fn forget(&mut self, user: &str) {
        self.sessions.remove(user);
        self.muted_until.remove(user);
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
    fn a_mute_ends_at_its_time() {
        let mut clients = Clients::default();
        clients.mute_until("a", 100);
        assert_eq!(clients.muted("a", 99), Some(100));
        assert_eq!(clients.muted("a", 100), None);
        clients.mute_until("a", 0);
        assert_eq!(clients.muted("a", 0), None);
    }
}
