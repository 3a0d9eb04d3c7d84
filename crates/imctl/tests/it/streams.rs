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

#[test]
fn a_stopped_run_shows_its_summary_even_with_quiet() {
    use std::io::Read;
    let emu = fresh();
    let dir = TempDir::new("streams-stop");
    let ids: String = (0..3000).map(|i| format!("q{i}\n")).collect();
    let file = dir.write("ids.txt", &ids);
    let mut child = emu
        .imctl_std()
        .args(["-q", "accounts", "import", "--rate", "5", "--file"])
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("imctl starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while emu
        .emulator()
        .stats()
        .requests(im_proto::Api::MultiaccountImport)
        < 2
    {
        assert!(std::time::Instant::now() < deadline, "no request");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let code = child.wait().unwrap().code();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("not attempted"), "the summary: {stderr}");
}

#[test]
fn dry_run_plans_and_listeners_keep_data_on_stdout() {
    let emu = fresh();
    let dir = TempDir::new("streams-plan");
    let desired = dir.write("d.txt", "a\nnew1\n");
    let out = run(emu
        .imctl()
        .args(["accounts", "sync", "--dry-run", "--file"])
        .arg(&desired));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout, "create: new1\n",
        "the writes on stdout: {out:?}"
    );
    assert!(
        out.stderr.contains("plan: 1 create"),
        "the summary on stderr: {out:?}"
    );

    // --json callbacks listen announces its URL as JSON too.
    let mut child = crate::support::imctl_std()
        .args([
            "--json",
            "--sdkappid",
            "1400000000",
            "callbacks",
            "listen",
            "--count",
            "1",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("imctl starts");
    let mut first = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let json: serde_json::Value = serde_json::from_str(&first).expect("a JSON object");
    assert!(
        json["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{json}"
    );
}
