//! Communities and topics: each page's example answered, the refusals with their codes (11000
//! for a group without topics, 10025/10021 for a used topic ID, 10037 past 200 topics, 110003
//! per destroyed topic), and the community online count.

use im_emulator::{Account, Emulator, OnlineState};
use im_proto::{Api, OnlineStatus};
use serde_json::{Value, json};

use crate::util::{Env, Reply};

/// A page's example (`crates/im-proto/tests/fixtures/`), its IDs moved to the community `id`.
fn page(name: &str, id: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = text
        .replace("@TGS#_@TGS#cQVLVHIM62CJ", id)
        .replace("@TGS#_@TGS#cBZXAIIM62CV", id);
    serde_json::from_str(&text).unwrap()
}

async fn start() -> Env {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    for user in ["leckie", "peter", "bob", "1400187352"] {
        env.handle.insert_account(Account::new(user));
    }
    env
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

/// A community owned by leckie with peter and 1400187352, with topics when `topics`.
async fn community(env: &Env, topics: bool) -> String {
    let body = json!({
        "Type": "Community", "Name": "guild", "Owner_Account": "leckie",
        "SupportTopic": u8::from(topics),
        "MemberList": [{"Member_Account": "peter"}, {"Member_Account": "1400187352"}],
    });
    let reply = env.api(Api::CreateGroup, body).await;
    ok(&reply)["GroupId"].as_str().unwrap().to_owned()
}

async fn topic(env: &Env, group: &str, name: &str) -> String {
    let body = json!({"GroupId": group, "TopicName": name});
    let reply = env.api(Api::CreateTopic, body).await;
    ok(&reply)["TopicId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn create_topic_answers_the_pages_examples_in_a_community_with_topics_only() {
    let env = start().await;
    let g = community(&env, true).await;
    let reply = env
        .api(Api::CreateTopic, page("create_topic.request", &g))
        .await;
    let generated = ok(&reply)["TopicId"].as_str().unwrap();
    assert!(
        generated.starts_with(&format!("{g}@TOPIC#_@TOPIC#")),
        "{generated}"
    );
    let reply = env
        .api(
            Api::CreateTopic,
            page("create_topic.request.all_in_one", &g),
        )
        .await;
    assert_eq!(ok(&reply)["TopicId"], format!("{g}@TOPIC#_TestTopic"));
    let again = env
        .api(Api::CreateTopic, page("create_topic.request.custom_id", &g))
        .await;
    assert_eq!(again.code(), 10025, "{}", again.json());
    let plain = community(&env, false).await;
    let body = json!({"GroupId": plain, "TopicName": "news"});
    assert_eq!(env.api(Api::CreateTopic, body).await.code(), 11000);
    let public = json!({"Type": "Public", "Name": "p"});
    let public = ok(&env.api(Api::CreateGroup, public).await)["GroupId"].clone();
    let body = json!({"GroupId": public, "TopicName": "news"});
    assert_eq!(env.api(Api::CreateTopic, body).await.code(), 11000);
    let body = json!({"GroupId": "@TGS#_nobody", "TopicName": "news"});
    assert_eq!(env.api(Api::CreateTopic, body).await.code(), 10010);
}

#[tokio::test]
async fn create_topic_refuses_the_limits_and_operators_outside_the_community() {
    let env = start().await;
    let g = community(&env, true).await;
    let long = json!({"GroupId": g, "TopicName": "n".repeat(31)});
    let reply = env.api(Api::CreateTopic, long).await;
    assert_eq!(reply.code(), 10004);
    let info = reply.json()["ErrorInfo"].as_str().unwrap();
    assert!(info.contains("TopicName"), "{info}");
    let foreign = json!({"GroupId": g, "TopicName": "n", "TopicId": "@TGS#_x@TOPIC#_n"});
    assert_eq!(env.api(Api::CreateTopic, foreign).await.code(), 10004);
    let outsider = json!({"GroupId": g, "TopicName": "n", "From_Account": "bob"});
    assert_eq!(env.api(Api::CreateTopic, outsider).await.code(), 10007);
    for i in 0..200 {
        topic(&env, &g, &format!("t{i}")).await;
    }
    let one_more = json!({"GroupId": g, "TopicName": "t200"});
    let reply = env.api(Api::CreateTopic, one_more).await;
    assert_eq!(reply.code(), 10037, "{}", reply.json());
}

#[tokio::test]
async fn get_topic_gives_all_topics_the_listed_ones_or_the_filtered_fields() {
    let env = start().await;
    let g = community(&env, true).await;
    ok(&env
        .api(
            Api::CreateTopic,
            page("create_topic.request.all_in_one", &g),
        )
        .await);
    let second = topic(&env, &g, "second").await;
    let reply = env.api(Api::GetTopic, page("get_topic.request", &g)).await;
    let all = ok(&reply)["TopicAndSelfInfo"].as_array().unwrap().clone();
    assert_eq!(all.len(), 2);
    let info = &all[0]["TopicInfo"];
    assert_eq!(info["TopicId"], format!("{g}@TOPIC#_TestTopic"));
    assert_eq!(info["GroupID"], g.as_str());
    assert_eq!(info["Introduction"], "This is topic Introduction");
    assert_eq!(info["MuteAllMember"], "Off");
    assert_eq!(
        all[0]["SelfInfo"]["MsgFlag"], "AcceptAndNotify",
        "{}",
        all[0]
    );
    let mut listed = page("get_topic.request.filter", &g);
    listed["TopicIdList"] = json!([second, format!("{g}@TOPIC#_gone")]);
    let reply = env.api(Api::GetTopic, listed).await;
    let items = &ok(&reply)["TopicAndSelfInfo"];
    assert_eq!(items[0]["TopicInfo"]["TopicName"], "second");
    assert!(items[0]["TopicInfo"].get("CreateTime").is_none(), "{items}");
    assert_eq!(items[1]["ErrorCode"], 110003);
    assert!(items[1].get("TopicInfo").is_none(), "{items}");
    let mut outsider = page("get_topic.request", &g);
    outsider["From_Account"] = json!("bob");
    let reply = env.api(Api::GetTopic, outsider).await;
    assert!(ok(&reply)["TopicAndSelfInfo"][0].get("SelfInfo").is_none());
}

#[tokio::test]
async fn modify_topic_changes_the_named_fields_and_destroy_topic_answers_per_topic() {
    let env = start().await;
    let g = community(&env, true).await;
    let t = topic(&env, &g, "old").await;
    let mut body = page("modify_topic.request.all_in_one", &g);
    body["TopicId"] = json!(t);
    ok(&env.api(Api::ModifyTopic, body).await);
    let get = json!({"GroupId": g, "From_Account": "peter"});
    let reply = env.api(Api::GetTopic, get.clone()).await;
    let info = &ok(&reply)["TopicAndSelfInfo"][0]["TopicInfo"];
    assert_eq!(info["TopicName"], "TestTopicName");
    assert_eq!(info["MuteAllMember"], "On");
    assert_eq!(info["CustomString"], "This is a customs string.");
    let bad = json!({"GroupId": g, "TopicId": t, "MuteAllMember": "Maybe"});
    assert_eq!(env.api(Api::ModifyTopic, bad).await.code(), 10004);
    let mut destroy = page("destroy_topic.request", &g);
    destroy["TopicIdList"] = json!([t, format!("{g}@TOPIC#_TestTopic_1")]);
    let reply = env.api(Api::DestroyTopic, destroy).await;
    let results = &ok(&reply)["DestroyResultItem"];
    assert_eq!(
        (
            results[0]["ErrorCode"].as_i64(),
            results[1]["ErrorCode"].as_i64()
        ),
        (Some(0), Some(110003))
    );
    assert_eq!(results[0]["TopicId"], t.as_str());
    let reply = env.api(Api::GetTopic, get).await;
    assert_eq!(ok(&reply)["TopicAndSelfInfo"], json!([]));
    let gone = json!({"GroupId": g, "TopicId": t, "TopicName": "again"});
    assert_eq!(env.api(Api::ModifyTopic, gone).await.code(), 10010);
}

#[tokio::test]
async fn import_topic_keeps_its_creation_time_and_refuses_used_ids() {
    let env = start().await;
    let g = community(&env, true).await;
    let created = env.handle.now();
    let mut body = page("import_topic.request", &g);
    body["CreateTime"] = json!(created);
    let reply = env.api(Api::ImportTopic, body).await;
    let id = ok(&reply)["TopicId"].as_str().unwrap().to_owned();
    assert!(id.starts_with(&format!("{g}@TOPIC#_")), "{id}");
    let before = json!({"GroupId": g, "TopicName": "old", "CreateTime": created - 1});
    assert_eq!(env.api(Api::ImportTopic, before).await.code(), 10004);
    let custom = json!({"GroupId": g, "TopicName": "n", "TopicId": format!("{g}@TOPIC#_n")});
    ok(&env.api(Api::ImportTopic, custom.clone()).await);
    assert_eq!(env.api(Api::ImportTopic, custom).await.code(), 10021);
    let mut typed = page("import_topic.request.optional_fields", &g);
    typed["Type"] = json!("Public");
    assert_eq!(env.api(Api::ImportTopic, typed).await.code(), 10004);
}

#[tokio::test]
async fn the_community_online_count_counts_the_members_online() {
    let env = start().await;
    let g = community(&env, false).await;
    let count = |reply: &Reply| ok(reply)["OnlineMemberNum"].as_i64();
    let body = page("get_online_member_num.request", &g);
    assert_eq!(
        count(&env.api(Api::GetOnlineMemberNum, body.clone()).await),
        Some(0)
    );
    for user in ["leckie", "peter", "bob"] {
        env.handle
            .set_online(user, OnlineState::new(OnlineStatus::Online));
    }
    assert_eq!(
        count(&env.api(Api::GetOnlineMemberNum, body).await),
        Some(2)
    );
    let body = json!({"GroupId": "@TGS#_nobody"});
    assert_eq!(env.api(Api::GetOnlineMemberNum, body).await.code(), 10010);
}

#[tokio::test]
async fn the_inspection_shows_a_communitys_topics() {
    let env = start().await;
    let g = community(&env, true).await;
    let t = topic(&env, &g, "news").await;
    let path = format!("groups?id={}", g.replace('@', "%40").replace('#', "%23"));
    let view = env.control_get(&path).await;
    assert_eq!(view["topics"][0]["id"], t.as_str(), "{view}");
    assert_eq!(view["topics"][0]["name"], "news");
    let plain = community(&env, false).await;
    let path = format!(
        "groups?id={}",
        plain.replace('@', "%40").replace('#', "%23")
    );
    assert!(env.control_get(&path).await.get("topics").is_none());
}
