//! `--json`: one object per input item, in outcome order, then one summary; nothing else.

use std::collections::HashSet;

use im_emulator::OnlineState;
use im_proto::openim::query_online_status::OnlineStatus;
use serde_json::{Value, json};

use crate::support::{TempDir, TestEmulator, run};

fn summary_of(lines: &[Value]) -> &Value {
    let last = lines.last().expect("a summary line");
    assert_eq!(last["summary"], true, "{last}");
    for line in &lines[..lines.len() - 1] {
        assert!(line.get("summary").is_none(), "{line}");
    }
    last
}

/// A comment, 150 UserIDs, a line with a Nick, a malformed line, and a repeat of the first.
fn mixed_input() -> String {
    let mut text = String::from("# header\n");
    for i in 0..150 {
        text.push_str(&format!("j_{i:03}\n"));
    }
    text.push_str("{\"UserID\":\"with_nick\",\"Nick\":\"N\"}\n");
    text.push_str("{oops\n");
    text.push_str("j_000\n");
    text
}

#[test]
fn import_json_has_one_line_per_item_then_the_summary() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("json");
    let file = dir.write("in.txt", &mixed_input());

    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "import", "extra", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stderr, "", "nothing but errors on stderr");
    let lines = out.json();
    assert_eq!(lines.len(), 1 + 150 + 3 + 1, "{}", out.stdout);
    let summary = summary_of(&lines);
    let outcomes = &lines[..lines.len() - 1];
    assert_eq!(summary["op"], "import");
    assert_eq!(summary["total"], 154);
    assert_eq!(summary["succeeded"], 152);
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["skipped"], 0);
    assert_eq!(summary["duplicates"], 1);
    assert_eq!(
        summary["by_status"],
        json!({"imported": 152, "duplicate": 1})
    );
    assert_eq!(summary["failures_by_reason"], json!({"invalid": 1}));
    let duplicate = lines.iter().find(|l| l["status"] == "duplicate").unwrap();
    assert_eq!(duplicate["ok"], true);
    assert_eq!(duplicate["UserID"], "j_000");
    assert_eq!(duplicate["duplicate_of"], "line 2");
    for key in ["requests", "retries", "throttled", "elapsed_ms"] {
        assert!(summary[key].is_u64(), "{key}: {summary}");
    }
    assert!(summary["rate"].is_number());

    let mut seen = HashSet::new();
    for line in outcomes {
        assert!(line["ok"].is_boolean(), "{line}");
        if line["status"] == "duplicate" {
            continue;
        }
        if line["ok"] == true {
            assert_eq!(line["status"], "imported", "{line}");
            assert!(line.get("error").is_none());
            assert!(seen.insert(line["UserID"].as_str().unwrap().to_owned()));
        } else {
            assert!(line["error"].is_string(), "{line}");
            assert!(line.get("status").is_none());
        }
    }
    assert_eq!(seen.len(), 152);
    let extra = outcomes.iter().find(|l| l["UserID"] == "extra").unwrap();
    assert!(
        extra.get("line").is_none(),
        "an argument has no line: {extra}"
    );
    let first = outcomes
        .iter()
        .find(|l| l["UserID"] == "j_000" && l["status"] == "imported")
        .unwrap();
    assert_eq!(first["line"], 2);
    let rejected = outcomes.iter().find(|l| l["UserID"].is_null()).unwrap();
    assert_eq!(rejected["line"], 153);
    assert_eq!(rejected["ok"], false);
    assert!(
        rejected["error"]
            .as_str()
            .unwrap()
            .starts_with("line 153: malformed JSON"),
        "{rejected}"
    );
    let duplicate = outcomes
        .iter()
        .find(|l| l["UserID"] == "j_000" && l["status"] == "duplicate")
        .unwrap();
    assert_eq!(duplicate["line"], 154);
}

