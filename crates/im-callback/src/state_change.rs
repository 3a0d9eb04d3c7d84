//! `State.StateChange`: a user logged in, logged out, or dropped off.

use serde::{Deserialize, Serialize};

/// The `CallbackCommand` of this event.
pub const COMMAND: &str = "State.StateChange";

im_proto::string_enum! {
    /// `Info.Action`: what happened.
    StateAction {
        /// `Login`: a connection was established.
        Login => "Login",
        /// `Logout`: the user logged out.
        Logout => "Logout",
        /// `Disconnect`: the network connection was lost.
        Disconnect => "Disconnect",
    }
}

im_proto::string_enum! {
    /// `Info.Reason`: why.
    StateReason {
        /// `Register`: logged in (or reconnected).
        Register => "Register",
        /// `Unregister`: logged out.
        Unregister => "Unregister",
        /// `LinkClose`: the service saw the connection close.
        LinkClose => "LinkClose",
        /// `TimeOut`: the heartbeat timed out (400 s).
        TimeOut => "TimeOut",
    }
}

/// A device platform as callbacks spell it (`iOS`, and `IOS` in this event), read ignoring
/// case; any other value is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DevicePlatform {
    /// `iOS` / `IOS`.
    Ios,
    /// `Android`.
    Android,
    /// `Web`.
    Web,
    /// `Windows`.
    Windows,
    /// `iPad`.
    IPad,
    /// `Mac` / `macOS`.
    Mac,
    /// `Linux`.
    Linux,
    /// Another value, verbatim.
    Other(String),
}

impl DevicePlatform {
    /// Reads a platform name, ignoring ASCII case.
    pub fn parse(name: &str) -> Self {
        match name.to_ascii_lowercase().as_str() {
            "ios" => DevicePlatform::Ios,
            "android" => DevicePlatform::Android,
            "web" => DevicePlatform::Web,
            "windows" => DevicePlatform::Windows,
            "ipad" => DevicePlatform::IPad,
            "mac" | "macos" => DevicePlatform::Mac,
            "linux" => DevicePlatform::Linux,
            _ => DevicePlatform::Other(name.to_owned()),
        }
    }

    /// The name as this event writes it.
    pub fn as_str(&self) -> &str {
        match self {
            DevicePlatform::Ios => "iOS",
            DevicePlatform::Android => "Android",
            DevicePlatform::Web => "Web",
            DevicePlatform::Windows => "Windows",
            DevicePlatform::IPad => "iPad",
            DevicePlatform::Mac => "Mac",
            DevicePlatform::Linux => "Linux",
            DevicePlatform::Other(name) => name,
        }
    }
}

impl Serialize for DevicePlatform {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DevicePlatform {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(DevicePlatform::parse(&name))
    }
}

/// `Info`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StateInfo {
    /// `Action`.
    #[serde(rename = "Action")]
    pub action: StateAction,
    /// `To_Account`: the user.
    #[serde(rename = "To_Account")]
    pub to_account: String,
    /// `Reason`.
    #[serde(rename = "Reason")]
    pub reason: StateReason,
}

/// One `KickedDevice` item: a device this login pushed offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KickedDevice {
    /// `Platform`.
    #[serde(rename = "Platform")]
    pub platform: DevicePlatform,
}

/// The event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StateChange {
    /// `EventTime`: when it happened, Unix milliseconds.
    #[serde(rename = "EventTime", default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<u64>,
    /// `Info`.
    #[serde(rename = "Info")]
    pub info: StateInfo,
    /// `KickedDevice`: present only for a login that pushed other devices offline.
    #[serde(
        rename = "KickedDevice",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub kicked_device: Vec<KickedDevice>,
}

impl StateChange {
    /// `user` changed state at `event_time_ms`.
    pub fn new(
        user: impl Into<String>,
        action: StateAction,
        reason: StateReason,
        event_time_ms: u64,
    ) -> Self {
        StateChange {
            event_time: Some(event_time_ms),
            info: StateInfo {
                action,
                to_account: user.into(),
                reason,
            },
            kicked_device: Vec::new(),
        }
    }
}
