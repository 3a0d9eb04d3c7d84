//! proptest strategies for every packet type.

use im_proto::openim::query_online_status::{ErrorItem, OnlineStatus, PlatformStatus, QueryResult};
use im_proto::{
    ActionStatus, Envelope, ErrorCode, ProfileItem, ProfileTag, ProfileValue, UserId,
    account::account_check, account::account_delete, account::account_import, account::kick,
    account::multiaccount_import, openim::query_online_status, profile::portrait_get,
    profile::portrait_set, robot::create_robot, robot::delete_robot, robot::get_all_robots,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Map, Value};

pub(crate) fn user_id() -> impl Strategy<Value = UserId> {
    prop_oneof![
        "[A-Za-z0-9_-]{1,32}",
        // Any non-control characters, unicode included, cut to 32 bytes.
        "[^\\p{Cc}]{1,12}",
    ]
    .prop_filter_map("longer than 32 bytes", |s| UserId::new(s).ok())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[ -~]{0,16}", any::<String>()]
}

fn code() -> impl Strategy<Value = ErrorCode> {
    prop_oneof![
        Just(ErrorCode::OK),
        prop::sample::select(ErrorCode::all().collect::<Vec<_>>())
            .prop_map(|info| ErrorCode::new(info.code)),
        any::<i64>().prop_map(ErrorCode::new),
    ]
}

fn unknown_word(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    text().prop_filter("a known value", move |s| !known.contains(&s.as_str()))
}

fn action_status() -> impl Strategy<Value = ActionStatus> {
    prop_oneof![
        Just(ActionStatus::Ok),
        Just(ActionStatus::Fail),
        unknown_word(&["OK", "FAIL"]).prop_map(ActionStatus::Other),
    ]
}

pub(crate) fn envelope() -> impl Strategy<Value = Envelope> {
    (
        action_status(),
        code(),
        text(),
        proptest::option::of(text()),
    )
        .prop_map(|(status, code, info, display)| {
            let mut env = Envelope::fail(code, info);
            env.action_status = status;
            env.error_display = display;
            env
        })
}

fn online_status() -> impl Strategy<Value = OnlineStatus> {
    prop_oneof![
        Just(OnlineStatus::Online),
        Just(OnlineStatus::PushOnline),
        Just(OnlineStatus::Offline),
        unknown_word(&["Online", "PushOnline", "Offline"]).prop_map(OnlineStatus::Other),
    ]
}

fn extra() -> impl Strategy<Value = Map<String, Value>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    let value = leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            vec(("[a-z]{1,4}", inner), 0..3).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    });
    // Prefixed keys never collide with the documented names.
    vec(("X_[A-Za-z]{1,6}", value), 0..3).prop_map(|kv| kv.into_iter().collect())
}

