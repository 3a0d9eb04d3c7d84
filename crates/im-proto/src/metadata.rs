//! What ties an API's packets together: [`Endpoint`], its [`Metadata`], and [`ApiResponse`].

use core::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Api, CodeInfo, Envelope, ErrorCode, Incoming, ValidationError, validation};

/// What is fixed about an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// Which API this is.
    pub api: Api,
    /// The service path segment (`im_open_login_svc`, `openim`, ...).
    pub service: &'static str,
    /// The command path segment, the API's command word.
    pub command: &'static str,
    /// Older command words the service still answers to (e.g. `querystate`).
    pub legacy_commands: &'static [&'static str],
    /// The maximum number of items (accounts) per call.
    pub max_items: usize,
    /// The default call rate limit per second (the lower figure where sources disagree).
    pub default_calls_per_second: u32,
    /// Whether sending the same request again after an attempt whose answer was lost (a
    /// timeout, a closed connection, an HTTP 5xx) cannot do harm: true for reads and for writes
    /// whose repetition leaves the same state. A client retries an ambiguous failure only when
    /// this is true.
    pub idempotent: bool,
    /// The error codes only this API (or a few APIs, this one first) documents; the codes
    /// shared by many APIs are in the common table. [`ErrorCode::info`](crate::ErrorCode::info) knows them all.
    pub codes: &'static [CodeInfo],
    /// The code the service answers when the identifier is not an app admin (70403 on the
    /// account service, 90009 on `openim`...).
    pub not_admin: ErrorCode,
    /// The response list that still carries one item per account when the envelope reports a
    /// failure (`ErrorList` of the online-status query when every account failed), if any: a
    /// client then maps the accounts from it instead of failing the call.
    pub failure_items: Option<&'static str>,
    /// Request fields, for the generated reference.
    pub request_fields: &'static [Field],
    /// Response fields beyond the envelope, for the generated reference.
    pub response_fields: &'static [Field],
}

impl Metadata {
    /// The URL path below the host, without a leading slash: `v4/{service}/{command}`.
    pub fn path(&self) -> String {
        format!("v4/{}/{}", self.service, self.command)
    }

    /// Checks that a request carries between 1 and [`Metadata::max_items`] items; the error
    /// names the request's first field.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] with the count rule broken.
    pub fn check_count(&self, count: usize) -> Result<(), ValidationError> {
        let field = self
            .request_fields
            .first()
            .map_or(self.command, |field| field.name);
        validation::check_count_of(field, self.max_items, count)
    }
}

/// One documented field of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The wire name, with a path for nested fields (`AccountList[].Nick`).
    pub name: &'static str,
    /// The JSON type as the documentation names it (`String`, `Integer`, `Array`, `Object`).
    pub ty: &'static str,
    /// Whether the field is required.
    pub required: bool,
    /// What it holds.
    pub doc: &'static str,
}

impl Field {
    pub(crate) const fn new(
        name: &'static str,
        ty: &'static str,
        required: bool,
        doc: &'static str,
    ) -> Self {
        Field {
            name,
            ty,
            required,
            doc,
        }
    }
}

/// Ties a request packet to its response packet, its server half and its metadata, so code can
/// be generic over APIs.
pub trait Endpoint:
    Serialize + DeserializeOwned + Clone + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The response packet.
    type Response: ApiResponse;

    /// The request as a server reads it (see [`Incoming`]).
    type Incoming: Incoming;

    /// The endpoint's fixed facts.
    const METADATA: Metadata;

    /// How many items (accounts) the request carries.
    fn item_count(&self) -> usize;

    /// Checks the request against the API's rules that types cannot express: item count between
    /// 1 and [`Metadata::max_items`], profile values at most
    /// [`MAX_PROFILE_VALUE_BYTES`](crate::MAX_PROFILE_VALUE_BYTES).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the field, the value and the rule.
    fn validate(&self) -> Result<(), ValidationError> {
        Self::METADATA.check_count(self.item_count())
    }
}

/// A response packet: an [`Envelope`] plus the API's own fields.
pub trait ApiResponse:
    Serialize + DeserializeOwned + Clone + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The envelope.
    fn envelope(&self) -> &Envelope;

    /// A response carrying only an envelope (how the service answers a failed request).
    fn from_envelope(envelope: Envelope) -> Self;
}
