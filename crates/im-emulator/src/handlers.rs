//! The APIs' semantics, after the request was authenticated: one module per served API, each
//! decoding its body with the API's `Incoming` type and answering with its response packet.

use im_proto::{Api, Endpoint, ErrorCode, Incoming};
use serde_json::Value;

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

/// The `ResultInfo` the service gives for an account that does not exist.
const NOT_EXIST_INFO: &str = "Err_TLS_PT_Open_Login_Account_Not_Exist";

/// The text the profile service gives for an account that does not exist.
const PROFILE_NOT_EXIST_INFO: &str = "Err_Profile_Account_Not_Exist";

macro_rules! handlers {
    ($($variant:ident $service:ident $module:ident $([$refusals:ident $(, $quotas:ident)?])?,)*) => {
        $(mod $module;)*

        /// Whether the emulator serves `api` (every other declared API is answered with
        /// 60009, "not emulated", until its handler lands).
        pub fn serves(api: Api) -> bool {
            matches!(api, $(Api::$variant)|*)
        }

        /// Decodes the body as `api`'s incoming request and runs the API.
        pub(crate) fn dispatch(shared: &Shared, api: Api, route: Route, body: &[u8]) -> Answer {
            match api {
                $(Api::$variant => run::<im_proto::$service::$module::Request>(
                    shared, route, body, $module::handle, refusals!($module $($refusals)?),
                ),)*
                _ => Answer::fail(ErrorCode::RESOURCE_NOT_FOUND, format!("{api} is not emulated")),
            }
        }

        /// The codes `api`'s page gives to its quotas, when they are its own (`[REFUSALS,
        /// QUOTA_CODES]` after its registration); else the pipeline answers 60007.
        pub(crate) fn quota_codes(api: Api) -> Option<QuotaCodes> {
            match api {
                $($($(Api::$variant => Some($module::$quotas),)?)?)*
                _ => None,
            }
        }
    };
}

/// The codes a page gives to its API's quotas (im_push's 90024 and 90047), which the pipeline
/// answers in place of the generic 60007.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QuotaCodes {
    /// A call over the calls-per-second quota (the rate limit).
    pub(crate) rate: ErrorCode,
    /// A call over a quota of a minute or a day.
    pub(crate) day: ErrorCode,
}

/// The fields a handler module gives codes of their own (`[REFUSALS]` after its registration),
/// else none.
macro_rules! refusals {
    ($module:ident) => {
        &[]
    };
    ($module:ident $refusals:ident) => {
        $module::$refusals
    };
}

