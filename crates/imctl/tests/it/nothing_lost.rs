//! Regressions of the "nothing lost, nothing silent" review: `accounts sync` never deletes an
//! account the desired state names, counts `--previous` by distinct UserIDs, refuses what it
//! cannot write before writing, never saves a plan with failed reads, refuses a cut or edited
//! plan, stops on signals; checkpoints never overwrite a file that is not theirs.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use im_emulator::{Account, Emulator, FaultConfig, FaultKind, FaultRule};
use im_proto::Api;

use crate::support::{TempDir, TestEmulator, json_lines, run, writes};

/// An emulator holding `ids`, without rate limits.
fn holding(ids: &[&str]) -> TestEmulator {
    let emu = TestEmulator::with(Emulator::builder().without_rate_limits());
    for id in ids {
        emu.emulator().insert_account(Account::new(*id));
    }
    emu
}

fn sync(
    emu: &TestEmulator,
    args: &[&str],
    files: &[(&str, &std::path::Path)],
) -> crate::support::Run {
    let mut cmd = emu.imctl();
    cmd.args(["accounts", "sync"]);
    for (flag, path) in files {
        cmd.arg(flag).arg(path);
    }
    cmd.args(args);
    run(&mut cmd)
}

#[test]
fn an_account_named_on_a_bad_desired_line_is_never_deleted() {
    let emu = holding(&["alice", "bob", "dave"]);
    let dir = TempDir::new("lost-named");
    // bob's line is readable but its Gender is not one of the documented values.
    let desired = dir.write(
        "desired.jsonl",
        "{\"UserID\":\"alice\"}\n{\"UserID\":\"bob\",\"Gender\":\"Gender_Type_Robot\"}\n",
    );
    let previous = dir.write("previous.txt", "alice\nbob\ndave\n");
    let files = [
        ("--file", desired.as_path()),
        ("--previous", previous.as_path()),
    ];
    let out = sync(&emu, &["--json", "--prune", "--yes", "--dry-run"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    let bob = lines.iter().find(|l| l["UserID"] == "bob").unwrap();
    assert_eq!(bob["action"], "invalid", "{bob}");
    assert!(
        bob["why"].as_str().unwrap().contains("Gender_Type_Robot"),
        "the offending value is named: {bob}"
    );
    assert!(bob["why"].as_str().unwrap().contains("must be one of"));

    let before = writes(&emu);
    let out = sync(&emu, &["--prune", "--yes", "--max-delete", "100%"], &files);
    assert_eq!(out.code, 1, "bob's line is invalid: {out:?}");
    assert!(emu.emulator().account("bob").is_some(), "bob is kept");
    assert!(emu.emulator().account("dave").is_none(), "dave is pruned");
    assert_eq!(
        emu.emulator().stats().requests(Api::PortraitSet),
        0,
        "the invalid Gender is refused before any request"
    );
    assert!(writes(&emu) > before);
}

#[test]
fn an_unreadable_desired_line_stops_prune_whatever_yes_says() {
    let emu = holding(&["alice", "carol", "dave"]);
    let dir = TempDir::new("lost-unreadable");
    // Line 2 is cut short: its UserID (carol) cannot be known.
    let desired = dir.write(
        "desired.jsonl",
        "{\"UserID\":\"alice\"}\n{\"UserID\":\"carol\",\"Nick\":\"C\"\n{\"UserID\":\"new\"}\n",
    );
    let previous = dir.write("previous.txt", "alice\ncarol\ndave\n");
    let files = [
        ("--file", desired.as_path()),
        ("--previous", previous.as_path()),
    ];
    let before = writes(&emu);
    let out = sync(&emu, &["--prune", "--yes", "--max-delete", "100%"], &files);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("--prune deletes nothing")
            && out.stderr.contains("line 2")
            && out.stderr.contains("nothing was written"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("malformed JSON"),
        "the line is named: {out:?}"
    );
    assert_eq!(writes(&emu), before, "nothing written");
    assert_eq!(emu.user_ids(), ["alice", "carol", "dave"]);

    // The dry run shows the plan, every invalid line with its reason, and says the same.
    let out = sync(&emu, &["--json", "--prune", "--dry-run"], &files);
    assert_eq!(out.code, 2, "{out:?}");
    let lines = out.json();
    let bad = lines.iter().find(|l| l["line"] == 2).unwrap();
    assert_eq!(bad["action"], "invalid");
    assert_eq!(bad["unreadable"], true);
    let (summary, _) = lines.split_last().unwrap();
    assert_eq!(summary["plan"]["delete"], 0, "{summary}");
    assert!(out.stderr.contains("--prune deletes nothing"), "{out:?}");

    // Without --prune the rest is applied.
    let out = sync(&emu, &["--yes"], &files);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(emu.emulator().account("new").is_some());
    assert_eq!(emu.user_ids().len(), 4);
}

#[test]
fn the_max_delete_base_counts_distinct_previous_user_ids() {
    let ids: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let emu = holding(&refs);
    let dir = TempDir::new("lost-distinct");
    let desired = dir.write("desired.txt", &(ids[..8].join("\n") + "\n"));
    // Every previous line twice: 10 accounts, not 20.
    let mut text = String::new();
    for id in &ids {
        text.push_str(&format!("{id}\n{id}\n"));
    }
    let previous = dir.write("previous.txt", &text);
    let files = [
        ("--file", desired.as_path()),
        ("--previous", previous.as_path()),
    ];
    let out = sync(&emu, &["--json", "--prune", "--dry-run"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    let summary = out.json().pop().unwrap();
    assert_eq!(summary["previous"], 10, "{summary}");
    assert_eq!(summary["plan"]["delete"], 2, "{summary}");
    assert_eq!(summary["over_max_delete"], 1, "10% of 10 is 1: {summary}");
    // 2 deletes of 10 accounts is over the default 10%: nothing is written.
    let out = sync(&emu, &["--prune"], &files);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("1 of the 10 in --previous"), "{out:?}");
    assert_eq!(emu.user_ids().len(), 10);
}

#[test]
fn a_nick_over_500_bytes_is_invalid_before_any_request() {
    let emu = holding(&[]);
    let dir = TempDir::new("lost-nick");
    let long = "n".repeat(501);
    let desired = dir.write(
        "desired.jsonl",
        &format!("{{\"UserID\":\"ok\",\"Nick\":\"fine\"}}\n{{\"UserID\":\"long\",\"Nick\":\"{long}\"}}\n{{\"UserID\":\"face\",\"FaceUrl\":\"http://x/{long}\"}}\n"),
    );
    let out = sync(&emu, &["--json", "--yes"], &[("--file", desired.as_path())]);
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    for id in ["long", "face"] {
        let line = lines.iter().find(|l| l["UserID"] == id).unwrap();
        assert_eq!(line["ok"], false, "{line}");
        assert_eq!(line["action"], "invalid", "{line}");
        assert!(
            line["error"]
                .as_str()
                .unwrap()
                .contains("must be at most 500 bytes"),
            "{line}"
        );
        assert!(emu.emulator().account(id).is_none(), "{id} is not written");
    }
    assert_eq!(
        emu.emulator()
            .account("ok")
            .unwrap()
            .profile
            .nick
            .as_deref(),
        Some("fine")
    );
}

#[test]
fn a_plan_with_failed_reads_is_not_saved_and_a_rerun_reads_again() {
    let emu = holding(&[]);
    emu.emulator().set_faults(
        FaultConfig::new().api_rule(
            Api::AccountCheck,
            FaultRule::new()
                .probability(1.0)
                .kinds([FaultKind::Code70500]),
        ),
    );
    let dir = TempDir::new("lost-reads");
    let desired = dir.write("desired.txt", "r1\nr2\n");
    let checkpoint = dir.path("sync.ckpt");
    let files = [
        ("--file", desired.as_path()),
        ("--checkpoint", checkpoint.as_path()),
    ];
    let out = sync(&emu, &["--yes", "--max-attempts", "1"], &files);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("reading r1 (line 1) failed"), "{out:?}");
    assert!(out.stderr.contains("the plan was not saved"), "{out:?}");
    assert!(!dir.path("sync.ckpt.plan").exists(), "no plan saved");
    assert_eq!(writes(&emu), 0);

    // The fault is gone: the rerun reads again and creates both.
    emu.emulator().set_faults(FaultConfig::default());
    let out = sync(&emu, &["--yes"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["r1", "r2"]);
}

#[test]
fn a_cut_or_edited_plan_is_refused_before_writing() {
    let emu = holding(&["keep"]);
    let dir = TempDir::new("lost-plan");
    let desired = dir.write("desired.txt", "keep\nn1\nn2\n");
    let checkpoint = dir.path("sync.ckpt");
    let plan = dir.path("sync.ckpt.plan");
    let files = [
        ("--file", desired.as_path()),
        ("--checkpoint", checkpoint.as_path()),
    ];
    let out = sync(&emu, &["--dry-run"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    let saved = std::fs::read_to_string(&plan).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&plan).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the plan is the owner's only");
    }

    // Cut short: the end line is missing.
    let mut lines: Vec<&str> = saved.lines().collect();
    lines.pop();
    std::fs::write(&plan, lines.join("\n") + "\n").unwrap();
    let out = sync(&emu, &["--yes"], &files);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("cut short"), "{out:?}");
    assert_eq!(writes(&emu), 0);

    // Edited: a create turned into a delete of an existing account.
    let edited = saved.replacen("\"n1\"", "\"keep\"", 1);
    std::fs::write(&plan, edited).unwrap();
    let out = sync(&emu, &["--yes"], &files);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("edited or damaged"), "{out:?}");
    assert_eq!(writes(&emu), 0);

    std::fs::write(&plan, &saved).unwrap();
    let out = sync(&emu, &["--yes"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["keep", "n1", "n2"]);
}

#[test]
fn a_checkpoint_never_overwrites_a_file_that_is_not_a_journal() {
    let emu = holding(&[]);
    let dir = TempDir::new("lost-ckpt");
    let key = "0123456789abcdef0123456789abcdef";
    let secret = dir.write("secret.key", key);
    let mut cmd = emu.imctl();
    cmd.args(["accounts", "import", "a", "--checkpoint"])
        .arg(&secret);
    let out = run(&mut cmd);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("is not an imctl checkpoint"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), key, "untouched");
    assert!(emu.user_ids().is_empty());

    // A sync's plan path holding something else is left alone too.
    let desired = dir.write("desired.txt", "a\n");
    let other = dir.write("other.plan", "my notes\n");
    let out = sync(
        &emu,
        &["--yes"],
        &[
            ("--file", desired.as_path()),
            ("--checkpoint", dir.path("other").as_path()),
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("is not an imctl sync plan"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "my notes\n");

    // A new journal is the owner's only; an empty file (mktemp) is used.
    let journal = dir.write("empty.ckpt", "");
    let mut cmd = emu.imctl();
    cmd.args(["accounts", "import", "a", "--checkpoint"])
        .arg(&journal);
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{out:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&journal).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

const UPDATES: usize = 600;

/// Runs `cmd`, sends it SIGTERM once it has written `lines` lines on stdout (within 30 s),
/// and waits for it to exit (within 20 s): its exit code and everything it wrote.
fn terminated_after_lines(cmd: &mut std::process::Command, lines: usize) -> (Option<i32>, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("imctl starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for (n, line) in BufReader::new(stdout).lines().enumerate() {
            let Ok(line) = line else { break };
            all.push_str(&line);
            all.push('\n');
            if n == lines {
                let _ = tx.send(());
            }
        }
        all
    });
    rx.recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{lines} outcomes within 30 s"));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        assert!(Instant::now() < deadline, "it did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    (code, reader.join().unwrap())
}

#[test]
fn sync_stops_on_sigterm_after_its_summary_and_resumes() {
    let emu = TestEmulator::with(Emulator::builder().rate_limit(Api::PortraitSet, Some(100)));
    let dir = TempDir::new("lost-sigterm");
    let mut text = String::new();
    for i in 0..UPDATES {
        let id = format!("s{i:04}");
        emu.emulator().insert_account(Account::new(&id));
        text.push_str(&format!("{{\"UserID\":\"{id}\",\"Level\":7}}\n"));
    }
    let desired = dir.write("desired.jsonl", &text);
    let checkpoint = dir.path("sync.ckpt");
    let mut cmd = emu.imctl_std();
    cmd.args(["--json", "accounts", "sync", "--yes", "--file"])
        .arg(&desired)
        .arg("--checkpoint")
        .arg(&checkpoint);
    let (code, stdout) = terminated_after_lines(&mut cmd, 50);
    assert_eq!(code, Some(143));
    let first = json_lines(&stdout);
    let (summary, outcomes) = first.split_last().unwrap();
    assert_eq!(
        summary["summary"], true,
        "the summary is printed: {summary}"
    );
    let done: Vec<&str> = outcomes
        .iter()
        .filter(|o| o["ok"] == true)
        .map(|o| o["UserID"].as_str().unwrap())
        .collect();
    assert!(done.len() < UPDATES, "stopped early");
    // Every entry once: done, or not attempted (never sent).
    assert_eq!(outcomes.len(), UPDATES, "{summary}");
    assert_eq!(
        summary["succeeded"].as_u64().unwrap() + summary["not_attempted"].as_u64().unwrap(),
        UPDATES as u64,
        "{summary}"
    );

    let mut cmd = emu.imctl();
    cmd.args(["--json", "accounts", "sync", "--yes", "--file"])
        .arg(&desired)
        .arg("--checkpoint")
        .arg(&checkpoint);
    let second = run(&mut cmd);
    assert_eq!(second.code, 0, "{second:?}");
    let lines = second.json();
    let (_, rest) = lines.split_last().unwrap();
    let mut all: Vec<&str> = rest
        .iter()
        .map(|o| o["UserID"].as_str().unwrap())
        .chain(done.iter().copied())
        .collect();
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "no account reported done twice");
    assert_eq!(all.len(), UPDATES);
    let sevens = emu
        .emulator()
        .accounts()
        .iter()
        .filter(|a| a.profile.level == Some(7))
        .count();
    assert_eq!(sevens, UPDATES);
}

const DELETES: usize = 3000;

#[test]
fn a_delete_killed_with_requests_done_but_not_journaled_resumes_without_failures() {
    let emu = TestEmulator::with(Emulator::builder().without_rate_limits());
    let dir = TempDir::new("lost-delete-kill");
    let mut text = String::new();
    for i in 0..DELETES {
        let id = format!("d{i:05}");
        emu.emulator().insert_account(Account::new(&id));
        text.push_str(&id);
        text.push('\n');
    }
    let file = dir.write("leavers.txt", &text);
    let checkpoint = dir.path("delete.ckpt");
    let args = |cmd: &mut std::process::Command| {
        cmd.args(["--json", "accounts", "delete", "--yes", "--file"])
            .arg(&file)
            .arg("--checkpoint")
            .arg(&checkpoint);
    };
    // Nobody reads its stdout: once the pipe is full, outcomes wait unprinted (and so
    // unjournaled) while the service has already deleted those accounts.
    let mut cmd = emu.imctl_std();
    args(&mut cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("imctl starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = (DELETES, Instant::now());
    loop {
        let left = emu.emulator().account_count();
        if left != last.0 {
            last = (left, Instant::now());
        } else if left < DELETES && last.1.elapsed() > Duration::from_millis(500) {
            break;
        }
        assert!(Instant::now() < deadline, "deletes did not settle");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let deleted_before = DELETES - emu.emulator().account_count();

    let mut cmd = emu.imctl();
    cmd.args(["--json", "accounts", "delete", "--yes", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&checkpoint);
    let second = run(&mut cmd);
    assert_eq!(
        second.code, 0,
        "no 70107 for what the killed run deleted: {}",
        second.stderr
    );
    let lines = second.json();
    let (summary, rest) = lines.split_last().unwrap();
    assert!(rest.iter().all(|l| l["ok"] == true), "{}", second.stdout);
    let absent = rest.iter().filter(|l| l["status"] == "absent").count();
    assert!(
        absent > 0,
        "the killed run left deleted accounts unjournaled"
    );
    assert!(absent <= deleted_before);
    assert_eq!(
        summary["skipped"].as_u64().unwrap() as usize + rest.len(),
        DELETES
    );
    assert_eq!(emu.emulator().account_count(), 0);
}

#[test]
fn retry_failed_sends_again_only_what_failed() {
    let emu = holding(&["a", "b"]);
    let dir = TempDir::new("lost-retry");
    let checkpoint = dir.path("delete.ckpt");
    let delete = |extra: &[&str]| {
        let mut cmd = emu.imctl();
        cmd.args([
            "--json",
            "accounts",
            "delete",
            "--yes",
            "a",
            "b",
            "c",
            "--checkpoint",
        ])
        .arg(&checkpoint)
        .args(extra);
        run(&mut cmd)
    };
    let out = delete(&[]);
    assert_eq!(out.code, 1, "c does not exist: {out:?}");
    // c appears; a plain rerun skips everything and still reports the failure.
    emu.emulator().insert_account(Account::new("c"));
    let out = delete(&[]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(emu.emulator().account("c").is_some());
    let out = delete(&["--retry-failed"]);
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    let (summary, rest) = lines.split_last().unwrap();
    assert_eq!(rest.len(), 1, "only c is sent: {rest:?}");
    assert_eq!(rest[0]["UserID"], "c");
    assert_eq!(summary["skipped"], 2);
    assert!(emu.emulator().account("c").is_none());
    // The journal now says c succeeded: a plain rerun exits 0.
    let out = delete(&[]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn csv_input_says_what_it_cannot_read_instead_of_importing_it() {
    let emu = holding(&[]);
    let dir = TempDir::new("lost-csv");
    // A header we do not know: nothing is imported, the known columns are named.
    let file = dir.write("users.csv", "user_id,nick\nalice,Alice\n");
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no UserID column"), "{out:?}");
    assert!(out.stderr.contains("UserID, Nick, FaceUrl"), "{out:?}");
    assert!(emu.user_ids().is_empty(), "no account named user_id");

    // A JSON line, an unbalanced quote, a quoted Nick over two lines.
    let file = dir.write(
        "mixed.csv",
        "UserID,Nick\na,A\n{\"UserID\":\"j\"}\nb,\"Two\nLines\"\nc,Bo\"b\nd,D\ne,\"open\n",
    );
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let at = |line: u64| lines.iter().find(|l| l["line"] == line).unwrap();
    assert_eq!(at(2)["ok"], true);
    assert!(
        at(3)["error"]
            .as_str()
            .unwrap()
            .contains("is a JSON object")
    );
    assert_eq!(
        at(4)["UserID"],
        "b",
        "the record of lines 4-5 is reported at 4"
    );
    assert_eq!(at(4)["ok"], true);
    assert!(
        at(6)["error"]
            .as_str()
            .unwrap()
            .contains("quote inside the unquoted field 2")
    );
    assert_eq!(at(7)["ok"], true);
    assert!(at(8)["error"].as_str().unwrap().contains("never closes"));
    assert_eq!(emu.user_ids(), ["a", "b", "d"]);
    assert_eq!(
        emu.emulator().account("b").unwrap().profile.nick.as_deref(),
        Some("Two\nLines")
    );
    let summary = lines.last().unwrap();
    assert_eq!(summary["total"], 6, "{summary}");
}

#[test]
fn a_sync_stopped_by_refused_credentials_reports_each_entry_once() {
    let emu = holding(&[]);
    let dir = TempDir::new("lost-sync-auth");
    let text: String = (0..250)
        .map(|i| {
            format!("{{\"UserID\":\"cr{i}\",\"Nick\":\"n\",\"Gender\":\"Gender_Type_Male\"}}\n")
        })
        .collect();
    let desired = dir.write("desired.jsonl", &text);
    let checkpoint = dir.path("sync.ckpt");
    let files = [
        ("--file", desired.as_path()),
        ("--checkpoint", checkpoint.as_path()),
    ];
    let out = sync(&emu, &["--dry-run"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    let mut cmd = emu.imctl();
    cmd.env(
        "IM_SECRET_KEY",
        "0000000000000000000000000000000000000000000000000000000000000000",
    )
    .args([
        "--json",
        "accounts",
        "sync",
        "--yes",
        "--concurrency",
        "1",
        "--file",
    ])
    .arg(&desired)
    .arg("--checkpoint")
    .arg(&checkpoint);
    let out = run(&mut cmd);
    assert_eq!(out.code, 3, "{out:?}");
    let lines = out.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    let mut ids: Vec<&str> = outcomes
        .iter()
        .map(|o| o["UserID"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let all = ids.len();
    ids.dedup();
    assert_eq!(all, ids.len(), "an entry reported twice");
    assert_eq!(all, 250, "{summary}");
    assert_eq!(
        summary["failed"].as_u64().unwrap() + summary["not_attempted"].as_u64().unwrap(),
        250,
        "{summary}"
    );
    // The right key: a rerun applies everything.
    let out = sync(&emu, &["--yes"], &files);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids().len(), 250);
}

#[test]
fn csv_carriage_returns_and_unreadable_lines_inside_a_record_lose_nothing() {
    let emu = holding(&["p1", "p2", "p3"]);
    let dir = TempDir::new("lost-csv-cr");
    // Old Mac line breaks: one line holding three records. It is a bad line, not three
    // accounts silently dropped (or deleted by --prune).
    let desired = dir.write("desired.csv", "UserID,Nick\rp1,One\rp2,Two\rp3,Three\r");
    let previous = dir.write("previous.txt", "p1\np2\np3\n");
    let files = [
        ("--file", desired.as_path()),
        ("--previous", previous.as_path()),
    ];
    let out = sync(&emu, &["--prune", "--yes", "--max-delete", "100%"], &files);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--prune deletes nothing"), "{out:?}");
    assert_eq!(emu.user_ids(), ["p1", "p2", "p3"]);

    // A line too long inside a quoted field: the record is one bad line, at its first line.
    let long = "x".repeat(70_000);
    let file = dir.write(
        "long.csv",
        &format!("UserID,Nick\nalice,\"first\n{long}\nlast\"\nbob,Bob\n"),
    );
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let (summary, items) = lines.split_last().unwrap();
    // alice's record once (bad), the rest of it (its quote state unknown) a bad line of its
    // own, bob once.
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items.iter().filter(|l| l["line"] == 2).count(), 1);
    let first = items[0]["error"].as_str().unwrap();
    assert!(first.contains("runs into line 3"), "{items:?}");
    assert_eq!(items[1]["line"], 4, "{items:?}");
    assert_eq!(summary["total"], 3);
    assert!(emu.emulator().account("alice").is_none());
    assert!(emu.emulator().account("bob").is_some());
}