#[test]
fn failures_carry_the_service_code_and_status_the_detail() {
    let emu = TestEmulator::start();
    emu.emulator()
        .insert_account(im_emulator::Account::new("on"));
    emu.emulator().set_online(
        "on",
        OnlineState::derived_from(vec![
            im_proto::openim::query_online_status::PlatformStatus::new(
                "Android",
                OnlineStatus::PushOnline,
            ),
            im_proto::openim::query_online_status::PlatformStatus::new("Web", OnlineStatus::Online),
        ]),
    );
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "status", "--detail", "on", "ghost"]));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    assert_eq!(lines.len(), 3);
    let on = lines.iter().find(|l| l["UserID"] == "on").unwrap();
    assert_eq!(on["status"], "Online");
    assert_eq!(
        on["detail"],
        json!([{"Platform": "Android", "Status": "PushOnline"}, {"Platform": "Web", "Status": "Online"}])
    );
    let ghost = lines.iter().find(|l| l["UserID"] == "ghost").unwrap();
    assert_eq!(ghost["ok"], false);
    assert_eq!(ghost["code"], 70107);
    assert_eq!(summary_of(&lines)["by_status"], json!({"Online": 1}));

    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "check", "on", "ghost"]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    assert_eq!(
        lines[..2]
            .iter()
            .filter(|l| l["status"] == "NotImported")
            .count(),
        1
    );
    assert_eq!(
        summary_of(&lines)["by_status"],
        json!({"Imported": 1, "NotImported": 1})
    );

    let out = run(emu.imctl().args(["--json", "accounts", "kick", "on"]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    assert_eq!(
        lines[0],
        json!({"UserID": "on", "ok": true, "status": "kicked"})
    );
    assert_eq!(summary_of(&lines)["op"], "kick");

    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "delete", "on", "ghost"]));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let ghost = lines.iter().find(|l| l["UserID"] == "ghost").unwrap();
    assert_eq!(ghost["code"], 70107);
    assert_eq!(ghost["reason"], "70107");
    assert_eq!(summary_of(&lines)["by_status"], json!({"deleted": 1}));
}

#[test]
fn a_closed_stdout_stops_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let emu = TestEmulator::start();
    let dir = TempDir::new("epipe");
    let ids: String = (0..3000).map(|i| format!("p_{i}\n")).collect();
    let file = dir.write("ids.txt", &ids);
    let mut child = emu
        .imctl_std()
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"UserID\""), "{first}");
    drop(stdout);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    crate::support::assert_no_panic("", &stderr);
    // Stopped early: not a success, but no noise either.
    assert_eq!(status.code(), Some(1), "{stderr}");
}

#[test]
fn a_failed_request_is_named_by_its_random_and_attempt() {
    let emu = TestEmulator::start();
    let wrong = "0000000000000000000000000000000000000000000000000000000000000000";
    let out = run(emu
        .imctl()
        .env("IM_SECRET_KEY", wrong)
        .args(["--json", "accounts", "import", "a", "b"]));
    assert_eq!(out.code, 3, "{out:?}");
    let lines = out.json();
    let items: Vec<&Value> = lines.iter().filter(|l| l.get("UserID").is_some()).collect();
    assert_eq!(items.len(), 2, "{out:?}");
    // One request for both accounts: the same trace, next to the code.
    let random = items[0]["random"].as_u64().expect("a random");
    let attempt = items[0]["attempt"].as_u64().expect("an attempt number");
    assert!(u32::try_from(random).is_ok() && attempt >= 1, "{out:?}");
    for item in &items {
        assert_eq!(item["code"], 70009, "{out:?}");
        assert_eq!(
            (&item["random"], &item["attempt"]),
            (&json!(random), &json!(attempt))
        );
    }
    // The same request in the error text.
    let named = format!("(request random {random}, attempt {attempt})");
    assert!(
        items[0]["error"].as_str().unwrap().contains(&named),
        "{out:?}"
    );
}
