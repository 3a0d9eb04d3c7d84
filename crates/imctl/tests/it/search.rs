//! `imctl search hide|show|hidden`: objects hidden from cloud search and shown again, listed
//! per search one a line (--json one object each), and the bad input refused before sending.

use crate::support::{TestEmulator, run};

fn ok(emu: &TestEmulator, args: &[&str]) -> String {
    let out = run(emu.imctl().args(args));
    assert_eq!(out.code, 0, "{args:?}: {out:?}");
    out.stdout
}

#[test]
fn hidden_objects_are_listed_per_search_and_shown_again() {
    let emu = TestEmulator::start();
    ok(&emu, &["search", "hide", "--user", "bob"]);
    ok(&emu, &["search", "hide", "--user", "alice"]);
    ok(&emu, &["search", "hide", "--group", "@TGS#g"]);
    ok(
        &emu,
        &["search", "hide", "--group", "@TGS#g", "--member", "carol"],
    );
    assert_eq!(ok(&emu, &["search", "hidden", "users"]), "alice\nbob\n");
    assert_eq!(ok(&emu, &["search", "hidden", "groups"]), "@TGS#g\n");
    assert_eq!(ok(&emu, &["search", "hidden", "members"]), "@TGS#g carol\n");
    ok(&emu, &["search", "show", "--user", "bob"]);
    let out = run(emu.imctl().args(["--json", "search", "hidden", "users"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json(), [serde_json::json!({"UserID": "alice"})]);
}

#[test]
fn bad_targets_are_refused_before_sending() {
    let emu = TestEmulator::start();
    for args in [
        vec!["search", "hide"],
        vec!["search", "hide", "--member", "carol"],
        vec!["search", "hide", "--user", "a", "--group", "g"],
        vec!["search", "hide", "--user", ""],
        vec!["search", "hidden", "channels"],
    ] {
        let out = run(emu.imctl().args(&args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
    }
    assert_eq!(ok(&emu, &["search", "hidden", "users"]), "");
}
