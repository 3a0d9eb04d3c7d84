//! `imctl push send|attrs|tags` against the emulator: a push by tag reaching exactly the
//! accounts holding the tag (seen under `GET /_emulator/push`), the 101st push of a day refused
//! before sending across imctl runs (the day's file in IMCTL_STATE_DIR), the attributes and tags
//! read and written, and `imctl api` reaching the push APIs.

use std::io::{Read, Write};
use std::net::TcpStream;

use im_emulator::Account;
use im_proto::Api;
use serde_json::{Value, json};

use crate::support::{TempDir, TestEmulator, run};

/// An emulator holding `users`.
fn emulator(users: &[&str]) -> TestEmulator {
    let emu = TestEmulator::start();
    for user in users {
        emu.emulator().insert_account(Account::new(*user));
    }
    emu
}

/// `GET /_emulator/push` over HTTP.
fn pushes(emu: &TestEmulator) -> Value {
    let url = emu.url();
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    let request =
        format!("GET /_emulator/push HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).unwrap()
}

#[test]
fn a_push_by_tag_reaches_exactly_the_accounts_holding_the_tag() {
    let emu = emulator(&["amy", "bob", "cat", "dan"]);
    let dir = TempDir::new("push-tag");
    for (user, tags) in [
        ("amy", vec!["gold"]),
        ("cat", vec!["gold", "sz"]),
        ("dan", vec!["sz"]),
    ] {
        let out = run(emu.imctl().args(["push", "tags", "add", user]).args(&tags));
        assert_eq!(out.code, 0, "{out:?}");
    }
    let out = run(emu.imctl().env("IMCTL_STATE_DIR", dir.path("state")).args([
        "--json", "push", "send", "--tag", "gold", "--text", "hi, gold",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let sent = &out.json()[0];
    assert_eq!(sent["ok"], json!(true), "{out:?}");
    let state = pushes(&emu);
    let push = &state["pushes"][0];
    assert_eq!(push["recipients"], json!(["amy", "cat"]), "{state}");
    assert_eq!(push["task_id"], sent["TaskId"]);
    assert_eq!(push["condition"], json!({"TagsOr": ["gold"]}));
    assert_eq!(push["msg_body"][0]["MsgContent"]["Text"], json!("hi, gold"));

    // Every tag (TagsAnd), from an account, kept an hour for offline users.
    let out = run(emu.imctl().env("IMCTL_STATE_DIR", dir.path("state")).args([
        "push",
        "send",
        "--tag",
        "gold",
        "--tag",
        "sz",
        "--all-tags",
        "--from",
        "bob",
        "--life-time",
        "1h",
        "--text",
        "hi",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("pushed: task "), "{out:?}");
    let push = &pushes(&emu)["pushes"][1];
    assert_eq!(push["recipients"], json!(["cat"]));
    assert_eq!(
        (&push["from"], &push["msg_life_time"]),
        (&json!("bob"), &json!(3600))
    );
}

#[test]
fn the_101st_push_of_a_day_is_refused_before_sending_across_runs() {
    let emu = emulator(&["amy"]);
    let state = TempDir::new("push-day");
    let dir = state.path("state");
    let send = || {
        run(emu
            .imctl()
            .env("IMCTL_STATE_DIR", &dir)
            .args(["push", "send", "--text", "hi"]))
    };
    // Two runs, each one process: counted in the day's file (and spaced: no 90024).
    for _ in 0..2 {
        let out = send();
        assert_eq!(out.code, 0, "{out:?}");
    }
    let file = dir.join(format!("push-{}.json", emu.emulator().sdkappid()));
    let mut count: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(count["used"], json!(2), "{count}");
    // The day has had its 100 pushes (98 of them by other runs).
    count["used"] = json!(100);
    std::fs::write(&file, count.to_string()).unwrap();
    let out = send();
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr
            .contains("quota used up: all_member_push/im_push allows 100 calls a day; 100 used"),
        "{out:?}"
    );
    assert!(out.stderr.contains("not sent: it resets at"), "{out:?}");
    assert!(out.stderr.contains("(midnight UTC+08:00)"), "{out:?}");
    // Nothing was sent: the emulator saw the two pushes only.
    assert_eq!(emu.emulator().stats().requests(Api::ImPush), 2);
    assert_eq!(pushes(&emu)["pushes"].as_array().unwrap().len(), 2);
    // A bad request is refused before it is counted.
    let out = run(emu.imctl().env("IMCTL_STATE_DIR", &dir).args([
        "push",
        "send",
        "--text",
        "hi",
        "--life-time",
        "8d",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("MsgLifeTime"), "{out:?}");
}

#[test]
fn attributes_and_tags_are_read_and_written() {
    let emu = emulator(&["amy", "bob"]);
    let ok = |args: &[&str]| {
        let out = run(emu.imctl().args(args));
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        out
    };
    ok(&["push", "attrs", "names", "0=city", "1=level"]);
    let out = ok(&["push", "attrs", "names"]);
    assert_eq!(out.stdout, "0=city\n1=level\n");
    ok(&["push", "attrs", "set", "amy", "city=sz", "level=vip"]);
    ok(&["push", "attrs", "remove", "amy", "level"]);
    let out = ok(&["push", "attrs", "get", "amy", "bob"]);
    assert_eq!(out.stdout, "amy city=sz\nbob\n");
    let out = ok(&["--json", "push", "attrs", "get", "amy"]);
    assert_eq!(
        out.json(),
        [json!({"To_Account": "amy", "Attrs": {"city": "sz"}})]
    );
    // An attribute the app did not name: the service's 90033, exit 1.
    let out = run(emu
        .imctl()
        .args(["push", "attrs", "set", "amy", "country=cn"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("90033"), "{out:?}");

    ok(&["push", "tags", "add", "bob", "a", "b", "c"]);
    ok(&["push", "tags", "remove", "bob", "b"]);
    let out = ok(&["push", "tags", "get", "bob", "amy"]);
    assert_eq!(out.stdout, "bob a c\namy\n");
    ok(&["push", "tags", "remove", "bob", "--all"]);
    let out = ok(&["--json", "push", "tags", "get", "bob"]);
    assert_eq!(out.json(), [json!({"To_Account": "bob", "Tags": []})]);
    // Eleven tags at once: refused before sending (exit 1, naming the rule).
    let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let out = run(emu
        .imctl()
        .args(["push", "tags", "add", "bob"])
        .args(&eleven));
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("UserTags[0].Tags"), "{out:?}");
    assert_eq!(emu.emulator().stats().requests(Api::ImAddTag), 1);

    // `imctl api` reaches the push APIs by themselves.
    let out = ok(&["api", "all_member_push/im_get_attr_name", "--body", "{}"]);
    assert!(out.stdout.contains("\"city\""), "{out:?}");
}
