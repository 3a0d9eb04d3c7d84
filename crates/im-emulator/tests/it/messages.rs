//! The one-to-one message APIs (issue 29): each page's examples answered with its semantics,
//! the refusals with their codes, roam paging, deduplication exactly where a page says.

use im_emulator::{Account, Edition, Emulator, EmulatorBuilder};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

/// 2019-11-04 12:25:01 UTC, the time of the sendmsg page's answer.
const T0: u64 = 1_572_870_301;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/generated/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

async fn start(builder: EmulatorBuilder, accounts: &[&str]) -> Env {
    let env = Env::start(builder.without_rate_limits().fixed_now(T0)).await;
    for id in accounts {
        env.handle.insert_account(Account::new(*id));
    }
    env
}

fn text(text: &str) -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}])
}

fn send_body(from: &str, to: &str, seq: u32, random: u32, body: Value) -> Value {
    json!({"From_Account": from, "To_Account": to, "MsgSeq": seq, "MsgRandom": random, "MsgBody": body})
}

async fn send(env: &Env, from: &str, to: &str, seq: u32, body: Value) -> Reply {
    env.api(Api::Sendmsg, send_body(from, to, seq, 7, body))
        .await
}

async fn roam(env: &Env, me: &str, peer: &str, max: i64, last: Option<(i64, &str)>) -> Value {
    let mut body = json!({
        "Operator_Account": me, "Peer_Account": peer, "MaxCnt": max,
        "MinTime": 0, "MaxTime": i64::MAX,
    });
    if let Some((time, key)) = last {
        body["MaxTime"] = json!(time);
        body["LastMsgKey"] = json!(key);
    }
    let reply = env.api(Api::AdminGetroammsg, body).await;
    assert_eq!(reply.code(), 0, "{reply:?}");
    reply.json().clone()
}

fn texts(page: &Value) -> Vec<String> {
    page["MsgList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["MsgBody"][0]["MsgContent"]["Text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn sendmsg_answers_the_pages_example_and_stores_the_message() {
    let env = start(Emulator::builder(), &["lumotuwe2"]).await;
    let reply = env.api(Api::Sendmsg, fixture("sendmsg.request")).await;
    assert_eq!(reply.code(), 0, "{reply:?}");
    let key = format!("93847636_1287657_{T0}");
    assert_eq!(
        reply.json(),
        &json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "MsgTime": T0, "MsgKey": key})
    );
    let stored = env.handle.messages_between("administrator", "lumotuwe2");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].from, "administrator");
    assert_eq!(stored[0].msg_key, key);
    assert_eq!(
        stored[0].cloud_custom_data.as_deref(),
        Some("your cloud custom data")
    );
    // SyncOtherMachine 2: only the recipient's history holds it.
    assert!(!stored[0].in_sender_history && stored[0].in_recipient_history);
    assert_eq!(
        roam(&env, "administrator", "lumotuwe2", 10, None).await["MsgCnt"],
        0
    );
    assert_eq!(
        roam(&env, "lumotuwe2", "administrator", 10, None).await["MsgCnt"],
        1
    );
    // The other examples: no callbacks with a lifetime; and the push one (whose sender must exist).
    let reply = env
        .api(Api::Sendmsg, fixture("sendmsg.request.no_callback"))
        .await;
    assert_eq!(reply.code(), 0, "{reply:?}");
    assert_eq!(
        env.api(Api::Sendmsg, fixture("sendmsg.request.push"))
            .await
            .code(),
        20003
    );
    env.handle.insert_account(Account::new("lumotuwe1"));
    assert_eq!(
        env.api(Api::Sendmsg, fixture("sendmsg.request.push"))
            .await
            .code(),
        0
    );
}

