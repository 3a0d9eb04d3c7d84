//! Recent contacts (issue 34): the conversation list derived from the message and group stores
//! (pins first, newest first, the NoLastMsg rule, the four-field cursor), delete with and
//! without clearing history, pins, contact groups and marks with their limits and codes, and
//! each page's example answered.

use im_emulator::{Account, Emulator};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

/// A time the tests pin the clock to before each write.
const T0: u64 = 1_700_000_000;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/generated/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

async fn start(accounts: &[&str]) -> Env {
    let env = Env::start(Emulator::builder().without_rate_limits().fixed_now(T0)).await;
    for id in accounts {
        env.handle.insert_account(Account::new(*id));
    }
    env
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

/// `from` sends `to` a message at `at`.
async fn send(env: &Env, from: &str, to: &str, at: u64) {
    env.handle.set_fixed_now(Some(at));
    let body = json!({"From_Account": from, "To_Account": to, "MsgRandom": at as u32,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    ok(&env.api(Api::Sendmsg, body).await);
}

/// A public group of `owner` and `members`; its ID.
async fn group(env: &Env, owner: &str, members: &[&str]) -> String {
    let list: Vec<Value> = members
        .iter()
        .map(|m| json!({"Member_Account": m}))
        .collect();
    let body = json!({"Owner_Account": owner, "Type": "Public", "Name": "g", "MemberList": list});
    let reply = env.api(Api::CreateGroup, body).await;
    ok(&reply)["GroupId"].as_str().unwrap().to_owned()
}

async fn group_send(env: &Env, id: &str, from: &str, at: u64) {
    env.handle.set_fixed_now(Some(at));
    let body = json!({"GroupId": id, "From_Account": from, "Random": at as u32,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    ok(&env.api(Api::SendGroupMsg, body).await);
}

fn list_body(me: &str, flags: i64, cursors: [i64; 4]) -> Value {
    json!({"From_Account": me, "TimeStamp": cursors[0], "StartIndex": cursors[1],
        "TopTimeStamp": cursors[2], "TopStartIndex": cursors[3], "AssistFlags": flags})
}

/// Every conversation of `me` over every page: (peer or group, MsgTime, TopFlag).
async fn list(env: &Env, me: &str, flags: i64) -> Vec<(String, i64, i64)> {
    let mut cursors = [0; 4];
    let mut all = Vec::new();
    for _ in 0..100 {
        let page = env.api(Api::GetList, list_body(me, flags, cursors)).await;
        let page = ok(&page).clone();
        for item in page["SessionItem"].as_array().unwrap() {
            let name = item["To_Account"].as_str().or(item["GroupId"].as_str());
            let flag = item["TopFlag"].as_i64().unwrap();
            all.push((
                name.unwrap().to_owned(),
                item["MsgTime"].as_i64().unwrap(),
                flag,
            ));
        }
        if page["CompleteFlag"] == 1 {
            return all;
        }
        let field = |f: &str| page[f].as_i64().unwrap();
        cursors = [
            field("TimeStamp"),
            field("StartIndex"),
            field("TopTimeStamp"),
            field("TopStartIndex"),
        ];
    }
    panic!("get_list never completed");
}

#[tokio::test]
async fn the_list_derives_from_messages_and_groups_pinned_first_newest_first() {
    let env = start(&["a", "b", "c", "d"]).await;
    send(&env, "b", "a", T0 + 10).await;
    let g = group(&env, "d", &["a"]).await;
    group_send(&env, &g, "d", T0 + 20).await;
    let silent = group(&env, "d", &["a"]).await;
    send(&env, "a", "c", T0 + 30).await;
    assert_eq!(
        list(&env, "a", 63).await,
        [
            ("c".to_owned(), (T0 + 30) as i64, 0),
            (g.clone(), (T0 + 20) as i64, 0),
            ("b".to_owned(), (T0 + 10) as i64, 0),
            (silent.clone(), 0, 0),
        ],
        "a group without a message has no last message: listed with bit 1, MsgTime 0"
    );
    assert_eq!(
        list(&env, "a", 1).await.len(),
        3,
        "NoLastMsg: without bit 1, left out"
    );
    let pin = json!({"From_Account": "a", "OperationType": 1,
        "RecentContactItem": [{"Type": 1, "To_Account": "b"}]});
    ok(&env.api(Api::Top, pin).await);
    let listed = list(&env, "a", 7).await;
    assert_eq!(
        listed[0],
        ("b".to_owned(), (T0 + 10) as i64, 1),
        "pinned first"
    );
    assert_eq!(listed[1].0, "c");
    let unpinned = list(&env, "a", 6).await;
    assert_eq!(unpinned[0].0, "c", "without bit 0 pins are not applied");
    assert!(unpinned.iter().all(|l| l.2 == 0));
    let unpin = json!({"From_Account": "a", "OperationType": 2,
        "RecentContactItem": [{"Type": 1, "To_Account": "b"}]});
    ok(&env.api(Api::Top, unpin).await);
    assert_eq!(list(&env, "a", 7).await[0].0, "c");
    assert_eq!(
        list(&env, "b", 63).await,
        [("a".to_owned(), (T0 + 10) as i64, 0)]
    );
}

#[tokio::test]
async fn the_four_cursors_page_through_every_conversation_once() {
    let env = start(&["me"]).await;
    for i in 0..130u64 {
        let peer = format!("p{i:03}");
        env.handle.insert_account(Account::new(peer.as_str()));
        send(&env, &peer, "me", T0 + i).await;
    }
    let pin = json!({"From_Account": "me", "OperationType": 1,
        "RecentContactItem": [{"Type": 1, "To_Account": "p000"}, {"Type": 1, "To_Account": "p001"}]});
    ok(&env.api(Api::Top, pin).await);
    let first = env.api(Api::GetList, list_body("me", 7, [0; 4])).await;
    let first = ok(&first);
    assert_eq!(first["SessionItem"].as_array().unwrap().len(), 100);
    assert_eq!(first["CompleteFlag"], 0);
    assert_eq!(first["TopStartIndex"], 2);
    assert_eq!(first["StartIndex"], 98);
    let all = list(&env, "me", 7).await;
    assert_eq!(all.len(), 130);
    let names: std::collections::BTreeSet<&str> = all.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names.len(), 130, "each once");
    assert_eq!((all[0].0.as_str(), all[1].0.as_str()), ("p001", "p000"));
    assert_eq!(all[2].0, "p129", "then newest first");
}

#[tokio::test]
async fn delete_hides_until_a_new_message_and_clear_ramble_empties_the_history() {
    let env = start(&["a", "b", "c"]).await;
    send(&env, "b", "a", T0).await;
    send(&env, "c", "a", T0 + 1).await;
    let delete = json!({"From_Account": "a", "Type": 1, "To_Account": "b"});
    env.handle.set_fixed_now(Some(T0 + 5));
    ok(&env.api(Api::Delete, delete).await);
    assert_eq!(list(&env, "a", 63).await.len(), 1, "b is gone");
    send(&env, "b", "a", T0 + 6).await;
    assert_eq!(
        list(&env, "a", 63).await[0].0,
        "b",
        "a newer message brings it back"
    );
    let roam = |me: &str, peer: &str| json!({"Operator_Account": me, "Peer_Account": peer, "MaxCnt": 10, "MinTime": 0, "MaxTime": i64::MAX});
    let clear = json!({"From_Account": "a", "Type": 1, "To_Account": "c", "ClearRamble": 1});
    ok(&env.api(Api::Delete, clear).await);
    let mine = env.api(Api::AdminGetroammsg, roam("a", "c")).await;
    assert_eq!(ok(&mine)["MsgCnt"], 0, "cleared from a's history");
    let theirs = env.api(Api::AdminGetroammsg, roam("c", "a")).await;
    assert_eq!(ok(&theirs)["MsgCnt"], 1, "c keeps it");
    let pin = json!({"From_Account": "a", "OperationType": 1,
        "RecentContactItem": [{"Type": 1, "To_Account": "c"}]});
    ok(&env.api(Api::Top, pin).await);
    let listed = list(&env, "a", 63).await;
    assert!(
        listed.contains(&("c".to_owned(), 0, 1)),
        "pinned again, no last message: {listed:?}"
    );
    assert!(
        !list(&env, "a", 5).await.iter().any(|l| l.0 == "c"),
        "NoLastMsg without bit 1"
    );
    let g = group(&env, "b", &["a"]).await;
    group_send(&env, &g, "b", T0 + 7).await;
    let clear = json!({"From_Account": "a", "Type": 2, "ToGroupid": g, "ClearRamble": 1});
    ok(&env.api(Api::Delete, clear).await);
    group_send(&env, &g, "b", T0 + 8).await;
    assert!(
        list(&env, "a", 63)
            .await
            .contains(&(g.clone(), (T0 + 8) as i64, 0))
    );
}

#[tokio::test]
async fn refusals_carry_the_documented_codes() {
    let env = start(&["a"]).await;
    let code = |r: Reply| r.code();
    let nobody = list_body("nobody", 63, [0; 4]);
    assert_eq!(code(env.api(Api::GetList, nobody).await), 50001);
    let no_peer = json!({"From_Account": "a", "Type": 1});
    assert_eq!(code(env.api(Api::Delete, no_peer).await), 50002);
    let bad_type = json!({"From_Account": "a", "Type": 3, "To_Account": "b"});
    assert_eq!(code(env.api(Api::Delete, bad_type).await), 50002);
    let bad_op = json!({"From_Account": "a", "OperationType": 3, "RecentContactItem": []});
    assert_eq!(code(env.api(Api::Top, bad_op).await), 50002);
    let negative = list_body("a", 63, [0, -1, 0, 0]);
    assert_eq!(code(env.api(Api::GetList, negative).await), 50002);
    let two = json!({"From_Account": "a", "GroupName": ["x", "y"]});
    assert_eq!(code(env.api(Api::DelContactGroup, two).await), 50002);
    let missing = json!({"From_Account": "a", "GroupName": ["x"]});
    assert_eq!(code(env.api(Api::DelContactGroup, missing).await), 51009);
    let items: Vec<Value> = (0..301)
        .map(|i| json!({"Type": 1, "To_Account": format!("u{i}")}))
        .collect();
    let search = json!({"From_Account": "a", "ContactItem": items});
    assert_eq!(code(env.api(Api::SearchContactGroup, search).await), 50002);
    let marks: Vec<Value> = (0..101)
        .map(|i| json!({"OptType": 2, "ContactItem": {"Type": 1, "To_Account": format!("u{i}")}, "CustomMark": "x"}))
        .collect();
    let mark = json!({"From_Account": "a", "MarkItem": marks});
    assert_eq!(code(env.api(Api::MarkContact, mark).await), 50002);
}

fn create_body(me: &str, name: &str, peers: &[&str]) -> Value {
    let items: Vec<Value> = peers
        .iter()
        .map(|p| json!({"Type": 1, "To_Account": p}))
        .collect();
    json!({"From_Account": me, "GroupContactItem": [{"GroupName": name, "ContactItem": items}]})
}

#[tokio::test]
async fn contact_groups_keep_their_limits() {
    let env = start(&["a"]).await;
    let first = env
        .api(
            Api::CreateContactGroup,
            create_body("a", "work", &["b", "c"]),
        )
        .await;
    let result = &ok(&first)["GroupResultItem"][0];
    assert_eq!(
        result["GroupItem"],
        json!({"GroupName": "work", "GroupId": 1})
    );
    assert_eq!(result["ResultItem"].as_array().unwrap().len(), 2);
    let taken = env
        .api(Api::CreateContactGroup, create_body("a", "work", &[]))
        .await;
    assert_eq!(taken.code(), 51011, "the name is taken");
    let long = "x".repeat(33);
    let too_long = env
        .api(Api::CreateContactGroup, create_body("a", &long, &[]))
        .await;
    assert_eq!(too_long.code(), 51011);
    let fits = env
        .api(
            Api::CreateContactGroup,
            create_body("a", &"y".repeat(32), &[]),
        )
        .await;
    assert_eq!(fits.code(), 0, "32 bytes fit");
    for i in 2..20 {
        let reply = env
            .api(
                Api::CreateContactGroup,
                create_body("a", &format!("g{i}"), &[]),
            )
            .await;
        assert_eq!(reply.code(), 0, "group {i}");
    }
    let twenty_first = env
        .api(Api::CreateContactGroup, create_body("a", "one more", &[]))
        .await;
    assert_eq!(twenty_first.code(), 51010);
    let peers: Vec<String> = (0..999).map(|i| format!("u{i}")).collect();
    let peers: Vec<&str> = peers.iter().map(String::as_str).collect();
    let big = json!({"From_Account": "a", "UpdateType": 1, "UpdateGroup": {"UpdateGroupType": 2,
        "OldGroupName": "g2", "ContactUpdateItem": peers.iter().map(|p| json!({"ContactOptType": 1,
        "ContactItem": {"Type": 1, "To_Account": p}})).collect::<Vec<_>>()}});
    let reply = env.api(Api::UpdateContactGroup, big).await;
    let results = ok(&reply)["UpdateGroupResult"]["ContactResultItem"]
        .as_array()
        .unwrap()
        .clone();
    let refused: Vec<&Value> = results.iter().filter(|r| r["ResultCode"] != 0).collect();
    assert_eq!(
        refused.len(),
        1,
        "b, c and 998 of the 999: the 1001st is refused"
    );
    assert_eq!(refused[0]["ResultCode"], 51008);
    let rename = json!({"From_Account": "a", "UpdateType": 1, "UpdateGroup": {"UpdateGroupType": 1,
        "OldGroupName": "work", "NewGroupName": "office"}});
    let reply = env.api(Api::UpdateContactGroup, rename).await;
    assert_eq!(ok(&reply)["UpdateGroupResult"]["GroupName"], "office");
    let gone = json!({"From_Account": "a", "UpdateType": 1, "UpdateGroup": {"UpdateGroupType": 1,
        "OldGroupName": "work", "NewGroupName": "x"}});
    assert_eq!(env.api(Api::UpdateContactGroup, gone).await.code(), 51009);
    let del = json!({"From_Account": "a", "GroupName": ["office"]});
    let reply = env.api(Api::DelContactGroup, del).await;
    assert_eq!(
        ok(&reply)["GroupItem"],
        json!([{"GroupName": "office", "GroupId": 1}])
    );
}

#[tokio::test]
async fn marks_and_groups_are_read_back_by_get_search_and_the_list() {
    let env = start(&["a", "b"]).await;
    send(&env, "b", "a", T0).await;
    ok(&env
        .api(Api::CreateContactGroup, create_body("a", "friends", &["b"]))
        .await);
    let mark = json!({"From_Account": "a", "MarkItem": [
        {"OptType": 3, "ContactItem": {"Type": 1, "To_Account": "b"}, "SetMark": [0, 3, 5], "CustomMark": "vip"},
        {"OptType": 1, "ContactItem": {"Type": 1, "To_Account": "b"}, "ClearMark": [3]},
        {"OptType": 1, "ContactItem": {"Type": 1, "To_Account": "b"}, "SetMark": [64]},
        {"OptType": 9, "ContactItem": {"Type": 1, "To_Account": "b"}}]});
    let reply = env.api(Api::MarkContact, mark).await;
    let codes: Vec<i64> = ok(&reply)["ResultItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ResultCode"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [0, 0, 50002, 50002]);
    let expected = json!({"Type": 1, "To_Account": "b", "StandardMark": "100001",
        "CustomMark": "vip", "ContactGroupId": [1], "Timestamp": T0});
    let got = env
        .api(
            Api::GetContactGroup,
            json!({"From_Account": "a", "StartIndex": 0}),
        )
        .await;
    let got = ok(&got);
    assert_eq!(got["ContactItem"], json!([expected]));
    assert_eq!(
        got["GroupItem"],
        json!([{"GroupName": "friends", "GroupId": 1}])
    );
    assert_eq!(
        (got["CompleteFlag"].clone(), got["NextStartIndex"].clone()),
        (json!(1), json!(0))
    );
    let search = json!({"From_Account": "a", "ContactItem": [{"Type": 1, "To_Account": "b"}, {"Type": 1, "To_Account": "z"}]});
    let found = env.api(Api::SearchContactGroup, search).await;
    assert_eq!(ok(&found)["ContactResultItem"], json!([expected]));
    let page = env.api(Api::GetList, list_body("a", 63, [0; 4])).await;
    let item = &ok(&page)["SessionItem"][0];
    assert_eq!(
        (
            &item["StandardMark"],
            &item["CustomMark"],
            &item["ContactGroupId"]
        ),
        (&json!("100001"), &json!("vip"), &json!([1]))
    );
}

#[tokio::test]
async fn each_pages_example_is_answered() {
    let env = start(&["user_0001", "id1", "user15", "user0", "user20", "yahaha"]).await;
    for (api, name) in [
        (Api::GetList, "get_list"),
        (Api::Delete, "delete"),
        (Api::Delete, "delete.request.group"),
        (Api::CreateContactGroup, "create_contact_group"),
        (Api::MarkContact, "mark_contact"),
        (Api::GetContactGroup, "get_contact_group"),
        (Api::SearchContactGroup, "search_contact_group"),
        (Api::Top, "top"),
    ] {
        let file = if name.contains(".request") {
            name.to_owned()
        } else {
            format!("{name}.request")
        };
        let reply = env.api(api, fixture(&file)).await;
        assert_eq!(reply.code(), 0, "{name}: {}", reply.json());
    }
    ok(&env
        .api(Api::CreateContactGroup, create_body("user20", "test1", &[]))
        .await);
    let reply = env
        .api(
            Api::UpdateContactGroup,
            fixture("update_contact_group.request"),
        )
        .await;
    let result = &ok(&reply)["UpdateGroupResult"];
    assert_eq!(result["ContactResultItem"][0]["ResultCode"], 0);
    assert_eq!(result["GroupName"], "test1");
    // user15's "test0" is the one the create example made.
    let reply = env
        .api(Api::DelContactGroup, fixture("del_contact_group.request"))
        .await;
    assert_eq!(ok(&reply)["GroupItem"][0]["GroupName"], "test0");
}
