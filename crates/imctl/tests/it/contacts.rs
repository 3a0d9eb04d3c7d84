//! `imctl contacts list|delete|pin` against the emulator's conversation lists: every page
//! streamed pinned first, escaped text lines and --json objects, delete with and without the
//! history, pin and unpin, and the conversation flags' usage errors.

use im_emulator::Account;
use im_proto::Api;
use serde_json::json;

use crate::support::{TestEmulator, run};

fn emulator(users: &[&str]) -> TestEmulator {
    let emu = TestEmulator::start();
    for user in users {
        emu.emulator().insert_account(Account::new(*user));
    }
    emu
}

/// `from` sends `to` a message at `at` on the emulator's clock (through `imctl api`).
fn send(emu: &TestEmulator, from: &str, to: &str, at: u64) {
    emu.emulator().set_fixed_now(Some(at));
    let body = json!({"From_Account": from, "To_Account": to, "MsgRandom": at as u32,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    let out = run(emu
        .imctl()
        .args(["api", "openim/sendmsg", "--body", &body.to_string()]));
    assert_eq!(out.code, 0, "{out:?}");
}

fn contacts(emu: &TestEmulator, args: &[&str]) -> crate::support::Run {
    run(emu.imctl().arg("contacts").args(args))
}

#[test]
fn list_streams_every_conversation_pinned_first_and_delete_and_pin_change_it() {
    let emu = emulator(&["me", "ann", "bob", "cat"]);
    let t0 = emu.emulator().now();
    send(&emu, "ann", "me", t0);
    send(&emu, "bob", "me", t0 + 1);
    send(&emu, "me", "cat", t0 + 2);
    let out = contacts(&emu, &["list", "me"]);
    assert_eq!(out.code, 0, "{out:?}");
    let line =
        |kind: &str, name: &str, t: u64, pinned: &str| format!("{kind} {name}  {t}{pinned}\n");
    let expected = [
        line("c2c", "cat", t0 + 2, ""),
        line("c2c", "bob", t0 + 1, ""),
        line("c2c", "ann", t0, ""),
    ];
    assert_eq!(out.stdout, expected.concat());

    let out = contacts(&emu, &["pin", "me", "--c2c", "ann"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("pinned c2c:ann for me"), "{out:?}");
    let out = contacts(&emu, &["pin", "me", "--group", "@TGS#odd\nname"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = contacts(&emu, &["list", "me"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{out:?}");
    assert!(
        lines[..2].contains(&format!("c2c ann  {t0}  pinned").as_str()),
        "{out:?}"
    );
    assert!(
        lines[..2].contains(&"group @TGS#odd\\nname  0  pinned"),
        "escaped: {out:?}"
    );
    assert_eq!(lines[2], format!("c2c cat  {}", t0 + 2));
    let json = run(emu.imctl().args(["--json", "contacts", "list", "me"])).json();
    assert_eq!(json.len(), 4);
    assert_eq!(
        json[2],
        json!({"Type": 1, "To_Account": "cat", "MsgTime": t0 + 2, "TopFlag": 0})
    );

    let out = contacts(&emu, &["pin", "me", "--c2c", "ann", "--off"]);
    assert_eq!(out.code, 0, "{out:?}");
    emu.emulator().set_fixed_now(Some(t0 + 3));
    let out = contacts(&emu, &["delete", "me", "--c2c", "bob"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = contacts(&emu, &["delete", "me", "--c2c", "cat", "--clear-history"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("and its history"), "{out:?}");
    let out = contacts(&emu, &["list", "me"]);
    assert_eq!(
        out.stdout,
        format!("group @TGS#odd\\nname  0  pinned\nc2c ann  {t0}\n")
    );
    let roam = json!({"Operator_Account": "cat", "Peer_Account": "me", "MaxCnt": 10, "MinTime": 0, "MaxTime": t0 + 10});
    let out = run(emu.imctl().args([
        "--json",
        "api",
        "openim/admin_getroammsg",
        "--body",
        &roam.to_string(),
    ]));
    assert_eq!(out.json()[0]["MsgCnt"], 1, "the peer keeps its history");
    let roam = json!({"Operator_Account": "me", "Peer_Account": "cat", "MaxCnt": 10, "MinTime": 0, "MaxTime": t0 + 10});
    let out = run(emu.imctl().args([
        "--json",
        "api",
        "openim/admin_getroammsg",
        "--body",
        &roam.to_string(),
    ]));
    assert_eq!(out.json()[0]["MsgCnt"], 0, "cleared on me's side");
}

#[test]
fn a_conversation_is_one_of_c2c_or_group_and_refusals_exit_as_documented() {
    let emu = emulator(&["me"]);
    for args in [
        &["delete", "me"][..],
        &["pin", "me", "--c2c", "a", "--group", "g"],
        &["pin", "me", "--group", ""],
        &["list", ""],
    ] {
        let out = contacts(&emu, args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
    }
    assert_eq!(emu.emulator().stats().requests(Api::Top), 0, "nothing sent");
    let out = contacts(&emu, &["list", "nobody"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("50001"), "{out:?}");
    let out = contacts(&emu, &["delete", "nobody", "--group", "@TGS#g"]);
    assert_eq!(out.code, 1, "{out:?}");
}

#[test]
fn list_follows_the_cursor_over_many_pages() {
    let emu = emulator(&["me"]);
    let t0 = emu.emulator().now();
    for i in 0..120u64 {
        let peer = format!("p{i:03}");
        emu.emulator().insert_account(Account::new(peer.as_str()));
        emu.emulator().set_fixed_now(Some(t0 + i));
        let pin = json!({"From_Account": "me", "OperationType": 1,
            "RecentContactItem": [{"Type": 1, "To_Account": peer}]});
        let out = run(emu
            .imctl()
            .args(["api", "recentcontact/top", "--body", &pin.to_string()]));
        assert_eq!(out.code, 0, "{out:?}");
    }
    let out = contacts(&emu, &["list", "me"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.lines().count(), 120, "{out:?}");
    assert_eq!(
        emu.emulator().stats().requests(Api::GetList),
        2,
        "two pages"
    );
}
