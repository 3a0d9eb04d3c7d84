//! `--rate-store`: four `imctl accounts import` processes on one app share one budget in a real
//! Redis and are never throttled; with their own limiters they are. A store that cannot be
//! used is said on stderr once, with its reason, and `--rate-fallback fail` makes it exit 4;
//! its password never shows.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use im_emulator::Emulator;
use im_proto::Api;

use crate::redis_server::RedisServer;
use crate::support::{TempDir, TestEmulator, run};

const PROCESSES: usize = 4;
/// Accounts per process: 60 calls each, 240 in all, about two and a half seconds at 100 a
/// second (the documented limit of the batch import, so that four local limiters overshoot it
/// even on a loaded machine).
const ACCOUNTS: usize = 6_000;
const LIMIT: u32 = 100;

/// Starts the imports at once (each at the documented rate, as if each had the whole budget);
/// waits for them; their exit codes.
fn imports(emu: &TestEmulator, dir: &TempDir, prefix: &str, store: Option<&str>) -> Vec<i32> {
    let children: Vec<Child> = (0..PROCESSES)
        .map(|p| {
            let ids: Vec<String> = (0..ACCOUNTS).map(|i| format!("{prefix}{p}_{i}")).collect();
            let file = dir.write(&format!("{prefix}{p}.txt"), &ids.join("\n"));
            let mut cmd = emu.imctl_std();
            cmd.args(["--quiet", "accounts", "import"])
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

/// A loopback address nothing listens on.
fn closed_port() -> std::net::SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// The lines of `stderr` that contain `needle`.
fn lines_with<'a>(stderr: &'a str, needle: &str) -> Vec<&'a str> {
    stderr.lines().filter(|l| l.contains(needle)).collect()
}

/// Issue 24, item 15: an unreachable store, or one that refuses the password, is said once on
/// stderr at default verbosity, with the reason; the job runs on at the fallback and exits 0.
#[test]
fn an_unusable_rate_store_is_said_once_with_its_reason() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("store-down");
    let ids: Vec<String> = (0..300).map(|i| format!("down{i}")).collect();
    let file = dir.write("ids.txt", &ids.join("\n"));
    let closed = closed_port();
    let redis = RedisServer::start_with(&["--requirepass", "right-horse"]);
    let cases = [
        (format!("redis://user:hunter2@{closed}/0"), "refused"),
        (redis.url_with_password("hunter2"), "auth"),
    ];
    for (url, reason) in cases {
        let out = run(emu
            .imctl()
            .args(["--rate-store", &url, "accounts", "import", "--file"])
            .arg(&file));
        assert_eq!(out.code, 0, "{out:?}");
        let said = lines_with(&out.stderr, "rate store");
        assert_eq!(said.len(), 1, "{out:?}");
        assert!(
            said[0].starts_with("imctl: warning: rate store redis://***@127.0.0.1:"),
            "{out:?}"
        );
        assert!(said[0].to_lowercase().contains(reason), "{out:?}");
        assert!(said[0].contains("local limiter at 25%"), "{out:?}");
        assert!(!out.stderr.contains("hunter2"), "{out:?}");
    }
    assert_eq!(emu.emulator().account_count(), 300);
}

/// Issue 24, item 15: `--rate-fallback fail` makes the store required: unusable at the start,
/// nothing is sent and the exit code is 4, with the reason on stderr.
#[test]
fn a_required_rate_store_that_cannot_be_used_exits_4() {
    let emu = TestEmulator::start();
    let url = format!("redis://{}/0", closed_port());
    let out = run(emu.imctl().args([
        "--rate-store",
        &url,
        "--rate-fallback",
        "fail",
        "accounts",
        "import",
        "a",
        "b",
    ]));
    assert_eq!(out.code, 4, "{out:?}");
    let said = lines_with(&out.stderr, "rate store");
    assert_eq!(said.len(), 1, "{out:?}");
    assert!(said[0].starts_with("imctl: error: rate store"), "{out:?}");
    assert!(said[0].contains("refused"), "{out:?}");
    assert_eq!(emu.emulator().account_count(), 0, "nothing sent");
    assert_eq!(emu.emulator().stats().total_requests(), 0);
}

