//! `imctl messages send --checkpoint` against the emulator's message store: killed (SIGKILL)
//! while batches are in flight, rerun after batchsendmsg's would-be 120 s window has passed on
//! the emulator clock, every recipient holds exactly one message and is reported once.

use std::collections::HashMap;
use std::time::Duration;

use im_emulator::{Account, Emulator, FaultConfig, FaultRule};
use im_proto::Api;
use serde_json::Value;

use crate::support::{TempDir, TestEmulator, killed_after_lines, run, whole_json_lines};

const RECIPIENTS: usize = 3000;

/// An emulator holding the recipients, whose batch sends take 300 ms each, so that several
/// are in flight at any time at `--concurrency 4`.
fn slow_emulator(recipients: &[String]) -> TestEmulator {
    let slow = FaultConfig::new().api_rule(
        Api::Batchsendmsg,
        FaultRule::new().latency(Duration::from_millis(300), Duration::ZERO),
    );
    let emu = TestEmulator::with(Emulator::builder().faults(slow));
    for r in recipients {
        emu.emulator().insert_account(Account::new(r.as_str()));
    }
    emu
}

/// Counts each recipient's outcome lines, asserting each a delivery.
fn count_deliveries(lines: &[Value], reported: &mut HashMap<String, usize>) {
    for line in lines.iter().filter(|l| l.get("summary").is_none()) {
        assert_eq!(line["ok"], true, "{line}");
        let to = line["To_Account"].as_str().expect("keyed To_Account");
        *reported.entry(to.to_owned()).or_default() += 1;
    }
}

#[test]
fn a_killed_send_resumed_after_the_window_delivers_each_message_once() {
    let recipients: Vec<String> = (0..RECIPIENTS).map(|i| format!("rcpt_{i:05}")).collect();
    let emu = slow_emulator(&recipients);
    let dir = TempDir::new("msg-resume");
    let file = dir.write("to.txt", &(recipients.join("\n") + "\n"));
    let journal = dir.path("send.ckpt");
    let args = |cmd: &mut std::process::Command| {
        cmd.args([
            "--json",
            "messages",
            "send",
            "--text",
            "notice",
            "--concurrency",
            "4",
        ])
        .arg("--to")
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal);
    };

    // Run 1: killed just after the first batch is reported and journaled (20 ms: imctl journals
    // a batch right after printing it), the next ones in flight (300 ms each).
    let mut first_cmd = emu.imctl_std();
    args(&mut first_cmd);
    let first_text = killed_after_lines(
        &mut first_cmd,
        500,
        Duration::from_secs(30),
        Duration::from_millis(20),
    );
    let first = whole_json_lines(&first_text);
    assert!(
        first.len() >= 500 && first.len() < RECIPIENTS,
        "{}",
        first.len()
    );
    let journal_text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        journal_text.lines().filter(|l| l.starts_with('>')).count() > 1,
        "batches were sent beyond the one reported: {journal_text}"
    );

    // The rerun comes after any 120 s window (the emulator's clock moves on 130 s).
    emu.emulator().set_clock_offset(130);
    let mut second_cmd = emu.imctl();
    second_cmd.args([
        "--json",
        "messages",
        "send",
        "--text",
        "notice",
        "--concurrency",
        "4",
    ]);
    second_cmd
        .arg("--to")
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal);
    let second = run(&mut second_cmd);
    assert_eq!(second.code, 0, "{second:?}");
    let lines = second.json();
    let summary = lines.last().unwrap();
    assert_eq!(summary["summary"], true, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");

    let mut reported = HashMap::new();
    count_deliveries(&first, &mut reported);
    count_deliveries(&lines, &mut reported);
    let admin = emu.emulator().admin().to_owned();
    for r in &recipients {
        assert_eq!(reported.get(r), Some(&1), "{r} reported once");
        let held = emu.emulator().messages_between(&admin, r);
        assert_eq!(held.len(), 1, "{r} holds one message: {held:?}");
    }
}
