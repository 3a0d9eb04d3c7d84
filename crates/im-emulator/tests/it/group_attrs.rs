//! Group attributes and counters: each page's example answered, modify merging, set replacing,
//! clear and delete, the documented limits refused with their codes, the group types and the
//! edition gate, and the inspection showing both.

use im_emulator::{Edition, Emulator};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/generated/{name}.json",
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

async fn start() -> Env {
    start_with(Emulator::builder()).await
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

async fn create(env: &Env, kind: &str) -> String {
    let reply = env
        .api(Api::CreateGroup, json!({"Type": kind, "Name": "g"}))
        .await;
    ok(&reply)["GroupId"].as_str().unwrap().to_owned()
}

/// The group's attributes as `get_group_attr` gives them, in order.
async fn attrs(env: &Env, id: &str) -> Vec<(String, String)> {
    let reply = env
        .api(Api::GetGroupAttr, at("get_group_attr.request", id))
        .await;
    ok(&reply)["GroupAttrAry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["key"].as_str().unwrap().into(),
                a["value"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn attr_body(id: &str, items: &[(String, String)]) -> Value {
    let list: Vec<Value> = items
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect();
    json!({"GroupId": id, "GroupAttr": list})
}

fn view_path(id: &str) -> String {
    format!("groups?id={}", id.replace('@', "%40").replace('#', "%23"))
}

#[tokio::test]
async fn modify_merges_set_replaces_delete_and_clear_remove() {
    let env = start().await;
    let id = create(&env, "Public").await;
    assert!(attrs(&env, &id).await.is_empty());
    ok(&env
        .api(Api::ModifyGroupAttr, at("modify_group_attr.request", &id))
        .await);
    assert_eq!(
        attrs(&env, &id).await,
        pairs(&[("attr_key", "attr_val"), ("attr_key1", "attr_val1")])
    );
    let change = attr_body(&id, &pairs(&[("attr_key", "new"), ("k3", "v3")]));
    ok(&env.api(Api::ModifyGroupAttr, change).await);
    assert_eq!(
        attrs(&env, &id).await,
        pairs(&[
            ("attr_key", "new"),
            ("attr_key1", "attr_val1"),
            ("k3", "v3")
        ])
    );
    let reset = attr_body(&id, &pairs(&[("only", "one")]));
    ok(&env.api(Api::SetGroupAttr, reset).await);
    assert_eq!(attrs(&env, &id).await, pairs(&[("only", "one")]));
    let view = env.control_get(&view_path(&id)).await;
    assert_eq!(view["attrs"], json!({"only": "one"}), "{view}");
    let missing = json!({"GroupId": id, "GroupAttr": [{"key": "only"}, {"key": "nope"}]});
    assert_eq!(env.api(Api::DeleteGroupAttr, missing).await.code(), 10050);
    assert_eq!(
        attrs(&env, &id).await.len(),
        1,
        "a refused delete removes nothing"
    );
    let one = json!({"GroupId": id, "GroupAttr": [{"key": "only"}]});
    ok(&env.api(Api::DeleteGroupAttr, one).await);
    assert!(attrs(&env, &id).await.is_empty());

    let other = create(&env, "AVChatRoom").await;
    ok(&env
        .api(Api::SetGroupAttr, at("set_group_attr.request", &other))
        .await);
    ok(&env
        .api(
            Api::DeleteGroupAttr,
            at("delete_group_attr.request", &other),
        )
        .await);
    assert!(attrs(&env, &other).await.is_empty());
    ok(&env
        .api(Api::SetGroupAttr, at("set_group_attr.request", &other))
        .await);
    ok(&env
        .api(Api::ClearGroupAttr, at("clear_group_attr.request", &other))
        .await);
    assert!(attrs(&env, &other).await.is_empty());
    let community = create(&env, "Community").await;
    ok(&env
        .api(
            Api::ModifyGroupAttr,
            at("modify_group_attr.request", &community),
        )
        .await);
    assert_eq!(attrs(&env, &community).await.len(), 2);
    let clear = env
        .api(
            Api::ClearGroupAttr,
            at("clear_group_attr.request", &community),
        )
        .await;
    assert_eq!(clear.code(), 10007, "{}", clear.json());
    let gone = env
        .api(Api::GetGroupAttr, json!({"GroupId": "nobody"}))
        .await;
    assert_eq!(gone.code(), 10010);
}

#[tokio::test]
async fn attribute_limits_are_refused_with_their_codes() {
    let env = start().await;
    let id = create(&env, "Public").await;
    let key = |i: usize| format!("k{i}");
    let many: Vec<_> = (0..17).map(|i| (key(i), "v".to_owned())).collect();
    let reply = env.api(Api::ModifyGroupAttr, attr_body(&id, &many)).await;
    assert_eq!(reply.code(), 10047, "{}", reply.json());
    let long_key = vec![("k".repeat(33), "v".to_owned())];
    assert_eq!(
        env.api(Api::SetGroupAttr, attr_body(&id, &long_key))
            .await
            .code(),
        10045
    );
    let long_value = vec![("k".to_owned(), "v".repeat(4001))];
    assert_eq!(
        env.api(Api::ModifyGroupAttr, attr_body(&id, &long_value))
            .await
            .code(),
        10046
    );
    let heavy: Vec<_> = (0..16).map(|i| (key(i), "v".repeat(1001))).collect();
    assert_eq!(
        env.api(Api::SetGroupAttr, attr_body(&id, &heavy))
            .await
            .code(),
        10048
    );
    let del = json!({"GroupId": id, "GroupAttr": [{"key": "k".repeat(33)}]});
    assert_eq!(env.api(Api::DeleteGroupAttr, del).await.code(), 10045);
    assert!(
        attrs(&env, &id).await.is_empty(),
        "nothing refused was kept"
    );

    // The group's attributes after a merge: 16 keys, 16000 bytes of values.
    let sixteen: Vec<_> = (0..16).map(|i| (key(i), "v".to_owned())).collect();
    ok(&env.api(Api::SetGroupAttr, attr_body(&id, &sixteen)).await);
    let one_more = vec![("x".to_owned(), "v".to_owned())];
    assert_eq!(
        env.api(Api::ModifyGroupAttr, attr_body(&id, &one_more))
            .await
            .code(),
        10047
    );
    let full: Vec<_> = (0..4).map(|i| (key(i), "v".repeat(4000))).collect();
    ok(&env.api(Api::SetGroupAttr, attr_body(&id, &full)).await);
    let reply = env
        .api(Api::ModifyGroupAttr, attr_body(&id, &one_more))
        .await;
    assert_eq!(reply.code(), 10048, "{}", reply.json());
    assert_eq!(attrs(&env, &id).await.len(), 4);
}

#[tokio::test]
async fn a_group_takes_five_attribute_writes_a_second() {
    let env = start_with(Emulator::builder().fixed_now(1_700_000_000)).await;
    let id = create(&env, "Public").await;
    for _ in 0..5 {
        ok(&env
            .api(Api::ModifyGroupAttr, at("modify_group_attr.request", &id))
            .await);
    }
    let reply = env
        .api(Api::ClearGroupAttr, at("clear_group_attr.request", &id))
        .await;
    assert_eq!(reply.code(), 10049, "{}", reply.json());
    assert_eq!(attrs(&env, &id).await.len(), 2, "reads do not count");
    let other = create(&env, "Public").await;
    ok(&env
        .api(
            Api::ModifyGroupAttr,
            at("modify_group_attr.request", &other),
        )
        .await);
}

/// The group's counters as `get_group_counter` gives them (`keys`: those named).
async fn counters(env: &Env, id: &str, keys: Option<&[&str]>) -> Vec<(String, i64)> {
    let mut body = json!({"GroupId": id});
    if let Some(keys) = keys {
        body["GroupCounterKeys"] = json!(keys);
    }
    let reply = env.api(Api::GetGroupCounter, body).await;
    list(ok(&reply))
}

fn list(answer: &Value) -> Vec<(String, i64)> {
    answer["GroupCounter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["Key"].as_str().unwrap().to_owned(),
                c["Value"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn counted(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

async fn update(env: &Env, id: &str, mode: &str, items: &[(&str, i64)]) -> Reply {
    let list: Vec<Value> = items
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    env.api(
        Api::UpdateGroupCounter,
        json!({"GroupId": id, "GroupCounter": list, "Mode": mode}),
    )
    .await
}

#[tokio::test]
async fn counters_are_set_increased_decreased_read_and_deleted() {
    let env = start().await;
    let id = create(&env, "AVChatRoom").await;
    let reply = env
        .api(
            Api::UpdateGroupCounter,
            at("update_group_counter.request", &id),
        )
        .await;
    assert_eq!(list(ok(&reply)), counted(&[("like", 5), ("unlike", 1)]));
    let reply = env
        .api(Api::GetGroupCounter, at("get_group_counter.request", &id))
        .await;
    assert_eq!(list(ok(&reply)), counted(&[("like", 5), ("unlike", 1)]));
    let reply = update(&env, &id, "Increase", &[("like", 2), ("views", 3)]).await;
    assert_eq!(list(ok(&reply)), counted(&[("like", 7), ("views", 3)]));
    ok(&update(&env, &id, "Decrease", &[("unlike", 4)]).await);
    assert_eq!(
        counters(&env, &id, None).await,
        counted(&[("like", 7), ("unlike", -3), ("views", 3)])
    );
    assert_eq!(
        counters(&env, &id, Some(&["views", "nope"])).await,
        counted(&[("views", 3)])
    );
    ok(&update(&env, &id, "Set", &[("big", i64::MAX)]).await);
    let reply = update(&env, &id, "Increase", &[("like", 1), ("big", 1)]).await;
    assert_eq!(reply.code(), 10004, "{}", reply.json());
    assert_eq!(
        counters(&env, &id, Some(&["like", "big"])).await,
        counted(&[("like", 7), ("big", i64::MAX)])
    );
    let view = env.control_get(&view_path(&id)).await;
    assert_eq!(view["counters"]["unlike"], -3, "{view}");
    ok(&env
        .api(
            Api::DeleteGroupCounter,
            json!({"GroupId": id, "GroupCounterKeys": ["like", "nope"]}),
        )
        .await);
    assert_eq!(counters(&env, &id, None).await.len(), 3);
    ok(&env
        .api(Api::DeleteGroupCounter, json!({"GroupId": id}))
        .await);
    assert!(counters(&env, &id, None).await.is_empty());
}

#[tokio::test]
async fn counter_limits_types_and_edition_are_refused_with_their_codes() {
    let env = start().await;
    let id = create(&env, "Public").await;
    let names: Vec<String> = (0..21).map(|i| format!("k{i}")).collect();
    let all: Vec<(&str, i64)> = names.iter().map(|k| (k.as_str(), 1)).collect();
    assert_eq!(update(&env, &id, "Set", &all).await.code(), 10063);
    ok(&update(&env, &id, "Set", &all[..20]).await);
    let reply = update(&env, &id, "Increase", &[("one-more", 1)]).await;
    assert_eq!(reply.code(), 10063, "{}", reply.json());
    assert_eq!(counters(&env, &id, None).await.len(), 20);
    let long = "k".repeat(129);
    assert_eq!(update(&env, &id, "Set", &[(&long, 1)]).await.code(), 10004);
    assert_eq!(
        update(&env, &id, "Double", &[("k0", 1)]).await.code(),
        10004
    );
    let community = create(&env, "Community").await;
    let reply = env
        .api(Api::GetGroupCounter, json!({"GroupId": community}))
        .await;
    assert_eq!(reply.code(), 10007, "{}", reply.json());

    let pro = start_with(Emulator::builder().edition(Edition::Pro)).await;
    let id = create(&pro, "Public").await;
    for (api, body) in [
        (Api::GetGroupCounter, at("get_group_counter.request", &id)),
        (
            Api::UpdateGroupCounter,
            at("update_group_counter.request", &id),
        ),
        (
            Api::DeleteGroupCounter,
            at("delete_group_counter.request", &id),
        ),
    ] {
        let reply = pro.api(api, body).await;
        assert_eq!(reply.code(), 10059, "{api}: {}", reply.json());
    }
}
