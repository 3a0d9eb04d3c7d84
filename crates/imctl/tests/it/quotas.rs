//! `--quota API=N/PERIOD`: a declared quota raised (or lowered) on the client's side. Bad values
//! are usage errors naming them; `messages send` paces itself to a lowered per-minute recipient
//! quota (two processes sharing it through Redis) and is never throttled; raised on both sides,
//! a job above the declared quota goes through unthrottled without the declared quota's wait.

use std::collections::BTreeMap;
use std::process::{Child, Stdio};

use im_emulator::{Account, Emulator};
use im_proto::{Api, ErrorCode, Per};

use crate::redis_server::RedisServer;
use crate::support::{TempDir, TestEmulator, run};

#[test]
fn a_bad_quota_is_a_usage_error_naming_the_value_and_the_rule() {
    let emu = TestEmulator::start();
    for (value, rule) in [
        ("nosuchapi=5/minute", "nosuchapi"),
        ("batchsendmsg=5/hour", "must be second, minute or day"),
        ("batchsendmsg=5", "give the period"),
        ("batchsendmsg=many/minute", "is not a positive number"),
        ("batchsendmsg=0/minute", "is not a positive number"),
        ("sendmsg=5/minute", "declares no quota per minute"),
        ("batchsendmsg=5/day", "declares no quota per day"),
    ] {
        let out = run(emu
            .imctl()
            .args(["--quota", value, "accounts", "check", "amy"]));
        assert_eq!(out.code, 2, "{value}: {out:?}");
        assert!(out.stderr.contains(value), "{value}: {out:?}");
        assert!(out.stderr.contains(rule), "{value}: {out:?}");
    }
    // From the environment too, comma-separated.
    let out = run(emu
        .imctl()
        .env("IM_QUOTA", "batchsendmsg=600000/minute,sendmsg=5/hour")
        .args(["accounts", "check", "amy"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("sendmsg=5/hour"), "{out:?}");
    // Good values are taken.
    let out = run(emu.imctl().args([
        "--quota",
        "batchsendmsg=600000/minute",
        "--quota",
        "openim/sendmsg=off/second,batchsendmsg=300/second",
        "accounts",
        "check",
        "amy",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
}

/// An emulator holding `count` recipients `q_0`, `q_1`...; their names.
fn recipients(emu: &TestEmulator, count: usize) -> Vec<String> {
    let names: Vec<String> = (0..count).map(|i| format!("q_{i}")).collect();
    for name in &names {
        emu.emulator().insert_account(Account::new(name.as_str()));
    }
    names
}

/// Every recipient holds exactly one message: received count → accounts.
fn assert_each_one(emu: &TestEmulator, count: usize) {
    let histogram = emu.emulator().received_histogram(None);
    assert_eq!(
        histogram,
        BTreeMap::from([(1, count as u64)]),
        "none lost or doubled"
    );
}

fn assert_never_throttled(emu: &TestEmulator) {
    let stats = emu.emulator().stats();
    assert_eq!(stats.throttled(), 0, "{stats:?}");
    assert_eq!(
        stats.answers_for(Api::Batchsendmsg, ErrorCode::REST_RATE_LIMITED),
        0,
        "{stats:?}"
    );
}

/// The emulator's batchsendmsg quota lowered to 5,000 recipients a minute; two processes send
/// 2,750 each with the same `--quota` and one Redis budget: paced (a minute and more), never
/// throttled, each recipient one message. Without the flag each would pace at the declared
/// 12,000 and be refused 60007.
#[test]
fn a_lowered_minute_quota_paces_the_shared_budget_and_nothing_is_throttled() {
    const LIMIT: u32 = 5_000;
    const EACH: usize = 2_750;
    let redis = RedisServer::start();
    let emu =
        TestEmulator::with(Emulator::builder().quota(Api::Batchsendmsg, Per::Minute, Some(LIMIT)));
    let names = recipients(&emu, 2 * EACH);
    let dir = TempDir::new("quota-lowered");
    let children: Vec<Child> = names
        .chunks(EACH)
        .enumerate()
        .map(|(p, part)| {
            let file = dir.write(&format!("to{p}.txt"), &(part.join("\n") + "\n"));
            let mut cmd = emu.imctl_std();
            // The client's own log says each wait for its limits (`-v`: im-client's info).
            cmd.env_remove("RUST_LOG")
                .args(["-v", "--json", "--quota", "batchsendmsg=5000/minute"])
                .args(["--rate-store", &redis.url()])
                .args(["messages", "send", "--text", "paced", "--to"])
                .arg(file)
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().expect("imctl starts")
        })
        .collect();
    let mut waited = false;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        waited |= stderr.contains("waited for the rate limit");
    }
    assert!(
        waited,
        "5,500 recipients at 5,000 a minute wait for the budget"
    );
    assert_never_throttled(&emu);
    assert_each_one(&emu, 2 * EACH);
}

/// Raised to 600,000 a minute on both sides, 13,000 recipients (more than the declared 12,000
/// a minute) go through unthrottled, and the note does not announce the declared quota's
/// minutes.
#[test]
fn a_quota_raised_on_both_sides_sends_past_the_declared_one() {
    const COUNT: usize = 13_000;
    let emu = TestEmulator::with(Emulator::builder().quota(
        Api::Batchsendmsg,
        Per::Minute,
        Some(600_000),
    ));
    let names = recipients(&emu, COUNT);
    let dir = TempDir::new("quota-raised");
    let file = dir.write("to.txt", &(names.join("\n") + "\n"));
    let declared = run(emu
        .imctl()
        .args(["messages", "send", "--dry-run", "--text", "fast", "--to"])
        .arg(&file));
    assert!(
        declared
            .stderr
            .contains("13000 recipients at the quota of 12000 a minute: about 2 min"),
        "{declared:?}"
    );
    let out = run(emu
        .imctl()
        .args(["--quota", "batchsendmsg=600000/minute"])
        .args(["--json", "messages", "send", "--text", "fast", "--to"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("recipients at the quota"), "{out:?}");
    assert_never_throttled(&emu);
    assert_each_one(&emu, COUNT);
}
