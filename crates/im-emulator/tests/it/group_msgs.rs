//! Group messages of issue 33: topic messages (a topic's own history and `MsgSeq`, 11000 and
//! 10010 for a missing topic), read receipts (who read, from read marks and receipts; 10062,
//! 10007), group message extensions (the one-to-one store's limits and codes) and the broadcast
//! to every live group.

use im_emulator::{Account, Edition, Emulator};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

const USERS: [&str; 5] = ["leckie", "peter", "bob", "amy", "zed"];

async fn start(builder: im_emulator::EmulatorBuilder) -> Env {
    let env = Env::start(builder).await;
    for user in USERS {
        env.handle.insert_account(Account::new(user));
    }
    env
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

/// A page's example (`crates/im-proto/tests/fixtures/`), its group ID replaced by `id`.
fn page(name: &str, from: &str, id: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text.replace(from, id)).unwrap()
}

/// A group of `kind` owned by leckie with every other user, or a community with topics.
async fn group(env: &Env, kind: &str) -> String {
    let members: Vec<Value> = USERS[1..]
        .iter()
        .map(|u| json!({"Member_Account": u}))
        .collect();
    let mut body = json!({"Type": kind, "Name": "g", "Owner_Account": "leckie"});
    if kind == "Community" {
        body["SupportTopic"] = json!(1);
    }
    if kind != "AVChatRoom" {
        body["MemberList"] = json!(members);
    }
    let reply = env.api(Api::CreateGroup, body).await;
    ok(&reply)["GroupId"].as_str().unwrap().to_owned()
}

async fn send(env: &Env, body: Value) -> u32 {
    let reply = env.api(Api::SendGroupMsg, body).await;
    u32::try_from(ok(&reply)["MsgSeq"].as_u64().unwrap()).unwrap()
}

fn text(group: &str, from: &str, random: u32) -> Value {
    json!({
        "GroupId": group, "From_Account": from, "Random": random,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": format!("m{random}")}}],
    })
}

