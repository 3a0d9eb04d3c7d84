//! Body checks and the six APIs' semantics, over real HTTP.

use im_emulator::{Account, Emulator, OnlineState};
use im_proto::Api;
use im_proto::openim::query_online_status::OnlineStatus;
use serde_json::{Value, json};

use crate::util::Env;

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

async fn start() -> Env {
    Env::start(Emulator::builder().without_rate_limits()).await
}

#[tokio::test]
async fn body_checks() {
    let env = start().await;
    not_json_is_refused_by_every_api(&env).await;
    bad_fields_are_refused(&env).await;
    openim_bodies_have_their_codes(&env).await;
    assert_eq!(
        env.handle.account_count(),
        0,
        "refused requests change nothing"
    );
}

/// Not JSON, empty, not an object: 60003, or 90001 on openim; the profile service's own text.
async fn not_json_is_refused_by_every_api(env: &Env) {
    let q = env.signed_query();
    for body in [
        "",
        "{",
        "not json",
        "[]",
        "null",
        "42",
        r#"{"CheckItem":[]"#,
    ] {
        for api in Api::ALL.into_iter().filter(|&api| im_emulator::serves(api)) {
            let expected = match api {
                Api::QueryOnlineStatus
                | Api::Sendmsg
                | Api::Batchsendmsg
                | Api::Importmsg
                | Api::AdminGetroammsg
                | Api::AdminMsgwithdraw
                | Api::AdminSetMsgRead
                | Api::GetC2cUnreadMsgNum
                | Api::ModifyC2cMsg
                | Api::DeleteC2cMsgRamble
                | Api::C2cMsgReadReceipt
                | Api::ModifyGroupMsg => 90001,
                Api::GetKeyValues
                | Api::SetKeyValues
                | Api::GroupGetKeyValues
                | Api::GroupSetKeyValues => 10004,
                Api::PortraitSet | Api::PortraitGet => 40001,
                Api::CreateRobot | Api::DeleteRobot => 10004,
                Api::GetAllRobots => 10008,
                _ if matches!(api.metadata().service, "sns" | "follow") => 30001,
                _ if api.metadata().service == "recentcontact" => 50002,
                _ if api.metadata().service == "all_member_push" => 90001,
                // The keyword libraries' service answers its own 2003 (invalid parameters).
                _ if api.metadata().service == "im_msg_audit_mgr" => 2003,
                // Cloud search visibility answers its own 27003 (invalid parameters).
                _ if api.metadata().service == "im_open_search" => 27003,
                _ if matches!(
                    api.metadata().service,
                    "group_open_http_svc"
                        | "group_open_attr_http_svc"
                        | "million_group_open_http_svc"
                        | "group_open_avchatroom_http_svc"
                ) =>
                {
                    10004
                }
                _ => 60003,
            };
            let info = match api {
                Api::PortraitSet | Api::PortraitGet => "Err_Profile_Comm_Decode_Fail",
                _ => "Fail to Parse json data of body, Please check it",
            };
            let reply = env.post(&Env::api_path(api), &q, body).await;
            assert_eq!(reply.code(), expected, "{api} {body:?}");
            assert_eq!(reply.json()["ErrorInfo"], info, "{api} {body:?}");
        }
    }
}

/// Bodies whose fields do not fit: 70402.
async fn bad_fields_are_refused(env: &Env) {
    let long = "x".repeat(33);
    let cases: Vec<(Api, Value)> = vec![
        (Api::AccountImport, json!({})),
        (Api::AccountImport, json!({"Nick": "n"})),
        (Api::AccountImport, json!({"UserID": 123})),
        (Api::AccountImport, json!({"UserID": ""})),
        (Api::AccountImport, json!({"UserID": long})),
        (Api::AccountImport, json!({"UserID": "a\u{1}b"})),
        (Api::AccountImport, json!({"UserID": "a", "Nick": 5})),
        (Api::MultiaccountImport, json!({})),
        (Api::MultiaccountImport, json!({"Accounts": []})),
        (Api::MultiaccountImport, json!({"Accounts": ids("u", 101)})),
        (Api::MultiaccountImport, json!({"Accounts": "a"})),
        (Api::MultiaccountImport, json!({"Accounts": ["a", 1]})),
        (
            Api::MultiaccountImport,
            json!({"Accounts": ["a"], "AccountList": [{"UserID": "b"}]}),
        ),
        (
            Api::MultiaccountImport,
            json!({"AccountList": [{"Nick": "n"}]}),
        ),
        (Api::MultiaccountImport, json!({"AccountList": ["a"]})),
        (
            Api::MultiaccountImport,
            json!({"AccountList": [{"UserID": "a", "FaceUrl": 1}]}),
        ),
        (Api::AccountCheck, json!({})),
        (Api::AccountCheck, json!({"CheckItem": []})),
        (
            Api::AccountCheck,
            json!({"CheckItem": ids("u", 101).iter().map(|u| json!({"UserID": u})).collect::<Vec<_>>()}),
        ),
        (Api::AccountCheck, json!({"CheckItem": [{}]})),
        (Api::AccountCheck, json!({"CheckItem": ["a"]})),
        (Api::AccountCheck, json!({"CheckItem": {"UserID": "a"}})),
        (Api::AccountDelete, json!({"DeleteItem": []})),
        (Api::AccountDelete, json!({"DeleteItem": [{"UserID": 7}]})),
        (Api::Kick, json!({})),
        (Api::Kick, json!({"UserID": ""})),
        (Api::Kick, json!({"UserID": ["a"]})),
    ];
    for (api, body) in cases {
        let reply = env.api(api, body.clone()).await;
        assert_eq!(reply.code(), 70402, "{api} {body}");
        assert_eq!(reply.json()["ActionStatus"], "FAIL");
    }
}

