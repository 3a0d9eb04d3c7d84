//! What ties an API's packets together: [`Endpoint`], its [`Metadata`], and [`ApiResponse`].

use core::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Api, CodeInfo, Envelope, ErrorCode, Incoming, Service, ValidationError, validation};

/// What is fixed about an endpoint.
///
/// The table's APIs carry theirs ([`Api::metadata`], each typed module's
/// [`Endpoint::METADATA`]); an endpoint declared outside the table (an API the toolkit does not
/// know yet, a test's fake one) builds its own with [`Metadata::custom`] and the `with_*`
/// methods, and a client gives it the same machinery (quotas, pages, retry safety):
///
/// ```
/// use im_proto::{Cursor, CursorKind, Metadata, Pagination, Per, Quota, QuotaCount, RetrySafety};
///
/// const QUOTAS: &[Quota] = &[
///     Quota::new(10, Per::Second, QuotaCount::Calls),
///     Quota::new(100, Per::Day { utc_offset_minutes: 480 }, QuotaCount::Calls),
/// ];
/// const CURSORS: &[Cursor] = &[Cursor::new("Cursor", "NextCursor", CursorKind::String, true)];
/// const META: Metadata = Metadata::custom("example_svc", "get_list")
///     .with_quotas(QUOTAS)
///     .with_pagination(Pagination::new().with_cursors(CURSORS).with_limit("Count", 100))
///     .with_retry(RetrySafety::Always);
/// assert_eq!(META.path(), "v4/example_svc/get_list");
/// assert_eq!(META.api, None);
/// assert_eq!(META.default_calls_per_second, 10);
/// assert!(META.idempotent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// Which API of the table this is; `None` for an endpoint built with [`Metadata::custom`].
    pub api: Option<Api>,
    /// The service path segment (`im_open_login_svc`, `openim`, ...).
    pub service: &'static str,
    /// The service, with the facts its APIs share; `None` for a custom endpoint of a service
    /// the table does not declare.
    pub service_kind: Option<Service>,
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
    /// whose repetition leaves the same state ([`RetrySafety::Always`]). A
    /// [`RetrySafety::SameRequest`] write is false here: only a runtime that keeps its key
    /// fields and its window may resend it (im-client reads [`Metadata::retry`] and does).
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
    /// The metadata of an endpoint outside the table, at `v4/{service}/{command}`: no quota,
    /// no item list (one item per call), no pages, never resent after an ambiguous failure
    /// ([`RetrySafety::Never`], the safe default for an API whose page was not read), no
    /// documented codes or fields. [`Metadata::service_kind`] is the declared service of that
    /// path segment, if any. The `with_*` methods (all `const`) add what the API's page says.
    pub const fn custom(service: &'static str, command: &'static str) -> Metadata {
        Metadata {
            api: None,
            service,
            service_kind: service_of_path(service),
            command,
            legacy_commands: &[],
            max_items: 1,
            default_calls_per_second: 0,
            quotas: &[],
            items: None,
            pagination: None,
            retry: RetrySafety::Never,
            idempotent: false,
            codes: &[],
            not_admin: ErrorCode::new(0),
            failure_items: None,
            request_fields: &[],
            response_fields: &[],
            doc_url: "",
            summary: "",
        }
    }

    /// With these quotas (and [`Metadata::default_calls_per_second`] from their calls per
    /// second, 0 when none).
    #[must_use]
    pub const fn with_quotas(mut self, quotas: &'static [Quota]) -> Metadata {
        self.quotas = quotas;
        self.default_calls_per_second = 0;
        let mut i = 0;
        while i < quotas.len() {
            let quota = quotas[i];
            if matches!(quota.per, Per::Second) && matches!(quota.counts, QuotaCount::Calls) {
                self.default_calls_per_second = quota.limit;
                break;
            }
            i += 1;
        }
        self
    }

    /// With this item list (and [`Metadata::max_items`] its maximum).
    #[must_use]
    pub const fn with_items(mut self, items: ItemList) -> Metadata {
        self.items = Some(items);
        self.max_items = items.max;
        self
    }

    /// With these pages.
    #[must_use]
    pub const fn with_pagination(mut self, pagination: Pagination) -> Metadata {
        self.pagination = Some(pagination);
        self
    }

    /// With this retry safety (and [`Metadata::idempotent`] true for
    /// [`RetrySafety::Always`] only).
    #[must_use]
    pub const fn with_retry(mut self, retry: RetrySafety) -> Metadata {
        self.retry = retry;
        self.idempotent = matches!(retry, RetrySafety::Always);
        self
    }

    /// With the response list that still carries one item per account when the envelope
    /// reports a failure ([`Metadata::failure_items`]).
    #[must_use]
    pub const fn with_failure_items(mut self, field: &'static str) -> Metadata {
        self.failure_items = Some(field);
        self
    }

    /// With the code the service answers a caller that is not an app admin.
    #[must_use]
    pub const fn with_not_admin(mut self, code: ErrorCode) -> Metadata {
        self.not_admin = code;
        self
    }

    /// With a one-line summary and the documentation page's address.
    #[must_use]
    pub const fn with_doc(mut self, summary: &'static str, doc_url: &'static str) -> Metadata {
        self.summary = summary;
        self.doc_url = doc_url;
        self
    }

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

