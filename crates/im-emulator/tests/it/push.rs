//! Push to all users: the pages' examples answered; a push reaching exactly the accounts its
//! tags or attributes select (or every account), seen under `/_emulator/push`; `MsgRandom`
//! naming one task for 7 days; the documented refusals with their codes; the day's 100 pushes
//! (90047, on the emulator's clock) and their spacing (90024).

use im_emulator::{Account, Emulator};
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

/// An emulator without rate limits holding `users`.
async fn start(users: &[&str]) -> Env {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    for user in users {
        env.handle.emulator().insert_account(Account::new(*user));
    }
    env
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

fn text() -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}])
}

/// A push of `condition` (`Null`: every user) with `msg_random`; its answer.
async fn push(env: &Env, msg_random: u32, condition: Value) -> Reply {
    let mut body = json!({"MsgRandom": msg_random, "MsgBody": text()});
    if !condition.is_null() {
        body["Condition"] = condition;
    }
    env.api(Api::ImPush, body).await
}

async fn tag(env: &Env, user: &str, tags: &[&str]) {
    let body = json!({"UserTags": [{"To_Account": user, "Tags": tags}]});
    ok(&env.api(Api::ImAddTag, body).await);
}

/// The recipients of the `n`th push under `/_emulator/push`.
async fn recipients(env: &Env, n: usize) -> Vec<String> {
    let state = env.control_get("push").await;
    serde_json::from_value(state["pushes"][n]["recipients"].clone()).unwrap()
}

#[tokio::test]
async fn the_pages_examples_are_answered() {
    let env = start(&["xiaojun012", "xiaojun013", "abc"]).await;
    ok(&env
        .api(Api::ImSetAttrName, fixture("im_set_attr_name.request"))
        .await);
    let names = env.api(Api::ImGetAttrName, json!({})).await;
    assert_eq!(
        ok(&names)["AttrNames"],
        json!({"0": "sex", "1": "city", "2": "country"})
    );
    ok(&env
        .api(Api::ImSetAttr, fixture("im_set_attr.request"))
        .await);
    let body = json!({"To_Account": ["xiaojun013", "abc"]});
    let attrs = env.api(Api::ImGetAttr, body).await;
    assert_eq!(
        ok(&attrs)["UserAttrs"],
        json!([
            {"To_Account": "xiaojun013", "Attrs": {"city": "attr3", "sex": "attr4"}},
            {"To_Account": "abc", "Attrs": {}},
        ])
    );
    ok(&env
        .api(Api::ImRemoveAttr, fixture("im_remove_attr.request"))
        .await);
    let attrs = env
        .api(Api::ImGetAttr, json!({"To_Account": ["xiaojun013"]}))
        .await;
    assert_eq!(ok(&attrs)["UserAttrs"][0]["Attrs"], json!({}));

    ok(&env.api(Api::ImAddTag, fixture("im_add_tag.request")).await);
    let tags = env.api(Api::ImGetTag, fixture("im_get_tag.request")).await;
    assert_eq!(
        ok(&tags)["UserTags"][1],
        json!({"To_Account": "xiaojun013", "Tags": ["a", "b"]})
    );
    let body = json!({"UserTags": [{"To_Account": "xiaojun012", "Tags": ["a"]}]});
    ok(&env.api(Api::ImRemoveTag, body).await);
    ok(&env
        .api(Api::ImRemoveAllTags, json!({"To_Account": ["xiaojun013"]}))
        .await);
    let tags = env.api(Api::ImGetTag, fixture("im_get_tag.request")).await;
    assert_eq!(ok(&tags)["UserTags"][0]["Tags"], json!(["b"]));
    assert_eq!(ok(&tags)["UserTags"][1]["Tags"], json!([]));

    let reply = env.api(Api::ImPush, fixture("im_push.request")).await;
    assert!(ok(&reply)["TaskId"].is_string());
}

#[tokio::test]
async fn a_push_reaches_exactly_the_accounts_its_condition_selects() {
    let env = start(&["amy", "bob", "cat", "dan"]).await;
    tag(&env, "amy", &["gold", "sz"]).await;
    tag(&env, "bob", &["gold"]).await;
    tag(&env, "cat", &["sz"]).await;
    ok(&push(&env, 1, json!({"TagsOr": ["gold"]})).await);
    assert_eq!(recipients(&env, 0).await, ["amy", "bob"]);
    ok(&push(&env, 2, json!({"TagsAnd": ["gold", "sz"]})).await);
    assert_eq!(recipients(&env, 1).await, ["amy"]);
    ok(&push(&env, 3, json!({"TagsOr": ["sz"], "TagsAnd": ["gold"]})).await);
    assert_eq!(recipients(&env, 2).await, ["amy"]);
    ok(&push(&env, 4, Value::Null).await);
    assert_eq!(recipients(&env, 3).await, ["amy", "bob", "cat", "dan"]);

    ok(&env
        .api(
            Api::ImSetAttrName,
            json!({"AttrNames": {"0": "city", "1": "level"}}),
        )
        .await);
    let body = json!({"UserAttrs": [
        {"To_Account": "cat", "Attrs": {"city": "sz", "level": "vip"}},
        {"To_Account": "dan", "Attrs": {"city": "sz"}},
    ]});
    ok(&env.api(Api::ImSetAttr, body).await);
    ok(&push(&env, 5, json!({"AttrsAnd": {"city": "sz", "level": "vip"}})).await);
    assert_eq!(recipients(&env, 4).await, ["cat"]);
    ok(&push(&env, 6, json!({"AttrsOr": {"city": "sz", "level": "vip"}})).await);
    assert_eq!(recipients(&env, 5).await, ["cat", "dan"]);

    let state = env.control_get("push").await;
    let first = &state["pushes"][0];
    assert_eq!(first["condition"], json!({"TagsOr": ["gold"]}));
    assert_eq!(first["from"], json!(env.handle.admin()));
    assert_eq!(state["tags"]["amy"], json!(["gold", "sz"]));
    assert_eq!(state["attr_names"], json!({"0": "city", "1": "level"}));
    assert_eq!(env.handle.emulator().push_state(), state);
}

