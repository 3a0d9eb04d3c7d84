//! `Alert.RequestOverLimit`: a REST API is called close to or over its rate limit.

use serde::{Deserialize, Serialize};

/// The `CallbackCommand` of this event.
pub const COMMAND: &str = "Alert.RequestOverLimit";

/// The event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequestOverLimit {
    /// `ServiceName`: the API's service path segment (`openim`, `profile`...).
    #[serde(rename = "ServiceName")]
    pub service_name: String,
    /// `Command`: the API's command word.
    #[serde(rename = "Command")]
    pub command: String,
    /// `Request`: the request rate seen, per second.
    #[serde(rename = "Request")]
    pub request: u64,
    /// `Limit`: the API's limit, per second.
    #[serde(rename = "Limit")]
    pub limit: u64,
    /// `EventTime`: Unix milliseconds (not documented for this event; kept when sent).
    #[serde(rename = "EventTime", default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<u64>,
}

impl RequestOverLimit {
    /// `service/command` was called at `request` per second against a limit of `limit`.
    pub fn new(
        service: impl Into<String>,
        command: impl Into<String>,
        request: u64,
        limit: u64,
    ) -> Self {
        RequestOverLimit {
            service_name: service.into(),
            command: command.into(),
            request,
            limit,
            event_time: None,
        }
    }
}
