//! `imctl friends`, `blacklist`, `follows` against an emulator: pairs from CSV and JSON Lines,
//! per-pair outcomes, a killed import resumed exactly, and the lists.

use std::time::Duration;

use im_emulator::Account;
use serde_json::Value;

use crate::support::{
    TempDir, TestEmulator, killed_after_lines, reported_once, run, whole_json_lines,
};

fn with_accounts(names: impl IntoIterator<Item = String>) -> TestEmulator {
    let emu = TestEmulator::start();
    for name in names {
        emu.emulator().insert_account(Account::new(name));
    }
    emu
}

fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

#[test]
fn friends_import_reads_csv_and_json_lines_and_a_rerun_exits_0() {
    let emu = with_accounts(names("u", 4));
    let dir = TempDir::new("friends-import");
    let csv = dir.write(
        "pairs.csv",
        "From_Account,To_Account,Remark,GroupName\nu0,u1,one,team\nu0,u2,,\nu1,u0,,\n",
    );
    let jsonl = dir.write(
        "pairs.jsonl",
        "{\"From_Account\":\"u3\",\"To_Account\":\"u0\",\"GroupName\":[\"a\",\"b\"],\"AddSource\":\"AddSource_Type_Web\"}\n",
    );
    for file in [&csv, &jsonl] {
        let out = run(emu.imctl().args(["friends", "import", "--file"]).arg(file));
        assert_eq!(out.code, 0, "{out:?}");
        assert!(out.stderr.contains("imported"), "{out:?}");
    }
    assert_eq!(emu.emulator().relations_of("u0").friends, ["u1", "u2"]);
    assert_eq!(emu.emulator().relations_of("u3").friends, ["u0"]);
    // Everything already there: exit 0, each pair said so.
    let again = run(emu
        .imctl()
        .args(["--json", "friends", "import", "--file"])
        .arg(&csv));
    assert_eq!(again.code, 0, "{again:?}");
    let lines = again.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    assert!(
        outcomes.iter().all(|l| l["status"] == "already_there"),
        "{lines:?}"
    );
    assert_eq!(summary["succeeded"], 3);
}