/// The openim service has its own codes for a bad body.
async fn openim_bodies_have_their_codes(env: &Env) {
    let openim: Vec<(Value, i64)> = vec![
        (json!({}), 90001),
        (json!({"To_Account": []}), 90001),
        (json!({"To_Account": "a"}), 90001),
        (json!({"To_Account": ["a"], "IsNeedDetail": 2}), 90001),
        (json!({"To_Account": [1]}), 90003),
        (json!({"To_Account": ["a", null]}), 90003),
        (json!({"To_Account": ids("u", 501)}), 90011),
    ];
    for (body, code) in openim {
        let reply = env.api(Api::QueryOnlineStatus, body.clone()).await;
        assert_eq!(reply.code(), code, "{body}");
        assert_eq!(reply.json()["ActionStatus"], "FAIL");
    }
    // At the maximum, accepted (every account unknown: answered per account all the same).
    let reply = env
        .api(Api::QueryOnlineStatus, json!({"To_Account": ids("u", 500)}))
        .await;
    assert_eq!(reply.code(), 70107);
    assert_eq!(reply.json()["ErrorList"].as_array().unwrap().len(), 500);
}

#[tokio::test]
async fn body_size_limit() {
    let env = Env::start(Emulator::builder().max_body_bytes(64)).await;
    let body = json!({"Accounts": ids("user", 20)});
    let reply = env.api(Api::MultiaccountImport, body).await;
    assert_eq!(reply.code(), 60002);
    let reply = env.api(Api::AccountImport, json!({"UserID": "a"})).await;
    assert_eq!(reply.code(), 0);
}

#[tokio::test]
async fn account_import_is_idempotent_and_stores_profiles() {
    let env = start().await;
    let e = &env.handle;
    let reply = env
        .api(
            Api::AccountImport,
            json!({"UserID": "alice", "Nick": "Alice", "FaceUrl": "http://a"}),
        )
        .await;
    assert_eq!(
        reply.json(),
        &json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})
    );
    assert_eq!(
        e.account("alice"),
        Some(
            Account::new("alice")
                .with_nick("Alice")
                .with_face_url("http://a")
        )
    );
    // Again, without profile: nothing changes; with a new Nick: updated.
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "alice"}))
            .await
            .code(),
        0
    );
    assert_eq!(e.account("alice").unwrap().nick.as_deref(), Some("Alice"));
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "alice", "Nick": "Al"}))
            .await
            .code(),
        0
    );
    assert_eq!(e.account("alice").unwrap().nick.as_deref(), Some("Al"));
    assert_eq!(
        e.account("alice").unwrap().face_url.as_deref(),
        Some("http://a")
    );
    assert_eq!(e.account_count(), 1);
    legacy_names_are_read(&env).await;
    profile_values_have_a_limit(&env).await;
}

/// Legacy `Identifier`; `UserID` wins when both are present; legacy `Type` accepted.
async fn legacy_names_are_read(env: &Env) {
    let e = &env.handle;
    assert_eq!(
        env.api(Api::AccountImport, json!({"Identifier": "bob", "Type": 0}))
            .await
            .code(),
        0
    );
    assert_eq!(
        env.api(
            Api::AccountImport,
            json!({"Identifier": "x", "UserID": "carol"})
        )
        .await
        .code(),
        0
    );
    assert!(e.account("bob").is_some() && e.account("carol").is_some() && e.account("x").is_none());
}

