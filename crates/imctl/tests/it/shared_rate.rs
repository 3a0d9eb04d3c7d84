//! `--rate-store`: four `imctl accounts import` processes on one app share one budget in a real
//! Redis and are never throttled; with their own limiters they are.

use std::process::{Child, Stdio};

use im_emulator::Emulator;
use im_proto::Api;

use crate::redis_server::RedisServer;
use crate::support::{TempDir, TestEmulator};

const PROCESSES: usize = 4;
/// Accounts per process: 60 calls each, 240 in all, about five seconds at 50 a second (a low
/// limit, so that four local limiters overshoot it even on a loaded machine).
const ACCOUNTS: usize = 6_000;
const LIMIT: u32 = 50;

/// Starts the imports at once (each `--rate 50`, as if each had the whole budget); waits for
/// them; their exit codes.
fn imports(emu: &TestEmulator, dir: &TempDir, prefix: &str, store: Option<&str>) -> Vec<i32> {
    let children: Vec<Child> = (0..PROCESSES)
        .map(|p| {
            let ids: Vec<String> = (0..ACCOUNTS).map(|i| format!("{prefix}{p}_{i}")).collect();
            let file = dir.write(&format!("{prefix}{p}.txt"), &ids.join("\n"));
            let mut cmd = emu.imctl_std();
            cmd.args([
                "--quiet",
                "accounts",
                "import",
                "--rate",
                &LIMIT.to_string(),
            ])
            .arg("--file")
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
            if let Some(url) = store {
                cmd.args(["--rate-store", url]);
            }
            cmd.spawn().expect("imctl starts")
        })
        .collect();
    children
        .into_iter()
        .map(|mut c| c.wait().unwrap().code().unwrap_or(-1))
        .collect()
}

#[test]
fn four_processes_share_one_budget_and_are_never_throttled() {
    let redis = RedisServer::start();
    let emu =
        TestEmulator::with(Emulator::builder().rate_limit(Api::MultiaccountImport, Some(LIMIT)));
    let dir = TempDir::new("shared-rate");
    let codes = imports(&emu, &dir, "s", Some(&redis.url()));
    assert_eq!(codes, vec![0; PROCESSES]);
    assert_eq!(emu.emulator().account_count(), PROCESSES * ACCOUNTS);
    assert_eq!(emu.emulator().stats().throttled(), 0, "one budget held");

    emu.emulator().reset();
    let codes = imports(&emu, &dir, "l", None);
    assert_eq!(codes, vec![0; PROCESSES], "retries still import everything");
    assert!(
        emu.emulator().stats().throttled() > 0,
        "four local budgets overshoot the service's: {:?}",
        emu.emulator().stats()
    );
}

#[test]
fn a_bad_rate_store_is_a_usage_error() {
    let emu = TestEmulator::start();
    let out = crate::support::run(emu.imctl().args([
        "--rate-store",
        "mysql://user:secret@127.0.0.1/0",
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--rate-store"), "{out:?}");
    assert!(!out.stderr.contains("secret"), "{out:?}");
    let out = crate::support::run(emu.imctl().args([
        "--rate-fallback-share",
        "2",
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
}
