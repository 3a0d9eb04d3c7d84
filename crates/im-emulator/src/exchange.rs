//! What the front ends hand to the service and get back: the request, and the answers.

use std::net::IpAddr;

use bytes::Bytes;

use crate::callbacks::Origin;
use crate::clients::Session;
use http::{HeaderValue, Method, StatusCode, header};
use im_proto::{Api, Envelope, ErrorCode, Metadata};
use serde::Serialize;

/// A request as both front ends hand it over.
#[derive(Debug)]
pub(crate) struct Incoming {
    pub(crate) method: Method,
    pub(crate) uri: http::Uri,
    /// The body, or `Err` when it was longer than the configured maximum.
    pub(crate) body: Result<Bytes, BodyTooLarge>,
    pub(crate) peer: IpAddr,
}

/// The body exceeded the configured maximum.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyTooLarge;

/// What the front end does with a request.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Send this response.
    Respond(http::Response<Bytes>),
    /// Close the connection without a response.
    Close,
}

/// A JSON envelope answer of an API route, with the code for the statistics.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) code: ErrorCode,
    pub(crate) body: Bytes,
}

/// How a request reached its API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Route {
    /// Through one of the API's legacy command words (`Metadata::legacy_commands`), e.g.
    /// `querystate`, whose answers keep the legacy field names.
    pub(crate) legacy: bool,
    /// The position in `Shared::admins` of the admin the call is signed as (its `identifier`).
    pub(crate) admin: usize,
    /// The request body's length, in bytes.
    pub(crate) body_len: usize,
    /// The simulated client the action comes from (`None`: a REST call): what the pages
    /// reserve for clients happens only then, and its callbacks carry the client's origin.
    pub(crate) client: Option<Session>,
}

impl Route {
    /// The origin of the callbacks the request causes: its client's, or a REST call's.
    pub(crate) fn origin(&self) -> Origin {
        self.client
            .map_or_else(Origin::rest, |session| session.origin())
    }
}

impl Answer {
    /// A `FAIL` envelope.
    pub(crate) fn fail(code: ErrorCode, info: impl Into<String>) -> Self {
        Answer::json(code, &Envelope::fail(code, info))
    }

    /// A `FAIL` envelope answered by `api`'s own service: with `"ErrorDisplay":""` when the
    /// API's documented answer has that field (the profile APIs: the set page's failure
    /// example carries it), else as [`Answer::fail`].
    pub(crate) fn fail_for(api: Api, code: ErrorCode, info: impl Into<String>) -> Self {
        Answer::fail_as(api.metadata(), code, info)
    }

    /// [`Answer::fail_for`] by the API's metadata.
    pub(crate) fn fail_as(meta: &Metadata, code: ErrorCode, info: impl Into<String>) -> Self {
        let mut envelope = Envelope::fail(code, info);
        let displayed = meta
            .response_fields
            .iter()
            .any(|field| field.name == "ErrorDisplay");
        if displayed {
            envelope.error_display = Some(String::new());
        }
        Answer::json(code, &envelope)
    }

    /// A response packet whose envelope carries `code`.
    pub(crate) fn json(code: ErrorCode, packet: &impl Serialize) -> Self {
        // Serialising our own packets (strings, integers, maps with string keys) cannot fail.
        let body = serde_json::to_vec(packet).expect("response packets serialise");
        Answer {
            code,
            body: Bytes::from(body),
        }
    }
}

pub(crate) fn json_response(status: StatusCode, body: Bytes) -> http::Response<Bytes> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
