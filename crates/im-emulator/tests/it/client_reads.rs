//! A simulated client's reads (`/_emulator/clients/{UserID}/c2c_read`, `c2c_read_receipt`,
//! `group_read`, `read_all`): the unread state changes as the REST reads change it, and the
//! callbacks their pages name arrive signed, from the client's origin.

use im_callback::Event;
use im_emulator::Emulator;
use im_proto::Api;
use serde_json::json;

use crate::callbacks::{Behaviour, next_callback, settled, start};
use crate::clients::{logged_in, origin, some, text};
use crate::util::Env;

/// `user`'s unread one-to-one messages, as get_c2c_unread_msg_num answers.
async fn c2c_unread(env: &Env, user: &str) -> u64 {
    let unread = env
        .api(Api::GetC2cUnreadMsgNum, json!({"To_Account": user}))
        .await;
    unread.json()["AllC2CUnreadMsgNum"].as_u64().unwrap()
}

/// amy's text to ben through sendmsg; its `MsgKey`.
async fn amy_to_ben(env: &Env, random: u32) -> String {
    let send = json!({"From_Account": "amy", "To_Account": "ben", "MsgRandom": random,
        "MsgBody": text("hi")});
    let sent = env.api(Api::Sendmsg, send).await;
    assert_eq!(sent.code(), 0, "{sent:?}");
    sent.json()["MsgKey"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_clients_read_report_and_receipt_reach_the_app_from_the_client() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    logged_in(&env, &mut rx, &["amy", "ben"]).await;
    let key = amy_to_ben(&env, 1).await;
    amy_to_ben(&env, 2).await;
    assert_eq!(c2c_unread(&env, "ben").await, 2);

    let read = env
        .control_post("clients/ben/c2c_read", json!({"Peer_Account": "amy"}))
        .await;
    assert_eq!(read.json()["ErrorCode"], 0, "{read:?}");
    assert_eq!(
        c2c_unread(&env, "ben").await,
        0,
        "as admin_set_msg_read does"
    );
    let (received, event) = loop {
        let (received, event) = next_callback(&env, &mut rx).await;
        if event.command() == "C2C.CallbackAfterMsgReport" {
            break (received, event);
        }
    };
    let Event::C2cAfterMsgReport(report) = event else {
        unreachable!()
    };
    assert_eq!(origin(&received.query), some("192.0.2.21", "Android"));
    assert_eq!(
        (report.report_account.as_str(), report.peer_account.as_str()),
        ("ben", "amy")
    );
    assert_eq!(report.unread_msg_num, Some(0));
    assert_eq!(report.last_read_time, Some(env.handle.emulator().now()));

    let receipt = json!({"Peer_Account": "amy", "C2CMsgInfo": [
        {"From_Account": "amy", "To_Account": "ben", "MsgKey": key, "MsgId": "m-1"}]});
    let answered = env
        .control_post("clients/ben/c2c_read_receipt", receipt)
        .await;
    assert_eq!(answered.json()["ErrorCode"], 0, "{answered:?}");
    let (received, event) = next_callback(&env, &mut rx).await;
    let Event::C2cAfterMsgReadReceipt(receipts) = event else {
        panic!("expected C2C.CallbackAfterMsgReadReceipt, got {event:?}")
    };
    assert_eq!(origin(&received.query), some("192.0.2.21", "Android"));
    assert_eq!(receipts.operator_account, "ben");
    assert_eq!(receipts.peer_account.as_deref(), Some("amy"));
    let items = receipts.c2c_msg_info.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].msg_key.as_deref(), Some(key.as_str()));
    assert_eq!(items[0].msg_id.as_deref(), Some("m-1"));
    assert_eq!(items[0].from_account.as_deref(), Some("amy"));

    // The same report through REST comes from the REST origin.
    let rest = json!({"Report_Account": "amy", "Peer_Account": "ben"});
    assert_eq!(env.api(Api::AdminSetMsgRead, rest).await.code(), 0);
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "C2C.CallbackAfterMsgReport");
    assert_eq!(origin(&received.query), some("127.0.0.1", "RESTAPI"));
    let own = json!({"Report_Account": "x"});
    let refused = env.control_post("clients/ben/c2c_read", own).await;
    assert_eq!(refused.label(), "http400", "the client reads as itself");
}

