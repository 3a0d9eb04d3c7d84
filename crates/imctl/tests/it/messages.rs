//! `imctl messages`: the recipients read as the account commands read accounts (lines, JSON
//! Lines with `To_Account`), one JSON object per recipient keyed `To_Account`, then the
//! summary; the dry run, the refusals before sending and the journal's keys. Sends killed and
//! resumed against the emulator's message store: `messages_resume`.

use serde_json::json;

use crate::support::{TempDir, TestEmulator, run};

#[test]
fn a_dry_run_reads_each_recipient_and_prints_it_as_to_account() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("msg-dry");
    let file = dir.write(
        "to.jsonl",
        "{\"To_Account\":\"alice\"}\n{\"To_Account\":\"bob\",\"Other\":1}\n{\"To\":\"x\"}\n",
    );
    let out = run(emu
        .imctl()
        .args([
            "--json",
            "messages",
            "send",
            "--text",
            "hi",
            "--dry-run",
            "--to",
        ])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let mut lines = out.json();
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    // A bad line's outcome comes at once, before the chunk's: in line order here.
    lines[..3].sort_by_key(|l| l["line"].as_u64());
    assert_eq!(
        lines[0],
        json!({"To_Account": "alice", "ok": true, "status": "would_send", "line": 1})
    );
    assert_eq!(lines[1]["To_Account"], "bob");
    assert_eq!(lines[2]["ok"], false);
    let error = lines[2]["error"].as_str().unwrap();
    assert!(error.contains("no \"To_Account\""), "{error}");
    assert_eq!(lines[3]["op"], "send (dry run)");
    assert_eq!(lines[3]["by_status"], json!({"would_send": 2}));
    assert_eq!(lines[3]["requests"], 0);
}

#[test]
fn a_message_a_send_refuses_is_refused_before_anything_is_read() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("msg-bad");
    let file = dir.write("to.txt", "alice\n");
    let body = dir.write("body.json", "[]");
    let mut body_arg = std::ffi::OsString::from("@");
    body_arg.push(&body);
    let out = run(emu
        .imctl()
        .args(["messages", "send", "--body"])
        .arg(&body_arg)
        .arg("--to")
        .arg(&file));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("MsgBody: must not be empty"),
        "{}",
        out.stderr
    );
    let out = run(emu.imctl().args(["messages", "withdraw", "a", "b", ""]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("MsgKey: must not be empty"),
        "{}",
        out.stderr
    );
}

/// An import journals each message with its keys before it leaves; bad lines are reported
/// with their line number. (The emulator answers importmsg 60009 until its message store.)
#[test]
fn an_import_journals_each_message_with_its_keys_before_it_leaves() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("msg-import");
    let body = r#""MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]"#;
    let file = dir.write(
        "history.jsonl",
        &format!(
            "{{\"From_Account\":\"a\",\"To_Account\":\"b\",\"MsgRandom\":7,\"MsgTimeStamp\":1556178721,{body}}}\nnot json\n"
        ),
    );
    let checkpoint = dir.path("import.ckpt");
    let out = run(emu
        .imctl()
        .args(["--json", "messages", "import", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&checkpoint));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let bad = lines.iter().find(|l| l["Message"] == "line 2").unwrap();
    assert!(
        bad["error"]
            .as_str()
            .unwrap()
            .starts_with("line 2: not JSON"),
        "{bad}"
    );
    assert_eq!(lines.last().unwrap()["total"], 2);
    let journal = std::fs::read_to_string(&checkpoint).unwrap();
    let sent = journal
        .lines()
        .find(|l| l.starts_with(">0 @"))
        .expect(&journal);
    let (_, key) = sent.split_once(" {").unwrap();
    let key: serde_json::Value = serde_json::from_str(&format!("{{{key}")).unwrap();
    assert_eq!(key["MsgRandom"], 7);
    assert_eq!(key["MsgTimeStamp"], 1_556_178_721);
    assert!(
        key["MsgSeq"].is_u64(),
        "a MsgSeq chosen for the message: {key}"
    );
}

/// `import` alone names every import command: the account one is suggested, the friend, the
/// group and the message ones after.
#[test]
fn a_mistyped_import_names_every_import() {
    let out = run(crate::support::imctl().args(["import", "alice"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("did you mean `imctl accounts import`? (or `imctl friends import` or `imctl groups members import` or `imctl groups messages import` or `imctl messages import`)"),
        "{out:?}"
    );
}

/// A recipient with a body of its own is sent by sendmsg, its body among the keys recorded
/// before it leaves; the others get the --text message.
#[test]
fn own_bodies_are_sent_one_a_call_with_their_keys_journaled() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("msg-own");
    let file = dir.write(
        "to.jsonl",
        "{\"To_Account\":\"amy\",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi amy\"}}]}\n{\"To_Account\":\"bob\"}\n",
    );
    let checkpoint = dir.path("send.ckpt");
    let out = run(emu
        .imctl()
        .args(["--json", "messages", "send", "--text", "hello", "--to"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&checkpoint));
    assert_eq!(out.json().len(), 3, "{out:?}");
    let journal = std::fs::read_to_string(&checkpoint).unwrap();
    let amy = journal
        .lines()
        .find(|l| l.starts_with(">0 @"))
        .expect(&journal);
    let bob = journal
        .lines()
        .find(|l| l.starts_with(">1 @"))
        .expect(&journal);
    assert!(
        amy.contains("hi amy") && amy.contains("\"MsgSeq\""),
        "{amy}"
    );
    assert!(bob.contains("\"Text\":\"hello\""), "{bob}");
}