#[tokio::test]
async fn sendmsg_refusals_carry_the_pages_codes() {
    let env = start(Emulator::builder(), &["a", "b"]).await;
    let ok = send_body("a", "b", 1, 2, text("hi"));
    let with = |field: &str, value: Value| {
        let mut body = ok.clone();
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = ok.clone();
        body.as_object_mut().unwrap().remove(field);
        body
    };
    let image = json!([{"MsgType": "TIMImageElem", "MsgContent": {"ImageFormat": 1}}]);
    let customs = json!([
        {"MsgType": "TIMCustomElem", "MsgContent": {"Data": "1"}},
        {"MsgType": "TIMCustomElem", "MsgContent": {"Data": "2"}}
    ]);
    let cases = [
        (with("To_Account", json!("nobody")), 90012),
        (with("From_Account", json!("nobody")), 20003),
        (with("MsgLifeTime", json!(604_801)), 90026),
        (with("MsgLifeTime", json!("long")), 90044),
        (with("MsgBody", text(&"x".repeat(12 * 1024))), 93000),
        (with("MsgBody", json!({"MsgType": "TIMTextElem"})), 90007),
        (with("MsgBody", json!([])), 90002),
        (with("MsgBody", image), 90002),
        (with("MsgBody", customs), 90002),
        (without("MsgRandom"), 90005),
        (with("MsgRandom", json!("r")), 90005),
        (with("SyncOtherMachine", json!(3)), 90031),
        (with("SyncOtherMachine", json!("x")), 90031),
        (with("To_Account", json!(5)), 90003),
    ];
    for (body, code) in cases {
        let reply = env.api(Api::Sendmsg, body.clone()).await;
        assert_eq!(reply.code(), code, "{body} → {reply:?}");
    }
    let reply = env.api(Api::Sendmsg, with("MsgBody", json!("hi"))).await;
    assert_eq!(reply.json()["ErrorInfo"], "MsgBody must be an array");
    assert_eq!(env.handle.message_count(), 0, "nothing refused is stored");
    assert_eq!(env.api(Api::Sendmsg, ok).await.code(), 0);
}

#[tokio::test]
async fn sendmsg_dedups_on_sender_seq_random_and_content_for_120_seconds() {
    let env = start(Emulator::builder(), &["a", "b", "c"]).await;
    let first = send(&env, "a", "b", 5, text("hi")).await;
    assert_eq!(first.code(), 0);
    env.handle.set_fixed_now(Some(T0 + 119));
    let again = send(&env, "a", "b", 5, text("hi")).await;
    assert_eq!(again.json(), first.json(), "the first send's result");
    assert_eq!(env.handle.messages_between("a", "b").len(), 1);
    // Another content, sequence, random or sender is another message.
    assert_eq!(send(&env, "a", "b", 5, text("ho")).await.code(), 0);
    assert_eq!(send(&env, "a", "b", 6, text("hi")).await.code(), 0);
    let other_random = send_body("a", "b", 5, 8, text("hi"));
    assert_eq!(env.api(Api::Sendmsg, other_random).await.code(), 0);
    assert_eq!(send(&env, "c", "b", 5, text("hi")).await.code(), 0);
    assert_eq!(env.handle.messages_between("a", "b").len(), 4);
    // 120 s after the first send, the key no longer holds.
    env.handle.set_fixed_now(Some(T0 + 120));
    let later = send(&env, "a", "b", 5, text("hi")).await;
    assert_eq!(later.json()["MsgTime"], T0 + 120);
    assert_eq!(env.handle.messages_between("a", "b").len(), 5);
    // Without MsgSeq the service picks one: never a duplicate.
    let unsequenced =
        json!({"From_Account": "a", "To_Account": "c", "MsgRandom": 1, "MsgBody": text("x")});
    env.api(Api::Sendmsg, unsequenced.clone()).await;
    env.api(Api::Sendmsg, unsequenced).await;
    assert_eq!(env.handle.messages_between("a", "c").len(), 2);
}

