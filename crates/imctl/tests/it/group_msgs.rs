//! `imctl groups messages send|history|recall --topic` (a topic's own messages), `imctl groups
//! messages receipts [--detail]`, and `imctl api` for the broadcast, the receipts and the group
//! message extensions, against the emulator.

use im_emulator::Account;
use serde_json::Value;

use crate::support::{TestEmulator, run};

fn start(users: &[&str]) -> TestEmulator {
    let emu = TestEmulator::start();
    for user in users {
        emu.emulator().insert_account(Account::new(*user));
    }
    emu
}

/// `imctl --json api PATH --body BODY`: the answer.
fn api(emu: &TestEmulator, path: &str, body: &str) -> Value {
    let out = run(emu.imctl().args(["--json", "api", path, "--body", body]));
    assert_eq!(out.code, 0, "{out:?}");
    out.json().remove(0)
}

#[test]
fn group_messages_take_a_topic() {
    let emu = start(&["alice", "bob"]);
    let body = r#"{"Type": "Community", "Name": "c", "GroupId": "@TGS#_town", "Owner_Account": "alice", "SupportTopic": 1, "MemberList": [{"Member_Account": "bob"}]}"#;
    api(&emu, "group_open_http_svc/create_group", body);
    let body =
        r#"{"GroupId": "@TGS#_town", "TopicName": "news", "TopicId": "@TGS#_town@TOPIC#_news"}"#;
    api(&emu, "million_group_open_http_svc/create_topic", body);
    let topic = "@TGS#_town@TOPIC#_news";
    let messages = |args: &[&str]| run(emu.imctl().args(["groups", "messages"]).args(args));
    let out = messages(&["send", "@TGS#_town", "--text", "hi", "--topic", topic]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "1\n"), "{out:?}");
    let out = messages(&["send", "@TGS#_town", "--text", "outside"]);
    assert_eq!(
        out.stdout, "1\n",
        "the community counts on its own: {out:?}"
    );
    let out = messages(&["history", "@TGS#_town", "--topic", topic]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{out:?}");
    assert!(lines[0].ends_with(": hi"), "{out:?}");
    let out = messages(&["recall", "@TGS#_town", "1", "--topic", topic]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "MsgSeq 1: recalled\n"),
        "{out:?}"
    );
    let out = messages(&["history", "@TGS#_town", "--topic", topic]);
    assert_eq!(out.stdout, "", "{out:?}");
    let out = messages(&["history", "@TGS#_town"]);
    assert_eq!(
        out.stdout.lines().count(),
        1,
        "the community's own message stays: {out:?}"
    );
    let out = messages(&[
        "send",
        "@TGS#_town",
        "--text",
        "x",
        "--topic",
        "@TGS#_other@TOPIC#_news",
    ]);
    assert_eq!(out.code, 2, "a topic of another group: {out:?}");
    assert!(out.stderr.contains("TopicId"), "{out:?}");
    let out = messages(&["history", "@TGS#_town", "--topic", "@TGS#_town@TOPIC#_none"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("10010"), "{out:?}");
}

#[test]
fn receipts_print_counts_or_who_read() {
    let emu = start(&["alice", "bob", "carol"]);
    let body = r#"{"Type": "Public", "Name": "g", "GroupId": "club", "Owner_Account": "alice", "MemberList": [{"Member_Account": "bob"}, {"Member_Account": "carol"}]}"#;
    api(&emu, "group_open_http_svc/create_group", body);
    let text = r#"[{"MsgType": "TIMTextElem", "MsgContent": {"Text": "read me"}}]"#;
    let body = format!(
        r#"{{"GroupId": "club", "From_Account": "alice", "Random": 5, "NeedReadReceipt": 1, "MsgBody": {text}}}"#
    );
    assert_eq!(
        api(&emu, "group_open_http_svc/send_group_msg", &body)["MsgSeq"],
        1
    );
    let body = r#"{"GroupId": "club", "From_Account": "bob", "MsgSeqList": [{"MsgSeq": 1}]}"#;
    api(&emu, "group_open_http_svc/group_msg_receipt", body);
    let receipts = |args: &[&str]| {
        run(emu
            .imctl()
            .args(["groups", "messages", "receipts", "club"])
            .args(args))
    };
    let out = receipts(&["1", "7"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "MsgSeq 1: 1 read, 1 unread\n");
    assert!(
        out.stderr.contains("MsgSeq 7") && out.stderr.contains("10062"),
        "{out:?}"
    );
    let out = receipts(&["1", "--detail"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "1 read bob\n1 unread carol\n"),
        "{out:?}"
    );
    let out = run(emu.imctl().args([
        "--json", "groups", "messages", "receipts", "club", "1", "7", "--detail",
    ]));
    let objects = out.json();
    assert_eq!(objects[0]["Read"], serde_json::json!(["bob"]), "{out:?}");
    assert_eq!(
        objects[0]["Unread"],
        serde_json::json!(["carol"]),
        "{out:?}"
    );
    assert_eq!(
        (objects[1]["MsgSeq"].as_u64(), objects[1]["ok"].as_bool()),
        (Some(7), Some(false))
    );
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "messages", "receipts", "club", "1"]));
    assert_eq!(
        (
            out.json()[0]["ReadNum"].as_u64(),
            out.json()[0]["UnreadNum"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[test]
fn imctl_api_reaches_the_broadcast_and_the_group_extensions() {
    let emu = start(&["alice"]);
    api(
        &emu,
        "group_open_http_svc/create_group",
        r#"{"Type": "AVChatRoom", "Name": "live"}"#,
    );
    let text = r#"[{"MsgType": "TIMTextElem", "MsgContent": {"Text": "to all"}}]"#;
    let body = format!(r#"{{"Random": 1, "MsgBody": {text}}}"#);
    assert_eq!(
        api(&emu, "group_open_http_svc/send_broadcast_msg", &body)["MsgSeq"],
        1
    );
    let body = r#"{"Type": "Public", "Name": "g", "GroupId": "extg", "Owner_Account": "alice"}"#;
    api(&emu, "group_open_http_svc/create_group", body);
    let body = format!(
        r#"{{"GroupId": "extg", "Random": 2, "SupportMessageExtension": 1, "MsgBody": {text}}}"#
    );
    api(&emu, "group_open_http_svc/send_group_msg", &body);
    let set = r#"{"GroupId": "extg", "MsgSeq": 1, "OperateType": 1, "ExtensionList": [{"Key": "k", "Value": "v"}]}"#;
    let answer = api(&emu, "openim_msg_ext_http_svc/group_set_key_values", set);
    assert_eq!(
        answer["ExtensionList"][0]["Extension"]["Seq"], 1,
        "{answer}"
    );
    let get = r#"{"GroupId": "extg", "MsgSeq": 1}"#;
    let answer = api(&emu, "openim_msg_ext_http_svc/group_get_key_values", get);
    assert_eq!(answer["ExtensionList"][0]["Value"], "v", "{answer}");
}
