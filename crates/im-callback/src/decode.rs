//! Reading a callback body: bounded, panic-free, one parse into the command's type when the URL
//! names the command (as the service's URLs always do), and the checks every body gets.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::callback::Callback;

/// The largest body decoded, in bytes (a callback body is a few KiB at most).
pub const MAX_BODY_BYTES: usize = 1 << 20;

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

/// Checks the size and that the body is an object (before anything else reads it).
pub(crate) fn check_body(body: &[u8]) -> Result<(), DecodeError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(DecodeError::TooLarge {
            len: body.len(),
            max: MAX_BODY_BYTES,
        });
    }
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(()),
        _ => Err(DecodeError::NotAnObject(
            "it does not start with '{'".to_owned(),
        )),
    }
}

/// The command: the URL's, or else the body's (a second, allocation-free pass over the body,
/// only for a URL without one).
pub(crate) fn command<'a>(
    query_command: Option<&'a str>,
    body: &'a [u8],
) -> Result<Cow<'a, str>, DecodeError> {
    if let Some(command) = query_command {
        return Ok(Cow::Borrowed(command));
    }
    #[derive(Deserialize)]
    struct Peek<'a> {
        #[serde(rename = "CallbackCommand", borrow, default)]
        command: Option<Cow<'a, str>>,
    }
    let peek: Peek<'a> = serde_json::from_slice(body).map_err(not_an_object)?;
    peek.command.ok_or(DecodeError::NoCommand)
}

fn not_an_object(e: serde_json::Error) -> DecodeError {
    DecodeError::NotAnObject(e.to_string())
}

/// Decodes `body` as `C` (the body already checked), in one parse; a `CallbackCommand` in the
/// body must be the URL's.
pub(crate) fn typed<C: Callback>(
    query_command: Option<&str>,
    body: &[u8],
) -> Result<C, DecodeError> {
    let mut event: C = serde_json::from_slice(body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            not_an_object(e)
        } else {
            DecodeError::Malformed {
                command: C::COMMAND.to_owned(),
                reason: e.to_string(),
            }
        }
    })?;
    if let Some(Value::String(in_body)) = event.extra_mut().remove("CallbackCommand")
        && let Some(in_url) = query_command
        && in_url != in_body
    {
        return Err(DecodeError::CommandMismatch {
            query: in_url.to_owned(),
            body: in_body,
        });
    }
    Ok(event)
}

/// Decodes `body` as a raw object of `command` (the body already checked).
pub(crate) fn raw(
    query_command: Option<&str>,
    body: &[u8],
) -> Result<(String, Map<String, Value>), DecodeError> {
    let map: Map<String, Value> = serde_json::from_slice(body).map_err(not_an_object)?;
    let in_body = map.get("CallbackCommand").and_then(Value::as_str);
    let command = match (query_command, in_body) {
        (Some(q), Some(b)) if q != b => {
            return Err(DecodeError::CommandMismatch {
                query: q.to_owned(),
                body: b.to_owned(),
            });
        }
        (Some(c), _) | (None, Some(c)) => c.to_owned(),
        (None, None) => return Err(DecodeError::NoCommand),
    };
    Ok((command, map))
}

/// `value` as a JSON object (every typed callback serializes to one).
pub(crate) fn object(value: &impl serde::Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}
