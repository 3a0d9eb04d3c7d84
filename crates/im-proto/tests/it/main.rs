//! Integration tests for im-proto: documentation fixtures, property round trips, hostile input.

mod declared;
mod fixtures;
mod generated;
mod groups;
mod hostile;
mod message;
mod messages;
mod moved;
mod roundtrip;
mod strategies;

use im_proto::{Api, Endpoint};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Whether a packet is a request or a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Request,
    Response,
}

fn decode_encode<T: Serialize + DeserializeOwned>(bytes: &[u8]) -> Result<Value, String> {
    let value: T = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

/// Decodes `bytes` as the packet for `api`/`direction` and re-encodes it to a JSON value.
pub(crate) fn decode_encode_packet(
    api: Api,
    direction: Direction,
    bytes: &[u8],
) -> Result<Value, String> {
    fn pick<R: Endpoint>(direction: Direction, bytes: &[u8]) -> Result<Value, String> {
        match direction {
            Direction::Request => decode_encode::<R>(bytes),
            Direction::Response => decode_encode::<R::Response>(bytes),
        }
    }
    macro_rules! dispatch {
        ($($variant:ident $service:ident $module:ident,)*) => {
            match api {
                $(Api::$variant => pick::<im_proto::$service::$module::Request>(direction, bytes),)*
                _ => Err(format!("no packets for {api}")),
            }
        };
    }
    im_proto::for_each_api!(dispatch)
}
