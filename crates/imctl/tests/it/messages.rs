//! `imctl messages`: the recipients read as the account commands read accounts (lines, JSON
//! Lines with `To_Account`), one JSON object per recipient keyed `To_Account`, then the
//! summary. The emulator does not store messages yet (it answers 60009): the dry run, which
//! sends nothing, and the refusals before sending are what can be run here.

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