#[tokio::test]
async fn batchsendmsg_answers_the_pages_example_and_never_dedups() {
    let env = start(Emulator::builder(), &["bonnie"]).await;
    let reply = env
        .api(Api::Batchsendmsg, fixture("batchsendmsg.request"))
        .await;
    let mut expected = fixture("batchsendmsg.response");
    expected["MsgKey"] = json!(format!("28360_19901224_{T0}"));
    assert_eq!(reply.json(), &expected);
    let again = env
        .api(Api::Batchsendmsg, fixture("batchsendmsg.request"))
        .await;
    assert_eq!(again.json(), &expected);
    let stored = env.handle.messages_between("bonnie", "administrator");
    assert_eq!(stored.len(), 2, "a resent batch is stored again");
    assert_eq!(env.handle.message_counts("bonnie"), (0, 2));
    // Every recipient unknown: a failure, with the list.
    let none = json!({"To_Account": ["x", "y"], "MsgRandom": 1, "MsgBody": text("t")});
    let reply = env.api(Api::Batchsendmsg, none).await;
    assert_eq!(reply.code(), 90012);
    assert_eq!(reply.json()["ErrorList"].as_array().unwrap().len(), 2);
    // More than 500, none, an unknown sender.
    let ids: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let many = json!({"To_Account": ids, "MsgRandom": 1, "MsgBody": text("t")});
    assert_eq!(env.api(Api::Batchsendmsg, many).await.code(), 90011);
    let empty = json!({"To_Account": [], "MsgRandom": 1, "MsgBody": text("t")});
    assert_eq!(env.api(Api::Batchsendmsg, empty).await.code(), 90001);
    let stranger = json!({"From_Account": "nobody", "To_Account": ["bonnie"], "MsgRandom": 1, "MsgBody": text("t")});
    assert_eq!(env.api(Api::Batchsendmsg, stranger).await.code(), 90008);
    // Online only: answered, not stored.
    let online = json!({"To_Account": ["bonnie"], "MsgRandom": 1, "MsgBody": text("t"), "OnlineOnlyFlag": 1});
    assert_eq!(env.api(Api::Batchsendmsg, online).await.code(), 0);
    assert_eq!(env.handle.message_count(), 2);
}

#[tokio::test]
async fn importmsg_dedups_on_seq_random_and_time_whoever_sent_it() {
    let env = start(Emulator::builder(), &["lumotuwe1", "lumotuwe2"]).await;
    let request = fixture("importmsg.request");
    let reply = env.api(Api::Importmsg, request.clone()).await;
    assert_eq!(reply.json(), &fixture("importmsg.response"));
    assert_eq!(env.api(Api::Importmsg, request.clone()).await.code(), 0);
    let mut swapped = request.clone();
    swapped["From_Account"] = json!("lumotuwe2");
    swapped["To_Account"] = json!("lumotuwe1");
    swapped["MsgBody"] = text("other content");
    assert_eq!(env.api(Api::Importmsg, swapped).await.code(), 0);
    let stored = env.handle.messages_between("lumotuwe1", "lumotuwe2");
    assert_eq!(stored.len(), 1, "the first import wins");
    assert_eq!(stored[0].msg_time, 1_556_178_721);
    assert!(stored[0].imported);
    // History (2) is not unread; real-time (5) is.
    let unread = json!({"To_Account": "lumotuwe2"});
    let reply = env.api(Api::GetC2cUnreadMsgNum, unread.clone()).await;
    assert_eq!(reply.json()["AllC2CUnreadMsgNum"], 0);
    let mut live = request.clone();
    live["SyncFromOldSystem"] = json!(5);
    live["MsgSeq"] = json!(1);
    assert_eq!(env.api(Api::Importmsg, live).await.code(), 0);
    let reply = env.api(Api::GetC2cUnreadMsgNum, unread).await;
    assert_eq!(reply.json()["AllC2CUnreadMsgNum"], 1);
    for (field, value, code) in [
        ("SyncFromOldSystem", json!(3), 90030),
        ("MsgTimeStamp", json!("now"), 90006),
        ("From_Account", json!("nobody"), 90008),
        ("To_Account", json!("nobody"), 90012),
    ] {
        let mut body = request.clone();
        body[field] = value;
        assert_eq!(env.api(Api::Importmsg, body).await.code(), code, "{field}");
    }
}

