//! Pure protocol types for the Tencent Cloud IM ("Chat") server REST API.
//!
//! This crate is the bottom layer of the toolkit: the request and response packets of each API
//! (the client half, which builds requests and reads answers, and the server half, which reads
//! requests as the service does and builds answers), the response [`Envelope`], the signed query
//! string ([`AuthQuery`]), the [`ErrorCode`] table with meanings and retry classes, and the
//! validated [`UserId`]. It does no I/O and pulls in no async runtime or HTTP client; the client
//! (`im-accounts`) and the emulator (`im-emulator`) both build on it, so they cannot drift apart.
//!
//! # Layout
//!
//! By service, each behind the cargo feature of its name: [`account`] (`im_open_login_svc`),
//! [`openim`], [`profile`], [`group`] (`group_open_http_svc`), [`robot`]
//! (`openim_robot_http_svc`), [`sns`], [`msgext`] (`openim_msg_ext_http_svc`); one module per
//! API inside, named by the service's command word so it can be found from Tencent's
//! documentation (`im_proto::account::kick`). The message model they share is [`message`]. Each holds a
//! `Request` and a `Response`, the server half's `Incoming`, and ties them together with an
//! [`Endpoint`] implementation carrying the [`Metadata`]: path, quotas, the item list and how its
//! results map back, pagination, retry safety, fields, and the error codes its page lists.
//!
//! Every API is declared once in `spec/<service>.toml` (see `docs/declarations.md` in the
//! repository); `cargo xtask codegen` generates from the declarations the table ([`Api`],
//! [`Service`], [`Api::metadata`], [`for_each_api!`], every [`ErrorCode`]), which is always
//! compiled, and the packet modules of the APIs declared with generated packets. A generic
//! caller needs only the table; the typed modules cost nothing unless their feature is on. The
//! modules that were at the crate root before (`im_proto::kick`) remain as deprecated aliases.
//!
//! # Wire rules
//!
//! - Field names are exactly the service's (`UserID`, `To_Account`, `ResultItem`...).
//! - Decoding tolerates unknown fields and absent optional fields; legacy names are accepted
//!   (`Identifier` for `UserID`, `State` for `Status`).
//! - Encoding uses only the current documented names and omits absent optional fields.
//! - Error codes keep any integer; unknown codes survive a round trip.
//!
//! # Example
//!
//! ```
//! use im_proto::{account::account_check, Endpoint, UserId};
//!
//! let request = account_check::Request::new(vec![
//!     UserId::new("UserID_1").unwrap(),
//!     UserId::new("UserID_2").unwrap(),
//! ]);
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"CheckItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}"#
//! );
//! assert_eq!(account_check::Request::METADATA.path(), "v4/im_open_login_svc/account_check");
//!
//! let response: account_check::Response = serde_json::from_str(
//!     r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
//!         {"UserID":"UserID_1","ResultCode":0,"ResultInfo":"","AccountStatus":"Imported"}]}"#,
//! ).unwrap();
//! assert!(response.envelope.is_ok());
//! assert_eq!(response.result_items()[0].account_status, Some(account_check::AccountStatus::Imported));
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
// The shared helpers (flags, identifier items, decoding texts) serve some services' typed modules
// only: with a service's feature off, the ones only it uses are unused, not wrong.
#![cfg_attr(
    not(feature = "full"),
    allow(dead_code, unused_imports, unused_macros, unreachable_pub)
)]

use core::fmt;

mod account_profile;
mod api;
mod api_map;
mod auth_query;
mod envelope;
mod error_code;
mod flag;
pub mod group_types;
mod known_codes;
mod macros;
pub mod message;
mod metadata;
mod moved;
mod profile_data;
mod server;
mod sns_data;
mod table;
mod user_id;
mod validation;

pub(crate) use macros::impl_response;

