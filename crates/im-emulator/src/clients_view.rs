//! Simulated clients seen from outside: [`Emulator`]'s logins and logouts of a client (platform
//! and IP address), each sent as `State.StateChange` with the client's `ClientIP` and
//! `OptPlatform`, and their control endpoints `/_emulator/clients/{UserID}/...`.

use std::fmt;
use std::net::IpAddr;

use http::StatusCode;
use im_callback::{KickedDevice, StateAction, StateReason};
use serde_json::{Map, Value, json};

use crate::clients::{ClientPlatform, MuteKind, Session};
use crate::emulator::Emulator;
use crate::state::OnlineState;

/// Why a simulated client's action was refused before it reached the service's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The account is not imported (nor an admin's).
    UnknownAccount(String),
    /// Not a platform a client logs in from.
    UnknownPlatform(String),
    /// The account has no client logged in (on that platform, when one was named).
    NotLoggedIn {
        /// The account.
        user_id: String,
        /// The platform asked for, if any.
        platform: Option<String>,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::UnknownAccount(user) => {
                write!(f, "account {user:?} does not exist: import it first")
            }
            ClientError::UnknownPlatform(name) => write!(
                f,
                "platform {name:?} is not a client platform (one of {})",
                ClientPlatform::NAMES
            ),
            ClientError::NotLoggedIn { user_id, platform } => match platform {
                Some(p) => write!(f, "{user_id:?} has no client logged in on {p}"),
                None => write!(f, "{user_id:?} has no client logged in"),
            },
        }
    }
}

impl std::error::Error for ClientError {}

impl ClientError {
    /// The HTTP status of the control endpoint's answer.
    fn status(&self) -> StatusCode {
        match self {
            ClientError::UnknownAccount(_) => StatusCode::NOT_FOUND,
            ClientError::UnknownPlatform(_) => StatusCode::BAD_REQUEST,
            ClientError::NotLoggedIn { .. } => StatusCode::CONFLICT,
        }
    }
}

/// Reads a platform name.
pub(crate) fn platform(name: &str) -> Result<ClientPlatform, ClientError> {
    ClientPlatform::parse(name).ok_or_else(|| ClientError::UnknownPlatform(name.to_owned()))
}

impl Emulator {
    /// Logs a simulated client of `user_id` in from `platform` (`iOS`, `Android`, `Windows`,
    /// `Mac`, `Web`, `iPad`, `Linux`; case ignored) at `client_ip`. The online-status query
    /// then reports it on that platform. With callbacks configured it sends `State.StateChange`
    /// `Login`/`Register` with that `ClientIP` and `OptPlatform`; a client already logged in on
    /// the same platform is pushed offline and named in the event's `KickedDevice` (as
    /// `State.StateChange` spells platforms: `IOS`).
    pub fn client_login(
        &self,
        user_id: &str,
        platform: &str,
        client_ip: IpAddr,
    ) -> Result<(), ClientError> {
        let platform = self::platform(platform)?;
        let now = self.shared.clock.now();
        let session = Session {
            platform,
            ip: client_ip,
            since: now,
        };
        let mut store = self.shared.store.write();
        if !store.accounts.contains_key(user_id) {
            return Err(ClientError::UnknownAccount(user_id.to_owned()));
        }
        let kicked = store.clients.login(user_id, session);
        store.logged_in(user_id, now);
        let state = OnlineState::derived_from(store.clients.detail(user_id));
        store.online.insert(user_id.to_owned(), state);
        drop(store);
        let kicked = kicked
            .map(|s| KickedDevice::new(s.platform.kicked_device()))
            .into_iter()
            .collect();
        let change = (StateAction::Login, StateReason::Register);
        self.shared
            .callbacks
            .client_state_change(user_id, change, kicked, now, session.origin());
        Ok(())
    }

    /// Logs `user_id`'s simulated client on `platform` out (every one of its clients when
    /// `None`); each sends `State.StateChange` `Logout`/`Unregister` with its `ClientIP` and
    /// `OptPlatform`. An account with no client left leaves the live groups' online lists.
    /// Returns how many clients logged out.
    pub fn client_logout(
        &self,
        user_id: &str,
        platform: Option<&str>,
    ) -> Result<usize, ClientError> {
        let platform = platform.map(self::platform).transpose()?;
        let now = self.shared.clock.now();
        let mut store = self.shared.store.write();
        let ended = store.clients.logout(user_id, platform);
        if ended.is_empty() {
            return Err(ClientError::NotLoggedIn {
                user_id: user_id.to_owned(),
                platform: platform.map(|p| p.to_string()),
            });
        }
        let live = store.clients.left_live(user_id);
        let detail = store.clients.detail(user_id);
        let offline = detail.is_empty();
        if offline {
            store.online.remove(user_id);
        } else {
            store
                .online
                .insert(user_id.to_owned(), OnlineState::derived_from(detail));
        }
        drop(store);
        if offline {
            self.shared.groups.lock().offline(user_id);
        }
        let change = (StateAction::Logout, StateReason::Unregister);
        for session in &ended {
            let origin = session.origin();
            self.shared.callbacks.client_state_change(
                user_id,
                change.clone(),
                Vec::new(),
                now,
                origin,
            );
        }
        if let Some(last) = ended.last() {
            let change = ("Offline", "Quit");
            let origin = last.origin();
            (self.shared.callbacks).member_state(user_id, &live, change, now, &origin);
        }
        Ok(ended.len())
    }