#[tokio::test]
async fn a_msg_random_of_the_last_7_days_is_the_same_task() {
    let env = start(&["amy"]).await;
    let first = push(&env, 42, Value::Null).await;
    let again = push(&env, 42, Value::Null).await;
    assert_eq!(ok(&first)["TaskId"], ok(&again)["TaskId"]);
    let state = env.control_get("push").await;
    assert_eq!(state["pushes"].as_array().unwrap().len(), 1);
    env.handle.emulator().set_clock_offset(7 * 86_400);
    let later = push(&env, 42, Value::Null).await;
    assert_ne!(ok(&later)["TaskId"], ok(&first)["TaskId"]);
}

#[tokio::test]
async fn the_documented_refusals_carry_their_codes() {
    let env = start(&["amy"]).await;
    ok(&env
        .api(Api::ImSetAttrName, json!({"AttrNames": {"0": "city"}}))
        .await);
    let long = "x".repeat(51);
    let eleven: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    for (condition, code) in [
        (json!({"TagsOr": ["a"], "AttrsOr": {"city": "sz"}}), 90039),
        (json!({"TagsOr": eleven}), 90032),
        (json!({"TagsAnd": [""]}), 90040),
        (json!({"TagsOr": [long]}), 90020),
        (json!({"TagsOr": ["a"], "TagsAnd": ["a"]}), 90022),
        (json!({"AttrsOr": {"country": "cn"}}), 90033),
    ] {
        let reply = push(&env, 1, condition.clone()).await;
        assert_eq!(reply.code(), code, "{condition}: {}", reply.json());
    }
    let body = json!({"MsgRandom": 1, "MsgBody": text(), "MsgLifeTime": 604_801});
    assert_eq!(env.api(Api::ImPush, body).await.code(), 90026);
    let body = json!({"MsgRandom": "1", "MsgBody": text()});
    assert_eq!(env.api(Api::ImPush, body).await.code(), 90005);
    assert_eq!(env.api(Api::ImPush, json!([])).await.code(), 90001);

    let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    assert_eq!(
        env.api(Api::ImGetTag, json!({"To_Account": many}))
            .await
            .code(),
        90018
    );
    let body = json!({"AttrNames": {"10": "x"}});
    assert_eq!(env.api(Api::ImSetAttrName, body).await.code(), 90033);
    let body = json!({"UserAttrs": [{"To_Account": "amy", "Attrs": {"country": "cn"}}]});
    assert_eq!(env.api(Api::ImSetAttr, body).await.code(), 90033);
    let body = json!({"UserTags": [{"To_Account": "amy", "Tags": eleven}]});
    assert_eq!(env.api(Api::ImAddTag, body).await.code(), 90032);
    // 100 tags in all, then one more is refused and nothing of it is added.
    for chunk in 0..10 {
        let tags: Vec<String> = (0..10).map(|i| format!("t{chunk}_{i}")).collect();
        tag(
            &env,
            "amy",
            &tags.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .await;
    }
    let body = json!({"UserTags": [{"To_Account": "amy", "Tags": ["t0_0", "new"]}]});
    assert_eq!(env.api(Api::ImAddTag, body).await.code(), 90032);
    let tags = env.api(Api::ImGetTag, json!({"To_Account": ["amy"]})).await;
    assert_eq!(
        ok(&tags)["UserTags"][0]["Tags"].as_array().unwrap().len(),
        100
    );
    assert!(
        env.control_get("push").await["pushes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_101st_push_of_a_day_is_refused_until_the_next_day() {
    // The declared day quota; no spacing, so that 100 pushes take no 100 seconds.
    let env = Env::start(Emulator::builder().rate_limit(Api::ImPush, None)).await;
    // Just after midnight at UTC+8 on the emulator's clock, so the day does not end mid-test.
    let now = env.handle.emulator().now();
    let day_start = (now + 8 * 3600) / 86_400 * 86_400 - 8 * 3600;
    env.handle
        .emulator()
        .set_fixed_now(Some(day_start + 86_400 + 60));
    for n in 0..100 {
        ok(&push(&env, n, Value::Null).await);
    }
    let refused = push(&env, 100, Value::Null).await;
    assert_eq!(refused.code(), 90047, "{}", refused.json());
    env.handle
        .emulator()
        .set_fixed_now(Some(day_start + 2 * 86_400 + 1));
    ok(&push(&env, 101, Value::Null).await);
}

#[tokio::test]
async fn pushes_less_than_a_second_apart_are_refused_with_90024() {
    let env = Env::start(Emulator::builder()).await;
    ok(&push(&env, 1, Value::Null).await);
    let second = push(&env, 2, Value::Null).await;
    assert_eq!(second.code(), 90024, "{}", second.json());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    ok(&push(&env, 3, Value::Null).await);
}
