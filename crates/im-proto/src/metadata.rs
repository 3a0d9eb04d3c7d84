//! What ties an API's packets together: [`Endpoint`], its [`Metadata`], and [`ApiResponse`].

use core::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Api, CodeInfo, Envelope, ErrorCode, Incoming, Service, ValidationError, validation};

/// What is fixed about an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// Which API this is.
    pub api: Api,
    /// The service path segment (`im_open_login_svc`, `openim`, ...).
    pub service: &'static str,
    /// The service, with the facts its APIs share.
    pub service_kind: Service,
    /// The command path segment, the API's command word.
    pub command: &'static str,
    /// Older command words the service still answers to (e.g. `querystate`).
    pub legacy_commands: &'static [&'static str],
    /// The maximum number of items per call: [`ItemList::max`], or 1 for an API without an
    /// item list.
    pub max_items: usize,
    /// The default call rate limit per second (the lower figure where sources disagree).
    pub default_calls_per_second: u32,
    /// Every documented quota, the calls-per-second one included.
    pub quotas: &'static [Quota],
    /// The request list a client splits into calls, and how the answer maps back to it.
    pub items: Option<ItemList>,
    /// How a read continues past its first page.
    pub pagination: Option<Pagination>,
    /// When an attempt whose answer was lost may be sent again.
    pub retry: RetrySafety,
    /// Whether sending the same request again after an attempt whose answer was lost (a
    /// timeout, a closed connection, an HTTP 5xx) cannot do harm: true for reads and for writes
    /// whose repetition leaves the same state ([`RetrySafety::Always`]). A client retries an
    /// ambiguous failure only when this is true; a [`RetrySafety::SameRequest`] write is false
    /// here, as only a runtime that keeps its key fields and its window may resend it.
    pub idempotent: bool,
    /// The error codes this API's page documents beyond the common ones (the common table holds
    /// those). [`ErrorCode::info`](crate::ErrorCode::info) knows them all.
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
    /// The API's documentation page.
    pub doc_url: &'static str,
    /// What the API does, in one line.
    pub summary: &'static str,
}

impl Metadata {
    /// The URL path below the host, without a leading slash: `v4/{service}/{command}`.
    pub fn path(&self) -> String {
        format!("v4/{}/{}", self.service, self.command)
    }

    /// Checks that a request carries between 1 and [`Metadata::max_items`] items; the error
    /// names the declared item list ([`ItemList::field`]), or the command for an API without
    /// one.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] with the count rule broken.
    pub fn check_count(&self, count: usize) -> Result<(), ValidationError> {
        let field = self.items.map_or(self.command, |items| items.field);
        validation::check_count_of(field, self.max_items, count)
    }

    /// The quota of calls per second the page states, if any.
    pub fn calls_per_second(&self) -> Option<u32> {
        self.quotas
            .iter()
            .find(|q| q.per == Per::Second && q.counts == QuotaCount::Calls)
            .map(|q| q.limit)
    }
}

/// One documented field of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The wire name, with a path for nested fields (`AccountList[].Nick`).
    pub name: &'static str,
    /// The JSON type as the documentation names it (`String`, `Integer`, `Array`, `Object`),
    /// with its true range where it matters (`Integer (u32)`).
    pub ty: &'static str,
    /// Whether the field is required.
    pub required: bool,
    /// What it holds.
    pub doc: &'static str,
    /// The documented limits (`at most 32 bytes`, `1..=10000`), empty when none.
    pub limits: &'static str,
}

impl Field {
    /// A field row (the generated tables use it).
    pub const fn new(
        name: &'static str,
        ty: &'static str,
        required: bool,
        doc: &'static str,
        limits: &'static str,
    ) -> Self {
        Field {
            name,
            ty,
            required,
            doc,
            limits,
        }
    }
}

/// A documented quota: at most `limit` of what it counts per period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Quota {
    /// The most allowed per period.
    pub limit: u32,
    /// The period.
    pub per: Per,
    /// What is counted.
    pub counts: QuotaCount,
}

impl Quota {
    /// A quota row (the generated tables use it).
    pub const fn new(limit: u32, per: Per, counts: QuotaCount) -> Self {
        Quota { limit, per, counts }
    }
}

/// The period of a [`Quota`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Per {
    /// A second.
    Second,
    /// A minute.
    Minute,
    /// A calendar day starting at midnight at this offset from UTC, in minutes (the service's
    /// days are UTC+8, 480, unless its page says otherwise).
    Day {
        /// Minutes east of UTC.
        utc_offset_minutes: i16,
    },
}

