//! `--checkpoint`: a run killed with SIGKILL partway, then rerun, imports every account once.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::support::{
    TempDir, TestEmulator, json_lines, killed_after_lines, reported_once, run, whole_json_lines,
};

const ACCOUNTS: usize = 5000;

#[test]
fn a_killed_import_resumes_without_losing_or_repeating_accounts() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("checkpoint");
    let ids: Vec<String> = (0..ACCOUNTS).map(|i| format!("ck_{i:05}")).collect();
    let file = dir.write("accounts.txt", &(ids.join("\n") + "\n"));
    let journal = dir.path("import.ckpt");
    let mut args = vec!["--json", "accounts", "import", "--rate", "20", "--file"];
    args.extend([
        file.to_str().unwrap(),
        "--checkpoint",
        journal.to_str().unwrap(),
    ]);

    // Run 1, killed once it has reported 1000 accounts (of 5000, at 2000 a second).
    // Kill between two batches (they come every 50 ms at 20 calls a second), not right after
    // an output write: imctl journals a batch just after writing it, and a kill between those
    // two writes would (by design) make the rerun repeat that batch rather than lose it.
    let settle = Duration::from_millis(20);
    let first_text = killed_after_lines(
        emu.imctl_std().args(&args),
        1000,
        Duration::from_secs(20),
        settle,
    );
    let first = whole_json_lines(&first_text);
    assert!(
        first.len() >= 1000 && first.len() < ACCOUNTS,
        "{}",
        first.len()
    );
    assert!(
        first.iter().all(|l| l.get("summary").is_none()),
        "run 1 did not finish"
    );

    // Run 2: the same command.
    let mut cmd = emu.imctl();
    cmd.args(&args);
    let second = run(&mut cmd);
    assert_eq!(second.code, 0, "{second:?}");
    assert!(
        second.stderr.contains("resuming from checkpoint"),
        "{second:?}"
    );
    let lines = second.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    assert_eq!(summary["summary"], true);
    let skipped = summary["skipped"].as_u64().unwrap();
    assert!(skipped > 0, "{summary}");
    assert!(
        second
            .stderr
            .contains(&format!("skipping {skipped} accounts already done")),
        "{second:?}"
    );
    assert_eq!(summary["total"], ACCOUNTS as u64);
    assert_eq!(summary["failed"], 0);

    // Every account reported exactly once over the two runs, and imported.
    let reported = reported_once(first.iter().chain(outcomes));
    assert_eq!(reported.len(), ACCOUNTS);
    assert_eq!(outcomes.len() as u64 + skipped, ACCOUNTS as u64);
    assert_eq!(emu.user_ids(), ids);

    // Run 3: everything is done; it says so and sends nothing.
    a_finished_job_sends_nothing(&emu, &mut cmd);

    // The journal stays small.
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        text.starts_with("{\"imctl_checkpoint\":1,\"op\":\"import\",\"input\":"),
        "{text}"
    );
}

/// A rerun of an import of [`ACCOUNTS`] that is done says so, and sends nothing.
fn a_finished_job_sends_nothing(emu: &TestEmulator, cmd: &mut assert_cmd::Command) {
    let requests = emu.emulator().stats();
    let again = run(cmd);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(
        again
            .stderr
            .contains(&format!("skipping {ACCOUNTS} accounts already done")),
        "{again:?}"
    );
    let lines: Vec<Value> = again.json();
    assert_eq!(lines.len(), 1, "{again:?}");
    assert_eq!(lines[0]["skipped"], ACCOUNTS as u64);
    assert_eq!(emu.emulator().stats(), requests);
}

#[test]
fn a_checkpoint_of_another_job_is_refused() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("checkpoint-other");
    let file = dir.write("a.txt", "a\nb\n");
    let journal = dir.path("job.ckpt");
    let job = |op: &str, file: &std::path::Path| {
        let checkpoint = ["--checkpoint".as_ref(), journal.as_os_str()];
        run(emu
            .imctl()
            .args(["accounts", op, "--file"])
            .arg(file)
            .args(checkpoint))
    };
    let out = job("import", &file);
    assert_eq!(out.code, 0, "{out:?}");

    // Another operation on the same file, or other input, with the same journal.
    let out = job("delete", &file);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("belongs to another job"), "{out:?}");
    assert!(
        out.stderr.contains("delete it or choose another file"),
        "{out:?}"
    );
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "c", "--checkpoint"])
        .arg(&journal));
    assert_eq!(out.code, 2, "{out:?}");

    // Standard input cannot be recognised on a rerun.
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file", "-", "--checkpoint"])
        .arg(dir.path("stdin.ckpt"))
        .write_stdin("a\n"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("standard input"), "{out:?}");

    // The input is known by its content: touched or copied, it is the same job; changed, not.
    let copy = dir.write("copy.txt", "a\nb\n");
    let out = job("import", &copy);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("skipping 2 accounts already done"),
        "{out:?}"
    );
    std::fs::write(&copy, "a\nb\nc\n").unwrap();
    let out = job("import", &copy);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("the accounts changed since"), "{out:?}");
    assert!(out.stderr.contains("start over"), "{out:?}");

    // Positional IDs are recognised by their hash; delete resumes too.
    let journal = dir.path("delete.ckpt");
    let out = run(emu
        .imctl()
        .args(["accounts", "delete", "a", "b", "--checkpoint"])
        .arg(&journal));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["accounts", "delete", "a", "b", "--checkpoint"])
        .arg(&journal));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("skipping 2 accounts already done"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("skipped 2 done by earlier runs (checkpoint): 2 succeeded, 0 failed\n"),
        "{out:?}"
    );
}