#[tokio::test]
async fn admin_getroammsg_answers_the_pages_example() {
    let env = start(Emulator::builder(), &["user1", "user2"]).await;
    let import = json!({
        "SyncFromOldSystem": 2, "From_Account": "user1", "To_Account": "user2",
        "MsgSeq": 549_396_494, "MsgRandom": 2_578_554, "MsgTimeStamp": 1_584_669_680,
        "MsgBody": text("1"), "CloudCustomData": "your cloud custom data",
    });
    assert_eq!(env.api(Api::Importmsg, import).await.code(), 0);
    let reply = env
        .api(Api::AdminGetroammsg, fixture("admin_getroammsg.request"))
        .await;
    assert_eq!(reply.json(), &fixture("admin_getroammsg.response"));
    let next = env
        .api(
            Api::AdminGetroammsg,
            fixture("admin_getroammsg.request.continue"),
        )
        .await;
    assert_eq!(next.json()["Complete"], 1);
    assert_eq!(next.json()["MsgCnt"], 0);
    let unknown = json!({"Operator_Account": "nobody", "Peer_Account": "user1", "MaxCnt": 1, "MinTime": 0, "MaxTime": 1});
    assert_eq!(env.api(Api::AdminGetroammsg, unknown).await.code(), 90008);
}

#[tokio::test]
async fn admin_getroammsg_pages_backwards_by_count_and_by_13_kb() {
    let env = start(Emulator::builder(), &["a", "b"]).await;
    for i in 0..25u32 {
        env.handle.set_fixed_now(Some(T0 + u64::from(i / 2)));
        let from = if i % 3 == 0 { "b" } else { "a" };
        let to = if from == "a" { "b" } else { "a" };
        assert_eq!(
            send(&env, from, to, i, text(&format!("m{i:02}")))
                .await
                .code(),
            0
        );
    }
    let mut seen = Vec::new();
    let mut last: Option<(i64, String)> = None;
    let mut pages = 0;
    loop {
        let page = roam(
            &env,
            "a",
            "b",
            10,
            last.as_ref().map(|(t, k)| (*t, k.as_str())),
        )
        .await;
        pages += 1;
        let got = texts(&page);
        let mut sorted = got.clone();
        sorted.sort();
        assert_eq!(got, sorted, "oldest first inside a page");
        seen.splice(0..0, got);
        if page["Complete"] == 1 {
            break;
        }
        assert_eq!(page["MsgCnt"], 10);
        assert_eq!(page["LastMsgKey"], page["MsgList"][0]["MsgKey"]);
        last = Some((
            page["LastMsgTime"].as_i64().unwrap(),
            page["LastMsgKey"].as_str().unwrap().to_owned(),
        ));
    }
    assert_eq!(pages, 3);
    let all: Vec<String> = (0..25).map(|i| format!("m{i:02}")).collect();
    assert_eq!(seen, all, "every message once, none twice");

    // Big messages: an answer holds at most 13 KB of them.
    let big = "x".repeat(2000);
    for i in 0..10 {
        assert_eq!(send(&env, "a", "b", 100 + i, text(&big)).await.code(), 0);
    }
    let page = roam(&env, "b", "a", 100, None).await;
    let count = page["MsgCnt"].as_u64().unwrap();
    assert!((1..7).contains(&count), "{count}");
    assert_eq!(page["Complete"], 0);
}