pub use account_profile::AccountProfile;
pub use api::{Api, Service};
pub use api_map::ApiMap;
pub use auth_query::{AuthQuery, AuthQueryError, SignedQuery};
pub use envelope::{ActionStatus, ApiError, Envelope};
pub use error_code::{CodeInfo, CodeScope, ErrorCode, RetryClass};
pub use metadata::{
    ApiResponse, Cursor, CursorKind, Endpoint, Field, ItemList, Metadata, Offset, Pagination, Per,
    Quota, QuotaCount, ResultMapping, RetrySafety,
};
#[allow(
    deprecated,
    reason = "the crate root keeps a deprecated alias of each module it held before the layout by service"
)]
pub use moved::*;
pub use profile_data::{
    AdminForbidType, AllowType, CUSTOM_TAG_PREFIX, Gender, MAX_CUSTOM_KEYWORD, MAX_CUSTOM_TAGS,
    MAX_LOCATION_BYTES, PROFILE_DECODE_FAILED_INFO, Profile, ProfileItem, ProfileTag, ProfileValue,
    ValueKind, check_profile_items,
};
pub use server::{BODY_NOT_JSON_INFO, Incoming, InvalidItem, RawUserId, Rejection};
pub use sns_data::{
    ADD_SOURCE_PREFIX, CUSTOM_SNS_TAG_PREFIX, FollowList, FollowRelation, MAX_ADD_WORDING_BYTES,
    MAX_BLACKLIST, MAX_FOLLOWING, MAX_FRIEND_GROUP_NAME_BYTES, MAX_FRIEND_GROUPS, MAX_FRIENDS,
    MAX_REMARK_BYTES, MAX_SNS_KEYWORD, MAX_SNS_VALUE_BYTES, SnsValue, TAG_ADD_SOURCE, TAG_ADD_TIME,
    TAG_ADD_WORDING, TAG_GROUP, TAG_REMARK, check_add_source, check_bytes, check_custom_sns_tag,
    check_friend_group_name,
};
pub use user_id::{InvalidUserId, ROBOT_PREFIX, UserId, UserIdRule};
pub use validation::{
    MAX_PROFILE_VALUE_BYTES, MAX_PUSH_ATTRS, MAX_PUSH_TAGS, MAX_PUSH_VALUE_BYTES, ValidationError,
    ValidationRule,
};

#[cfg(feature = "account")]
pub use account::account_check::AccountStatus;
#[cfg(feature = "openim")]
pub use openim::query_online_status::{OnlineStatus, Platform, PlatformStatus};

/// A robot (chatbot) account to create: the one type is now the request of `create_robot`,
/// [`robot::create_robot::Request`] (the same fields, constructor and conversions, and its
/// `with_*` setters).
#[cfg(feature = "robot")]
#[deprecated(
    note = "merged into `im_proto::robot::create_robot::Request`, the request it was a copy of"
)]
pub type RobotProfile = robot::create_robot::Request;

#[cfg(feature = "account")]
pub mod account;
#[cfg(feature = "all_member_push")]
pub mod all_member_push;
#[cfg(feature = "community")]
pub mod community;
#[cfg(feature = "cos_msg")]
pub mod cos_msg;
#[cfg(feature = "follow")]
pub mod follow;
#[cfg(feature = "group")]
pub mod group;
#[cfg(feature = "group_attr")]
pub mod group_attr;
#[cfg(feature = "live_group")]
pub mod live_group;
#[cfg(feature = "msg_audit")]
pub mod msg_audit;
#[cfg(feature = "msg_audit_mgr")]
pub mod msg_audit_mgr;
#[cfg(feature = "msg_history")]
pub mod msg_history;
#[cfg(feature = "msgext")]
pub mod msgext;
#[cfg(feature = "open_search")]
pub mod open_search;
#[cfg(feature = "openconfig")]
pub mod openconfig;
#[cfg(feature = "openim")]
pub mod openim;
#[cfg(feature = "profile")]
pub mod profile;
#[cfg(feature = "recentcontact")]
pub mod recentcontact;
#[cfg(feature = "robot")]
pub mod robot;
#[cfg(feature = "sns")]
pub mod sns;

