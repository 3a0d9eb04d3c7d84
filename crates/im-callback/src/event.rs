//! A callback's event, decoded from its body by its `CallbackCommand`: the typed events, and
//! every other command as a raw JSON object.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::over_limit::{self, RequestOverLimit};
use crate::portrait::{self, PortraitSet};
use crate::state_change::{self, StateChange};

/// The largest body decoded, in bytes (a callback body is a few KiB at most).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// One callback's event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `State.StateChange`.
    StateChange(StateChange),
    /// `Profile.CallbackPortraitSet`.
    PortraitSet(PortraitSet),
    /// `Alert.RequestOverLimit`.
    RequestOverLimit(RequestOverLimit),
    /// Any other command, its body as given.
    Other {
        /// `CallbackCommand`.
        command: String,
        /// The body.
        body: Map<String, Value>,
    },
}

/// Why a body could not be decoded. Its `Display` quotes at most a short, escaped excerpt.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Over [`MAX_BODY_BYTES`].
    #[error("the body is {len} bytes, over the {max} accepted")]
    TooLarge {
        /// The body's length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not a JSON object.
    #[error("the body is not a JSON object: {0}")]
    NotAnObject(String),
    /// No `CallbackCommand`, in the URL or the body.
    #[error("no CallbackCommand in the URL or the body")]
    NoCommand,
    /// The URL's and the body's `CallbackCommand` differ.
    #[error("CallbackCommand {query:?} in the URL but {body:?} in the body")]
    CommandMismatch {
        /// The URL's.
        query: String,
        /// The body's.
        body: String,
    },
    /// A known event whose fields do not fit it.
    #[error("malformed {command} body: {reason}")]
    Malformed {
        /// The command.
        command: String,
        /// What is wrong.
        reason: String,
    },
}

impl Event {
    /// The event's `CallbackCommand`.
    pub fn command(&self) -> &str {
        match self {
            Event::StateChange(_) => state_change::COMMAND,
            Event::PortraitSet(_) => portrait::COMMAND,
            Event::RequestOverLimit(_) => over_limit::COMMAND,
            Event::Other { command, .. } => command,
        }
    }

    /// Decodes `body`, the command being the URL's `CallbackCommand` (`query_command`) or the
    /// body's. Never panics, whatever the bytes.
    ///
    /// # Errors
    ///
    /// A [`DecodeError`]; an unknown command is not one (it is [`Event::Other`]).
    pub fn decode(query_command: Option<&str>, body: &[u8]) -> Result<Event, DecodeError> {
        if body.len() > MAX_BODY_BYTES {
            return Err(DecodeError::TooLarge {
                len: body.len(),
                max: MAX_BODY_BYTES,
            });
        }
        let map: Map<String, Value> =
            serde_json::from_slice(body).map_err(|e| DecodeError::NotAnObject(e.to_string()))?;
        let body_command = map.get("CallbackCommand").and_then(Value::as_str);
        let command = match (query_command, body_command) {
            (Some(q), Some(b)) if q != b => {
                return Err(DecodeError::CommandMismatch {
                    query: q.to_owned(),
                    body: b.to_owned(),
                });
            }
            (Some(c), _) | (None, Some(c)) => c.to_owned(),
            (None, None) => return Err(DecodeError::NoCommand),
        };
        Event::typed(command, map)
    }

    fn typed(command: String, map: Map<String, Value>) -> Result<Event, DecodeError> {
        fn parse<T: serde::de::DeserializeOwned>(
            command: &str,
            map: Map<String, Value>,
        ) -> Result<T, DecodeError> {
            serde_json::from_value(Value::Object(map)).map_err(|e| DecodeError::Malformed {
                command: command.to_owned(),
                reason: e.to_string(),
            })
        }
        Ok(match command.as_str() {
            state_change::COMMAND => Event::StateChange(parse(&command, map)?),
            portrait::COMMAND => Event::PortraitSet(parse(&command, map)?),
            over_limit::COMMAND => Event::RequestOverLimit(parse(&command, map)?),
            _ => Event::Other { command, body: map },
        })
    }