#[tokio::test]
async fn withdraw_marks_the_message_and_refuses_a_second_time() {
    let env = start(Emulator::builder(), &["vinson", "dramon"]).await;
    let request = fixture("admin_msgwithdraw.request");
    assert_eq!(
        env.api(Api::AdminMsgwithdraw, request.clone()).await.code(),
        20022
    );
    env.handle.set_fixed_now(Some(1_572_869_830));
    let sent = env
        .api(
            Api::Sendmsg,
            send_body("vinson", "dramon", 31906, 833_502, text("oops")),
        )
        .await;
    assert_eq!(sent.json()["MsgKey"], request["MsgKey"]);
    let reply = env.api(Api::AdminMsgwithdraw, request.clone()).await;
    assert_eq!(reply.json(), &fixture("admin_msgwithdraw.response"));
    assert_eq!(
        env.api(Api::AdminMsgwithdraw, request.clone()).await.code(),
        20023
    );
    let page = roam(&env, "dramon", "vinson", 10, None).await;
    assert_eq!(page["MsgList"][0]["MsgFlagBits"], 8);
    // The recipient did not send it; a key that is no key.
    let mut reversed = request.clone();
    reversed["From_Account"] = json!("dramon");
    reversed["To_Account"] = json!("vinson");
    assert_eq!(env.api(Api::AdminMsgwithdraw, reversed).await.code(), 20022);
    let mut bad = request;
    bad["MsgKey"] = json!("not-a-key");
    assert_eq!(env.api(Api::AdminMsgwithdraw, bad).await.code(), 90054);
}

#[tokio::test]
async fn unread_counts_follow_sends_and_read_marks() {
    let env = start(Emulator::builder(), &["dramon1", "dramon2", "teacher"]).await;
    for i in 0..3 {
        assert_eq!(
            send(&env, "dramon2", "dramon1", i, text("x")).await.code(),
            0
        );
        assert_eq!(
            send(&env, "teacher", "dramon1", i, text("y")).await.code(),
            0
        );
    }
    let no_unread = json!({"From_Account": "teacher", "To_Account": "dramon1", "MsgRandom": 1,
        "MsgSeq": 99, "MsgBody": text("z"), "SendMsgControl": ["NoUnread"]});
    assert_eq!(env.api(Api::Sendmsg, no_unread).await.code(), 0);
    let reply = env
        .api(
            Api::GetC2cUnreadMsgNum,
            fixture("get_c2c_unread_msg_num.request"),
        )
        .await;
    assert_eq!(reply.json()["AllC2CUnreadMsgNum"], 6);
    let reply = env
        .api(
            Api::GetC2cUnreadMsgNum,
            fixture("get_c2c_unread_msg_num.request.peers"),
        )
        .await;
    let mut expected = fixture("get_c2c_unread_msg_num.response.peers");
    expected["C2CUnreadMsgNumList"][0]["C2CUnreadMsgNum"] = json!(3);
    expected["C2CUnreadMsgNumList"][1]["C2CUnreadMsgNum"] = json!(3);
    assert_eq!(reply.json(), &expected);
    let reply = env
        .api(
            Api::GetC2cUnreadMsgNum,
            fixture("get_c2c_unread_msg_num.request.unknown_peer"),
        )
        .await;
    assert_eq!(
        reply.json()["ErrorList"],
        json!([{"ErrorCode": 70107, "Peer_Account": "nobody"}])
    );
    // The page's set-read example: dramon1 read everything dramon2 sent.
    let reply = env
        .api(Api::AdminSetMsgRead, fixture("admin_set_msg_read.request"))
        .await;
    assert_eq!(reply.json(), &fixture("admin_set_msg_read.response"));
    let reply = env
        .api(
            Api::GetC2cUnreadMsgNum,
            fixture("get_c2c_unread_msg_num.request"),
        )
        .await;
    assert_eq!(reply.json()["AllC2CUnreadMsgNum"], 3);
    // A read time before the messages changes nothing; a bad one is refused.
    let early = json!({"Report_Account": "dramon1", "Peer_Account": "teacher", "MsgReadTime": "1"});
    assert_eq!(env.api(Api::AdminSetMsgRead, early).await.code(), 0);
    let reply = env
        .api(
            Api::GetC2cUnreadMsgNum,
            fixture("get_c2c_unread_msg_num.request"),
        )
        .await;
    assert_eq!(reply.json()["AllC2CUnreadMsgNum"], 3);
    let bad =
        json!({"Report_Account": "dramon1", "Peer_Account": "teacher", "MsgReadTime": "soon"});
    assert_eq!(env.api(Api::AdminSetMsgRead, bad).await.code(), 90001);
    let unknown = json!({"To_Account": "nobody"});
    assert_eq!(
        env.api(Api::GetC2cUnreadMsgNum, unknown).await.code(),
        90003
    );
}