// The APIs the emulator serves, each with its handler module (and `[REFUSALS]` when its page
// gives codes of their own to fields that do not decode, and `[REFUSALS, QUOTA_CODES]` when it
// also gives its quotas codes of their own); any other declared API is answered
// with 60009 (not emulated) until its handler lands with its issue.
handlers! {
        AccountImport account account_import,
        MultiaccountImport account multiaccount_import,
        AccountCheck account account_check,
        AccountDelete account account_delete,
        Kick account kick,
        QueryOnlineStatus openim query_online_status,
        PortraitSet profile portrait_set,
        PortraitGet profile portrait_get,
        CreateRobot robot create_robot,
        DeleteRobot robot delete_robot,
        GetAllRobots robot get_all_robots,
        Sendmsg openim sendmsg [REFUSALS],
        Batchsendmsg openim batchsendmsg [REFUSALS],
        Importmsg openim importmsg [REFUSALS],
        AdminGetroammsg openim admin_getroammsg,
        AdminMsgwithdraw openim admin_msgwithdraw,
        AdminSetMsgRead openim admin_set_msg_read,
        GetC2cUnreadMsgNum openim get_c2c_unread_msg_num,
        ModifyC2cMsg openim modify_c2c_msg [REFUSALS],
        DeleteC2cMsgRamble openim delete_c2c_msg_ramble,
        C2cMsgReadReceipt openim c2c_msg_read_receipt,
        GetKeyValues msgext get_key_values,
        SetKeyValues msgext set_key_values,
        GroupGetKeyValues msgext group_get_key_values,
        GroupSetKeyValues msgext group_set_key_values,
        FriendAdd sns friend_add,
        FriendImport sns friend_import,
        FriendUpdate sns friend_update,
        FriendDelete sns friend_delete,
        FriendDeleteAll sns friend_delete_all,
        FriendCheck sns friend_check,
        FriendGet sns friend_get,
        FriendGetList sns friend_get_list,
        BlackListAdd sns black_list_add,
        BlackListDelete sns black_list_delete,
        BlackListGet sns black_list_get,
        BlackListCheck sns black_list_check,
        GroupAdd sns group_add,
        GroupDelete sns group_delete,
        GroupGet sns group_get,
        FollowAdd follow follow_add,
        FollowDelete follow follow_delete,
        FollowCheck follow follow_check,
        FollowGet follow follow_get,
        FollowGetInfo follow follow_get_info,
        GetAppidGroupList group get_appid_group_list,
        CreateGroup group create_group,
        ImportGroup group import_group,
        GetGroupInfo group get_group_info,
        ModifyGroupBaseInfo group modify_group_base_info,
        DestroyGroup group destroy_group,
        GetJoinedGroupList group get_joined_group_list,
        ChangeGroupOwner group change_group_owner,
        GetRoleInGroup group get_role_in_group,
        AddGroupMember group add_group_member,
        ImportGroupMember group import_group_member,
        DeleteGroupMember group delete_group_member,
        ModifyGroupMemberInfo group modify_group_member_info,
        GetGroupMemberInfo group get_group_member_info,
        GetSpecifiedGroupMemberInfo group get_specified_group_member_info,
        ForbidSendMsg group forbid_send_msg,
        GetGroupMutedAccount group get_group_muted_account,
        BanGroupMember group ban_group_member,
        UnbanGroupMember group unban_group_member,
        GetGroupBanMember group get_group_ban_member,
        SendGroupMsg group send_group_msg,
        SendGroupSystemNotification group send_group_system_notification,
        GroupMsgGetSimple group group_msg_get_simple,
        GroupMsgRecall group group_msg_recall,
        ImportGroupMsg group import_group_msg,
        DeleteGroupMsgBySender group delete_group_msg_by_sender,
        SetUnreadMsgNum group set_unread_msg_num,
        ClearGroupMsg group clear_group_msg,
        ModifyGroupMsg openim modify_group_msg [REFUSALS],
        CreateTopic community create_topic,
        DestroyTopic community destroy_topic,
        GetTopic community get_topic,
        ModifyTopic community modify_topic,
        ImportTopic community import_topic,
        GetOnlineMemberNum community get_online_member_num,
        GetGroupAttr group_attr get_group_attr,
        ModifyGroupAttr group modify_group_attr,
        ClearGroupAttr group clear_group_attr,
        SetGroupAttr group set_group_attr,
        DeleteGroupAttr group delete_group_attr,
        GetGroupCounter group get_group_counter,
        UpdateGroupCounter group update_group_counter,
        DeleteGroupCounter group delete_group_counter,
        GetMembers live_group get_members,
        ModifyUserInfo live_group modify_user_info,
        ModifyAdmin live_group modify_admin,
        GetAdminList live_group get_admin_list,
        AddRobots live_group add_robots,
        DelRobots live_group del_robots,
        CheckMembers live_group check_members,
        GetList recentcontact get_list,
        Delete recentcontact delete,
        CreateContactGroup recentcontact create_contact_group,
        MarkContact recentcontact mark_contact,
        UpdateContactGroup recentcontact update_contact_group,
        GetContactGroup recentcontact get_contact_group,
        DelContactGroup recentcontact del_contact_group,
        SearchContactGroup recentcontact search_contact_group,
        Top recentcontact top,
        ImPush all_member_push im_push [REFUSALS, QUOTA_CODES],
        ImSetAttrName all_member_push im_set_attr_name,
        ImGetAttrName all_member_push im_get_attr_name,
        ImGetAttr all_member_push im_get_attr,
        ImSetAttr all_member_push im_set_attr,
        ImRemoveAttr all_member_push im_remove_attr,
        ImGetTag all_member_push im_get_tag,
        ImAddTag all_member_push im_add_tag,
        ImRemoveTag all_member_push im_remove_tag,
        ImRemoveAllTags all_member_push im_remove_all_tags,
        SendBroadcastMsg group send_broadcast_msg,
        GetGroupMsgReceipt group get_group_msg_receipt,
        GetGroupMsgReceiptDetail group get_group_msg_receipt_detail,
        GroupMsgReceipt group group_msg_receipt,
        Setnospeaking openconfig setnospeaking,
        Getnospeaking openconfig getnospeaking,
        Getappinfo openconfig getappinfo,
        GetHistory msg_history get_history,
        ForbidIllegalObject cos_msg forbid_illegal_object,
        AllowBannedObject cos_msg allow_banned_object,
        ContentModeration msg_audit content_moderation,
        BatchContentModeration msg_audit batch_content_moderation,
        GetCloudAuditKeywordsIds msg_audit_mgr get_cloud_audit_keywords_ids,
        GetCloudAuditKeywords msg_audit_mgr get_cloud_audit_keywords,
        AddCloudAuditKeywords msg_audit_mgr add_cloud_audit_keywords,
        DeleteCloudAuditKeywords msg_audit_mgr delete_cloud_audit_keywords,
        SetVisibility open_search set_visibility,
        GetNoVisibility open_search get_no_visibility,
}

