//! Live groups (AVChatRoom): the online list filled by simulated clients joining, paged by its
//! time cursor, the edition's last 30 joiners, marks (set, remove, filter, the hidden mark,
//! the 10-mark limit, offline members), admins (at most 5), robots (existing robot accounts
//! only, pinned online), check_members, and the refusals for other group types.

use im_emulator::{Edition, Emulator};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The page's example with the GroupId of a group of this test.
fn at(name: &str, id: &str) -> Value {
    let mut body = fixture(name);
    body["GroupId"] = json!(id);
    body
}

async fn start_with(builder: im_emulator::EmulatorBuilder) -> Env {
    Env::start(builder.without_rate_limits()).await
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

async fn create(env: &Env, kind: &str) -> String {
    let body = json!({"Type": kind, "Name": "g", "ApplyJoinOption": "FreeAccess"});
    let reply = env.api(Api::CreateGroup, body).await;
    ok(&reply)["GroupId"].as_str().unwrap().to_owned()
}

/// Imports `users`, logs each in and has it join `id`, in order.
async fn joined(env: &Env, id: &str, users: &[String]) {
    for user in users {
        ok(&env
            .api(
                Api::AccountImport,
                json!({"UserID": user, "Nick": format!("nick {user}")}),
            )
            .await);
        let login = json!({"Platform": "Android", "ClientIP": "192.0.2.7"});
        env.control_post(&format!("clients/{user}/login"), login)
            .await;
        let reply = env
            .control_post(
                &format!("clients/{user}/join_group"),
                json!({"GroupId": id}),
            )
            .await;
        assert_eq!(reply.json()["JoinStatus"], "joined", "{reply:?}");
    }
}

fn users(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:03}")).collect()
}

