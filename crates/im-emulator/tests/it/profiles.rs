//! The profile and robot APIs: semantics and documented codes, over real HTTP.

use im_emulator::Emulator;
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

async fn start(builder: im_emulator::EmulatorBuilder) -> Env {
    Env::start(builder.without_rate_limits()).await
}

fn nick(items: &Value) -> Value {
    json!([{"Tag": "Tag_Profile_IM_Nick", "Value": items}])
}

async fn set(env: &Env, account: &str, items: Value) -> Reply {
    env.api(
        Api::PortraitSet,
        json!({"From_Account": account, "ProfileItem": items}),
    )
    .await
}

async fn get(env: &Env, accounts: &[&str], tags: &[&str]) -> Reply {
    env.api(
        Api::PortraitGet,
        json!({"To_Account": accounts, "TagList": tags}),
    )
    .await
}

#[tokio::test]
async fn profiles_are_one_state_with_the_account_apis() {
    let env = start(Emulator::builder()).await;
    let import =
        json!({"AccountList": [{"UserID": "alice", "Nick": "Alice", "FaceUrl": "http://a"}]});
    assert_eq!(env.api(Api::MultiaccountImport, import).await.code(), 0);
    let reply = get(
        &env,
        &["alice"],
        &[
            "Tag_Profile_IM_Nick",
            "Tag_Profile_IM_Image",
            "Tag_Profile_IM_Gender",
        ],
    )
    .await;
    assert_eq!(
        reply.json()["UserProfileItem"],
        json!([{"To_Account": "alice", "ResultCode": 0, "ResultInfo": "", "ProfileItem": [
            {"Tag": "Tag_Profile_IM_Nick", "Value": "Alice"},
            {"Tag": "Tag_Profile_IM_Image", "Value": "http://a"},
        ]}])
    );
    assert_eq!(reply.json()["ErrorDisplay"], "");
    assert!(reply.json().get("Fail_Account").is_none());

    let items = json!([
        {"Tag": "Tag_Profile_IM_Nick", "Value": "Alice B."},
        {"Tag": "Tag_Profile_IM_Gender", "Value": "Gender_Type_Female"},
        {"Tag": "Tag_Profile_IM_BirthDay", "Value": 19900101},
        {"Tag": "Tag_Profile_Custom_Team", "Value": "blue"},
    ]);
    assert_eq!(set(&env, "alice", items).await.code(), 0);
    assert_eq!(
        env.handle.account("alice").unwrap().nick.as_deref(),
        Some("Alice B.")
    );
    let reply = get(
        &env,
        &["alice", "nobody", ""],
        &["Tag_Profile_IM_BirthDay", "Tag_Profile_Custom_Team"],
    )
    .await;
    let items = &reply.json()["UserProfileItem"];
    assert_eq!(
        items[0]["ProfileItem"],
        json!([{"Tag": "Tag_Profile_IM_BirthDay", "Value": 19900101}, {"Tag": "Tag_Profile_Custom_Team", "Value": "blue"}])
    );
    assert_eq!(
        (items[1]["ResultCode"].as_i64(), items[1].get("ProfileItem")),
        (Some(40003), None)
    );
    assert_eq!(items[2]["ResultCode"], 40001);
    assert_eq!(reply.json()["Fail_Account"], json!(["nobody", ""]));
    assert_eq!(reply.code(), 0);

    // Import sets the same fields; delete removes them.
    let again = json!({"UserID": "alice", "Nick": "A"});
    assert_eq!(env.api(Api::AccountImport, again).await.code(), 0);
    let reply = get(
        &env,
        &["alice"],
        &["Tag_Profile_IM_Nick", "Tag_Profile_IM_Gender"],
    )
    .await;
    assert_eq!(
        reply.json()["UserProfileItem"][0]["ProfileItem"][0]["Value"],
        "A"
    );
    assert_eq!(
        reply.json()["UserProfileItem"][0]["ProfileItem"][1]["Value"],
        "Gender_Type_Female"
    );
    let delete = json!({"DeleteItem": [{"UserID": "alice"}]});
    assert_eq!(env.api(Api::AccountDelete, delete).await.code(), 0);
    let reply = get(&env, &["alice"], &["Tag_Profile_IM_Nick"]).await;
    assert_eq!(reply.json()["UserProfileItem"][0]["ResultCode"], 40003);
    assert_eq!(set(&env, "alice", nick(&json!("x"))).await.code(), 40003);
}