/// Issue 24, item 15: a required store lost during a job stops the sending; the job prints its
/// summary and exits 4.
#[test]
fn a_required_rate_store_lost_mid_job_stops_it_with_exit_4() {
    const TOTAL: usize = 30_000;
    let emu = TestEmulator::start();
    let dir = TempDir::new("store-lost");
    let ids: Vec<String> = (0..TOTAL).map(|i| format!("lost{i}")).collect();
    let file = dir.write("ids.txt", &ids.join("\n"));
    let mut redis = RedisServer::start();
    let mut child = emu
        .imctl_std()
        .args(["--rate-store", &redis.url(), "--rate-fallback", "fail"])
        .args(["accounts", "import", "--file"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("imctl starts");
    // At 100 calls a second the job takes three seconds: the store goes once it has begun.
    let deadline = Instant::now() + Duration::from_secs(60);
    while emu.emulator().account_count() == 0 {
        assert!(Instant::now() < deadline, "the job never started");
        if let Some(status) = child.try_wait().unwrap() {
            panic!("imctl ended ({status}) before it imported anything");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    redis.stop();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}\n{stderr}");
    assert_eq!(lines_with(&stderr, "rate store").len(), 1, "{stderr}");
    assert!(
        stderr.contains("--rate-fallback fail requires it"),
        "{stderr}"
    );
    assert!(stderr.contains("import: "), "the summary: {stderr}");
    let imported = emu.emulator().account_count();
    assert!(imported > 0 && imported < TOTAL, "{imported} imported");
}

/// Issue 24, item 16: the password of a rate store URL never shows, in any form of URL, in
/// errors, warnings or logs (even -vvv), whether it comes from the flag, the environment or a
/// profile.
#[test]
fn the_rate_store_password_never_shows() {
    let emu = TestEmulator::start();
    let closed = closed_port();
    let urls = [
        format!("redis://user:hunter2@{closed}/0"),
        format!("redis://:hunter2@{closed}/0"),
        format!("rediss://user:hunter2@{closed}/0"),
        "redis+unix:///nonexistent/redis.sock?db=0&pass=hunter2".to_owned(),
        "unix:///nonexistent/redis.sock?user=app&pass=hunter2".to_owned(),
        "redis+unix:///nonexistent/redis.sock?pass=hunter2&db=x".to_owned(),
        "unix:///nonexistent/redis.sock?pass=hunter2&protocol=9".to_owned(),
        format!("redis://user:hunter2@{closed}/x"),
        "redis://user:hunter2".to_owned(),
        "mysql://user:hunter2@127.0.0.1/0".to_owned(),
    ];
    let mut runs = Vec::new();
    for url in &urls {
        for verbosity in [None, Some("-vvv")] {
            let mut cmd = emu.imctl();
            cmd.args(verbosity)
                .args(["--rate-store", url, "accounts", "check", "a"]);
            runs.push((url, run(&mut cmd)));
        }
        let mut cmd = emu.imctl();
        cmd.env("IM_RATE_STORE", url)
            .args(["accounts", "check", "a"]);
        runs.push((url, run(&mut cmd)));
    }
    for (url, out) in &runs {
        assert!(!out.stderr.contains("hunter2"), "{url}: {out:?}");
        assert!(!out.stdout.contains("hunter2"), "{url}: {out:?}");
    }
    for (url, out) in &runs {
        assert!(
            out.stderr.contains("rate store"),
            "the URL shows, masked: {url}: {out:?}"
        );
    }
    // A config file whose rate_store line does not parse: toml quotes the line it refuses.
    let dir = TempDir::new("store-profile");
    let config = dir.write(
        "config.toml",
        "[profiles.p]\nrate_store = \"redis://user:hunter2@127.0.0.1:6379/0\n",
    );
    let out = run(emu.imctl().env("IMCTL_CONFIG", &config).args([
        "--profile",
        "p",
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("line 2"), "{out:?}");
    assert!(!out.stderr.contains("hunter2"), "{out:?}");
}