#[tokio::test]
async fn modify_delete_and_read_receipts_change_the_history() {
    let env = start(Emulator::builder(), &["user0", "user1"]).await;
    let sent = send(&env, "user1", "user0", 1, text("hello")).await;
    let key = sent.json()["MsgKey"].as_str().unwrap().to_owned();
    let modify = json!({"From_Account": "user1", "To_Account": "user0", "MsgKey": key,
        "MsgBody": text("edited"), "CloudCustomData": "cc"});
    let reply = env.api(Api::ModifyC2cMsg, modify.clone()).await;
    assert_eq!(reply.json(), &fixture("modify_c2c_msg.response"));
    let page = roam(&env, "user0", "user1", 10, None).await;
    assert_eq!(texts(&page), ["edited"]);
    assert_eq!(page["MsgList"][0]["CloudCustomData"], "cc");
    let mut missing = modify.clone();
    missing["MsgKey"] = json!("1_2_3");
    assert_eq!(env.api(Api::ModifyC2cMsg, missing).await.code(), 20001);
    // The receipt example's shape: user0 received it and says so.
    let receipt = json!({"Operator_Account": "user0", "Peer_Account": "user1",
        "C2CMsgInfo": [{"From_Account": "user1", "To_Account": "user0", "MsgKey": key}]});
    let reply = env.api(Api::C2cMsgReadReceipt, receipt).await;
    assert_eq!(reply.json(), &fixture("c2c_msg_read_receipt.response"));
    assert_eq!(
        roam(&env, "user1", "user0", 10, None).await["MsgList"][0]["IsPeerRead"],
        1
    );
    let wrong = json!({"Operator_Account": "user1", "Peer_Account": "user0",
        "C2CMsgInfo": [{"From_Account": "user1", "To_Account": "user0", "MsgKey": key}]});
    assert_eq!(env.api(Api::C2cMsgReadReceipt, wrong).await.code(), 20001);
    // One-sided delete: user0 no longer sees it, user1 does.
    let delete =
        json!({"Operator_Account": "user0", "Peer_Account": "user1", "MsgKeyList": [key, "bad"]});
    let reply = env.api(Api::DeleteC2cMsgRamble, delete).await;
    assert_eq!(reply.code(), 0);
    assert_eq!(reply.json()["InvalidMsgKeyList"], json!(["bad"]));
    assert_eq!(roam(&env, "user0", "user1", 10, None).await["MsgCnt"], 0);
    assert_eq!(roam(&env, "user1", "user0", 10, None).await["MsgCnt"], 1);
    let reply = env
        .api(
            Api::DeleteC2cMsgRamble,
            fixture("delete_c2c_msg_ramble.request"),
        )
        .await;
    assert_eq!(reply.json(), &fixture("delete_c2c_msg_ramble.response"));
}