/// Profile values over 500 bytes: 40601, nothing stored; 500 bytes and a 32-byte UserID are
/// accepted.
async fn profile_values_have_a_limit(env: &Env) {
    let e = &env.handle;
    let long = "n".repeat(501);
    let reply = env
        .api(Api::AccountImport, json!({"UserID": "dave", "Nick": long}))
        .await;
    assert_eq!(reply.code(), 40601);
    let reply = env
        .api(
            Api::AccountImport,
            json!({"UserID": "dave", "FaceUrl": "u".repeat(501)}),
        )
        .await;
    assert_eq!(reply.code(), 40601);
    assert!(e.account("dave").is_none());
    let reply = env
        .api(
            Api::AccountImport,
            json!({"UserID": "dave", "Nick": "n".repeat(500)}),
        )
        .await;
    assert_eq!(reply.code(), 0);
    // 32 bytes of UTF-8 is the maximum.
    let reply = env
        .api(Api::AccountImport, json!({"UserID": "😀".repeat(8)}))
        .await;
    assert_eq!(reply.code(), 0);
}

#[tokio::test]
async fn multiaccount_import_both_shapes() {
    let env = start().await;
    let e = &env.handle;
    let long = "y".repeat(33);
    let reply = env
        .api(
            Api::MultiaccountImport,
            json!({"Accounts": ["a", "b", long, "", "a"]}),
        )
        .await;
    assert_eq!(reply.code(), 0);
    assert_eq!(reply.json()["FailAccounts"], json!([long, ""]));
    assert_eq!(e.account_count(), 2);

    let reply = env
        .api(
            Api::MultiaccountImport,
            json!({"AccountList": [
                {"UserID": "UserID_001", "Nick": "Nick_001", "FaceUrl": "http://www.qq.com"},
                {"UserID": "UserID_002", "Nick": "Nick_002"},
                {"UserID": "UserID_002", "Nick": "Nick_002b"},
                {"UserID": "big", "Nick": "n".repeat(501)},
                {"Identifier": "legacy"},
                {"UserID": "a", "FaceUrl": "http://new"},
            ]}),
        )
        .await;
    assert_eq!(reply.json()["FailAccounts"], json!(["big"]));
    assert_eq!(
        e.account("UserID_002").unwrap().nick.as_deref(),
        Some("Nick_002b")
    );
    assert_eq!(
        e.account("a").unwrap().face_url.as_deref(),
        Some("http://new")
    );
    assert!(e.account("legacy").is_some());
    assert!(e.account("big").is_none());
    let reply = env
        .api(Api::MultiaccountImport, json!({"Accounts": ids("m", 100)}))
        .await;
    assert_eq!(reply.json()["FailAccounts"], json!([]));
}

#[tokio::test]
async fn account_cap_and_reimport() {
    let env = Env::start(
        Emulator::builder()
            .without_rate_limits()
            .account_cap(3)
            .forbid_reimport_after_delete(true),
    )
    .await;
    let e = &env.handle;
    let reply = env
        .api(
            Api::MultiaccountImport,
            json!({"Accounts": ["a", "b", "c", "d", "a"]}),
        )
        .await;
    assert_eq!(reply.json()["FailAccounts"], json!(["d"]));
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "e"}))
            .await
            .code(),
        70398
    );
    // Re-importing an existing account never counts against the cap.
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "a", "Nick": "A"}))
            .await
            .code(),
        0
    );
    // Delete one; it cannot come back, but a new one fits.
    let reply = env
        .api(Api::AccountDelete, json!({"DeleteItem": [{"UserID": "c"}]}))
        .await;
    assert_eq!(reply.json()["ResultItem"][0]["ResultCode"], 0);
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "c"}))
            .await
            .code(),
        70399
    );
    let reply = env
        .api(Api::MultiaccountImport, json!({"Accounts": ["c", "e"]}))
        .await;
    assert_eq!(reply.json()["FailAccounts"], json!(["c"]));
    assert_eq!(e.account_count(), 3);

    // By default (trial behaviour), a deleted account can be re-imported.
    let env = start().await;
    env.api(Api::AccountImport, json!({"UserID": "c"})).await;
    env.api(Api::AccountDelete, json!({"DeleteItem": [{"UserID": "c"}]}))
        .await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "c"}))
            .await
            .code(),
        0
    );
}