/// A handler: the API's semantics for a decoded request that reached it by `Route`.
type Handler<R> = fn(&Shared, R, Route) -> Answer;

/// The codes an API's page gives to a body that does not decode, by the field at fault (e.g.
/// sendmsg's 90007 for a `MsgBody` that is not an array), where they are more precise than the
/// service's generic refusal: (field, what it must be, its code). A handler module that has
/// them declares them as its `REFUSALS`.
type Refusals = &'static [(&'static str, Kind, ErrorCode)];

/// What a field of a request body must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A string, present.
    String,
    /// An array, present.
    Array,
    /// An integer, present.
    Integer,
    /// An integer when present.
    OptionalInteger,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Integer => "an integer",
            Kind::OptionalInteger => "an integer when present",
        }
    }

    fn fits(self, value: Option<&Value>) -> bool {
        let integer = |v: &Value| v.is_u64() || v.is_i64();
        match self {
            Kind::String => value.is_some_and(Value::is_string),
            Kind::Array => value.is_some_and(Value::is_array),
            Kind::Integer => value.is_some_and(integer),
            Kind::OptionalInteger => value.is_none_or(|v| v.is_null() || integer(v)),
        }
    }
}

/// The first of `fields` that `body` (a JSON object) does not fit, with its code.
fn misfit(body: &[u8], fields: &[(&'static str, Kind, ErrorCode)]) -> Option<(ErrorCode, String)> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    fields
        .iter()
        .find(|(name, kind, _)| !kind.fits(object.get(*name)))
        .map(|&(name, kind, code)| (code, format!("{name} must be {}", kind.describe())))
}

/// Decodes the body as `E`'s incoming request (a refusal is answered as it is, by the API's
/// service, with the code the page gives the field at fault when it gives one) and handles it.
fn run<E: Endpoint>(
    shared: &Shared,
    route: Route,
    body: &[u8],
    handle: Handler<E::Incoming>,
    fields: Refusals,
) -> Answer {
    match E::Incoming::decode(body) {
        Ok(request) => handle(shared, request, route),
        Err(rejection) => {
            let (code, info) = misfit(body, fields)
                .unwrap_or_else(|| (rejection.code(), rejection.info().to_owned()));
            Answer::fail_as(&E::METADATA, code, info)
        }
    }
}

/// The refusal of a request of `count` items when the API's declared maximum is lower: the
/// service's "too many accounts" code (90018 for the push APIs, the only users so far).
fn too_many(api: Api, count: usize) -> Option<Answer> {
    let max = api.metadata().items.map(|items| items.max)?;
    (count > max).then(|| {
        Answer::fail_for(
            api,
            ErrorCode::PUSH_TOO_MANY_ACCOUNTS,
            format!("{count} accounts, over the {max} of one request"),
        )
    })
}

/// Whether the account `id` exists (imported, or an admin's).
fn exists(shared: &Shared, id: &str) -> bool {
    shared.store.read().accounts.contains_key(id)
}

/// The sender of a send: `From_Account`, or the admin the call is signed as.
fn sender<'a>(shared: &'a Shared, from: Option<&'a im_proto::UserId>, route: Route) -> &'a str {
    from.map_or_else(
        || shared.admins.get(route.admin).map_or("", String::as_str),
        im_proto::UserId::as_str,
    )
}

/// Whether a send's `ForbidCallbackControl` holds `which` (that callback is off for it).
fn forbids(
    control: Option<&[im_proto::message::ForbidCallbackControl]>,
    which: &im_proto::message::ForbidCallbackControl,
) -> bool {
    control.is_some_and(|list| list.contains(which))
}