/// The declared service whose path segment is `path`, if any (`const`, for
/// [`Metadata::custom`]).
const fn service_of_path(path: &str) -> Option<Service> {
    let mut i = 0;
    while i < Service::ALL.len() {
        if str_eq(Service::ALL[i].path(), path) {
            return Some(Service::ALL[i]);
        }
        i += 1;
    }
    None
}

/// `a == b`, in a `const fn`.
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

impl Pagination {
    /// No page rule yet: add them with the `with_*` methods (`const`).
    pub const fn new() -> Pagination {
        Pagination {
            cursors: &[],
            offset: None,
            limit: None,
            done_flag: None,
        }
    }

    /// With these cursors.
    #[must_use]
    pub const fn with_cursors(mut self, cursors: &'static [Cursor]) -> Pagination {
        self.cursors = cursors;
        self
    }

    /// With this offset.
    #[must_use]
    pub const fn with_offset(mut self, offset: Offset) -> Pagination {
        self.offset = Some(offset);
        self
    }

    /// With the request field bounding a page, and its documented maximum.
    #[must_use]
    pub const fn with_limit(mut self, field: &'static str, max: u64) -> Pagination {
        self.limit = Some((field, max));
        self
    }

    /// With the response field whose `value` marks the last page.
    #[must_use]
    pub const fn with_done_flag(mut self, field: &'static str, value: i64) -> Pagination {
        self.done_flag = Some((field, value));
        self
    }
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination::new()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const ITEMS: ItemList = ItemList::new(
        "To_Account",
        500,
        ResultMapping::FailuresOnly {
            list: "ErrorList",
            key: "To_Account",
        },
    );
    const MINUTE: &[Quota] = &[Quota::new(12_000, Per::Minute, QuotaCount::Items)];
    const KEY: &[&str] = &["MsgRandom"];
    const SEND: Metadata = Metadata::custom("openim", "fake_send")
        .with_items(ITEMS)
        .with_quotas(MINUTE)
        .with_retry(RetrySafety::SameRequest {
            key: KEY,
            within_secs: 120,
        })
        .with_failure_items("ErrorList")
        .with_not_admin(ErrorCode::new(90009))
        .with_doc("a fake send", "https://example.invalid/doc");

    #[test]
    fn a_custom_endpoint_is_built_in_const_context() {
        assert_eq!(SEND.api, None);
        assert_eq!(SEND.service_kind, Some(Service::Openim));
        assert_eq!(SEND.path(), "v4/openim/fake_send");
        assert_eq!(SEND.max_items, 500);
        assert_eq!(
            SEND.default_calls_per_second, 0,
            "no calls-per-second quota"
        );
        assert_eq!(SEND.calls_per_second(), None);
        assert!(!SEND.idempotent && SEND.retry.allows_resend());
        assert_eq!(SEND.failure_items, Some("ErrorList"));
        assert_eq!(SEND.not_admin, ErrorCode::new(90009));
        assert_eq!(SEND.summary, "a fake send");
        assert!(SEND.check_count(500).is_ok());
        let err = SEND.check_count(501).unwrap_err().to_string();
        assert!(err.contains("To_Account"), "{err}");

        let bare = Metadata::custom("no_such_svc", "get_list");
        assert_eq!(bare.service_kind, None, "not a declared service");
        assert_eq!((bare.max_items, bare.retry), (1, RetrySafety::Never));
        assert!(!bare.idempotent && bare.pagination.is_none() && bare.quotas.is_empty());
        assert!(bare.with_retry(RetrySafety::Always).idempotent);
        const BOTH: &[Quota] = &[
            Quota::new(9, Per::Minute, QuotaCount::Calls),
            Quota::new(7, Per::Second, QuotaCount::Calls),
        ];
        assert_eq!(bare.with_quotas(BOTH).default_calls_per_second, 7);
    }

    #[test]
    fn pagination_is_built_in_const_context() {
        const CURSORS: &[Cursor] = &[Cursor::new("Next", "Next", CursorKind::Integer, true)];
        const PAGES: Pagination = Pagination::new()
            .with_cursors(CURSORS)
            .with_offset(Offset::new("Offset", "List", Some("Total")))
            .with_limit("Limit", 100)
            .with_done_flag("CompleteFlag", 1);
        assert_eq!(PAGES.cursors, CURSORS);
        assert_eq!(
            PAGES.offset,
            Some(Offset::new("Offset", "List", Some("Total")))
        );
        assert_eq!(PAGES.limit, Some(("Limit", 100)));
        assert_eq!(PAGES.done_flag, Some(("CompleteFlag", 1)));
        assert_eq!(Pagination::default(), Pagination::new());
        let meta = Metadata::custom("group_open_http_svc", "fake_list").with_pagination(PAGES);
        assert_eq!(meta.pagination, Some(PAGES));
        assert_eq!(meta.service_kind, Some(Service::Group));
    }
}
