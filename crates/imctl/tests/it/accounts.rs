//! `imctl accounts ...` against an emulator: every command, with IDs and with files.

use im_emulator::{Emulator, OnlineState};
use im_proto::openim::query_online_status::OnlineStatus;

use crate::support::{TempDir, TestEmulator, run};

#[test]
fn import_check_status_kick_and_delete_by_id() {
    let emu = TestEmulator::start();

    let out = run(emu.imctl().args(["accounts", "import", "alice", "bob"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .starts_with("import: 2 succeeded, 0 failed of 2 in "),
        "{out:?}"
    );
    assert!(out.stderr.contains("by status: imported 2"), "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(emu.user_ids(), ["alice", "bob"]);

    let out = run(emu.imctl().args(["accounts", "check", "alice", "ghost"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("alice: Imported\n"), "{out:?}");
    assert!(out.stdout.contains("ghost: NotImported\n"), "{out:?}");

    emu.emulator().set_online(
        "alice",
        OnlineState::new(OnlineStatus::Online).with_platform("iPhone", OnlineStatus::Online),
    );
    let out = run(emu
        .imctl()
        .args(["accounts", "status", "alice", "bob", "--detail"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("alice: Online (iPhone Online)\n"),
        "{out:?}"
    );
    assert!(out.stdout.contains("bob: Offline\n"), "{out:?}");
    let out = run(emu.imctl().args(["accounts", "status", "ghost"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.contains("ghost: failed: service error 70107"),
        "{out:?}"
    );

    let out = run(emu.imctl().args(["accounts", "kick", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("alice: kicked\n"), "{out:?}");
    assert!(
        out.stderr.contains("kick: 1 succeeded, 0 failed of 1"),
        "{out:?}"
    );
    let out = run(emu.imctl().args(["accounts", "kick", "ghost"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("ghost: failed:"), "{out:?}");
    assert!(out.stdout.contains("70107"), "{out:?}");

    let out = run(emu.imctl().args(["accounts", "delete", "alice", "bob"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.starts_with("delete: 2 succeeded"), "{out:?}");
    assert!(emu.user_ids().is_empty());
    let out = run(emu.imctl().args(["accounts", "delete", "alice"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.contains("alice: failed: service error 70107"),
        "{out:?}"
    );
}

/// A file mixing plain lines, JSON Lines, blank lines, comments and bad lines.
const MIXED: &str = "\
# accounts
plain_1
  plain_2  \r
{\"UserID\":\"json_1\",\"Nick\":\"Json One\",\"FaceUrl\":\"https://example.com/j1.png\"}

{\"UserID\":\"json_2\",\"Extra\":true}
this_user_id_is_far_too_long_for_the_service
{\"UserID\":\"broken\"
{\"Nick\":\"no id\"}
plain_1
plain_3
";

#[test]
fn files_with_bad_lines_report_them_by_line_number() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("mixed");
    let file = dir.write("accounts.txt", MIXED);

    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines.contains(
            &"this_user_id_is_far_too_long_for_the_service (line 7): failed: invalid UserID \"this_user_id_is_far_too_long_for_the_service\": must be at most 32 bytes (is 44 bytes)"
        ),
        "{out:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("line 8: malformed JSON")),
        "{out:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("line 9:") && l.contains("no \"UserID\"")),
        "{out:?}"
    );
    assert!(
        lines.contains(&"plain_1 (line 10): skipped: duplicate of line 2"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("import: 5 succeeded, 3 failed, 1 duplicate skipped of 9 in "),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("failed by reason: invalid 3\n"),
        "{out:?}"
    );
    assert_eq!(
        emu.user_ids(),
        ["json_1", "json_2", "plain_1", "plain_2", "plain_3"]
    );
    let json_1 = emu.emulator().account("json_1").unwrap();
    assert_eq!(json_1.nick.as_deref(), Some("Json One"));
    assert_eq!(
        json_1.face_url.as_deref(),
        Some("https://example.com/j1.png")
    );

    // check, status and delete read the same file (Nick and FaceUrl ignored).
    let out = run(emu.imctl().args(["accounts", "check", "--file"]).arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("json_2: Imported\n"), "{out:?}");
    assert!(out.stdout.contains("plain_3: Imported\n"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["accounts", "status", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("json_1: Offline\n"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["accounts", "delete", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr
            .contains("delete: 5 succeeded, 3 failed, 1 duplicate skipped of 9"),
        "{out:?}"
    );
    assert!(emu.user_ids().is_empty());
}

#[test]
fn arguments_and_standard_input_combine() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "first", "--file", "-"])
        .write_stdin("second\n# note\nthird\n"));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("3 succeeded, 0 failed of 3"), "{out:?}");
    assert_eq!(emu.user_ids(), ["first", "second", "third"]);

    // An invalid UserID given as an argument fails validation (exit 1), the rest still runs.
    let long = "y".repeat(33);
    let out = run(emu.imctl().args(["accounts", "check", "first", &long]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("first: Imported"), "{out:?}");
    assert!(out.stdout.contains("must be at most 32 bytes"), "{out:?}");
}

#[test]
fn tuning_flags_are_accepted_and_quiet_keeps_only_the_summary_line() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("tuning");
    let ids: String = (0..250).map(|i| format!("t_{i}\n")).collect();
    let file = dir.write("ids.txt", &ids);
    let out = run(emu
        .imctl()
        .args([
            "--quiet",
            "accounts",
            "import",
            "--rate",
            "500",
            "--concurrency",
            "2",
        ])
        .args(["--max-attempts", "3", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    // --quiet and everything succeeded: nothing to say.
    assert_eq!(out.stdout, "", "{out:?}");
    assert_eq!(out.stderr, "", "{out:?}");
    assert_eq!(emu.emulator().account_count(), 250);

    let out = run(emu
        .imctl()
        .args(["--quiet", "accounts", "check", "t_1", "nope"]));
    // The statuses are the data: --quiet keeps them, and says nothing else.
    assert_eq!(out.stdout, "t_1: Imported\nnope: NotImported\n", "{out:?}");
    assert_eq!(out.stderr, "", "{out:?}");
}

#[test]
fn failures_after_retries_are_reported_per_account() {
    // Every multiaccount_import answers 70500: the chunk fails after its attempts.
    let emu = TestEmulator::with(
        Emulator::builder().api_fault_rule(
            im_proto::Api::MultiaccountImport,
            im_emulator::FaultRule::new()
                .probability(1.0)
                .kinds([im_emulator::FaultKind::Code70500]),
        ),
    );
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "a1", "a2", "--max-attempts", "2"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout
            .contains("a1: failed: request failed: service error 70500"),
        "{out:?}"
    );
    assert!(out.stderr.contains("failed by reason: 70500 2"), "{out:?}");
    assert!(out.stderr.contains("1 retries"), "{out:?}");
}

#[test]
fn dry_runs_check_what_exists_and_write_nothing() {
    let emu = TestEmulator::start();
    let out = run(emu.imctl().args(["accounts", "import", "a", "b"]));
    assert_eq!(out.code, 0, "{out:?}");
    let writes = |emu: &TestEmulator| {
        let stats = emu.emulator().stats();
        [
            im_proto::Api::MultiaccountImport,
            im_proto::Api::AccountImport,
            im_proto::Api::AccountDelete,
            im_proto::Api::Kick,
        ]
        .iter()
        .map(|&api| stats.requests(api))
        .sum::<u64>()
    };
    let before = writes(&emu);
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--dry-run", "a", "new"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("a: exists\n"), "{out:?}");
    assert!(out.stdout.contains("new: would_import\n"), "{out:?}");
    assert!(
        out.stderr.contains("import (dry run): 2 succeeded"),
        "{out:?}"
    );
    let out = run(emu
        .imctl()
        .args(["accounts", "delete", "--dry-run", "b", "gone"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("b: would_delete\n"), "{out:?}");
    assert!(out.stdout.contains("gone: absent\n"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "kick", "--dry-run", "a", "nobody"]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    assert_eq!(lines[0]["status"], "would_kick");
    assert_eq!(lines[1]["status"], "not_found");
    assert_eq!(writes(&emu), before, "a dry run writes nothing");
    assert_eq!(emu.user_ids(), ["a", "b"]);
}

#[test]
fn kick_takes_many_accounts_and_files() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("kick-many");
    let ids: Vec<String> = (0..250).map(|i| format!("k{i:03}")).collect();
    let file = dir.write("ids.txt", &ids.join("\n"));
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["--quiet", "accounts", "kick", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout.lines().count(),
        250,
        "a line per account: {out:?}"
    );
    assert_eq!(out.stderr, "", "--quiet, all succeeded: {out:?}");
    assert_eq!(
        emu.emulator().stats().requests(im_proto::Api::Kick),
        250,
        "one call per account"
    );
}

/// Runs `imctl ARGS` on a terminal (util-linux `script`, in Debian's essential bsdutils),
/// typing `answer` once it has started; its exit code and what the terminal showed.
fn on_a_terminal(emu: &TestEmulator, args: &str, answer: &str) -> (i32, String) {
    use std::io::Write;
    let imctl = env!("CARGO_BIN_EXE_imctl");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &format!("{imctl} {args}"), "/dev/null"])
        .env("IMCTL_CONFIG", crate::support::NO_CONFIG)
        .env("IM_SECRET_KEY", emu.emulator().secret_key())
        .env("IM_ENDPOINT", emu.url())
        .env("IM_SDKAPPID", emu.emulator().sdkappid().to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let _ = stdin.write_all(answer.as_bytes());
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn delete_asks_on_a_terminal_unless_yes() {
    let emu = TestEmulator::start();
    let out = run(emu.imctl().args(["accounts", "import", "a", "b", "c"]));
    assert_eq!(out.code, 0, "{out:?}");
    let (code, screen) = on_a_terminal(&emu, "accounts delete a b", "n\n");
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains("delete 2 accounts? This cannot be undone. [y/N]"),
        "{screen}"
    );
    assert!(screen.contains("nothing was deleted"), "{screen}");
    assert_eq!(emu.user_ids(), ["a", "b", "c"]);
    let (code, screen) = on_a_terminal(&emu, "accounts delete a", "y\n");
    assert_eq!(code, 0, "{screen}");
    assert_eq!(emu.user_ids(), ["b", "c"]);
    let (code, screen) = on_a_terminal(&emu, "accounts delete --yes b", "");
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("[y/N]"), "{screen}");
    assert_eq!(emu.user_ids(), ["c"]);
    // stderr sent to a file: a person is still at the terminal, and is asked there.
    let dir = TempDir::new("delete-tty");
    let log = dir.path("err.log");
    let (code, screen) = on_a_terminal(
        &emu,
        &format!("accounts delete c 2>{}", log.display()),
        "n\n",
    );
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("delete 1 accounts?"), "{screen}");
    assert_eq!(emu.user_ids(), ["c"], "not deleted");
}

#[test]
fn sync_asks_on_a_terminal_before_writing() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("sync-tty");
    let desired = dir.write("desired.txt", "t1\nt2\n");
    let args = format!("accounts sync --file {}", desired.display());
    let (code, screen) = on_a_terminal(&emu, &args, "n\n");
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains("apply 2 writes (2 create, 0 update, 0 delete)? [y/N]"),
        "{screen}"
    );
    assert!(emu.user_ids().is_empty(), "nothing written");
    let (code, screen) = on_a_terminal(&emu, &args, "y\n");
    assert_eq!(code, 0, "{screen}");
    assert_eq!(emu.user_ids(), ["t1", "t2"]);
}