/// One page: the accounts listed and `NextTimestamp`.
async fn page(env: &Env, id: &str, timestamp: u64, mark: Option<i64>) -> (Vec<String>, u64) {
    let mut body = json!({"GroupId": id, "Timestamp": timestamp});
    if let Some(mark) = mark {
        body["Mark"] = json!(mark);
    }
    let reply = env.api(Api::GetMembers, body).await;
    let answer = ok(&reply);
    let names = answer["MemberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["Member_Account"].as_str().unwrap().to_owned())
        .collect();
    (names, answer["NextTimestamp"].as_u64().unwrap())
}

/// Every page, following the cursor.
async fn listed(env: &Env, id: &str, mark: Option<i64>) -> Vec<String> {
    let (mut all, mut next) = page(env, id, 0, mark).await;
    while next != 0 {
        let (more, after) = page(env, id, next, mark).await;
        all.extend(more);
        next = after;
    }
    all
}

fn newest_first(users: &[String]) -> Vec<String> {
    users.iter().rev().cloned().collect()
}

#[tokio::test]
async fn joined_clients_are_listed_newest_first_a_page_at_a_time() {
    let env = start_with(Emulator::builder()).await;
    let id = create(&env, "AVChatRoom").await;
    let people = users("u", 260);
    joined(&env, &id, &people).await;
    let (first, next) = page(&env, &id, 0, None).await;
    assert_eq!(first.len(), 250);
    assert_ne!(next, 0);
    assert_eq!(first[0], "u259");
    assert_eq!(listed(&env, &id, None).await, newest_first(&people));

    let reply = env
        .api(Api::GetMembers, at("get_members.request", &id))
        .await;
    let member = &ok(&reply)["MemberList"][0];
    assert_eq!(member["NickName"], "nick u259");
    assert!(member["JoinTime"].as_u64().unwrap() > 1_600_000_000);

    let logout = json!({});
    env.control_post("clients/u259/logout", logout).await;
    assert_eq!(page(&env, &id, 0, None).await.0[0], "u258");
}

#[tokio::test]
async fn below_ultimate_only_the_last_30_joiners_are_listed() {
    let env = start_with(Emulator::builder().edition(Edition::Pro)).await;
    let id = create(&env, "AVChatRoom").await;
    let people = users("p", 40);
    joined(&env, &id, &people).await;
    let (names, next) = page(&env, &id, 0, None).await;
    assert_eq!(next, 0);
    assert_eq!(names, newest_first(&people[10..]));
    for (api, body) in [
        (Api::ModifyUserInfo, at("modify_user_info.request", &id)),
        (Api::ModifyAdmin, at("modify_admin.request", &id)),
        (Api::GetAdminList, at("get_admin_list.request", &id)),
        (Api::AddRobots, at("add_robots.request", &id)),
        (Api::DelRobots, at("del_robots.request", &id)),
        (Api::CheckMembers, at("check_members.request", &id)),
    ] {
        let reply = env.api(api, body).await;
        assert_eq!(reply.code(), 10007, "{api}: {}", reply.json());
    }
}

#[tokio::test]
async fn marks_are_set_filtered_hidden_removed_and_limited() {
    let env = start_with(Emulator::builder()).await;
    let id = create(&env, "AVChatRoom").await;
    let people = vec!["teacher10".to_owned(), "student9".to_owned()];
    joined(&env, &id, &people).await;
    let reply = env
        .api(Api::ModifyUserInfo, at("modify_user_info.request", &id))
        .await;
    let mut expected = fixture("modify_user_info.response");
    expected.as_object_mut().unwrap().remove("ErrorInfo");
    let answer = ok(&reply).clone();
    assert_eq!(answer["MemberList"], expected["MemberList"]);
    assert_eq!(answer["CommandType"], 1);
    assert_eq!(listed(&env, &id, Some(1000)).await, ["teacher10"]);

    let hide = json!({"GroupId": id, "CommandType": 1,
        "MemberList": [{"Member_Account": "student9", "Marks": [600]}]});
    ok(&env.api(Api::ModifyUserInfo, hide).await);
    assert_eq!(listed(&env, &id, None).await, ["teacher10"]);
    assert_eq!(listed(&env, &id, Some(600)).await, ["student9"]);

    let offline = json!({"GroupId": id, "CommandType": 1,
        "MemberList": [{"Member_Account": "nobody", "Marks": [1000]}]});
    assert_eq!(env.api(Api::ModifyUserInfo, offline).await.code(), 10004);
    let mixed = json!({"GroupId": id, "CommandType": 1, "MemberList": [
        {"Member_Account": "nobody", "Marks": [1000]},
        {"Member_Account": "teacher10", "Marks": [1002]}]});
    let reply = env.api(Api::ModifyUserInfo, mixed).await;
    assert_eq!(ok(&reply)["MemberList"].as_array().unwrap().len(), 1);

    let removed = env
        .api(
            Api::ModifyUserInfo,
            at("modify_user_info.request.remove", &id),
        )
        .await;
    ok(&removed);
    assert!(listed(&env, &id, Some(1000)).await.is_empty());

    // Marks in use: 600, 1002; eight more fit, a ninth does not.
    let eight: Vec<i64> = (2000..2008).collect();
    let set = |marks: &[i64]| {
        json!({"GroupId": id, "CommandType": 1,
        "MemberList": [{"Member_Account": "teacher10", "Marks": marks}]})
    };
    ok(&env.api(Api::ModifyUserInfo, set(&eight)).await);
    let reply = env.api(Api::ModifyUserInfo, set(&[3000])).await;
    assert_eq!(reply.code(), 10004, "{}", reply.json());
    assert!(
        reply.json()["ErrorInfo"]
            .as_str()
            .unwrap()
            .contains("11 different marks")
    );
    assert!(listed(&env, &id, Some(3000)).await.is_empty());
    let reply = env.api(Api::ModifyUserInfo, set(&[999])).await;
    assert_eq!(reply.code(), 10004, "{}", reply.json());
}

#[tokio::test]
async fn a_live_group_takes_five_admins_and_lists_them() {
    let env = start_with(Emulator::builder()).await;
    let id = create(&env, "AVChatRoom").await;
    ok(&env
        .api(Api::AccountImport, json!({"UserID": "user1", "Nick": "AA"}))
        .await);
    ok(&env
        .api(Api::ModifyAdmin, at("modify_admin.request", &id))
        .await);
    let modify = |command: i64, accounts: &[&str]| json!({"GroupId": id, "CommandType": command, "Admin_Account": accounts});
    ok(&env
        .api(
            Api::ModifyAdmin,
            modify(1, &["a2", "a3", "a4", "a5", "user1"]),
        )
        .await);
    let reply = env.api(Api::ModifyAdmin, modify(1, &["a6"])).await;
    assert_eq!(reply.code(), 10004, "{}", reply.json());
    let reply = env
        .api(Api::GetAdminList, at("get_admin_list.request", &id))
        .await;
    let list = ok(&reply)["Admin_List"].as_array().unwrap().clone();
    let names: Vec<&str> = list
        .iter()
        .map(|a| a["Admin_Account"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["user1", "a2", "a3", "a4", "a5"]);
    assert_eq!(list[0]["NickName"], "AA");
    ok(&env.api(Api::ModifyAdmin, modify(2, &["a2"])).await);
    ok(&env.api(Api::ModifyAdmin, modify(1, &["a6"])).await);
    assert_eq!(
        env.api(Api::ModifyAdmin, modify(3, &["a7"])).await.code(),
        10004
    );
    let six: Vec<String> = users("x", 6);
    let body = json!({"GroupId": id, "CommandType": 1, "Admin_Account": six});
    assert_eq!(env.api(Api::ModifyAdmin, body).await.code(), 10004);
}

#[tokio::test]
async fn robots_are_pinned_online_and_checked() {
    let env = start_with(Emulator::builder()).await;
    let id = create(&env, "AVChatRoom").await;
    for bot in ["@RBT#bot1", "@RBT#bot2"] {
        ok(&env.api(Api::CreateRobot, json!({"UserID": bot})).await);
    }
    let robots = json!({"GroupId": id, "Member_Account": ["@RBT#bot1", "@RBT#bot2"]});
    let reply = env.api(Api::AddRobots, at("add_robots.request", &id)).await;
    assert_eq!(
        reply.code(),
        10004,
        "bot1 is no robot account: {}",
        reply.json()
    );
    ok(&env.api(Api::AddRobots, robots.clone()).await);
    joined(&env, &id, &["viewer".to_owned()]).await;
    assert_eq!(
        listed(&env, &id, None).await,
        ["viewer", "@RBT#bot2", "@RBT#bot1"]
    );
    assert_eq!(
        listed(&env, &id, Some(500)).await,
        ["@RBT#bot2", "@RBT#bot1"]
    );

    let check = json!({"GroupId": id, "Member_Account": ["nobody", "@RBT#bot2", "viewer"]});
    let reply = env.api(Api::CheckMembers, check.clone()).await;
    assert_eq!(ok(&reply)["Member_Account"], json!(["@RBT#bot2", "viewer"]));

    let one = json!({"GroupId": id, "Member_Account": ["@RBT#bot2"]});
    ok(&env.api(Api::DelRobots, one).await);
    assert_eq!(listed(&env, &id, None).await, ["viewer", "@RBT#bot1"]);
    let reply = env.api(Api::CheckMembers, check).await;
    assert_eq!(ok(&reply)["Member_Account"], json!(["viewer"]));
    let reply = env.api(Api::DelRobots, at("del_robots.request", &id)).await;
    assert_eq!(reply.code(), 10004, "{}", reply.json());
}

#[tokio::test]
async fn other_group_types_and_unknown_groups_are_refused() {
    let env = start_with(Emulator::builder()).await;
    let public = create(&env, "Public").await;
    for (name, api) in [
        ("get_members.request", Api::GetMembers),
        ("modify_user_info.request", Api::ModifyUserInfo),
        ("modify_admin.request", Api::ModifyAdmin),
        ("get_admin_list.request", Api::GetAdminList),
        ("add_robots.request", Api::AddRobots),
        ("del_robots.request", Api::DelRobots),
        ("check_members.request", Api::CheckMembers),
    ] {
        let reply = env.api(api, at(name, &public)).await;
        assert_eq!(reply.code(), 10007, "{api}: {}", reply.json());
        let reply = env.api(api, at(name, "@TGS#aNOSUCH")).await;
        assert_eq!(reply.code(), 10010, "{api}: {}", reply.json());
    }
    let id = create(&env, "AVChatRoom").await;
    let reply = env
        .api(Api::CheckMembers, at("check_members.request", &id))
        .await;
    assert_eq!(ok(&reply)["Member_Account"], json!([]));
}
