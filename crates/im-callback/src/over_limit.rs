//! `Alert.RequestOverLimit`: a REST API is called at more than 80% of its rate limit
//! (<https://www.tencentcloud.com/document/product/1047/60256>). Its URL carries no `ClientIP`.

use serde::{Deserialize, Serialize};

use crate::Reply;
use crate::callback::callback;
use crate::wire::{Extra, lenient_u64};

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
    /// `Request`: the request rate seen, per second (the alert fires above 80% of `Limit`).
    #[serde(rename = "Request")]
    pub request: u64,
    /// `Limit`: the API's limit, per second.
    #[serde(rename = "Limit")]
    pub limit: u64,
    /// `EventTime`: Unix milliseconds (not documented for this event; kept when sent).
    #[serde(
        rename = "EventTime",
        default,
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_time: Option<u64>,
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

callback!(RequestOverLimit, "Alert.RequestOverLimit", Reply);

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
            extra: Extra::new(),
        }
    }
}