/// What a [`Quota`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuotaCount {
    /// Calls.
    Calls,
    /// The items of the declared item list (recipients: one call to 500 accounts counts 500).
    Items,
}

/// The list of a request that a client splits into calls of at most `max` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemList {
    /// The request field holding the list (`DeleteItem`, `To_Account`, `MemberList`).
    pub field: &'static str,
    /// The most items per call, from the current page.
    pub max: usize,
    /// How the answer maps back to the items.
    pub results: ResultMapping,
}

impl ItemList {
    /// An item list (the generated tables use it).
    pub const fn new(field: &'static str, max: usize, results: ResultMapping) -> Self {
        ItemList {
            field,
            max,
            results,
        }
    }
}

/// How the per-item results of an answer map back to the requested items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResultMapping {
    /// The answer has no per-item results: the envelope is every item's outcome.
    Envelope,
    /// One result per item in the list `list`, found by the value of its field `key`.
    ByKey {
        /// The response list.
        list: &'static str,
        /// The key field inside each result (empty when the results are bare strings).
        key: &'static str,
    },
    /// One result per item in the list `list`, in request order.
    ByPosition {
        /// The response list.
        list: &'static str,
    },
    /// The list `list` names only the items that failed, by `key`; an item it does not name
    /// succeeded.
    FailuresOnly {
        /// The response list.
        list: &'static str,
        /// The key field inside each failure (empty when the failures are bare strings).
        key: &'static str,
    },
}

impl ResultMapping {
    /// The response list holding per-item results, if any.
    pub const fn list(self) -> Option<&'static str> {
        match self {
            ResultMapping::Envelope => None,
            ResultMapping::ByKey { list, .. }
            | ResultMapping::ByPosition { list }
            | ResultMapping::FailuresOnly { list, .. } => Some(list),
        }
    }
}

/// How a read continues past its first page: the next request is the previous one with its
/// cursor fields set from the answer (or its offset advanced), until the end is signalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pagination {
    /// Cursor fields copied from the answer into the next request.
    pub cursors: &'static [Cursor],
    /// An offset advanced by the number of items each page returned.
    pub offset: Option<Offset>,
    /// The request field bounding a page, and its documented maximum.
    pub limit: Option<(&'static str, u64)>,
    /// A response field whose value marks the last page (`CompleteFlag` 1).
    pub done_flag: Option<(&'static str, i64)>,
}

/// A cursor of a paged read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Cursor {
    /// The request field that carries it.
    pub request: &'static str,
    /// The response field that returns the next one.
    pub response: &'static str,
    /// Its JSON type.
    pub kind: CursorKind,
    /// Whether a zero or empty value in the answer means there is no next page (`Next` of
    /// `get_appid_group_list`).
    pub zero_ends: bool,
}

impl Cursor {
    /// A cursor (the generated tables use it).
    pub const fn new(
        request: &'static str,
        response: &'static str,
        kind: CursorKind,
        zero_ends: bool,
    ) -> Self {
        Cursor {
            request,
            response,
            kind,
            zero_ends,
        }
    }
}

/// The JSON type of a [`Cursor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CursorKind {
    /// An integer (which may exceed 32 bits).
    Integer,
    /// A string.
    String,
}

/// An offset-style page position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Offset {
    /// The request field holding the offset.
    pub request: &'static str,
    /// The response list whose length advances it.
    pub list: &'static str,
    /// The response field with the total count, if any: the end once the offset reaches it.
    pub total: Option<&'static str>,
}

impl Offset {
    /// An offset (the generated tables use it).
    pub const fn new(
        request: &'static str,
        list: &'static str,
        total: Option<&'static str>,
    ) -> Self {
        Offset {
            request,
            list,
            total,
        }
    }
}

/// When a request whose answer was lost may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetrySafety {
    /// Always: a read, or a write whose repetition leaves the same state.
    Always,
    /// When the very same request is sent again within `within_secs`: the service
    /// deduplicates on these fields (a C2C send on sender, `MsgSeq`, `MsgRandom` and the body's
    /// CRC32, for 120 s). A client must keep them unchanged across its attempts.
    SameRequest {
        /// The fields the service deduplicates on.
        key: &'static [&'static str],
        /// How long the service remembers a request, in seconds.
        within_secs: u32,
    },
    /// Never: a repeated write may take effect twice.
    Never,
}

impl RetrySafety {
    /// Whether a client may resend the same request after an ambiguous failure.
    pub const fn allows_resend(self) -> bool {
        !matches!(self, RetrySafety::Never)
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
