//! `imctl profile get|set` and `imctl robots`, through the binary against an emulator.

use im_emulator::{Account, Emulator};
use im_proto::Gender;

use crate::support::{TempDir, TestEmulator, run};

/// The profile file of `profiles_are_set_from_a_file_and_read_back`: one good line, a bad
/// value, an unknown account, an unknown field and an undeclared custom tag.
const PROFILES: &str = concat!(
    "{\"UserID\":\"alice\",\"Nick\":\"Alice\",\"Gender\":\"Gender_Type_Female\",\"BirthDay\":19900101,\"Tag_Profile_Custom_Team\":\"red\"}\n",
    "{\"UserID\":\"bob\",\"FaceUrl\":\"http://x/b.png\",\"Level\":\"high\"}\n",
    "{\"UserID\":\"ghost\",\"Nick\":\"G\"}\n",
    "{\"UserID\":\"bob\",\"Nik\":\"typo\"}\n",
    "{\"UserID\":\"bob\",\"Tag_Profile_Custom_Other\":\"x\"}\n",
);

#[test]
fn profiles_are_set_from_a_file_and_read_back() {
    let emu =
        TestEmulator::with(Emulator::builder().custom_profile_tags(["Tag_Profile_Custom_Team"]));
    for id in ["alice", "bob"] {
        emu.emulator().insert_account(Account::new(id));
    }
    let dir = TempDir::new("profiles");
    let file = dir.write("profiles.jsonl", PROFILES);
    let out = run(emu.imctl().args(["profile", "set", "--file"]).arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("bob (line 2): failed: UserID bob: Tag_Profile_IM_Level: value high must be an unsigned 32-bit integer"), "{out:?}");
    assert!(
        out.stdout
            .contains("ghost (line 3): failed: service error 40003"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("bob (line 4): failed: malformed JSON: unknown profile field \"Nik\""),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("bob (line 5): failed: service error 40009"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("profile-set: 1 succeeded, 4 failed of 5"),
        "{out:?}"
    );
    let alice = emu.emulator().account("alice").unwrap();
    assert_eq!(
        (alice.profile.gender, alice.profile.birthday),
        (Some(Gender::Female), Some(19_900_101))
    );

    let out = run(emu
        .imctl()
        .args(["profile", "get", "alice", "bob", "ghost"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout
            .contains("alice: Nick \"Alice\", Gender \"Gender_Type_Female\", BirthDay 19900101\n"),
        "{out:?}"
    );
    assert!(out.stdout.contains("bob: (no fields set)\n"), "{out:?}");
    assert!(
        out.stdout.contains("ghost: failed: service error 40003"),
        "{out:?}"
    );

    let out = run(emu.imctl().args([
        "--json",
        "profile",
        "get",
        "alice",
        "--fields",
        "nick,Tag_Profile_Custom_Team",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    assert_eq!(
        lines[0]["profile"],
        serde_json::json!({"Nick": "Alice", "Tag_Profile_Custom_Team": "red"})
    );
    assert_eq!(lines[1]["op"], "profile-get");
    let out = run(emu
        .imctl()
        .args(["profile", "get", "alice", "--fields", "Mood"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("unknown profile field \"Mood\""),
        "{out:?}"
    );
}

#[test]
fn a_profile_csv_names_its_columns_and_resumes_from_a_checkpoint() {
    let emu = TestEmulator::start();
    for i in 0..30 {
        emu.emulator().insert_account(Account::new(format!("c{i}")));
    }
    let dir = TempDir::new("profile-csv");
    let rows: String = (0..30)
        .map(|i| format!("c{i},Nick {i},{}\n", 20_000_101 + i))
        .collect();
    let file = dir.write("p.csv", &format!("UserID,Nick,BirthDay\n{rows}"));
    let journal = dir.path("p.ckpt");
    let out = run(emu
        .imctl()
        .args(["--json", "profile", "set", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        emu.emulator().account("c7").unwrap().profile.birthday,
        Some(20_000_108)
    );
    let requests = emu.emulator().stats().total_requests();
    let again = run(emu
        .imctl()
        .args(["--json", "profile", "set", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal));
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(again.json().last().unwrap()["skipped"], 30);
    assert_eq!(emu.emulator().stats().total_requests(), requests);
    // Without a header a profile CSV cannot be read.
    let headerless = dir.write("h.csv", "c1,Nick\n");
    let out = run(emu
        .imctl()
        .args(["profile", "set", "--file"])
        .arg(&headerless));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("needs a header"), "{out:?}");
}

#[test]
fn robots_are_created_listed_and_deleted() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["robots", "create", "@RBT#helper", "--nick", "Helper"]));
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "@RBT#helper: created\n"),
        "{out:?}"
    );
    assert_eq!(
        emu.emulator()
            .account("@RBT#helper")
            .unwrap()
            .nick
            .as_deref(),
        Some("Helper")
    );
    let out = run(emu.imctl().args(["robots", "list"]));
    assert_eq!(out.stdout, "@RBT#helper\n", "{out:?}");
    let out = run(emu.imctl().args(["--json", "robots", "list"]));
    assert_eq!(
        out.json()[0],
        serde_json::json!({"robots": ["@RBT#helper"]})
    );
    let out = run(emu
        .imctl()
        .args(["--json", "robots", "delete", "@RBT#helper"]));
    assert_eq!(
        out.json()[0],
        serde_json::json!({"UserID": "@RBT#helper", "ok": true, "status": "deleted"})
    );
    let out = run(emu.imctl().args(["robots", "list"]));
    assert_eq!(out.stdout, "", "{out:?}");
    // Refused before sending (exit 2), refused by the service (exit 1).
    let out = run(emu.imctl().args(["robots", "create", "helper"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("must start with @RBT#"), "{out:?}");
    let out = run(emu.imctl().args(["robots", "delete", "@RBT#ghost"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("10004"), "{out:?}");
}

#[test]
fn standard_fields_are_set_from_flags_for_every_account() {
    let emu = TestEmulator::start();
    for id in ["fa", "fb"] {
        emu.emulator().insert_account(Account::new(id));
    }
    let out = run(emu.imctl().args([
        "profile",
        "set",
        "fa",
        "fb",
        "--nick",
        "Same",
        "--gender",
        "female",
        "--birthday",
        "19900101",
        "--allow-type",
        "deny-any",
        "--level",
        "3",
        "--custom",
        "Team=blue",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    for id in ["fa", "fb"] {
        let profile = emu.emulator().account(id).unwrap().profile;
        assert_eq!(profile.nick.as_deref(), Some("Same"));
        assert_eq!(profile.gender, Some(im_proto::Gender::Female));
        assert_eq!(profile.birthday, Some(19_900_101));
        assert_eq!(profile.allow_type, Some(im_proto::AllowType::DenyAny));
        assert_eq!(profile.level, Some(3));
        assert_eq!(profile.other["Tag_Profile_Custom_Team"], "blue".into());
    }
    // Flags go over a file's own fields.
    let dir = TempDir::new("profile-flags");
    let file = dir.write(
        "p.jsonl",
        "{\"UserID\":\"fa\",\"Nick\":\"Own\",\"Level\":9}\n",
    );
    let out = run(emu
        .imctl()
        .args(["profile", "set", "--level", "4", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    let profile = emu.emulator().account("fa").unwrap().profile;
    assert_eq!(
        (profile.nick.as_deref(), profile.level),
        (Some("Own"), Some(4))
    );
    // Bad values are refused before anything is sent.
    let out = run(emu
        .imctl()
        .args(["profile", "set", "fa", "--gender", "robot"]));
    assert_eq!(out.code, 2, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["profile", "set", "fa", "--custom", "Nope"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("TAG=VALUE"), "{out:?}");
}