impl Api {
    /// The API's position in [`Api::ALL`], `0..Api::COUNT`.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The command word, e.g. `"account_import"`; also the module name.
    pub const fn as_str(self) -> &'static str {
        self.metadata().command
    }

    /// Whether repeating a request whose answer was lost cannot do harm (see
    /// [`Metadata::idempotent`]).
    pub const fn is_idempotent(self) -> bool {
        self.metadata().idempotent
    }

    /// Finds the API served at `v4/{service}/{command}`, legacy paths included.
    ///
    /// ```
    /// use im_proto::Api;
    /// assert_eq!(Api::from_path("openim", "querystate"), Some(Api::QueryOnlineStatus));
    /// assert_eq!(Api::from_path("im_open_login_svc", "nope"), None);
    /// ```
    pub fn from_path(service: &str, command: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|api| {
            let meta = api.metadata();
            meta.service == service
                && (meta.command == command || meta.legacy_commands.contains(&command))
        })
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for Api {
    type Err = UnknownApi;

    /// Parses `service/command` (`openim/querystate`), or a command word alone
    /// (`account_import`, legacy ones such as `querystate` included) while it names one API only.
    ///
    /// ```
    /// use im_proto::Api;
    /// assert_eq!("im_open_login_svc/kick".parse::<Api>(), Ok(Api::Kick));
    /// assert_eq!("kick".parse::<Api>(), Ok(Api::Kick));
    /// assert_eq!("openim/querystate".parse::<Api>(), Ok(Api::QueryOnlineStatus));
    /// assert!("profile/kick".parse::<Api>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some((service, command)) = s.split_once('/') {
            return Api::from_path(service, command).ok_or_else(|| UnknownApi(s.to_owned()));
        }
        let mut named = Api::ALL
            .into_iter()
            .filter(|api| api.as_str() == s || api.metadata().legacy_commands.contains(&s));
        match (named.next(), named.next()) {
            (Some(api), None) => Ok(api),
            _ => Err(UnknownApi(s.to_owned())),
        }
    }
}

/// A `SERVICE/COMMAND` or command word that names no declared API (or, for a word alone, more
/// than one); `Display` lists the known ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownApi(String);