    /// Mutes `user_id`'s client sends until `until` (Unix seconds on the emulator's clock; 0
    /// unmutes): a client's one-to-one send is refused with 20012 and its group send with 10017,
    /// without a before-send callback.
    pub fn set_client_mute(&self, user_id: &str, until: u64) {
        self.shared.store.write().clients.mute_until(user_id, until);
    }
}

type Reply = Result<Value, (StatusCode, String)>;

fn refused(err: &ClientError) -> (StatusCode, String) {
    (err.status(), err.to_string())
}

fn bad_request(message: impl Into<String>) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, message.into())
}

/// A string field of a control body (absent or `null`: `None`).
pub(crate) fn text<'a>(
    body: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, (StatusCode, String)> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(bad_request(format!("{name} must be a string"))),
    }
}

/// `GET /_emulator/clients/{UserID}`: its clients and send mute.
pub(crate) fn get(emulator: &Emulator, user: &str) -> Reply {
    let now = emulator.now();
    let store = emulator.shared.store.read();
    if !store.accounts.contains_key(user) {
        return Err(refused(&ClientError::UnknownAccount(user.to_owned())));
    }
    let sessions: Vec<Value> = store
        .clients
        .sessions(user)
        .iter()
        .map(|s| json!({"Platform": s.platform.to_string(), "ClientIP": s.ip.to_string(), "since": s.since}))
        .collect();
    let muted = store.clients.muted(user, now);
    let c2c = store.clients.muted_for(user, MuteKind::C2c, now);
    let group = store.clients.muted_for(user, MuteKind::Group, now);
    Ok(json!({
        "UserID": user,
        "clients": sessions,
        "muted_until": muted,
        "c2c_muted_until": c2c,
        "group_muted_until": group,
    }))
}

/// `POST /_emulator/clients/{UserID}/login`: `{"Platform": "iOS", "ClientIP": "203.0.113.9"}`.
pub(crate) fn login(emulator: &Emulator, user: &str, body: &Map<String, Value>) -> Reply {
    let platform = text(body, "Platform")?
        .ok_or_else(|| bad_request(format!("Platform must be one of {}", ClientPlatform::NAMES)))?;
    let ip = match text(body, "ClientIP")? {
        None => IpAddr::from([127, 0, 0, 1]),
        Some(ip) => ip
            .parse()
            .map_err(|_| bad_request(format!("ClientIP {ip:?} is not an IP address")))?,
    };
    emulator
        .client_login(user, platform, ip)
        .map_err(|e| refused(&e))?;
    get(emulator, user)
}

/// `POST /_emulator/clients/{UserID}/logout`: `{"Platform": "iOS"}` (absent: every client).
pub(crate) fn logout(emulator: &Emulator, user: &str, body: &Map<String, Value>) -> Reply {
    let platform = text(body, "Platform")?;
    let ended = emulator
        .client_logout(user, platform)
        .map_err(|e| refused(&e))?;
    let mut answer = get(emulator, user)?;
    answer["logged_out"] = json!(ended);
    Ok(answer)
}

/// `POST /_emulator/clients/{UserID}/mute`: `{"until": T}` (Unix seconds) or `{"seconds": N}`
/// from now; `{"until": 0}` unmutes.
pub(crate) fn mute(emulator: &Emulator, user: &str, body: &Map<String, Value>) -> Reply {
    let number = |name: &str| match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| bad_request(format!("{name} must be a non-negative integer"))),
    };
    let until = match (number("until")?, number("seconds")?) {
        (Some(until), None) => until,
        (None, Some(seconds)) => emulator.now().saturating_add(seconds),
        _ => return Err(bad_request("give one of until (Unix seconds) or seconds")),
    };
    if !emulator.shared.store.read().accounts.contains_key(user) {
        return Err(refused(&ClientError::UnknownAccount(user.to_owned())));
    }
    emulator.set_client_mute(user, until);
    get(emulator, user)
}

/// A route under `/_emulator/clients/{UserID}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    Get,
    Login,
    Logout,
    Mute,
}

impl Route {
    /// The route of the path's last part (empty: the account's view).
    pub(crate) fn parse(action: &str) -> Option<Self> {
        Some(match action.trim_end_matches('/') {
            "" => Route::Get,
            "login" => Route::Login,
            "logout" => Route::Logout,
            "mute" => Route::Mute,
            _ => return None,
        })
    }

    /// Its HTTP method.
    pub(crate) fn method(self) -> http::Method {
        match self {
            Route::Get => http::Method::GET,
            _ => http::Method::POST,
        }
    }

    /// Runs it for `user` with the request's `body`.
    pub(crate) fn run(self, emulator: &Emulator, user: &str, body: &Map<String, Value>) -> Reply {
        match self {
            Route::Get => get(emulator, user),
            Route::Login => login(emulator, user, body),
            Route::Logout => logout(emulator, user, body),
            Route::Mute => mute(emulator, user, body),
        }
    }
}