    /// The body as the service sends it: the event's fields and `CallbackCommand`.
    pub fn to_body(&self) -> Map<String, Value> {
        fn object(value: &impl Serialize) -> Map<String, Value> {
            match serde_json::to_value(value) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            }
        }
        let mut map = match self {
            Event::StateChange(e) => object(e),
            Event::PortraitSet(e) => object(e),
            Event::RequestOverLimit(e) => object(e),
            Event::Other { body, .. } => body.clone(),
        };
        map.insert(
            "CallbackCommand".into(),
            Value::String(self.command().to_owned()),
        );
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state_change::{DevicePlatform, StateAction, StateReason};

    const STATE: &str = r#"{"CallbackCommand":"State.StateChange","EventTime":1629883332497,"Info":{"Action":"Login","To_Account":"testuser316","Reason":"Register"},"KickedDevice":[{"Platform":"Windows"},{"Platform":"IOS"}]}"#;

    #[test]
    fn the_documented_examples_decode() {
        let Event::StateChange(e) =
            Event::decode(Some("State.StateChange"), STATE.as_bytes()).unwrap()
        else {
            panic!("not a state change");
        };
        assert_eq!(e.info.action, StateAction::Login);
        assert_eq!(e.info.reason, StateReason::Register);
        assert_eq!(e.kicked_device[1].platform, DevicePlatform::Ios);
        assert_eq!(e.event_time, Some(1_629_883_332_497));
        let portrait = r#"{"CallbackCommand":"Profile.CallbackPortraitSet","Operator_Account":"id1","From_Account":"id1","EventTime":1656921052497,"ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"nick1"},{"Tag":"Tag_Profile_IM_Gender","Value":"Gender_Type_Male"},{"Tag":"Tag_Profile_Custom_Data","Value":"your custom data"}]}"#;
        let Event::PortraitSet(p) = Event::decode(None, portrait.as_bytes()).unwrap() else {
            panic!("not a portrait set");
        };
        assert_eq!(p.profile().nick.as_deref(), Some("nick1"));
        let alert = r#"{"CallbackCommand":"Alert.RequestOverLimit","ServiceName":"openim","Command":"batchsendmsg","Request":510,"Limit":200}"#;
        let Event::RequestOverLimit(a) = Event::decode(None, alert.as_bytes()).unwrap() else {
            panic!("not an alert");
        };
        assert_eq!((a.request, a.limit), (510, 200));
    }

    #[test]
    fn other_commands_are_raw_and_bad_bodies_are_errors() {
        let e = Event::decode(
            Some("C2C.CallbackAfterSendMsg"),
            br#"{"From_Account":"a","X":[1]}"#,
        )
        .unwrap();
        assert_eq!(e.command(), "C2C.CallbackAfterSendMsg");
        assert!(matches!(e, Event::Other { ref body, .. } if body["X"][0] == 1));
        assert_eq!(e.to_body()["CallbackCommand"], "C2C.CallbackAfterSendMsg");
        assert!(matches!(
            Event::decode(None, b"{}"),
            Err(DecodeError::NoCommand)
        ));
        assert!(matches!(
            Event::decode(None, b"[1]"),
            Err(DecodeError::NotAnObject(_))
        ));
        assert!(matches!(
            Event::decode(Some("A"), br#"{"CallbackCommand":"B"}"#),
            Err(DecodeError::CommandMismatch { .. })
        ));
        assert!(matches!(
            Event::decode(Some("State.StateChange"), b"{}"),
            Err(DecodeError::Malformed { .. })
        ));
        let deep = "[".repeat(10_000);
        assert!(Event::decode(Some("X"), deep.as_bytes()).is_err());
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            Event::decode(Some("X"), &big),
            Err(DecodeError::TooLarge { .. })
        ));
    }

    #[test]
    fn bodies_round_trip() {
        let e = Event::decode(None, STATE.as_bytes()).unwrap();
        let again =
            Event::decode(None, serde_json::to_vec(&e.to_body()).unwrap().as_slice()).unwrap();
        assert_eq!(again, e);
    }
}
