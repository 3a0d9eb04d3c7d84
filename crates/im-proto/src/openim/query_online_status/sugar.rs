//! `query_online_status`'s sugar: the online status and platform types, the request's setters,
//! `Detail` as one object or many, the server half and the answer's constructor and accessors.

use serde::Deserialize;
use serde_json::Value;

use super::{ErrorItem, PlatformStatus, QueryResult, Request, Response};
use crate::server::decode_body;
use crate::{Endpoint, Envelope, ErrorCode, Incoming, RawUserId, Rejection};

impl Request {
    /// Sets `IsNeedDetail`.
    pub fn with_detail(mut self, detail: bool) -> Self {
        self.is_need_detail = Some(detail);
        self
    }

    /// Sets `IsReturnInstid`.
    pub fn with_instid(mut self, instid: bool) -> Self {
        self.is_return_instid = Some(instid);
        self
    }

    /// Sets `IsReturnCustomStatus`.
    pub fn with_custom_status(mut self, custom: bool) -> Self {
        self.is_return_custom_status = Some(custom);
        self
    }
}

/// The request as a server reads it: the accounts as given, so that an invalid one gets its own
/// `ErrorList` item. The flags other than `IsNeedDetail` are accepted and ignored. The openim
/// service answers its own codes for a bad body: 90001 (not JSON, `To_Account` missing, not an
/// array or empty, a bad `IsNeedDetail`), 90011 (more than 500 accounts), 90003 (an account
/// that is not a string).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncomingRequest {
    /// `To_Account`, as given.
    pub to_account: Vec<RawUserId>,
    /// `IsNeedDetail` (0/1, or a JSON boolean; absent or `null` is `None`).
    pub is_need_detail: Option<bool>,
}

/// The request's fields as JSON values, so each fault gets the service's own code.
#[derive(Deserialize)]
struct IncomingWire {
    #[serde(rename = "To_Account", default)]
    to_account: Option<Value>,
    #[serde(rename = "IsNeedDetail", default)]
    is_need_detail: Option<Value>,
}

impl Incoming for IncomingRequest {
    fn decode(body: &[u8]) -> Result<Self, Rejection> {
        let not_json = ErrorCode::OPENIM_JSON_INVALID;
        let wire: IncomingWire = decode_body(body, not_json, |m| Rejection::new(not_json, m))?;
        let items = match wire.to_account {
            Some(Value::Array(items)) if !items.is_empty() => items,
            _ => {
                return Err(Rejection::new(
                    not_json,
                    "To_Account must be a non-empty array of accounts",
                ));
            }
        };
        let max = Request::METADATA.max_items;
        if items.len() > max {
            return Err(Rejection::new(
                ErrorCode::OPENIM_TOO_MANY_ACCOUNTS,
                format!(
                    "To_Account holds {} accounts, at most {max} are allowed",
                    items.len()
                ),
            ));
        }
        let to_account = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(RawUserId::new(s)),
                other => Err(Rejection::new(
                    ErrorCode::OPENIM_ACCOUNT_NOT_STRING,
                    format!(
                        "To_Account[{i}] must be a string, not {}",
                        crate::server::kind(&other)
                    ),
                )),
            })
            .collect::<Result<_, _>>()?;
        let is_need_detail = match wire.is_need_detail {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(b),
            Some(Value::Number(n)) if n.as_u64() == Some(0) => Some(false),
            Some(Value::Number(n)) if n.as_u64() == Some(1) => Some(true),
            Some(_) => return Err(Rejection::new(not_json, "IsNeedDetail must be 0 or 1")),
        };
        Ok(IncomingRequest {
            to_account,
            is_need_detail,
        })
    }
}

crate::string_enum! {
    /// An online status: `Online`, `PushOnline` or `Offline`.
    OnlineStatus {
        /// `"Online"`: logged in with a live connection (also in background, not killed).
        Online => "Online",
        /// `"PushOnline"`: process killed or connection dropped; offline push still delivered.
        PushOnline => "PushOnline",
        /// `"Offline"`: logged out, or not logged in during the last 7 days.
        Offline => "Offline",
    }
}

/// A platform name as the service spells it (`iPhone`, `Android`, `Web`, `PC`, `iPad`, `Mac`).
///
/// Compared case-insensitively by [`Platform::parse`]; the raw string stays in
/// [`PlatformStatus::platform`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// `iPhone` (English pages: `IPhone`).
    IPhone,
    /// `Android`.
    Android,
    /// `Web`.
    Web,
    /// `PC`.
    Pc,
    /// `iPad`.
    IPad,
    /// `Mac`.
    Mac,
}

impl Platform {
    /// Every known platform.
    pub const ALL: [Platform; 6] = [
        Platform::IPhone,
        Platform::Android,
        Platform::Web,
        Platform::Pc,
        Platform::IPad,
        Platform::Mac,
    ];

    /// The spelling the service uses (Chinese pages).
    pub const fn as_str(self) -> &'static str {
        match self {
            Platform::IPhone => "iPhone",
            Platform::Android => "Android",
            Platform::Web => "Web",
            Platform::Pc => "PC",
            Platform::IPad => "iPad",
            Platform::Mac => "Mac",
        }
    }

    /// Finds a platform by name, ignoring case.
    pub fn parse(name: &str) -> Option<Platform> {
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
    }
}

