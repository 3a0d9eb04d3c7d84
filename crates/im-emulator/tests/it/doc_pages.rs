//! The emulator against the current documentation pages (issue 24, items 9 and 21): custom
//! profile tags, profile failures, admins as accounts, the legacy online-status path and
//! requests that are not POST.

use im_emulator::{Account, Emulator, OnlineState};
use im_proto::{Api, OnlineStatus};
use serde_json::{Value, json};

use crate::util::{Env, Reply};

async fn start(builder: im_emulator::EmulatorBuilder) -> Env {
    Env::start(builder.without_rate_limits()).await
}

async fn set(env: &Env, account: &str, items: Value) -> Reply {
    let body = json!({"From_Account": account, "ProfileItem": items});
    env.api(Api::PortraitSet, body).await
}

async fn get(env: &Env, accounts: &[&str], tags: &[&str]) -> Reply {
    let body = json!({"To_Account": accounts, "TagList": tags});
    env.api(Api::PortraitGet, body).await
}

fn custom(i: usize) -> String {
    format!(
        "Tag_Profile_Custom_T{}",
        (b'a' + u8::try_from(i).unwrap()) as char
    )
}

fn item(tag: &str, value: Value) -> Value {
    json!({"Tag": tag, "Value": value})
}

#[tokio::test]
async fn a_refused_write_registers_no_custom_tag() {
    let env = start(Emulator::builder()).await;
    env.handle.insert_account(Account::new("a"));
    for i in 0..19 {
        let reply = set(&env, "a", json!([item(&custom(i), json!("v"))])).await;
        assert_eq!(reply.code(), 0, "{i}");
    }
    // The 20th and 21st in one write: the 21st is refused, so the whole write is, and the 20th
    // must not stay registered.
    let both = json!([item(&custom(19), json!("v")), item(&custom(20), json!("v"))]);
    assert_eq!(set(&env, "a", both).await.code(), 40009);
    assert_eq!(
        get(&env, &["a"], &[&custom(19)]).await.code(),
        40009,
        "a tag only a refused write named is not configured"
    );
    let another = json!([item(&custom(21), json!("v"))]);
    assert_eq!(
        set(&env, "a", another).await.code(),
        0,
        "the refused write took no slot: there is room for a 20th tag"
    );
    assert_eq!(
        set(&env, "a", json!([item(&custom(19), json!("v"))]))
            .await
            .code(),
        40009,
        "now 20 are configured"
    );
}

#[tokio::test]
async fn custom_tags_hold_strings_and_unconfigured_ones_cannot_be_read() {
    let env = start(Emulator::builder()).await;
    env.handle.insert_account(Account::new("a"));
    let team = "Tag_Profile_Custom_Team";
    // Reading a custom tag nobody configured (or wrote) is 40009, as on the service.
    let reply = get(&env, &["a"], &[team]).await;
    assert_eq!(reply.code(), 40009);
    assert_eq!(reply.json()["ActionStatus"], "FAIL");

    // Custom fields hold strings (the profile page: integers are not supported for them).
    let reply = set(&env, "a", json!([item(team, json!(7))])).await;
    assert_eq!(reply.code(), 40610);
    assert_eq!(
        get(&env, &["a"], &[team]).await.code(),
        40009,
        "not registered"
    );
    assert_eq!(
        set(&env, "a", json!([item(team, json!("7"))])).await.code(),
        0
    );
    // A later write cannot change the tag's type.
    assert_eq!(
        set(&env, "a", json!([item(team, json!(8))])).await.code(),
        40610
    );
    let reply = get(&env, &["a"], &[team]).await;
    assert_eq!(reply.code(), 0);
    assert_eq!(
        reply.json()["UserProfileItem"][0]["ProfileItem"],
        json!([{"Tag": team, "Value": "7"}])
    );

    // The same with a fixed list of configured tags.
    let env = start(Emulator::builder().custom_profile_tags([team])).await;
    env.handle.insert_account(Account::new("a"));
    assert_eq!(
        set(&env, "a", json!([item(team, json!(1))])).await.code(),
        40610
    );
    assert_eq!(
        get(&env, &["a"], &[team]).await.code(),
        0,
        "configured: readable"
    );
}