#[tokio::test]
async fn bad_requests_get_the_documented_codes() {
    let env = start(Emulator::builder()).await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "a"}))
            .await
            .code(),
        0
    );
    bad_profile_items_get_their_codes(&env).await;
    bad_lists_get_their_codes(&env).await;

    // Not an admin: 40004 on the profile service, 10008 on the robot service.
    let q = env.query_for("not_an_admin");
    let body = json!({"To_Account": ["a"], "TagList": ["Tag_Profile_IM_Nick"]}).to_string();
    assert_eq!(
        env.post(&Env::api_path(Api::PortraitGet), &q, &body)
            .await
            .code(),
        40004
    );
    assert_eq!(
        env.post(&Env::api_path(Api::GetAllRobots), &q, "{}")
            .await
            .code(),
        10008
    );
}

/// Profile items the service refuses, set on the account `a`.
async fn bad_profile_items_get_their_codes(env: &Env) {
    let cases = [
        (json!([]), 40001),
        (json!([{"Tag": "Tag_Profile_IM_Mood", "Value": "x"}]), 40009),
        (
            json!([{"Tag": "Tag_Profile_Custom_x1", "Value": "x"}]),
            40009,
        ),
        (
            json!([{"Tag": "Tag_Profile_IM_Level", "Value": "3"}]),
            40610,
        ),
        (json!([{"Tag": "Tag_Profile_IM_Nick", "Value": 3}]), 40610),
        (
            json!([{"Tag": "Tag_Profile_IM_AllowType", "Value": "AllowAny"}]),
            40605,
        ),
        (
            json!([{"Tag": "Tag_Profile_IM_Location", "Value": "x".repeat(17)}]),
            40605,
        ),
        (
            json!([{"Tag": "Tag_Profile_IM_SelfSignature", "Value": "x".repeat(501)}]),
            40601,
        ),
        (
            json!([{"Tag": "Tag_Profile_Custom_Long", "Value": "x".repeat(501)}]),
            40601,
        ),
        (
            nick(&json!("a"))
                .as_array()
                .unwrap()
                .iter()
                .chain(nick(&json!("b")).as_array().unwrap())
                .cloned()
                .collect(),
            40001,
        ),
    ];
    for (items, code) in cases {
        assert_eq!(set(env, "a", items.clone()).await.code(), code, "{items}");
    }
}

/// Bad accounts and tag lists on both profile APIs.
async fn bad_lists_get_their_codes(env: &Env) {
    assert_eq!(set(env, "", nick(&json!("x"))).await.code(), 40001);
    assert_eq!(
        env.api(Api::PortraitSet, json!({"ProfileItem": []}))
            .await
            .code(),
        40001
    );
    assert_eq!(
        env.api(
            Api::PortraitGet,
            json!({"TagList": ["Tag_Profile_IM_Nick"]})
        )
        .await
        .code(),
        40002
    );
    assert_eq!(get(env, &[], &["Tag_Profile_IM_Nick"]).await.code(), 40002);
    assert_eq!(get(env, &["a"], &[]).await.code(), 40001);
    assert_eq!(
        get(env, &["a"], &["Tag_Profile_IM_Mood"]).await.code(),
        40009
    );
    let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(
        get(env, &many, &["Tag_Profile_IM_Nick"]).await.code(),
        40001
    );
}

#[tokio::test]
async fn custom_tags_are_registered_up_to_twenty_or_fixed() {
    let env = start(Emulator::builder()).await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "a"}))
            .await
            .code(),
        0
    );
    let letters = |i: usize| format!("Tag_Profile_Custom_T{}", (b'a' + i as u8) as char);
    for i in 0..20 {
        let items = json!([{"Tag": letters(i), "Value": i.to_string()}]);
        assert_eq!(set(&env, "a", items).await.code(), 0, "{i}");
    }
    let items = json!([{"Tag": letters(20), "Value": "x"}]);
    assert_eq!(set(&env, "a", items).await.code(), 40009);
    assert_eq!(
        get(&env, &["a"], &[&letters(20)]).await.code(),
        40009,
        "reading a custom tag that is not configured is refused"
    );

    let env = start(Emulator::builder().custom_profile_tags(["Tag_Profile_Custom_Team"])).await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "a"}))
            .await
            .code(),
        0
    );
    let team = json!([{"Tag": "Tag_Profile_Custom_Team", "Value": "red"}]);
    assert_eq!(set(&env, "a", team).await.code(), 0);
    let other = json!([{"Tag": "Tag_Profile_Custom_Other", "Value": "x"}]);
    assert_eq!(set(&env, "a", other).await.code(), 40009);
    assert_eq!(
        get(&env, &["a"], &["Tag_Profile_Custom_Other"])
            .await
            .code(),
        40009
    );
}