#[tokio::test]
async fn message_extensions_follow_the_pages() {
    let env = start(Emulator::builder(), &["62768", "116400"]).await;
    env.handle.set_fixed_now(Some(1_665_388_280));
    let mut body = send_body("62768", "116400", 44_739_199, 12, text("ext"));
    body["SupportMessageExtension"] = json!(1);
    let sent = env.api(Api::Sendmsg, body).await;
    assert_eq!(sent.json()["MsgKey"], "44739199_12_1665388280");
    let set = fixture("set_key_values.request");
    let reply = env.api(Api::SetKeyValues, set.clone()).await;
    assert_eq!(reply.code(), 0, "{reply:?}");
    let results = &reply.json()["ExtensionList"];
    assert_eq!(
        results[0],
        json!({"ErrorCode": 0, "Extension": {"Key": "k1", "Seq": 1, "Value": "v1"}})
    );
    // The same Seq 0 again: both conflict, showing the current state.
    let reply = env.api(Api::SetKeyValues, set).await;
    assert_eq!(reply.json()["ExtensionList"][1]["ErrorCode"], 23001);
    assert_eq!(reply.json()["ExtensionList"][1]["Extension"]["Seq"], 1);
    let k3 = json!({"From_Account": "62768", "To_Account": "116400", "MsgKey": "44739199_12_1665388280",
        "OperateType": 1, "ExtensionList": [{"Key": "k3", "Value": "v3"}]});
    assert_eq!(env.api(Api::SetKeyValues, k3).await.code(), 0);
    let reply = env
        .api(Api::GetKeyValues, fixture("get_key_values.request"))
        .await;
    let mut expected = fixture("get_key_values.response");
    // StartSeq 2: only what the second write set.
    expected["ExtensionList"] = json!([{"Key": "k3", "Seq": 2, "Value": "v3"}]);
    assert_eq!(reply.json(), &expected);
    let mut all = fixture("get_key_values.request");
    all["StartSeq"] = json!(0);
    all.as_object_mut().unwrap().remove("From_Account");
    let reply = env.api(Api::GetKeyValues, all).await;
    assert_eq!(reply.json()["ExtensionList"].as_array().unwrap().len(), 3);
    // A message without extensions, one that does not exist, a bad operation.
    let plain = send(&env, "62768", "116400", 1, text("plain")).await;
    let mut on_plain = fixture("set_key_values.request");
    on_plain["MsgKey"] = plain.json()["MsgKey"].clone();
    assert_eq!(env.api(Api::SetKeyValues, on_plain).await.code(), 23002);
    let mut missing = fixture("get_key_values.request");
    missing["MsgKey"] = json!("1_1_1");
    assert_eq!(env.api(Api::GetKeyValues, missing).await.code(), 23004);
    let mut bad = fixture("set_key_values.request");
    bad["OperateType"] = json!(4);
    assert_eq!(env.api(Api::SetKeyValues, bad).await.code(), 10004);
    // An edition without message extensions: 10008.
    let env = start(Emulator::builder().edition(Edition::Pro), &[]).await;
    assert_eq!(
        env.api(Api::GetKeyValues, fixture("get_key_values.request"))
            .await
            .code(),
        10008
    );
}

#[tokio::test]
async fn the_trial_edition_sends_1000_messages_a_day() {
    let env = start(Emulator::builder().edition(Edition::Trial), &[]).await;
    let ids: Vec<String> = (0..500).map(|i| format!("u{i}")).collect();
    for id in &ids {
        env.handle.insert_account(Account::new(id.as_str()));
    }
    let batch = json!({"To_Account": ids, "MsgRandom": 1, "MsgBody": text("t")});
    assert_eq!(env.api(Api::Batchsendmsg, batch.clone()).await.code(), 0);
    assert_eq!(env.api(Api::Batchsendmsg, batch.clone()).await.code(), 0);
    assert_eq!(
        send(&env, "u1", "u2", 1, text("one more")).await.code(),
        60007
    );
    assert_eq!(env.handle.message_count(), 1000);
    // The next day (UTC+8) starts from zero.
    env.handle.set_fixed_now(Some(T0 + 86_400));
    assert_eq!(send(&env, "u1", "u2", 1, text("one more")).await.code(), 0);
    // The default edition has no such limit.
    let env = start(Emulator::builder(), &[]).await;
    assert_eq!(env.handle.edition(), Edition::Enterprise);
}