impl UnknownApi {
    /// The word that was not recognised.
    pub fn word(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = self.0.rsplit('/').next().unwrap_or_default();
        let same: Vec<Api> = Api::ALL
            .into_iter()
            .filter(|api| api.as_str() == word)
            .collect();
        if same.len() > 1 && !self.0.contains('/') {
            write!(f, "API {:?} is ambiguous: write one of ", self.0)?;
            for (i, api) in same.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                write!(f, "{sep}{}/{api}", api.metadata().service)?;
            }
            return Ok(());
        }
        write!(
            f,
            "unknown API {:?}: expected SERVICE/COMMAND or one of ",
            self.0
        )?;
        for (i, api) in Api::ALL.into_iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(api.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownApi {}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: &str = "group_open_http_svc";
    const LOGIN: &str = "im_open_login_svc";
    const PUSH: &str = "all_member_push";
    const ROBOT: &str = "openim_robot_http_svc";
    const MSG_EXT: &str = "openim_msg_ext_http_svc";
    const COMMUNITY: &str = "million_group_open_http_svc";
    const LIVE: &str = "group_open_avchatroom_http_svc";
    const AUDIT: &str = "im_msg_audit";
    const AUDIT_MGR: &str = "im_msg_audit_mgr";

    /// Every declared API's service, item maximum and default calls per second as its page
    /// gives them, one row each in `Api::ALL`'s order: a declaration that drifts from the
    /// reference fails here, and a new API needs its row (`cargo xtask tidy`, rule
    /// `table-test`, checks every `Api` has one).
    const REFERENCE: &[(Api, &str, usize, u32)] = &[
        (Api::AccountImport, LOGIN, 1, 200),
        (Api::MultiaccountImport, LOGIN, 100, 100),
        (Api::AccountCheck, LOGIN, 100, 100),
        (Api::AccountDelete, LOGIN, 100, 100),
        (Api::Kick, LOGIN, 1, 200),
        (Api::QueryOnlineStatus, "openim", 500, 200),
        (Api::PortraitSet, "profile", 1, 200),
        (Api::PortraitGet, "profile", 100, 200),
        (Api::CreateRobot, ROBOT, 1, 200),
        (Api::DeleteRobot, ROBOT, 1, 200),
        (Api::GetAllRobots, ROBOT, 1, 200),
        (Api::Batchsendmsg, "openim", 500, 200),
        (Api::GetAppidGroupList, GROUP, 1, 1),
        (Api::GetGroupMemberInfo, GROUP, 1, 200),
        (Api::FriendCheck, "sns", 1000, 200),
        (Api::Sendmsg, "openim", 1, 200),
        (Api::Importmsg, "openim", 1, 200),
        (Api::AdminGetroammsg, "openim", 1, 200),
        (Api::AdminMsgwithdraw, "openim", 1, 200),
        (Api::AdminSetMsgRead, "openim", 1, 200),
        (Api::GetC2cUnreadMsgNum, "openim", 10, 200),
        (Api::ModifyC2cMsg, "openim", 1, 200),
        (Api::DeleteC2cMsgRamble, "openim", 30, 200),
        (Api::C2cMsgReadReceipt, "openim", 1, 200),
        (Api::GetKeyValues, MSG_EXT, 1, 200),
        (Api::SetKeyValues, MSG_EXT, 20, 200),
        (Api::FriendAdd, "sns", 1000, 200),
        (Api::FriendImport, "sns", 1000, 200),
        (Api::FriendUpdate, "sns", 100, 200),
        (Api::FriendDelete, "sns", 1000, 200),
        (Api::FriendDeleteAll, "sns", 1, 200),
        (Api::FriendGet, "sns", 1, 200),
        (Api::FriendGetList, "sns", 100, 200),
        (Api::BlackListAdd, "sns", 1000, 200),
        (Api::BlackListDelete, "sns", 1000, 200),
        (Api::BlackListGet, "sns", 1, 200),
        (Api::BlackListCheck, "sns", 1000, 200),
        (Api::GroupAdd, "sns", 1, 200),
        (Api::GroupDelete, "sns", 1, 200),
        (Api::GroupGet, "sns", 1, 200),
        (Api::FollowAdd, "follow", 20, 200),
        (Api::FollowDelete, "follow", 20, 200),
        (Api::FollowCheck, "follow", 100, 200),
        (Api::FollowGet, "follow", 1, 200),
        (Api::FollowGetInfo, "follow", 20, 200),
        (Api::CreateGroup, GROUP, 1, 200),
        (Api::ImportGroup, GROUP, 1, 200),
        (Api::GetGroupInfo, GROUP, 50, 200),
        (Api::ModifyGroupBaseInfo, GROUP, 1, 200),
        (Api::DestroyGroup, GROUP, 1, 200),
        (Api::GetJoinedGroupList, GROUP, 1, 200),
        (Api::ChangeGroupOwner, GROUP, 1, 200),
        (Api::GetRoleInGroup, GROUP, 500, 200),
        (Api::AddGroupMember, GROUP, 20, 200),
        (Api::ImportGroupMember, GROUP, 20, 200),
        (Api::DeleteGroupMember, GROUP, 100, 200),
        (Api::ModifyGroupMemberInfo, GROUP, 1, 200),
        (Api::GetSpecifiedGroupMemberInfo, GROUP, 50, 200),
        (Api::ForbidSendMsg, GROUP, 500, 200),
        (Api::GetGroupMutedAccount, GROUP, 1, 200),
        (Api::BanGroupMember, GROUP, 20, 200),
        (Api::UnbanGroupMember, GROUP, 20, 200),
        (Api::GetGroupBanMember, GROUP, 1, 200),
        (Api::SendGroupMsg, GROUP, 1, 200),
        (Api::SendGroupSystemNotification, GROUP, 50, 200),
        (Api::GroupMsgGetSimple, GROUP, 1, 200),
        (Api::GroupMsgRecall, GROUP, 10, 200),
        (Api::ImportGroupMsg, GROUP, 7, 200),
        (Api::DeleteGroupMsgBySender, GROUP, 1, 200),
        (Api::SetUnreadMsgNum, GROUP, 1, 200),
        (Api::ClearGroupMsg, GROUP, 1, 200),
        (Api::ModifyGroupMsg, "openim", 1, 200),
        (Api::CreateTopic, COMMUNITY, 1, 200),
        (Api::DestroyTopic, COMMUNITY, 1, 200),
        (Api::GetTopic, COMMUNITY, 1, 200),
        (Api::ModifyTopic, COMMUNITY, 1, 200),
        (Api::ImportTopic, COMMUNITY, 1, 200),
        (Api::GetOnlineMemberNum, COMMUNITY, 1, 200),
        (Api::GetGroupAttr, "group_open_attr_http_svc", 1, 200),
        (Api::ModifyGroupAttr, GROUP, 1, 200),
        (Api::ClearGroupAttr, GROUP, 1, 200),
        (Api::SetGroupAttr, GROUP, 1, 200),
        (Api::DeleteGroupAttr, GROUP, 1, 200),
        (Api::GetGroupCounter, GROUP, 1, 200),
        (Api::UpdateGroupCounter, GROUP, 1, 200),
        (Api::DeleteGroupCounter, GROUP, 1, 200),
        (Api::GetMembers, LIVE, 1, 200),
        (Api::ModifyUserInfo, LIVE, 500, 200),
        (Api::ModifyAdmin, LIVE, 5, 200),
        (Api::GetAdminList, LIVE, 1, 200),
        (Api::AddRobots, LIVE, 1, 200),
        (Api::DelRobots, LIVE, 1, 200),
        (Api::CheckMembers, LIVE, 1, 200),
        (Api::GetList, "recentcontact", 1, 200),
        (Api::Delete, "recentcontact", 1, 200),
        (Api::CreateContactGroup, "recentcontact", 1, 200),
        (Api::MarkContact, "recentcontact", 100, 200),
        (Api::UpdateContactGroup, "recentcontact", 1, 200),
        (Api::GetContactGroup, "recentcontact", 1, 200),
        (Api::DelContactGroup, "recentcontact", 1, 200),
        (Api::SearchContactGroup, "recentcontact", 300, 200),
        (Api::Top, "recentcontact", 1, 200),
        (Api::ImPush, PUSH, 1, 1),
        (Api::ImSetAttrName, PUSH, 1, 100),
        (Api::ImGetAttrName, PUSH, 1, 100),
        (Api::ImGetAttr, PUSH, 100, 100),
        (Api::ImSetAttr, PUSH, 100, 100),
        (Api::ImRemoveAttr, PUSH, 100, 100),
        (Api::ImGetTag, PUSH, 100, 100),
        (Api::ImAddTag, PUSH, 100, 100),
        (Api::ImRemoveTag, PUSH, 100, 100),
        (Api::ImRemoveAllTags, PUSH, 100, 100),
        (Api::SendBroadcastMsg, GROUP, 1, 1),
        (Api::GetGroupMsgReceipt, GROUP, 1, 200),
        (Api::GetGroupMsgReceiptDetail, GROUP, 1, 200),
        (Api::GroupMsgReceipt, GROUP, 50, 200),
        (Api::GroupGetKeyValues, MSG_EXT, 1, 200),
        (Api::GroupSetKeyValues, MSG_EXT, 20, 200),
        (Api::Setnospeaking, "openconfigsvr", 1, 200),
        (Api::Getnospeaking, "openconfigsvr", 1, 200),
        (Api::Getappinfo, "openconfigsvr", 1, 200),
        (Api::GetHistory, "open_msg_svc", 1, 10),
        (Api::ForbidIllegalObject, "im_cos_msg", 1, 200),
        (Api::AllowBannedObject, "im_cos_msg", 1, 200),
        (Api::ContentModeration, AUDIT, 1, 200),
        (Api::BatchContentModeration, AUDIT, 10, 200),
        (Api::GetCloudAuditKeywordsIds, AUDIT_MGR, 1, 200),
        (Api::GetCloudAuditKeywords, AUDIT_MGR, 1, 200),
        (Api::AddCloudAuditKeywords, AUDIT_MGR, 1, 200),
        (Api::DeleteCloudAuditKeywords, AUDIT_MGR, 10, 200),
        (Api::SetVisibility, "im_open_search", 1, 2),
        (Api::GetNoVisibility, "im_open_search", 1, 2),
    ];

    /// Each API's row of [`REFERENCE`] against its declaration.
    #[test]
    fn metadata_matches_the_reference() {
        let expected = REFERENCE;
        assert_eq!(expected.len(), Api::COUNT, "one row per declared API");
        for (&(api, service, max, rate), declared) in expected.iter().zip(Api::ALL) {
            assert_eq!(api, declared, "the rows follow Api::ALL");
            let meta = api.metadata();
            assert_eq!(meta.api, Some(api));
            assert_eq!(
                api.index(),
                Api::ALL.iter().position(|a| *a == api).unwrap()
            );
            assert_eq!(meta.service, service, "{api}");
            assert_eq!(meta.max_items, max, "{api}");
            assert_eq!(meta.default_calls_per_second, rate, "{api}");
            assert_eq!(Api::from_path(service, meta.command), Some(api));
            assert_eq!(meta.command.parse::<Api>().unwrap(), api);
        }
        let err = "nope".parse::<Api>().unwrap_err();
        assert_eq!(err.word(), "nope");
        for api in Api::ALL {
            assert!(err.to_string().contains(api.as_str()));
        }
        assert_eq!(Api::from_path("openim", Api::AccountImport.as_str()), None);
    }

    /// Every declared API: its typed module's `Endpoint` carries the table's metadata, its
    /// variant and service agree with the table, its path resolves back to it, and the facts a
    /// client derives from the declaration are consistent.
    #[cfg(feature = "full")]
    #[test]
    fn the_table_checks_every_declared_api() {
        macro_rules! check {
            ($($variant:ident $service:ident $command:ident,)*) => {$(
                let meta = <$service::$command::Request as Endpoint>::METADATA;
                assert_eq!(&meta, Api::$variant.metadata());
                assert_eq!(meta.api, Some(Api::$variant));
                assert_eq!(meta.service_kind, Some(Api::$variant.service()));
                assert_eq!(Api::$variant.service().module(), stringify!($service));
                assert_eq!(meta.command, stringify!($command));
            )*};
        }
        for_each_api!(check);
        for api in Api::ALL {
            let meta = api.metadata();
            assert_eq!(meta.service, api.service().path());
            assert_eq!(Api::from_path(meta.service, meta.command), Some(api));
            assert_eq!(
                format!("{}/{}", meta.service, meta.command).parse(),
                Ok(api)
            );
            assert_eq!(meta.max_items, meta.items.map_or(1, |items| items.max));
            assert_eq!(meta.calls_per_second(), Some(meta.default_calls_per_second));
            assert_eq!(meta.idempotent, meta.retry == RetrySafety::Always);
            assert!(meta.doc_url.starts_with("https://"), "{api}");
            for info in meta.codes {
                assert!(info.scope.includes(api), "{api}: {}", info.name);
            }
        }
    }
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Each type has one public path: `AccountProfile` is `im_proto::AccountProfile`, shared by
/// `account_import` and `multiaccount_import`, and neither module re-exports it.
///
/// ```compile_fail,E0432
/// use im_proto::account::multiaccount_import::AccountProfile;
/// ```
///
/// ```
/// use im_proto::AccountProfile;
/// let _ = AccountProfile::new(im_proto::UserId::new("alice").unwrap());
/// ```
#[cfg(doctest)]
pub struct OnePathDoctests;
