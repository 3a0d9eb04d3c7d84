//! `--emulator`: works with no other configuration, says so on stderr; the shipped examples.

use crate::support::{imctl, repo_root, run};

#[test]
fn the_readme_command_imports_the_sample_file() {
    let file = repo_root().join("examples/accounts.txt");
    let out = run(imctl()
        .args(["--emulator", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .starts_with("imctl: using an embedded emulator at http://127.0.0.1:"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("(SDKAppID 1400000000, admin administrator); nothing leaves this machine"),
        "{out:?}"
    );
    // Data on stdout (nothing failed: no line), talk on stderr: the note and the summary.
    assert_eq!(out.stdout, "", "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{out:?}");
    assert!(
        lines[1].starts_with("import: 1000 succeeded, 0 failed of 1000 in "),
        "{out:?}"
    );
    assert!(lines[1].ends_with(" accounts/s)"), "{out:?}");
    assert_eq!(lines[2], "  by status: imported 1000");
}

#[test]
fn the_sample_with_errors_shows_bad_line_reporting() {
    let file = repo_root().join("examples/accounts-with-errors.txt");
    let out = run(imctl()
        .args(["--emulator", "--quiet", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stdout.lines().count(),
        3,
        "the two failures and the duplicate: {out:?}"
    );
    assert!(
        out.stderr
            .starts_with("import: 5 succeeded, 2 failed, 1 duplicate skipped of 8"),
        "{out:?}"
    );

    let out = run(imctl()
        .args(["--emulator", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    for expected in [
        "this_user_id_is_far_too_long_for_the_service_0001 (line 13): failed: invalid UserID",
        "line 15: malformed JSON",
        "bob (line 17): skipped: duplicate of line 8",
    ] {
        assert!(out.stdout.contains(expected), "{expected}: {out:?}");
    }
}

#[test]
fn the_emulator_flag_runs_every_command_offline() {
    for args in [
        vec!["accounts", "check", "alice"],
        vec!["accounts", "status", "alice", "--detail"],
        vec!["accounts", "delete", "alice"],
        vec!["accounts", "kick", "alice"],
    ] {
        let out = run(imctl().arg("--emulator").args(&args));
        assert!(out.stderr.contains("embedded emulator"), "{out:?}");
        // A fresh emulator holds no account: check succeeds, the others fail with 70107.
        let expected = if args[1] == "check" { 0 } else { 1 };
        assert_eq!(out.code, expected, "{args:?}: {out:?}");
    }
}

#[test]
fn logs_go_to_stderr_only_with_rust_log_and_never_hold_secrets() {
    let out = run(imctl().env("RUST_LOG", "trace").args([
        "--emulator",
        "accounts",
        "import",
        "alice",
        "bob",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("im.call"), "logs on stderr: {out:?}");
    assert!(!out.stderr.contains('\u{1b}'), "no colours off a terminal");
    assert!(out.stderr.contains("import: 2 succeeded"), "{out:?}");
    assert!(
        !out.stderr.contains(crate::support::DEMO_KEY),
        "the key in a log"
    );
    // Every UserSig imctl generates is in the stored form, which starts with `eAEA`.
    assert!(!out.stderr.contains("eAEA"), "a UserSig in a log");
    assert!(out.stderr.contains("usersig=***"), "{out:?}");
}

#[test]
fn the_embedded_emulator_allows_the_rate_asked_for() {
    let dir = crate::support::TempDir::new("embedded-rate");
    let ids: String = (0..30_000).map(|i| format!("r_{i}\n")).collect();
    let file = dir.write("ids.txt", &ids);
    let out = run(imctl()
        .args([
            "--emulator",
            "--json",
            "accounts",
            "import",
            "--rate",
            "1000",
            "--file",
        ])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    let summary = lines.last().unwrap();
    assert_eq!(summary["succeeded"], 30_000);
    assert_eq!(summary["throttled"], 0, "{summary}");
}