pub(crate) fn account_import_request() -> impl Strategy<Value = account_import::Request> {
    (
        user_id(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(any::<u32>()),
    )
        .prop_map(|(id, nick, face, ty)| {
            let mut req = account_import::Request::new(id);
            req.nick = nick;
            req.face_url = face;
            req.account_type = ty;
            req
        })
}

pub(crate) fn account_import_response() -> impl Strategy<Value = account_import::Response> {
    envelope().prop_map(<account_import::Response as im_proto::ApiResponse>::from_envelope)
}

pub(crate) fn multiaccount_import_request() -> impl Strategy<Value = multiaccount_import::Request> {
    let profile = (
        user_id(),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(id, nick, face)| {
            let mut p = im_proto::AccountProfile::new(id);
            p.nick = nick;
            p.face_url = face;
            p
        });
    prop_oneof![
        vec(user_id(), 0..8).prop_map(multiaccount_import::Request::accounts),
        vec(profile, 0..8).prop_map(multiaccount_import::Request::account_list),
    ]
}

pub(crate) fn multiaccount_import_response() -> impl Strategy<Value = multiaccount_import::Response>
{
    (envelope(), proptest::option::of(vec(text(), 0..5))).prop_map(|(env, fail)| {
        let mut res = <multiaccount_import::Response as im_proto::ApiResponse>::from_envelope(env);
        res.fail_accounts = fail;
        res
    })
}

pub(crate) fn account_check_request() -> impl Strategy<Value = account_check::Request> {
    vec(user_id(), 0..8).prop_map(account_check::Request::new)
}

pub(crate) fn account_check_response() -> impl Strategy<Value = account_check::Response> {
    let status = prop_oneof![
        Just(account_check::AccountStatus::Imported),
        Just(account_check::AccountStatus::NotImported),
        unknown_word(&["Imported", "NotImported"]).prop_map(account_check::AccountStatus::Other),
    ];
    let item = (text(), code(), text(), proptest::option::of(status)).prop_map(
        |(id, code, info, status)| {
            let mut item = account_check::ResultItem::failed(id, code, info);
            item.account_status = status;
            item
        },
    );
    (envelope(), proptest::option::of(vec(item, 0..5))).prop_map(|(env, items)| {
        let mut res = <account_check::Response as im_proto::ApiResponse>::from_envelope(env);
        res.result_item = items;
        res
    })
}

pub(crate) fn account_delete_request() -> impl Strategy<Value = account_delete::Request> {
    vec(user_id(), 0..8).prop_map(account_delete::Request::new)
}

pub(crate) fn account_delete_response() -> impl Strategy<Value = account_delete::Response> {
    let item = (text(), code(), text())
        .prop_map(|(id, code, info)| account_delete::ResultItem::new(id, code, info));
    (envelope(), proptest::option::of(vec(item, 0..5))).prop_map(|(env, items)| {
        let mut res = <account_delete::Response as im_proto::ApiResponse>::from_envelope(env);
        res.result_item = items;
        res
    })
}

pub(crate) fn kick_request() -> impl Strategy<Value = kick::Request> {
    user_id().prop_map(kick::Request::new)
}

pub(crate) fn kick_response() -> impl Strategy<Value = kick::Response> {
    envelope().prop_map(<kick::Response as im_proto::ApiResponse>::from_envelope)
}

pub(crate) fn query_online_status_request() -> impl Strategy<Value = query_online_status::Request> {
    let flag = || proptest::option::of(any::<bool>());
    (vec(user_id(), 0..8), flag(), flag(), flag()).prop_map(|(ids, detail, instid, custom)| {
        let mut req = query_online_status::Request::new(ids);
        req.is_need_detail = detail;
        req.is_return_instid = instid;
        req.is_return_custom_status = custom;
        req
    })
}

pub(crate) fn query_online_status_response() -> impl Strategy<Value = query_online_status::Response>
{
    let detail = (text(), online_status(), extra()).prop_map(|(platform, status, extra)| {
        let mut d = PlatformStatus::new(platform, status);
        d.extra = extra;
        d
    });
    let result = (
        text(),
        online_status(),
        proptest::option::of(vec(detail, 0..3)),
        extra(),
    )
        .prop_map(|(account, status, detail, extra)| {
            let mut r = QueryResult::new(account, status);
            r.detail = detail;
            r.extra = extra;
            r
        });
    let error = (text(), code(), extra()).prop_map(|(account, code, extra)| {
        let mut e = ErrorItem::new(account, code);
        e.extra = extra;
        e
    });
    (
        envelope(),
        proptest::option::of(vec(result, 0..4)),
        proptest::option::of(vec(error, 0..4)),
    )
        .prop_map(|(env, results, errors)| {
            let mut res =
                <query_online_status::Response as im_proto::ApiResponse>::from_envelope(env);
            res.query_result = results;
            res.error_list = errors;
            res
        })
}

fn profile_tag() -> impl Strategy<Value = ProfileTag> {
    prop_oneof![
        prop::sample::select(ProfileTag::STANDARD.to_vec()),
        "Tag_Profile_Custom_[A-Za-z]{1,8}".prop_map(|s| ProfileTag::from(s.as_str())),
        text().prop_map(|s| ProfileTag::from(s.as_str())),
    ]
}

fn profile_value() -> impl Strategy<Value = ProfileValue> {
    prop_oneof![
        text().prop_map(ProfileValue::Str),
        any::<u64>().prop_map(ProfileValue::Int),
        prop_oneof![
            Just("null".to_owned()),
            Just("-1".to_owned()),
            Just("[1,2]".to_owned()),
            Just("{\"a\":true}".to_owned()),
        ]
        .prop_map(ProfileValue::Other),
    ]
}

fn profile_items() -> impl Strategy<Value = Vec<ProfileItem>> {
    vec(
        (profile_tag(), profile_value()).prop_map(|(t, v)| ProfileItem::new(t, v)),
        0..5,
    )
}

pub(crate) fn portrait_set_request() -> impl Strategy<Value = portrait_set::Request> {
    (user_id(), profile_items()).prop_map(|(id, items)| portrait_set::Request::new(id, items))
}

pub(crate) fn portrait_set_response() -> impl Strategy<Value = portrait_set::Response> {
    envelope().prop_map(<portrait_set::Response as im_proto::ApiResponse>::from_envelope)
}

pub(crate) fn portrait_get_request() -> impl Strategy<Value = portrait_get::Request> {
    (vec(user_id(), 0..6), vec(profile_tag(), 0..5))
        .prop_map(|(ids, tags)| portrait_get::Request::new(ids, tags))
}

pub(crate) fn portrait_get_response() -> impl Strategy<Value = portrait_get::Response> {
    let item = (
        text(),
        proptest::option::of(profile_items()),
        code(),
        text(),
    )
        .prop_map(|(account, items, code, info)| {
            let mut item = portrait_get::UserProfileItem::failed(account, code, info);
            item.profile_item = items;
            item
        });
    (
        envelope(),
        proptest::option::of(vec(item, 0..4)),
        proptest::option::of(vec(text(), 0..3)),
    )
        .prop_map(|(env, items, failed)| {
            let mut res = <portrait_get::Response as im_proto::ApiResponse>::from_envelope(env);
            res.user_profile_item = items;
            res.fail_account = failed;
            res
        })
}

fn robot_id() -> impl Strategy<Value = UserId> {
    prop_oneof!["@RBT#[A-Za-z0-9_-]{1,27}", "[^\\p{Cc}]{1,8}"]
        .prop_filter_map("longer than 32 bytes", |s| UserId::new(s).ok())
}

pub(crate) fn create_robot_request() -> impl Strategy<Value = create_robot::Request> {
    let field = || proptest::option::of(text());
    (robot_id(), field(), field(), field()).prop_map(|(id, nick, face, sig)| {
        let mut req = create_robot::Request::new(id);
        req.nick = nick;
        req.face_url = face;
        req.self_signature = sig;
        req
    })
}

pub(crate) fn create_robot_response() -> impl Strategy<Value = create_robot::Response> {
    envelope().prop_map(<create_robot::Response as im_proto::ApiResponse>::from_envelope)
}

pub(crate) fn delete_robot_request() -> impl Strategy<Value = delete_robot::Request> {
    robot_id().prop_map(delete_robot::Request::new)
}

pub(crate) fn delete_robot_response() -> impl Strategy<Value = delete_robot::Response> {
    envelope().prop_map(<delete_robot::Response as im_proto::ApiResponse>::from_envelope)
}

pub(crate) fn get_all_robots_request() -> impl Strategy<Value = get_all_robots::Request> {
    Just(get_all_robots::Request::new())
}

pub(crate) fn get_all_robots_response() -> impl Strategy<Value = get_all_robots::Response> {
    (envelope(), proptest::option::of(vec(text(), 0..4))).prop_map(|(env, robots)| {
        let mut res = <get_all_robots::Response as im_proto::ApiResponse>::from_envelope(env);
        res.robot_account = robots;
        res
    })
}
