//! Data on stdout, talk on stderr, for every bulk command: per-account lines (or JSON objects,
//! the summary object last) on stdout; the human summary, notes and progress on stderr;
//! `--json -q` leaves stderr empty when the run succeeds.

use im_emulator::Account;

use crate::support::{TempDir, TestEmulator, run};

/// Every bulk command with arguments that succeed on an emulator holding `a` and `b`, and
/// how many per-account lines its human output has when all succeed.
fn commands(dir: &TempDir) -> Vec<(Vec<String>, usize, usize)> {
    let profiles = dir.write("p.jsonl", "{\"UserID\":\"a\",\"Nick\":\"A\"}\n");
    let desired = dir.write(
        "d.jsonl",
        "{\"UserID\":\"a\",\"Nick\":\"A\"}\n{\"UserID\":\"b\"}\n",
    );
    let path = |p: &std::path::Path| p.display().to_string();
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        // (arguments, human lines on stdout, JSON objects on stdout before the summary)
        (args(&["accounts", "import", "a", "b"]), 0, 2),
        (args(&["accounts", "check", "a", "b"]), 2, 2),
        (args(&["accounts", "status", "a", "b"]), 2, 2),
        (args(&["accounts", "kick", "a"]), 1, 1),
        (args(&["profile", "get", "a", "--fields", "Nick"]), 1, 1),
        (args(&["profile", "set", "--file", &path(&profiles)]), 0, 1),
        (
            args(&["accounts", "sync", "--yes", "--file", &path(&desired)]),
            0,
            2,
        ),
        (args(&["accounts", "delete", "--yes", "a", "b"]), 0, 2),
    ]
}

fn fresh() -> TestEmulator {
    let emu = TestEmulator::start();
    for id in ["a", "b"] {
        emu.emulator().insert_account(Account::new(id));
    }
    emu
}

#[test]
fn human_output_puts_accounts_on_stdout_and_the_summary_on_stderr() {
    let dir = TempDir::new("streams-human");
    for (args, lines, _) in commands(&dir) {
        let emu = fresh();
        let out = run(emu.imctl().args(&args));
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        assert_eq!(out.stdout.lines().count(), lines, "{args:?}: {out:?}");
        assert!(
            !out.stdout.contains("succeeded"),
            "no summary on stdout: {args:?}: {out:?}"
        );
        assert!(
            out.stderr.contains(" succeeded"),
            "the summary on stderr: {args:?}: {out:?}"
        );
        // --quiet keeps the data and says nothing more when all succeeded.
        let emu = fresh();
        let quiet = run(emu.imctl().arg("-q").args(&args));
        assert_eq!(quiet.code, 0, "{args:?}: {quiet:?}");
        assert_eq!(quiet.stdout.lines().count(), lines, "{args:?}: {quiet:?}");
        assert_eq!(quiet.stderr, "", "{args:?}: {quiet:?}");
    }
}

#[test]
fn json_quiet_gives_one_object_per_account_then_the_summary_and_an_empty_stderr() {
    let dir = TempDir::new("streams-json");
    for (args, _, objects) in commands(&dir) {
        let emu = fresh();
        let out = run(emu.imctl().args(["--json", "-q"]).args(&args));
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        assert_eq!(out.stderr, "", "{args:?}: {out:?}");
        let lines = out.json();
        let (summary, items) = lines.split_last().expect("a summary");
        assert_eq!(summary["summary"], true, "{args:?}: {summary}");
        assert_eq!(items.len(), objects, "{args:?}: {out:?}");
        assert!(items.iter().all(|l| l.get("summary").is_none()));
    }
    // A run that fails says why on stderr, still with JSON alone on stdout.
    let emu = fresh();
    let out = run(emu.imctl().args([
        "--json",
        "-q",
        "--secret-key-file",
        "/nonexistent/key",
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.starts_with("imctl: error: "), "{out:?}");
    assert_eq!(out.stdout, "", "{out:?}");
}