impl PlatformStatus {
    /// The platform, when it is one of the known ones.
    pub fn platform_kind(&self) -> Option<Platform> {
        Platform::parse(&self.platform)
    }
}

/// `Detail` as an array, a single object, or `null`.
pub(super) fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<PlatformStatus>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<PlatformStatus>),
        One(PlatformStatus),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => None,
        Some(OneOrMany::Many(items)) => Some(items),
        Some(OneOrMany::One(item)) => Some(vec![item]),
    })
}

impl Response {
    /// A success response.
    pub fn ok(results: Vec<QueryResult>, errors: Vec<ErrorItem>) -> Self {
        Response {
            envelope: Envelope::ok(),
            query_result: Some(results),
            error_list: Some(errors),
            ..Default::default()
        }
    }

    /// The results (empty when absent).
    pub fn query_results(&self) -> &[QueryResult] {
        self.query_result.as_deref().unwrap_or_default()
    }

    /// The errors (empty when absent).
    pub fn errors(&self) -> &[ErrorItem] {
        self.error_list.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Api, UserId};

    #[test]
    fn metadata() {
        assert_eq!(Request::METADATA.path(), "v4/openim/query_online_status");
        assert_eq!(
            Api::from_path("openim", "querystate"),
            Some(Api::QueryOnlineStatus)
        );
    }

    #[test]
    fn detail_is_an_array_or_one_object() {
        let many: QueryResult = serde_json::from_str(
            r#"{"To_Account":"a","Status":"Online","Detail":[{"Platform":"Web","Status":"Online"}]}"#,
        )
        .unwrap();
        let one: QueryResult = serde_json::from_str(
            r#"{"To_Account":"a","Status":"Online","Detail":{"Platform":"Web","Status":"Online"}}"#,
        )
        .unwrap();
        assert_eq!(many, one);
        assert_eq!(one.detail.as_ref().unwrap()[0].platform, "Web");
        let none: QueryResult =
            serde_json::from_str(r#"{"To_Account":"a","Status":"Offline","Detail":null}"#).unwrap();
        assert_eq!(none.detail, None);
        assert!(
            serde_json::from_str::<QueryResult>(
                r#"{"To_Account":"a","Status":"Online","Detail":7}"#
            )
            .is_err()
        );
        assert_eq!(
            serde_json::to_value(&one).unwrap()["Detail"],
            serde_json::json!([{"Platform":"Web","Status":"Online"}])
        );
    }

    #[test]
    fn incoming_keeps_raw_items() {
        let decode = |json: &str| IncomingRequest::decode(json.as_bytes());
        let request =
            decode(r#"{"To_Account":["", "a"],"IsNeedDetail":true,"IsReturnInstid":"x"}"#).unwrap();
        assert_eq!(request.to_account[0], RawUserId::new(""));
        assert_eq!(request.is_need_detail, Some(true));
        assert_eq!(
            decode("[]").unwrap_err().code(),
            ErrorCode::OPENIM_JSON_INVALID
        );
        let too_many = format!("{{\"To_Account\":[{}]}}", vec!["\"u\""; 501].join(","));
        for (bad, code) in [
            ("{}", 90001),
            (r#"{"To_Account":[]}"#, 90001),
            (r#"{"To_Account":"a"}"#, 90001),
            (r#"{"To_Account":null}"#, 90001),
            (r#"{"To_Account":["a"],"IsNeedDetail":2}"#, 90001),
            (r#"{"To_Account":["a",1]}"#, 90003),
            (r#"{"To_Account":["a",{}]}"#, 90003),
            (too_many.as_str(), 90011),
        ] {
            assert_eq!(decode(bad).unwrap_err().code().get(), code, "{bad}");
        }
    }

    #[test]
    fn flags_encode_as_integers() {
        let req = Request::new(vec![UserId::new("a").unwrap()]).with_detail(true);
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"To_Account":["a"],"IsNeedDetail":1}"#
        );
        let req: Request =
            serde_json::from_str(r#"{"To_Account":["a"],"IsNeedDetail":0,"IsReturnInstid":true}"#)
                .unwrap();
        assert_eq!(req.is_need_detail, Some(false));
        assert_eq!(req.is_return_instid, Some(true));
        assert_eq!(req.is_return_custom_status, None);
        assert!(
            serde_json::from_str::<Request>(r#"{"To_Account":["a"],"IsNeedDetail":2}"#).is_err()
        );
        assert!(
            serde_json::from_str::<Request>(r#"{"To_Account":["a"],"IsNeedDetail":null}"#)
                .unwrap()
                .is_need_detail
                .is_none()
        );
    }

    #[test]
    fn state_alias_and_unknown_fields() {
        let res: QueryResult = serde_json::from_str(
            r#"{"To_Account":"a","State":"Online","InstId":7,"Detail":[{"Platform":"IPhone","Status":"Busy"}]}"#,
        )
        .unwrap();
        assert_eq!(res.status, OnlineStatus::Online);
        assert_eq!(res.extra["InstId"], 7);
        let detail = &res.detail.as_ref().unwrap()[0];
        assert_eq!(detail.platform_kind(), Some(Platform::IPhone));
        assert_eq!(detail.status, OnlineStatus::Other("Busy".into()));
        assert_eq!(
            serde_json::to_value(&res).unwrap(),
            serde_json::json!({"To_Account":"a","Status":"Online","InstId":7,
                "Detail":[{"Platform":"IPhone","Status":"Busy"}]})
        );
    }
}