#[tokio::test]
async fn a_client_reads_a_group_and_clears_every_unread_message() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    logged_in(&env, &mut rx, &["amy", "ben"]).await;
    let group = json!({"Owner_Account": "amy", "Type": "Public", "Name": "g",
        "MemberList": [{"Member_Account": "ben"}]});
    let group_id = env.api(Api::CreateGroup, group).await.json()["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut seqs = Vec::new();
    for random in [1, 2, 3] {
        let send = json!({"GroupId": group_id, "From_Account": "amy", "Random": random,
            "MsgBody": text("all")});
        let sent = env.api(Api::SendGroupMsg, send).await;
        seqs.push(sent.json()["MsgSeq"].as_u64().unwrap());
    }
    amy_to_ben(&env, 9).await;

    let read = json!({"GroupId": group_id, "MsgSeq": seqs[0]});
    let read = env.control_post("clients/ben/group_read", read).await;
    assert_eq!(read.json()["UnreadMsgNum"], 2, "{read:?}");
    let back = json!({"GroupId": group_id, "MsgSeq": 0});
    let back = env.control_post("clients/ben/group_read", back).await;
    assert_eq!(
        back.json()["UnreadMsgNum"],
        2,
        "a read mark never moves back"
    );
    let stranger = json!({"GroupId": group_id});
    let stranger = env.control_post("clients/amy/group_read", stranger).await;
    assert_eq!(stranger.json()["ErrorCode"], 0, "the owner is a member");
    let unknown = json!({"GroupId": "@TGS#nothere"});
    let unknown = env.control_post("clients/ben/group_read", unknown).await;
    assert_eq!(unknown.json()["ErrorCode"], 10_010, "{unknown:?}");

    let all = env.control_post("clients/ben/read_all", json!({})).await;
    assert_eq!(all.json()["ErrorCode"], 0, "{all:?}");
    assert_eq!(c2c_unread(&env, "ben").await, 0);
    let again = json!({"GroupId": group_id});
    let again = env.control_post("clients/ben/group_read", again).await;
    assert_eq!(again.json()["UnreadMsgNum"], 0);
    let (received, event) = loop {
        let (received, event) = next_callback(&env, &mut rx).await;
        if event.command() == "C2C.CallbackAfterMsgReadAll" {
            break (received, event);
        }
    };
    assert_eq!(origin(&received.query), some("192.0.2.21", "Android"));
    let Event::C2cAfterMsgReadAll(cleared) = event else {
        unreachable!()
    };
    assert_eq!(cleared.report_account, "ben");
    let groups = cleared.group_read_info.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group_id, group_id);
    assert_eq!(groups[0].msg_seq, Some(seqs[2]));
    let stats = settled(&env).await;
    let sent = stats.by_command.get("C2C.CallbackAfterMsgReadAll").copied();
    assert_eq!(sent, Some(1));
}

#[tokio::test]
async fn set_key_values_sends_the_extension_written() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    logged_in(&env, &mut rx, &["amy", "ben"]).await;
    let send = json!({"From_Account": "amy", "To_Account": "ben", "MsgRandom": 5,
        "MsgBody": text("ext"), "SupportMessageExtension": 1});
    let sent = env.api(Api::Sendmsg, send).await;
    let key = sent.json()["MsgKey"].as_str().unwrap().to_owned();
    // (From_Account given or not, OperateType, the key/values)
    let writes = [
        (
            true,
            1,
            json!([{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}]),
        ),
        (false, 2, json!([{"Key": "k1", "Value": ""}])),
        (true, 1, json!([{"Key": "k2", "Value": "v9", "Seq": 0}])),
        (false, 3, json!(null)),
    ];
    for (named, operate, list) in &writes {
        let mut body = json!({"To_Account": "ben", "MsgKey": key, "OperateType": operate});
        if *named {
            body["From_Account"] = json!("amy");
        }
        if !list.is_null() {
            body["ExtensionList"] = list.clone();
        }
        assert_eq!(env.api(Api::SetKeyValues, body).await.code(), 0);
    }
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let (received, event) = next_callback(&env, &mut rx).await;
        let Event::C2cAfterMsgExtension(ext) = event else {
            continue;
        };
        assert_eq!(origin(&received.query), some("127.0.0.1", "RESTAPI"));
        assert_eq!(
            (ext.from_account.as_str(), ext.to_account.as_str()),
            ("amy", "ben")
        );
        assert_eq!(ext.msg_key.as_deref(), Some(key.as_str()));
        let list: Vec<(String, String, u64)> = ext
            .extension_list
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.value.unwrap_or_default(), e.seq.unwrap()))
            .collect();
        seen.push((ext.operate_type.unwrap(), list, ext.seq.unwrap()));
    }
    let kv = |k: &str, v: &str, s: u64| (k.to_owned(), v.to_owned(), s);
    assert_eq!(
        seen,
        [
            (1, vec![kv("k1", "v1", 1), kv("k2", "v2", 1)], 1),
            (2, vec![kv("k1", "", 2)], 2),
            (3, vec![], 3),
        ],
        "the third write's Seq 0 was stale: nothing written, nothing sent"
    );
    let stats = settled(&env).await;
    let sent = stats.by_command.get("C2C.CallbackAfterC2CMsgExtension");
    assert_eq!(sent.copied(), Some(3));
}