#[tokio::test]
async fn account_check_and_delete() {
    let env = start().await;
    env.handle.insert_account(Account::new("UserID_1"));
    let reply = env
        .api(
            Api::AccountCheck,
            json!({"CheckItem": [{"UserID": "UserID_1"}, {"UserID": "UserID_2"}, {"UserID": ""}, {"UserID": "UserID_1"}]}),
        )
        .await;
    let items = reply.json()["ResultItem"].as_array().unwrap().clone();
    assert_eq!(items.len(), 4);
    assert_eq!(
        items[0],
        json!({"UserID": "UserID_1", "ResultCode": 0, "ResultInfo": "", "AccountStatus": "Imported"})
    );
    assert_eq!(
        items[1],
        json!({"UserID": "UserID_2", "ResultCode": 0, "ResultInfo": "", "AccountStatus": "NotImported"})
    );
    assert_eq!(items[2]["ResultCode"], 70402);
    assert!(items[2].get("AccountStatus").is_none());
    assert_eq!(items[3]["AccountStatus"], "Imported");

    let reply = env
        .api(
            Api::AccountDelete,
            json!({"DeleteItem": [{"UserID": "UserID_1"}, {"UserID": "UserID_2"}, {"UserID": "z".repeat(40)}]}),
        )
        .await;
    let items = reply.json()["ResultItem"].as_array().unwrap().clone();
    assert_eq!(
        items[0],
        json!({"ResultCode": 0, "ResultInfo": "", "UserID": "UserID_1"})
    );
    assert_eq!(
        items[1],
        json!({"ResultCode": 70107, "ResultInfo": "Err_TLS_PT_Open_Login_Account_Not_Exist", "UserID": "UserID_2"})
    );
    assert_eq!(items[2]["ResultCode"], 70402);
    assert_eq!(env.handle.account_count(), 0);
    // Deleting again: 70107 (safe to retry).
    let reply = env
        .api(
            Api::AccountDelete,
            json!({"DeleteItem": [{"UserID": "UserID_1"}]}),
        )
        .await;
    assert_eq!(reply.json()["ResultItem"][0]["ResultCode"], 70107);
}

#[tokio::test]
async fn kick_semantics() {
    let env = start().await;
    env.handle.insert_account(Account::new("alice"));
    let reply = env.api(Api::Kick, json!({"UserID": "nobody"})).await;
    assert_eq!(reply.code(), 70107);
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "alice"})).await.code(),
        0
    );
    assert_eq!(
        env.api(Api::Kick, json!({"Identifier": "alice"}))
            .await
            .code(),
        0
    );
    // Admins always exist for kick; kicking oneself invalidates the UserSig just used once the
    // clock is past the second it was issued in (move it on to make that certain).
    let q = env.signed_query();
    env.handle.set_clock_offset(1);
    let reply = env
        .post(
            &Env::api_path(Api::Kick),
            &q,
            r#"{"UserID":"administrator"}"#,
        )
        .await;
    assert_eq!(reply.code(), 0);
    let reply = env
        .post(
            &Env::api_path(Api::AccountCheck),
            &q,
            r#"{"CheckItem":[{"UserID":"a"}]}"#,
        )
        .await;
    assert_eq!(reply.code(), 70052);
    assert_eq!(
        env.api(Api::AccountCheck, json!({"CheckItem":[{"UserID":"a"}]}))
            .await
            .code(),
        0
    );
}

#[tokio::test]
async fn query_online_status_semantics() {
    let env = start().await;
    let e = &env.handle;
    for id in ["id1", "id2", "id3"] {
        e.insert_account(Account::new(id));
    }
    e.set_online(
        "id1",
        OnlineState::new(OnlineStatus::Online)
            .with_platform("iPhone", OnlineStatus::PushOnline)
            .with_platform("Web", OnlineStatus::Online),
    );
    let reply = env
        .control_post(
            "online",
            json!({"UserID": "id3", "Detail": [{"Platform": "Android", "Status": "PushOnline"}]}),
        )
        .await;
    assert_eq!(reply.json()["ok"], true);
    assert_eq!(e.online_state("id3").status, OnlineStatus::PushOnline);

    let body = json!({"To_Account": ["id1", "id2", "id4", "id1", "", "id3"]});
    let reply = env.api(Api::QueryOnlineStatus, body.clone()).await;
    assert_eq!(
        reply.json(),
        &json!({
            "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
            "QueryResult": [
                {"To_Account": "id1", "Status": "Online"},
                {"To_Account": "id2", "Status": "Offline"},
                {"To_Account": "id1", "Status": "Online"},
                {"To_Account": "id3", "Status": "PushOnline"},
            ],
            "ErrorList": [
                {"To_Account": "id4", "ErrorCode": 70107},
                {"To_Account": "", "ErrorCode": 70107},
            ],
        })
    );
    let mut detailed = body.clone();
    detailed["IsNeedDetail"] = json!(1);
    let reply = env.api(Api::QueryOnlineStatus, detailed).await;
    assert_eq!(
        reply.json()["QueryResult"][0],
        json!({"To_Account": "id1", "Status": "Online", "Detail": [
            {"Platform": "iPhone", "Status": "PushOnline"},
            {"Platform": "Web", "Status": "Online"},
        ]})
    );
    // No sessions: no Detail even when asked.
    assert_eq!(
        reply.json()["QueryResult"][1],
        json!({"To_Account": "id2", "Status": "Offline"})
    );

    // Kick and delete take a user offline.
    assert_eq!(env.api(Api::Kick, json!({"UserID": "id1"})).await.code(), 0);
    assert_eq!(e.online_state("id1"), OnlineState::offline());
    env.api(
        Api::AccountDelete,
        json!({"DeleteItem": [{"UserID": "id3"}]}),
    )
    .await;
    let reply = env
        .api(
            Api::QueryOnlineStatus,
            json!({"To_Account": ["id3"], "IsNeedDetail": 0}),
        )
        .await;
    assert_eq!(reply.code(), 70107, "every account failed");
    assert_eq!(reply.json()["ActionStatus"], "FAIL");
    assert_eq!(reply.json()["ErrorList"][0]["ErrorCode"], 70107);
    assert!(reply.json().get("QueryResult").is_none());
    // Bad control input: 400.
    let reply = env
        .control_post("online", json!({"UserID": "id1", "Status": "Busy"}))
        .await;
    assert!(matches!(reply, crate::util::Reply::Http(400, _)));
}