#[tokio::test]
async fn a_topic_has_its_own_history_and_sequence() {
    let env = start(Emulator::builder().without_rate_limits()).await;
    let g = group(&env, "Community").await;
    let reply = env
        .api(Api::CreateTopic, json!({"GroupId": g, "TopicName": "news"}))
        .await;
    let topic = ok(&reply)["TopicId"].as_str().unwrap().to_owned();
    assert_eq!(send(&env, text(&g, "peter", 1)).await, 1);
    let mut in_topic = text(&g, "peter", 2);
    in_topic["TopicId"] = json!(topic);
    assert_eq!(
        send(&env, in_topic.clone()).await,
        1,
        "a topic counts from 1"
    );
    in_topic["Random"] = json!(3);
    assert_eq!(send(&env, in_topic).await, 2);
    assert_eq!(send(&env, text(&g, "bob", 4)).await, 2);
    let history = |topic: Option<&str>| {
        let mut body = json!({"GroupId": g, "ReqMsgNumber": 20});
        if let Some(t) = topic {
            body["TopicId"] = json!(t);
        }
        body
    };
    let reply = env.api(Api::GroupMsgGetSimple, history(Some(&topic))).await;
    let list = ok(&reply)["RspMsgList"].as_array().unwrap().clone();
    let randoms: Vec<u64> = list
        .iter()
        .map(|m| m["MsgRandom"].as_u64().unwrap())
        .collect();
    assert_eq!(randoms, [3, 2]);
    let reply = env.api(Api::GroupMsgGetSimple, history(None)).await;
    let list = ok(&reply)["RspMsgList"].as_array().unwrap().clone();
    let randoms: Vec<u64> = list
        .iter()
        .map(|m| m["MsgRandom"].as_u64().unwrap())
        .collect();
    assert_eq!(
        randoms,
        [4, 1],
        "the community's own history holds no topic message"
    );
    let recall =
        json!({"GroupId": g, "TopicId": topic, "MsgSeqList": [{"MsgSeq": 2}, {"MsgSeq": 3}]});
    let reply = env.api(Api::GroupMsgRecall, recall).await;
    let codes: Vec<i64> = ok(&reply)["RecallRetList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["RetCode"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [0, 10030]);
    let reply = env.api(Api::GroupMsgGetSimple, history(Some(&topic))).await;
    assert_eq!(ok(&reply)["RspMsgList"].as_array().unwrap().len(), 1);
    let reply = env.api(Api::GroupMsgGetSimple, history(None)).await;
    assert_eq!(
        ok(&reply)["RspMsgList"].as_array().unwrap().len(),
        2,
        "the group's MsgSeq 2 stays"
    );
    let delete = json!({"GroupId": g, "TopicId": topic, "Sender_Account": "peter"});
    ok(&env.api(Api::DeleteGroupMsgBySender, delete).await);
    let reply = env.api(Api::GroupMsgGetSimple, history(Some(&topic))).await;
    assert!(ok(&reply)["RspMsgList"].as_array().unwrap().is_empty());
    let reply = env.api(Api::GroupMsgGetSimple, history(None)).await;
    assert_eq!(ok(&reply)["RspMsgList"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_missing_topic_is_refused_by_every_group_message_api() {
    let env = start(Emulator::builder().without_rate_limits()).await;
    let community = group(&env, "Community").await;
    let public = group(&env, "Public").await;
    let bodies = |g: &str, topic: &str| {
        vec![
            (Api::SendGroupMsg, {
                let mut b = text(g, "peter", 9);
                b["TopicId"] = json!(topic);
                b
            }),
            (
                Api::GroupMsgGetSimple,
                json!({"GroupId": g, "TopicId": topic, "ReqMsgNumber": 5}),
            ),
            (
                Api::GroupMsgRecall,
                json!({"GroupId": g, "TopicId": topic, "MsgSeqList": [{"MsgSeq": 1}]}),
            ),
            (
                Api::SendGroupSystemNotification,
                json!({"GroupId": g, "TopicId": topic, "Content": "hi"}),
            ),
            (
                Api::DeleteGroupMsgBySender,
                json!({"GroupId": g, "TopicId": topic, "Sender_Account": "peter"}),
            ),
            (
                Api::ImportGroupMsg,
                json!({"GroupId": g, "TopicId": topic, "MsgList": [{
                "From_Account": "peter", "SendTime": 1, "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x"}}]}]}),
            ),
        ]
    };
    let unknown = format!("{community}@TOPIC#_nope");
    for (api, body) in bodies(&community, &unknown) {
        let reply = env.api(api, body).await;
        assert_eq!(reply.code(), 10010, "{api}: {}", reply.json());
    }
    for (api, body) in bodies(&public, &format!("{public}@TOPIC#_x")) {
        let reply = env.api(api, body).await;
        assert_eq!(reply.code(), 11000, "{api}: {}", reply.json());
    }
}

/// Read counts of `seqs` in `g`: `(Code, ReadNum, UnreadNum)` each.
async fn counts(env: &Env, g: &str, seqs: &[u32]) -> Vec<(i64, Option<u64>, Option<u64>)> {
    let list: Vec<Value> = seqs.iter().map(|s| json!({"MsgSeq": s})).collect();
    let reply = env
        .api(
            Api::GetGroupMsgReceipt,
            json!({"GroupId": g, "MsgSeqList": list}),
        )
        .await;
    ok(&reply)["GroupMsgReceiptList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["Code"].as_i64().unwrap(),
                r["ReadNum"].as_u64(),
                r["UnreadNum"].as_u64(),
            )
        })
        .collect()
}