#[test]
fn a_bad_pair_fails_alone_with_its_reason() {
    let emu = with_accounts(names("u", 2));
    let dir = TempDir::new("friends-bad");
    let file = dir.write(
        "pairs.csv",
        "From_Account,To_Account\nu0,u1\nu0,ghost\nu0\nu1,u1\n",
    );
    let out = run(emu
        .imctl()
        .args(["--json", "friends", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let by_line = |n: u64| {
        lines
            .iter()
            .find(|l| l["line"] == n)
            .unwrap_or_else(|| panic!("line {n}: {lines:?}"))
    };
    assert_eq!(by_line(2)["ok"], true);
    assert_eq!(by_line(3)["code"], 30003);
    assert!(
        by_line(4)["error"].as_str().unwrap().contains("To_Account"),
        "{lines:?}"
    );
    assert!(
        by_line(5)["error"]
            .as_str()
            .unwrap()
            .contains("two accounts"),
        "{lines:?}"
    );
}

/// 3000 pairs at one call a second, killed with SIGKILL once 1000 are reported, then rerun:
/// every pair imported once, exit 0.
#[test]
fn a_killed_friend_import_resumes_exactly() {
    const PAIRS: usize = 3000;
    let mut accounts = names("f", 1000);
    accounts.extend(names("owner", 3));
    let emu = with_accounts(accounts);
    let dir = TempDir::new("friends-checkpoint");
    let mut text = "From_Account,To_Account\n".to_owned();
    for i in 0..PAIRS {
        text.push_str(&format!("owner{},f{}\n", i / 1000, i % 1000));
    }
    let file = dir.write("pairs.csv", &text);
    let journal = dir.path("import.ckpt");
    let args: Vec<String> = [
        "--json",
        "friends",
        "import",
        "--rate",
        "1",
        "--concurrency",
        "1",
        "--file",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([
        file.display().to_string(),
        "--checkpoint".into(),
        journal.display().to_string(),
    ])
    .collect();
    let first_text = killed_after_lines(
        emu.imctl_std().args(&args),
        1000,
        Duration::from_secs(30),
        Duration::from_millis(100),
    );
    let first = whole_json_lines(&first_text);
    assert!(
        first.len() >= 1000 && first.len() < PAIRS,
        "{}",
        first.len()
    );
    let second = run(emu.imctl().args(&args));
    assert_eq!(second.code, 0, "{second:?}");
    assert!(
        second.stderr.contains("resuming from checkpoint"),
        "{second:?}"
    );
    let lines = second.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    assert_eq!(summary["failed"], 0, "{summary}");
    let reported = reported_once(first.iter().chain(outcomes));
    assert_eq!(reported.len(), PAIRS);
    assert_eq!(emu.emulator().relation_counts().friend_entries, PAIRS);
}

#[test]
fn add_check_delete_block_and_list() {
    let emu = with_accounts(names("u", 3));
    let ok = |args: &[&str]| {
        let out = run(emu.imctl().args(args));
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        out
    };
    let pending = ok(&["--json", "friends", "add", "--from", "u0", "u1"]);
    assert_eq!(pending.json()[0]["status"], "pending");
    ok(&["friends", "add", "--force", "--from", "u0", "u1", "u2"]);
    let check = ok(&["friends", "check", "--both", "--from", "u1", "u0", "u2"]);
    assert!(
        check.stdout.contains("u1,u0: CheckResult_Type_BothWay"),
        "{check:?}"
    );
    assert!(
        check.stdout.contains("u1,u2: CheckResult_Type_NoRelation"),
        "{check:?}"
    );
    let list = ok(&["friends", "list", "u0"]);
    assert_eq!(list.stdout, "u1\nu2\n");
    ok(&["friends", "delete", "--both", "--from", "u0", "u2"]);
    assert_eq!(
        emu.emulator().relations_of("u2").friends,
        Vec::<String>::new()
    );
    ok(&["blacklist", "add", "--from", "u1", "u0"]);
    assert_eq!(
        emu.emulator().relations_of("u0").friends,
        Vec::<String>::new(),
        "blocking ends the friendship"
    );
    let listed = ok(&["--json", "blacklist", "list", "u1"]);
    let entries: Vec<Value> = listed.json();
    assert_eq!(entries[0]["UserID"], "u0");
    let blocked = ok(&["blacklist", "check", "--both", "--from", "u0", "u1"]);
    assert!(
        blocked.stdout.contains("BlackCheckResult_Type_BWithA"),
        "{blocked:?}"
    );
    let refused = run(emu
        .imctl()
        .args(["--json", "friends", "add", "--force", "--from", "u0", "u1"]));
    assert_eq!(refused.code, 1, "{refused:?}");
    assert_eq!(refused.json()[0]["code"], 30525);
}

#[test]
fn follows_add_list_and_counts() {
    let emu = with_accounts(names("u", 3));
    let out = run(emu
        .imctl()
        .args(["follows", "add", "--from", "u0", "u1", "u2"]));
    assert_eq!(out.code, 0, "{out:?}");
    run(emu.imctl().args(["follows", "add", "--from", "u1", "u0"]));
    let list = run(emu
        .imctl()
        .args(["follows", "list", "u0", "--type", "mutual"]));
    assert_eq!(list.stdout, "u1\n", "{list:?}");
    let counts = run(emu
        .imctl()
        .args(["--json", "follows", "counts", "u0", "u2"]));
    let lines = counts.json();
    assert_eq!(lines[0]["FollowingCount"], 2);
    assert_eq!(lines[0]["MutualFollowingCount"], 1);
    assert_eq!(lines[1]["FollowerCount"], 1);
    run(emu
        .imctl()
        .args(["follows", "delete", "--from", "u0", "u1"]));
    let after = run(emu.imctl().args(["follows", "list", "u1"]));
    assert_eq!(after.stdout, "", "{after:?}");
}

/// A pair job speaks of pairs (its summary's rate, its --file help), not of accounts.
#[test]
fn pair_commands_speak_of_pairs() {
    let emu = with_accounts(names("p", 2));
    let out = run(emu.imctl().args(["friends", "check", "--from", "p0", "p1"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains(" pairs/s)"), "{out:?}");
    let help = run(crate::support::imctl().args(["friends", "import", "--help"]));
    assert!(
        help.stdout.contains("Read pairs from this file"),
        "{help:?}"
    );
    assert!(!help.stdout.contains("Read the accounts"), "{help:?}");
}