#[tokio::test]
async fn each_service_answers_its_own_code_for_a_non_admin() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    // A signature that verifies, for an account that is not an admin.
    let q = env.query_for("not_an_admin");
    let reply = env
        .post(
            &Env::api_path(Api::AccountCheck),
            &q,
            r#"{"CheckItem":[{"UserID":"a"}]}"#,
        )
        .await;
    assert_eq!(reply.code(), 70403);
    let reply = env
        .post(
            &Env::api_path(Api::QueryOnlineStatus),
            &q,
            r#"{"To_Account":["a"]}"#,
        )
        .await;
    assert_eq!(reply.code(), 90009);
}

#[tokio::test]
async fn deletion_can_be_disabled_as_on_some_editions() {
    let env = Env::start(
        Emulator::builder()
            .without_rate_limits()
            .deletion_disabled(true),
    )
    .await;
    env.handle.insert_account(Account::new("a"));
    let reply = env
        .api(Api::AccountDelete, json!({"DeleteItem": [{"UserID": "a"}]}))
        .await;
    assert_eq!(reply.code(), 71000);
    assert_eq!(reply.json()["ActionStatus"], "FAIL");
    assert!(env.handle.account("a").is_some(), "nothing was deleted");
}

#[tokio::test]
async fn a_trial_edition_over_its_daily_active_quota_answers_72000() {
    let env = Env::start(
        Emulator::builder()
            .without_rate_limits()
            .daily_active_cap(2),
    )
    .await;
    let check = json!({"CheckItem": [{"UserID": "a"}]});
    for (i, user) in ["a", "b"].iter().enumerate() {
        env.handle
            .set_online(user, OnlineState::new(OnlineStatus::Online));
        assert_eq!(
            env.api(Api::AccountCheck, check.clone()).await.code(),
            0,
            "{i}"
        );
    }
    // Going offline is no login; a third login is over the quota.
    env.handle.set_online("a", OnlineState::offline());
    assert_eq!(env.api(Api::AccountCheck, check.clone()).await.code(), 0);
    env.handle
        .set_online("c", OnlineState::new(OnlineStatus::PushOnline));
    let reply = env.api(Api::AccountCheck, check.clone()).await;
    assert_eq!(reply.code(), 72000);
    // The next day starts from zero.
    env.handle.set_clock_offset(86_400);
    assert_eq!(env.api(Api::AccountCheck, check).await.code(), 0);
}

/// A declared API without an emulator handler yet is refused with 60009 naming it, never
/// answered OK.
#[tokio::test]
async fn a_declared_api_not_emulated_is_refused_by_name() {
    let env = start().await;
    let q = env.signed_query();
    let unserved: Vec<Api> = Api::ALL
        .into_iter()
        .filter(|&api| !im_emulator::serves(api))
        .collect();
    // Every declared API is emulated now: a path of the table is never refused as not
    // emulated, and an unknown path still is (auth.rs).
    for api in unserved {
        let reply = env.post(&Env::api_path(api), &q, "{}").await;
        assert_eq!(reply.code(), 60009, "{api}");
        let info = reply.json()["ErrorInfo"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(info.contains(api.as_str()), "{info}");
    }
}