#[tokio::test]
async fn read_receipts_count_read_marks_and_receipts_but_not_the_sender() {
    let env = start(Emulator::builder().without_rate_limits()).await;
    let g = group(&env, "Public").await;
    let mut asking = text(&g, "leckie", 1);
    asking["NeedReadReceipt"] = json!(1);
    let seq = send(&env, asking).await;
    let plain = send(&env, text(&g, "leckie", 2)).await;
    assert_eq!(
        counts(&env, &g, &[seq, plain, 99]).await,
        [
            (0, Some(0), Some(4)),
            (10062, None, None),
            (10062, None, None),
        ]
    );
    let example = page("group_msg_receipt.request", "public123", &g);
    let example = json!({"GroupId": example["GroupId"], "From_Account": "peter", "MsgSeqList": example["MsgSeqList"]});
    ok(&env.api(Api::GroupMsgReceipt, example.clone()).await);
    ok(&env.api(Api::GroupMsgReceipt, example).await);
    // bob's own send moves his read mark past the message: read too.
    send(&env, text(&g, "bob", 3)).await;
    assert_eq!(counts(&env, &g, &[seq]).await, [(0, Some(2), Some(2))]);
    let detail = |filter: u32, cursor: &str| json!({"GroupId": g, "MsgSeq": seq, "Filter": filter, "Cursor": cursor, "Count": 1});
    let mut unread = Vec::new();
    let mut cursor = String::new();
    loop {
        let reply = env
            .api(Api::GetGroupMsgReceiptDetail, detail(1, &cursor))
            .await;
        let page = ok(&reply).clone();
        for m in page["UnreadList"].as_array().unwrap() {
            unread.push(m["Unread_Account"].as_str().unwrap().to_owned());
        }
        if page["IsFinish"] == 1 {
            assert_eq!(page["Cursor"], "0");
            break;
        }
        cursor = page["Cursor"].as_str().unwrap().to_owned();
    }
    assert_eq!(unread, ["amy", "zed"]);
    let reply = env
        .api(
            Api::GetGroupMsgReceiptDetail,
            json!({"GroupId": g, "MsgSeq": seq, "Filter": 0, "Cursor": "", "Count": 200}),
        )
        .await;
    let readers: Vec<&str> = ok(&reply)["ReadList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["Read_Account"].as_str().unwrap())
        .collect();
    assert_eq!(readers, ["peter", "bob"]);
    assert_eq!(ok(&reply)["IsFinish"], 1);
}

#[tokio::test]
async fn read_receipts_refuse_what_their_pages_exclude() {
    let env = start(Emulator::builder().without_rate_limits()).await;
    let g = group(&env, "Public").await;
    let plain = send(&env, text(&g, "leckie", 1)).await;
    let detail = |seq: u32, filter: u32, count: u32| json!({"GroupId": g, "MsgSeq": seq, "Filter": filter, "Cursor": "", "Count": count});
    let code = |r: Reply| r.code();
    assert_eq!(
        code(
            env.api(Api::GetGroupMsgReceiptDetail, detail(plain, 0, 5))
                .await
        ),
        10062
    );
    let mut asking = text(&g, "leckie", 2);
    asking["NeedReadReceipt"] = json!(1);
    let seq = send(&env, asking).await;
    assert_eq!(
        code(
            env.api(Api::GetGroupMsgReceiptDetail, detail(seq, 2, 5))
                .await
        ),
        10004
    );
    assert_eq!(
        code(
            env.api(Api::GetGroupMsgReceiptDetail, detail(seq, 0, 201))
                .await
        ),
        10004
    );
    let stranger = json!({"GroupId": g, "From_Account": "nobody", "MsgSeqList": [{"MsgSeq": seq}]});
    assert_eq!(code(env.api(Api::GroupMsgReceipt, stranger).await), 10007);
    let missing = json!({"GroupId": g, "From_Account": "peter", "MsgSeqList": [{"MsgSeq": seq}, {"MsgSeq": plain}]});
    assert_eq!(code(env.api(Api::GroupMsgReceipt, missing).await), 10062);
    assert_eq!(
        counts(&env, &g, &[seq]).await,
        [(0, Some(0), Some(4))],
        "nothing kept"
    );
    let many: Vec<Value> = (1..=51).map(|s| json!({"MsgSeq": s})).collect();
    let many = json!({"GroupId": g, "From_Account": "peter", "MsgSeqList": many});
    assert_eq!(code(env.api(Api::GroupMsgReceipt, many).await), 10004);
    let live = group(&env, "AVChatRoom").await;
    let body = json!({"GroupId": live, "MsgSeqList": [{"MsgSeq": 1}]});
    assert_eq!(code(env.api(Api::GetGroupMsgReceipt, body).await), 10007);
    let body = json!({"GroupId": "@TGS#nosuch", "MsgSeqList": [{"MsgSeq": 1}]});
    assert_eq!(code(env.api(Api::GetGroupMsgReceipt, body).await), 10010);
    let pro = start(
        Emulator::builder()
            .without_rate_limits()
            .edition(Edition::Pro),
    )
    .await;
    let g = group(&pro, "Public").await;
    let body = json!({"GroupId": g, "MsgSeqList": [{"MsgSeq": 1}]});
    assert_eq!(code(pro.api(Api::GetGroupMsgReceipt, body).await), 10007);
}

#[tokio::test]
async fn group_message_extensions_answer_the_pages_examples_with_the_c2c_limits() {
    let env = start(Emulator::builder().without_rate_limits()).await;
    let g = group(&env, "Public").await;
    let mut extensible = text(&g, "peter", 1);
    extensible["SupportMessageExtension"] = json!(1);
    let seq = send(&env, extensible).await;
    let plain = send(&env, text(&g, "peter", 2)).await;
    let fix = |name: &str| {
        let mut body = page(name, "@TGS#1YMVAB3IZ", &g);
        body["MsgSeq"] = json!(seq);
        body
    };
    let reply = env
        .api(Api::GroupSetKeyValues, fix("group_set_key_values.request"))
        .await;
    let results = ok(&reply)["ExtensionList"].as_array().unwrap().clone();
    assert!(
        results
            .iter()
            .all(|r| r["ErrorCode"] == 0 && r["Extension"]["Seq"] == 1)
    );
    let stale = env
        .api(Api::GroupSetKeyValues, fix("group_set_key_values.request"))
        .await;
    let stale = ok(&stale)["ExtensionList"].as_array().unwrap().clone();
    assert!(stale.iter().all(|r| r["ErrorCode"] == 23001), "{stale:?}");
    ok(&env
        .api(
            Api::GroupSetKeyValues,
            fix("group_set_key_values.request.delete"),
        )
        .await);
    let reply = env
        .api(Api::GroupGetKeyValues, fix("group_get_key_values.request"))
        .await;
    let page_ = ok(&reply).clone();
    assert_eq!(page_["ExtensionList"].as_array().unwrap().len(), 1);
    assert_eq!(
        (page_["LatestSeq"].as_i64(), page_["CompleteFlag"].as_i64()),
        (Some(2), Some(1))
    );
    let reply = env
        .api(
            Api::GroupGetKeyValues,
            fix("group_get_key_values.request.start_seq"),
        )
        .await;
    assert!(ok(&reply)["ExtensionList"].as_array().unwrap().is_empty());
    ok(&env
        .api(
            Api::GroupSetKeyValues,
            fix("group_set_key_values.request.clear"),
        )
        .await);
    let reply = env
        .api(Api::GroupGetKeyValues, fix("group_get_key_values.request"))
        .await;
    assert_eq!(ok(&reply)["ClearSeq"], 3);
    let mut on_plain = fix("group_set_key_values.request");
    on_plain["MsgSeq"] = json!(plain);
    assert_eq!(
        env.api(Api::GroupSetKeyValues, on_plain).await.code(),
        23002
    );
    let mut missing = fix("group_get_key_values.request");
    missing["MsgSeq"] = json!(99);
    assert_eq!(env.api(Api::GroupGetKeyValues, missing).await.code(), 23004);
    let mut long = fix("group_set_key_values.request");
    long["ExtensionList"][0]["Key"] = json!("k".repeat(101));
    assert_eq!(env.api(Api::GroupSetKeyValues, long).await.code(), 10004);
    let pro = start(
        Emulator::builder()
            .without_rate_limits()
            .edition(Edition::Pro),
    )
    .await;
    let body = json!({"GroupId": g, "MsgSeq": seq});
    assert_eq!(pro.api(Api::GroupGetKeyValues, body).await.code(), 10008);
}

#[tokio::test]
async fn a_broadcast_reaches_every_live_group_once_at_one_a_second() {
    let env = start(Emulator::builder()).await;
    let live = [
        group(&env, "AVChatRoom").await,
        group(&env, "AVChatRoom").await,
    ];
    let public = group(&env, "Public").await;
    let next = |v: &Value| v["next_msg_seq"].as_u64().unwrap();
    let before = next(
        &env.control_get(&format!("groups?id={}", live[0].replace('#', "%23")))
            .await,
    );
    let example = page("send_broadcast_msg.request", "\"test\"", "\"peter\"");
    let reply = env.api(Api::SendBroadcastMsg, example.clone()).await;
    assert_eq!(ok(&reply)["MsgSeq"], 1);
    for id in &live {
        let view = env
            .control_get(&format!("groups?id={}", id.replace('#', "%23")))
            .await;
        assert_eq!(
            (view["messages"].as_u64(), next(&view)),
            (Some(1), before + 1),
            "{id}"
        );
    }
    let view = env
        .control_get(&format!("groups?id={}", public.replace('#', "%23")))
        .await;
    assert_eq!(view["messages"], 0);
    let again = env.api(Api::SendBroadcastMsg, example.clone()).await;
    assert_eq!(again.code(), 60007, "1 a second: {}", again.json());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let same = env.api(Api::SendBroadcastMsg, example).await;
    assert_eq!(
        ok(&same)["MsgSeq"],
        1,
        "the same Random and body within 300 s"
    );
    let view = env
        .control_get(&format!("groups?id={}", live[1].replace('#', "%23")))
        .await;
    assert_eq!(view["messages"], 1, "delivered once");
    let pro = start(
        Emulator::builder()
            .without_rate_limits()
            .edition(Edition::Pro),
    )
    .await;
    let body = page("send_broadcast_msg.request", "\"test\"", "\"peter\"");
    assert_eq!(pro.api(Api::SendBroadcastMsg, body).await.code(), 10007);
}

#[tokio::test]
async fn a_simulated_clients_read_receipts_are_counted() {
    let env = start(Emulator::builder().without_rate_limits()).await;
    let g = group(&env, "Work").await;
    let mut asking = text(&g, "leckie", 1);
    asking["NeedReadReceipt"] = json!(1);
    let seq = send(&env, asking).await;
    let login = json!({"Platform": "iOS"});
    let reply = env.control_post("clients/amy/login", login).await;
    assert!(matches!(reply, Reply::Http(200, _)), "{reply:?}");
    let receipt = json!({"GroupId": g, "MsgSeqList": [{"MsgSeq": seq}]});
    let reply = env
        .control_post("clients/amy/group_msg_receipt", receipt)
        .await;
    assert_eq!(reply.json()["ErrorCode"], 0, "{reply:?}");
    assert_eq!(counts(&env, &g, &[seq]).await, [(0, Some(1), Some(3))]);
    let not_logged_in = json!({"GroupId": g, "MsgSeqList": [{"MsgSeq": seq}]});
    let reply = env
        .control_post("clients/zed/group_msg_receipt", not_logged_in)
        .await;
    assert!(matches!(reply, Reply::Http(409, _)), "{reply:?}");
}
