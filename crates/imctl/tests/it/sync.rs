//! `imctl accounts sync`: plans and applies against the emulator; dry runs write nothing;
//! the delete limit stops; a killed apply resumes from its checkpoint.

use std::collections::HashMap;
use std::time::Duration;

use im_emulator::{Account, Emulator};
use im_proto::{Api, Gender, Profile};

use crate::support::{
    TempDir, TestEmulator, killed_after_lines, reported_once, run, whole_json_lines, writes,
};

fn profile_of(emu: &TestEmulator, id: &str) -> Profile {
    emu.emulator().account(id).expect(id).profile
}

/// Accounts a1..a3 (a2 named Two), old1 and old2.
fn seeded() -> TestEmulator {
    let emu = TestEmulator::with(Emulator::builder().without_rate_limits());
    for id in ["a1", "a3", "old1", "old2"] {
        emu.emulator().insert_account(Account::new(id));
    }
    emu.emulator()
        .insert_account(Account::new("a2").with_nick("Two"));
    emu
}

const DESIRED: &str = r#"{"UserID":"a1","Nick":"One"}
{"UserID":"a2","Nick":"Two"}
{"UserID":"a3","Gender":"Gender_Type_Female"}
{"UserID":"n1","Nick":"New","Level":3}
{"UserID":"n2"}
{"UserID":"a9","Level":-1}
{"UserID":"a1"}
"#;

const PREVIOUS: &str = "a1\na2\na3\nold1\nold2\n";