/// The body of a `create_robot` of `id`.
fn robot(id: &str) -> Value {
    json!({"UserID": id, "Nick": "Bot", "SelfSignature": "hi"})
}

#[tokio::test]
async fn robots_are_accounts_with_a_cap() {
    let env = start(Emulator::builder()).await;
    assert_eq!(env.api(Api::CreateRobot, robot("@RBT#001")).await.code(), 0);
    assert_eq!(
        env.api(Api::CreateRobot, robot("@RBT#001")).await.code(),
        0,
        "creating twice is one robot"
    );
    let list = env.api(Api::GetAllRobots, json!({})).await;
    assert_eq!(list.json()["Robot_Account"], json!(["@RBT#001"]));
    let reply = get(
        &env,
        &["@RBT#001"],
        &["Tag_Profile_IM_Nick", "Tag_Profile_IM_SelfSignature"],
    )
    .await;
    assert_eq!(
        reply.json()["UserProfileItem"][0]["ProfileItem"][1]["Value"],
        "hi"
    );
    let check = env
        .api(
            Api::AccountCheck,
            json!({"CheckItem": [{"UserID": "@RBT#001"}]}),
        )
        .await;
    assert_eq!(check.json()["ResultItem"][0]["AccountStatus"], "Imported");
    robot_refusals_have_their_codes(&env).await;
    deleted_robots_are_kept_and_not_counted(&env).await;
}

/// Codes: not a robot's UserID, an ordinary account, an unknown robot.
async fn robot_refusals_have_their_codes(env: &Env) {
    assert_eq!(
        env.api(Api::CreateRobot, json!({"UserID": "bot"}))
            .await
            .code(),
        10004
    );
    assert_eq!(
        env.api(Api::CreateRobot, json!({"Nick": "x"})).await.code(),
        10004
    );
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "@RBT#plain"}))
            .await
            .code(),
        0
    );
    assert_eq!(
        env.api(Api::CreateRobot, robot("@RBT#plain")).await.code(),
        10004
    );
    assert_eq!(
        env.api(Api::DeleteRobot, json!({"Robot_Account": "@RBT#404"}))
            .await
            .code(),
        10004
    );
    assert_eq!(
        env.api(Api::DeleteRobot, json!({"Robot_Account": ["@RBT#001"]}))
            .await
            .code(),
        10004
    );
}

/// Delete marks the robot `@RBT#001` invalid: not listed, profile kept, deleting again is
/// fine; the cap counts active robots, and a deleted one comes back by creating it again.
async fn deleted_robots_are_kept_and_not_counted(env: &Env) {
    // Delete marks it invalid: not listed, profile kept, deleting again is fine.
    let delete = json!({"Robot_Account": "@RBT#001"});
    assert_eq!(env.api(Api::DeleteRobot, delete.clone()).await.code(), 0);
    assert_eq!(env.api(Api::DeleteRobot, delete).await.code(), 0);
    assert_eq!(
        env.api(Api::GetAllRobots, json!({})).await.json()["Robot_Account"],
        json!([])
    );
    assert_eq!(env.handle.account("@RBT#001").unwrap().robot, Some(false));
    let accounts = env.control_get("accounts").await;
    assert_eq!(accounts["accounts"][0]["Robot"], "deleted");

    // The cap counts active robots; a deleted one comes back by creating it again.
    for i in 0..20 {
        assert_eq!(
            env.api(Api::CreateRobot, robot(&format!("@RBT#c{i}")))
                .await
                .code(),
            0,
            "{i}"
        );
    }
    assert_eq!(
        env.api(Api::CreateRobot, robot("@RBT#001")).await.code(),
        10008
    );
    let drop_one = json!({"Robot_Account": "@RBT#c0"});
    assert_eq!(env.api(Api::DeleteRobot, drop_one).await.code(), 0);
    assert_eq!(env.api(Api::CreateRobot, robot("@RBT#001")).await.code(), 0);
    let list = env.api(Api::GetAllRobots, json!({})).await;
    assert_eq!(list.json()["Robot_Account"].as_array().unwrap().len(), 20);
}