#[tokio::test]
async fn profile_failures_carry_error_display_and_the_services_texts() {
    let env = start(Emulator::builder()).await;
    env.handle.insert_account(Account::new("a"));
    let nick = |v: &str| json!([item("Tag_Profile_IM_Nick", json!(v))]);
    let failures = [
        set(&env, "nobody", nick("x")).await,
        set(&env, "a", json!([item("Tag_Profile_IM_Mood", json!("x"))])).await,
        set(&env, "a", json!([item("Tag_Profile_IM_Level", json!("x"))])).await,
        get(&env, &["a"], &["Tag_Profile_IM_Mood"]).await,
        get(&env, &[], &["Tag_Profile_IM_Nick"]).await,
        env.post(
            &Env::api_path(Api::PortraitSet),
            &env.query_for("not_an_admin"),
            &json!({"From_Account": "a", "ProfileItem": nick("x")}).to_string(),
        )
        .await,
    ];
    for reply in &failures {
        let body = reply.json();
        assert_eq!(body["ActionStatus"], "FAIL", "{body}");
        assert_eq!(body["ErrorDisplay"], "", "{body}");
    }
    // A body that is not JSON: 40001 with the text the service sends.
    for api in [Api::PortraitSet, Api::PortraitGet] {
        for body in ["", "nope", "[1]", "{\"From_Account\":"] {
            let reply = env
                .post(&Env::api_path(api), &env.signed_query(), body)
                .await;
            assert_eq!(reply.code(), 40001, "{api} {body:?}");
            assert_eq!(
                reply.json()["ErrorInfo"],
                "Err_Profile_Comm_Decode_Fail",
                "{api} {body:?}"
            );
            assert_eq!(reply.json()["ErrorDisplay"], "", "{api} {body:?}");
        }
    }
    // The other services' failures keep their envelope as it was.
    let reply = env.api(Api::AccountCheck, json!({})).await;
    assert!(reply.json().get("ErrorDisplay").is_none(), "{:?}", reply);
}

#[tokio::test]
async fn admins_are_accounts_of_the_app() {
    // An admin named twice is one account.
    let env = start(Emulator::builder().admins(["administrator", "ops", "ops"])).await;
    let admin = env.handle.admin().to_owned();
    let reply = get(&env, &[&admin, "ops"], &["Tag_Profile_IM_Nick"]).await;
    assert_eq!(reply.code(), 0);
    let items = &reply.json()["UserProfileItem"];
    assert_eq!(items[0]["ResultCode"], 0, "{items}");
    assert_eq!(items[1]["ResultCode"], 0, "{items}");
    assert!(reply.json().get("Fail_Account").is_none());
    let nick = json!([item("Tag_Profile_IM_Nick", json!("Boss"))]);
    assert_eq!(set(&env, &admin, nick).await.code(), 0);
    let reply = get(&env, &[&admin], &["Tag_Profile_IM_Nick"]).await;
    assert_eq!(
        reply.json()["UserProfileItem"][0]["ProfileItem"],
        json!([{"Tag": "Tag_Profile_IM_Nick", "Value": "Boss"}])
    );
    let check = json!({"CheckItem": [{"UserID": admin}]});
    let reply = env.api(Api::AccountCheck, check).await;
    assert_eq!(reply.json()["ResultItem"][0]["AccountStatus"], "Imported");
    let query = json!({"To_Account": [admin]});
    let reply = env.api(Api::QueryOnlineStatus, query).await;
    assert_eq!(reply.code(), 0, "{:?}", reply);

    // The inspection views keep listing what was imported, and the cap counts it only.
    assert_eq!(env.handle.account_count(), 0);
    assert!(env.handle.accounts().is_empty());
    assert_eq!(env.control_get("accounts").await["count"], 0);
    assert_eq!(
        env.handle.account(&admin).and_then(|a| a.nick).as_deref(),
        Some("Boss")
    );
    // A reset keeps the admins' accounts (the console made them), without their profiles.
    env.handle.reset();
    let reply = get(&env, &[&admin], &["Tag_Profile_IM_Nick"]).await;
    assert_eq!(reply.json()["UserProfileItem"][0]["ResultCode"], 0);
    assert_eq!(reply.json()["UserProfileItem"][0]["ProfileItem"], json!([]));

    let env = start(Emulator::builder().account_cap(1)).await;
    let import = json!({"UserID": "alice"});
    assert_eq!(env.api(Api::AccountImport, import).await.code(), 0);
}