#[test]
fn one_sync_creates_updates_deletes_and_reports_every_account_once() {
    let emu = seeded();
    let dir = TempDir::new("sync-all");
    let desired = dir.write("desired.jsonl", DESIRED);
    let previous = dir.write("previous.txt", PREVIOUS);
    let sync = |extra: &[&str]| {
        let mut cmd = emu.imctl();
        cmd.args(["--json", "accounts", "sync", "--file"])
            .arg(&desired)
            .arg("--previous")
            .arg(&previous)
            .args(["--prune", "--max-delete", "50%"])
            .args(extra);
        run(&mut cmd)
    };

    // The dry run plans every kind and writes nothing.
    let before = writes(&emu);
    let out = sync(&["--dry-run"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(writes(&emu), before, "a dry run writes nothing");
    let lines = out.json();
    let (summary, plan) = lines.split_last().unwrap();
    let action = |id: &str| {
        plan.iter()
            .find(|l| l["UserID"] == id)
            .map(|l| l["action"].as_str().unwrap().to_owned())
    };
    assert_eq!(action("a1").as_deref(), Some("update"));
    assert_eq!(action("a2").as_deref(), Some("unchanged"));
    assert_eq!(action("a3").as_deref(), Some("update"));
    assert_eq!(action("n1").as_deref(), Some("create"));
    assert_eq!(action("n2").as_deref(), Some("create"));
    assert_eq!(action("old1").as_deref(), Some("delete"));
    assert_eq!(action("a9").as_deref(), Some("invalid"));
    let duplicate = plan.iter().find(|l| l["line"] == 7).unwrap();
    assert_eq!(duplicate["why"], "duplicate of line 1");
    assert_eq!(summary["plan"]["create"], 2);
    assert_eq!(summary["plan"]["update"], 2);
    assert_eq!(summary["plan"]["delete"], 2);
    assert_eq!(summary["plan"]["invalid"], 2);
    assert_eq!(summary["writes"], 6);
    assert_eq!(summary["previous"], 5);

    // Applying: each desired line and each previous-only account exactly once.
    let out = sync(&[]);
    assert_eq!(out.code, 1, "two invalid lines: {out:?}");
    let lines = out.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    assert_eq!(outcomes.len(), 9, "{outcomes:?}");
    let mut seen: HashMap<(String, Option<u64>), usize> = HashMap::new();
    for o in outcomes {
        let key = (o["UserID"].as_str().unwrap().to_owned(), o["line"].as_u64());
        *seen.entry(key).or_default() += 1;
    }
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
    assert_eq!(summary["by_status"]["created"], 2);
    assert_eq!(summary["by_status"]["updated"], 2);
    assert_eq!(summary["by_status"]["deleted"], 2);
    assert_eq!(summary["by_status"]["unchanged"], 1);
    assert_eq!(summary["failed"], 2);
    assert_eq!(profile_of(&emu, "a1").nick.as_deref(), Some("One"));
    assert_eq!(profile_of(&emu, "a3").gender, Some(Gender::Female));
    let n1 = profile_of(&emu, "n1");
    assert_eq!((n1.nick.as_deref(), n1.level), (Some("New"), Some(3)));
    assert!(emu.emulator().account("n2").is_some());
    assert!(emu.emulator().account("old1").is_none());
    assert!(emu.emulator().account("old2").is_none());

    // A second sync of the same files plans no write (the deleted ones are already gone).
    let out = sync(&["--dry-run"]);
    assert_eq!(out.code, 0, "{out:?}");
    let summary = out.json().pop().unwrap();
    assert_eq!(summary["writes"], 0, "{summary}");
    assert_eq!(summary["plan"]["unchanged"], 7);
}

#[test]
fn without_prune_nothing_is_deleted_and_the_delete_limit_stops_before_writing() {
    let emu = seeded();
    let dir = TempDir::new("sync-limit");
    let desired = dir.write("desired.txt", "a1\n");
    let previous = dir.write("previous.txt", PREVIOUS);
    let base = || {
        let mut cmd = emu.imctl();
        cmd.args(["accounts", "sync", "--file"])
            .arg(&desired)
            .arg("--previous")
            .arg(&previous);
        cmd
    };
    let out = run(&mut base());
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("4 kept"), "{out:?}");
    assert_eq!(emu.user_ids().len(), 5, "nothing deleted without --prune");

    // 4 of 5 deletes is over the default 10%: stop, write nothing.
    let before = writes(&emu);
    let out = run(base().arg("--prune"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("over --max-delete 10%"), "{out:?}");
    assert!(out.stderr.contains("nothing was written"), "{out:?}");
    assert_eq!(writes(&emu), before);
    let out = run(base().args(["--prune", "--max-delete", "3"]));
    assert_eq!(out.code, 2, "{out:?}");
    let out = run(base().args(["--prune", "--yes"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("4 deleted"), "{out:?}");
    assert_eq!(emu.user_ids(), ["a1"]);

    let out = run(base().args(["--max-delete", "ten"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("\"ten\" is neither a count"), "{out:?}");
}

#[test]
fn a_saved_plan_is_applied_later_and_refused_for_changed_inputs() {
    let emu = seeded();
    let dir = TempDir::new("sync-plan");
    let desired = dir.write("desired.txt", "a1\nfresh\n");
    let checkpoint = dir.path("sync.ckpt");
    let sync = |extra: &[&str]| {
        let mut cmd = emu.imctl();
        cmd.args(["accounts", "sync", "--file"])
            .arg(&desired)
            .arg("--checkpoint")
            .arg(&checkpoint)
            .args(extra);
        run(&mut cmd)
    };
    let out = sync(&["--dry-run"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(dir.path("sync.ckpt.plan").exists());
    assert!(emu.emulator().account("fresh").is_none());
    let out = sync(&[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("using the plan saved in"), "{out:?}");
    assert!(emu.emulator().account("fresh").is_some());
    // Done: a rerun skips everything and writes nothing.
    let before = writes(&emu);
    let out = sync(&[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("skipped 2 done by earlier runs"),
        "{out:?}"
    );
    assert_eq!(writes(&emu), before);
    // Other inputs: refused, with what to do.
    std::fs::write(&desired, "a1\nfresh\nmore\n").unwrap();
    let out = sync(&[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("made from other inputs"), "{out:?}");
}

const UPDATES: usize = 1000;

#[test]
fn a_killed_apply_resumes_without_losing_or_repeating_accounts() {
    let emu = TestEmulator::with(Emulator::builder().rate_limit(Api::PortraitSet, Some(200)));
    let dir = TempDir::new("sync-kill");
    let mut text = String::new();
    for i in 0..UPDATES {
        let id = format!("k{i:04}");
        emu.emulator().insert_account(Account::new(&id));
        text.push_str(&format!(
            "{{\"UserID\":\"{id}\",\"Gender\":\"Gender_Type_Male\"}}\n"
        ));
    }
    let desired = dir.write("desired.jsonl", &text);
    let checkpoint = dir.path("sync.ckpt");
    let command = || {
        let mut cmd = emu.imctl_std();
        cmd.args(["--json", "accounts", "sync", "--file"])
            .arg(&desired)
            .arg("--checkpoint")
            .arg(&checkpoint);
        cmd
    };
    // Run 1: 1000 profile writes at 200 a second, killed after 300 outcomes.
    let (within, settle) = (Duration::from_secs(30), Duration::from_millis(2));
    let first = killed_after_lines(&mut command(), 300, within, settle);
    let first = whole_json_lines(&first);
    assert!(
        first.iter().all(|l| l.get("summary").is_none()),
        "run 1 was killed"
    );

    // Run 2: the same command finishes the job.
    let mut cmd = emu.imctl();
    cmd.args(["--json", "accounts", "sync", "--file"])
        .arg(&desired)
        .arg("--checkpoint")
        .arg(&checkpoint);
    let second = run(&mut cmd);
    assert_eq!(second.code, 0, "{second:?}");
    let lines = second.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    let reported = reported_once(first.iter().chain(outcomes));
    // The resumed run accounts for every entry once: skipped (done earlier) or applied now.
    let skipped = summary["skipped"].as_u64().unwrap();
    assert_eq!(skipped + outcomes.len() as u64, UPDATES as u64);
    // Run 1 printed what it journaled, except what the kill caught between the two (the
    // journal is written first: those are skipped, never done twice): one batch (1024) at most.
    assert!(skipped >= first.len() as u64, "{skipped} < {}", first.len());
    assert!(
        skipped - first.len() as u64 <= 1024,
        "{skipped} skipped for {} printed",
        first.len()
    );
    assert!(reported.len() as u64 + (skipped - first.len() as u64) == UPDATES as u64);
    let males = emu
        .emulator()
        .accounts()
        .iter()
        .filter(|a| a.profile.gender == Some(Gender::Male))
        .count();
    assert_eq!(males, UPDATES);
}