/// Only final outcomes are journaled: accounts refused because the credentials were wrong are
/// tried again by the rerun, while per-account answers (an invalid line) stay done and keep
/// the job's exit code at 1.
#[test]
fn failures_that_never_reached_the_service_are_retried_on_resume() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("checkpoint-auth");
    let ids: String = (0..300).map(|i| format!("k_{i}\n")).collect();
    let file = dir.write("in.txt", &format!("{ids}{}\n", "x".repeat(40)));
    let journal = dir.path("job.ckpt");
    let wrong = run(emu
        .imctl()
        .env("IM_SECRET_KEY", "not-the-key")
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal));
    assert_eq!(wrong.code, 3, "{wrong:?}");
    assert!(emu.user_ids().is_empty());

    let right = run(emu
        .imctl()
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal));
    // The invalid line was final in the first run: skipped now, and still a failure of the job.
    assert_eq!(right.code, 1, "{right:?}");
    assert!(
        right
            .stderr
            .contains("skipping 1 accounts already done (1 of them failed"),
        "{right:?}"
    );
    let lines = right.json();
    let summary = lines.last().unwrap();
    assert_eq!(summary["succeeded"], 300, "{summary}");
    assert_eq!(summary["skipped"], 1, "{summary}");
    // The summary says the job as a whole has a failure, from the earlier run.
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(
        summary["earlier"],
        serde_json::json!({"succeeded": 0, "failed": 1}),
        "{summary}"
    );
    assert_eq!(emu.user_ids().len(), 300);
    let human = run(emu
        .imctl()
        .args(["accounts", "import", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal));
    assert_eq!(human.code, 1, "{human:?}");
    assert!(
        human.stderr.contains(
            "skipped 301 done by earlier runs (checkpoint): 300 succeeded, 1 failed; --retry-failed sends the failed ones again"
        ),
        "{human:?}"
    );
}

#[test]
fn ctrl_c_stops_sending_prints_the_summary_and_a_rerun_finishes() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("interrupt");
    let ids: Vec<String> = (0..3000).map(|i| format!("int_{i:05}")).collect();
    let file = dir.write("accounts.txt", &(ids.join("\n") + "\n"));
    let journal = dir.path("import.ckpt");
    let args = |cmd: &mut std::process::Command| {
        cmd.args(["--json", "accounts", "import", "--rate", "5", "--file"])
            .arg(&file)
            .arg("--checkpoint")
            .arg(&journal);
    };
    let mut cmd = emu.imctl_std();
    args(&mut cmd);
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("imctl starts");
    // Interrupted once the service has seen some of the 30 calls (5 a second).
    while emu
        .emulator()
        .stats()
        .requests(im_proto::Api::MultiaccountImport)
        < 3
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("rerun with the same --checkpoint"),
        "{stderr}"
    );
    let first = json_lines(&stdout);
    let (summary, outcomes) = first.split_last().unwrap();
    assert_eq!(summary["summary"], true, "the summary is printed");
    let sent = outcomes.iter().filter(|l| l["ok"] == true).count();
    assert!(sent > 0 && sent < 3000, "{sent}");
    // The accounts never sent are "not attempted": their own count, not failures.
    assert!(
        outcomes.iter().all(|l| l["ok"] == true
            || (l["reason"] == "not_attempted" && l["status"] == "not_attempted")),
        "{stdout}"
    );
    let never = outcomes.iter().filter(|l| l["ok"] == false).count();
    assert!(never > 0, "{stdout}");
    assert_eq!(summary["not_attempted"].as_u64().unwrap() as usize, never);
    assert_eq!(summary["failed"], 0, "{summary}");

    // The rerun imports the rest, and only the rest.
    let mut cmd = emu.imctl();
    cmd.args(["--json", "accounts", "import", "--file"])
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal);
    let second = run(&mut cmd);
    assert_eq!(second.code, 0, "{second:?}");
    let lines = second.json();
    let (summary, rest) = lines.split_last().unwrap();
    assert_eq!(summary["skipped"].as_u64().unwrap() as usize, sent);
    assert_eq!(rest.len() + sent, 3000);
    assert_eq!(emu.user_ids(), ids);
}
