//! `State.StateChange`: a user logged in, logged out, dropped off, or set a custom status
//! (<https://www.tencentcloud.com/document/product/1047/34357>).

use serde::{Deserialize, Serialize};

use crate::Reply;
use crate::callback::callback;
use crate::wire::{Extra, lenient_u64};

im_proto::string_enum! {
    /// `Info.Action`: what happened.
    StateAction {
        /// `Login`: a connection was established.
        Login => "Login",
        /// `Logout`: the user logged out.
        Logout => "Logout",
        /// `Disconnect`: the network connection was lost.
        Disconnect => "Disconnect",
        /// `CustomStatusChange`: the user set a custom status (`Info.CustomStatus`).
        CustomStatusChange => "CustomStatusChange",
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
        /// `SetCustomStatus`: the user set a custom status.
        SetCustomStatus => "SetCustomStatus",
    }
}

/// A device platform as callbacks spell it (`iOS`, and `IOS` in this event: the callback
/// overview page), read ignoring case; any other value is kept. [`KickedDevice`] keeps the
/// spelling that was sent.
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

    /// The name as this event writes it (`IOS`: the overview page says `State.StateChange`
    /// writes it in capitals, the other callbacks `iOS`).
    pub fn as_str(&self) -> &str {
        match self {
            DevicePlatform::Ios => "IOS",
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
    /// `CustomStatus`: the custom status set, with [`StateAction::CustomStatusChange`].
    #[serde(
        rename = "CustomStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_status: Option<String>,
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One `KickedDevice` item: a device this login pushed offline.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KickedDevice {
    /// `Platform`, read ignoring case.
    pub platform: DevicePlatform,
    /// `Platform` exactly as it was sent (`IOS`), written back unchanged as long as it still
    /// names [`KickedDevice::platform`].
    pub platform_as_sent: String,
    /// Fields the type does not name.
    pub extra: Extra,
}

impl KickedDevice {
    /// A device of `platform`, spelled as given.
    pub fn new(platform: impl Into<String>) -> Self {
        let platform_as_sent = platform.into();
        KickedDevice {
            platform: DevicePlatform::parse(&platform_as_sent),
            platform_as_sent,
            extra: Extra::new(),
        }
    }
}

/// `KickedDevice` as the service writes it.
#[derive(Serialize, Deserialize)]
struct KickedDeviceWire<'a> {
    #[serde(rename = "Platform", borrow)]
    platform: std::borrow::Cow<'a, str>,
    #[serde(flatten)]
    extra: Extra,
}

impl Serialize for KickedDevice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sent = &self.platform_as_sent;
        let name = if DevicePlatform::parse(sent) == self.platform {
            sent.as_str()
        } else {
            self.platform.as_str()
        };
        KickedDeviceWire {
            platform: name.into(),
            extra: self.extra.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for KickedDevice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = KickedDeviceWire::deserialize(d)?;
        let mut device = KickedDevice::new(wire.platform.into_owned());
        device.extra = wire.extra;
        Ok(device)
    }
}

/// The event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StateChange {
    /// `EventTime`: when it happened, Unix milliseconds.
    #[serde(
        rename = "EventTime",
        default,
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
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
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

callback!(StateChange, "State.StateChange", Reply);

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
                custom_status: None,
                extra: Extra::new(),
            },
            kicked_device: Vec::new(),
            extra: Extra::new(),
        }
    }
}