#[tokio::test]
async fn the_legacy_online_status_path_answers_state() {
    let env = start(Emulator::builder()).await;
    env.handle.insert_account(Account::new("id1"));
    env.handle
        .set_online("id1", OnlineState::new(OnlineStatus::PushOnline));
    let body = json!({"To_Account": ["id1", "ghost"]}).to_string();
    let legacy = env
        .post("/v4/openim/querystate", &env.signed_query(), &body)
        .await;
    assert_eq!(legacy.code(), 0);
    let result = &legacy.json()["QueryResult"][0];
    assert_eq!(result["State"], "PushOnline", "{result}");
    assert!(result.get("Status").is_none(), "{result}");
    assert_eq!(legacy.json()["ErrorList"][0]["ErrorCode"], 70107);
    // The current path keeps `Status`, as the Chinese page and every SDK read it.
    let current = env
        .post(
            &Env::api_path(Api::QueryOnlineStatus),
            &env.signed_query(),
            &body,
        )
        .await;
    let result = &current.json()["QueryResult"][0];
    assert_eq!(result["Status"], "PushOnline", "{result}");
    assert!(result.get("State").is_none(), "{result}");
    // The client's packet reads both forms.
    for answer in [legacy.json(), current.json()] {
        let decoded: im_proto::openim::query_online_status::Response =
            serde_json::from_value(answer.clone()).unwrap();
        assert_eq!(decoded.query_results()[0].status, OnlineStatus::PushOnline);
    }
}

#[tokio::test]
async fn a_request_that_is_not_post_is_answered_like_a_post() {
    let env = start(Emulator::builder()).await;
    env.handle.insert_account(Account::new("alice"));
    // timsdk (PyPI) sends account_check as a GET with the JSON body.
    let body = json!({"CheckItem": [{"UserID": "alice"}, {"UserID": "bob"}]}).to_string();
    let path = format!(
        "{}?{}",
        Env::api_path(Api::AccountCheck),
        env.signed_query()
    );
    for method in ["GET", "PUT"] {
        let reply = env.send(method, &path, body.clone()).await;
        assert_eq!(reply.code(), 0, "{method}: {reply:?}");
        let items = &reply.json()["ResultItem"];
        assert_eq!(items[0]["AccountStatus"], "Imported", "{method}");
        assert_eq!(items[1]["AccountStatus"], "NotImported", "{method}");
    }
    // Without a body, the body check answers (as for a POST without one).
    let reply = env.send("GET", &path, "").await;
    assert_eq!(reply.code(), 60003);
    // The usual checks still apply, in the usual order.
    let unsigned = format!("{}?sdkappid=1", Env::api_path(Api::AccountCheck));
    assert_eq!(env.send("GET", &unsigned, body).await.code(), 70020);
    assert_eq!(env.handle.stats().requests(Api::AccountCheck), 4);
}

#[tokio::test]
async fn robot_value_limits_are_documented_choices() {
    let env = start(Emulator::builder()).await;
    for field in ["Nick", "FaceUrl"] {
        let ok = json!({"UserID": "@RBT#ok", field: "x".repeat(500)});
        assert_eq!(env.api(Api::CreateRobot, ok).await.code(), 0, "{field}");
        let long = json!({"UserID": "@RBT#long", field: "x".repeat(501)});
        assert_eq!(
            env.api(Api::CreateRobot, long).await.code(),
            10004,
            "{field}"
        );
    }
    // The robot pages give no limit for Nick and FaceUrl: the emulator's choice is written
    // down among the choices the documentation leaves open.
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/emulator.md"
    ))
    .unwrap();
    let choices = docs
        .split("## Choices the documentation leaves open")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a section of choices");
    let robot_limit = choices
        .lines()
        .any(|line| line.contains("create_robot") && line.contains("Nick") && line.contains("500"));
    assert!(
        robot_limit,
        "docs/emulator.md: no choice for robots' Nick/FaceUrl limit"
    );
}