/// The answer of a stored sendmsg is lost (the connection closes after the emulator stored it);
/// the client resends the very same request: inside 120 s the service's dedup keeps one
/// message; after the window a resend is a second message.
#[tokio::test]
async fn a_lost_answer_resent_within_the_window_leaves_one_message() {
    use im_emulator::{FaultConfig, FaultKind, FaultRule};

    let lose = FaultConfig::new().api_rule(
        Api::Sendmsg,
        FaultRule::new().probability(1.0).kinds([FaultKind::Lost]),
    );
    let env = start(Emulator::builder().faults(lose.clone()), &["a", "b"]).await;
    let body = send_body("a", "b", 42, 4242, text("exactly once"));
    let reply = env.api(Api::Sendmsg, body.clone()).await;
    assert!(matches!(reply, Reply::Failed(_)), "{reply:?}");
    assert_eq!(
        env.handle.messages_between("a", "b").len(),
        1,
        "stored before the answer was lost"
    );
    assert_eq!(env.handle.stats().faults(FaultKind::Lost), 1);

    env.handle.set_faults(FaultConfig::new());
    env.handle.set_fixed_now(Some(T0 + 30));
    let retry = env.api(Api::Sendmsg, body.clone()).await;
    assert_eq!(
        retry.json()["MsgKey"],
        format!("42_4242_{T0}"),
        "the first send's key"
    );
    assert_eq!(env.handle.messages_between("a", "b").len(), 1);

    env.handle.set_faults(lose);
    env.handle.set_fixed_now(Some(T0 + 120));
    let late = env.api(Api::Sendmsg, body.clone()).await;
    assert!(matches!(late, Reply::Failed(_)), "{late:?}");
    assert_eq!(
        env.handle.messages_between("a", "b").len(),
        2,
        "the window had passed"
    );
}

#[tokio::test]
async fn the_inspection_endpoint_counts_messages_per_recipient() {
    let env = start(Emulator::builder(), &["s", "r1", "r2", "r3"]).await;
    let batch = json!({"From_Account": "s", "To_Account": ["r1", "r2", "r3"], "MsgRandom": 1, "MsgBody": text("b")});
    assert_eq!(env.api(Api::Batchsendmsg, batch).await.code(), 0);
    assert_eq!(send(&env, "s", "r2", 9, text("again")).await.code(), 0);
    assert_eq!(send(&env, "r1", "r3", 9, text("aside")).await.code(), 0);
    let all = env.control_get("messages").await;
    assert_eq!(all["count"], 5);
    assert_eq!(
        all["received"],
        json!({"1": 1, "2": 2}),
        "r1 once, r2 and r3 twice"
    );
    let from_s = env.control_get("messages?from=s").await;
    assert_eq!(
        from_s["received"],
        json!({"1": 2, "2": 1}),
        "r1 once, r2 twice, r3 once"
    );
    let between = env.control_get("messages?between=r2,s").await;
    assert_eq!(between["count"], 2);
    let list = between["messages"].as_array().unwrap();
    let first = list.iter().find(|m| m["MsgRandom"] == 1).unwrap();
    assert_eq!(first["From_Account"], "s");
    assert_eq!(first["To_Account"], "r2");
    assert_eq!(first["MsgKey"], format!("{}_1_{T0}", first["MsgSeq"]));
    assert_eq!(first["MsgBody"], text("b"));
    assert_eq!(first["Withdrawn"], false);
    let account = env.control_get("messages?account=r3").await;
    assert_eq!(account, json!({"account": "r3", "sent": 0, "received": 2}));
    let bad = env.send("GET", "/_emulator/messages?between=r2", "").await;
    assert!(matches!(bad, Reply::Http(400, _)), "{bad:?}");
    // A reset clears the messages.
    env.control_post("reset", json!({})).await;
    assert_eq!(env.control_get("messages").await["count"], 0);
}
