//! `cargo xtask bench shared-rate`: 1, 2 and 4 `imctl accounts import` processes on one app,
//! each told the whole budget (`--rate 200`), against the emulator at 30 ms latency limited to
//! 200 calls/s: a budget shared in Redis versus each process' own limiter.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::imctl::{build_imctl, emulator_env, start_emulator, summary, write_accounts};
use super::process::measure;
use super::record::{load_average, measured_header};

/// Accounts imported per configuration, split between the processes.
const ACCOUNTS: usize = 100_000;
const CEILING: f64 = 200.0 * 100.0;

/// One configuration's figures.
struct Run {
    processes: usize,
    shared: bool,
    accounts_per_sec: f64,
    throttled: u64,
    cpu_per_call_us: f64,
    round_trips_per_call: f64,
    imported: u64,
}

pub(crate) fn run() -> Result<String, String> {
    let redis_server = super::process::which("redis-server").ok_or(
        "redis-server is not installed: `apt-get install -y redis-server` and run `cargo xtask bench shared-rate` again",
    )?;
    let imctl = build_imctl()?;
    let dir = std::env::temp_dir().join(format!("imctl-bench-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let before = load_average();
    let redis = Redis::start(&redis_server)?;
    let server = start_emulator(
        &imctl,
        &[
            "--latency-ms",
            "30",
            "--rate-limit",
            "multiaccount_import=200,account_import=200",
        ],
    )?;
    let mut runs = Vec::new();
    for (n, processes) in [1usize, 2, 4].into_iter().enumerate() {
        for shared in [true, false] {
            let prefix = format!("r{n}{}_", if shared { "s" } else { "l" });
            runs.push(one(
                &imctl,
                &server.found,
                &dir,
                &prefix,
                processes,
                shared.then(|| redis.url()),
                &redis,
            )?);
        }
    }
    drop(server);
    std::fs::remove_dir_all(&dir).ok();
    Ok(render(&before, &runs))
}

fn render(before: &str, runs: &[Run]) -> String {
    let mut out = measured_header(before);
    out.push_str(
        "Command: `cargo xtask bench shared-rate`: `imctl emulator serve --latency-ms 30 --rate-limit \
multiaccount_import=200,account_import=200`, a `redis-server` on loopback, and 1, 2 or 4 `imctl --json accounts import \
--rate 200 --file F` processes at once (each told the whole budget), 100,000 fresh accounts split between them, each \
measured with GNU time. Shared: `--rate-store redis://…`; local: each process' own limiter. Ceiling: 200 calls/s × 100 \
accounts = 20,000 accounts/s; round trips counted by Redis (`INFO commandstats`).\n\n",
    );
    out.push_str("| Processes | Budget | accounts/s | fraction of ceiling | throttled answers | client CPU per call | Redis round trips per call | imported |\n|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for r in runs {
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {:.3} | {} | {:.0} µs | {:.2} | {} |",
            r.processes,
            if r.shared { "shared (Redis)" } else { "local" },
            r.accounts_per_sec,
            r.accounts_per_sec / CEILING,
            r.throttled,
            r.cpu_per_call_us,
            r.round_trips_per_call,
            r.imported,
        );
    }
    out
}

/// Runs `processes` imports at once; their aggregate figures.
fn one(
    imctl: &Path,
    base_url: &str,
    dir: &Path,
    prefix: &str,
    processes: usize,
    store: Option<String>,
    redis: &Redis,
) -> Result<Run, String> {
    let scripts_before = redis.script_calls()?;
    let started = Instant::now();
    let handles: Vec<_> = (0..processes)
        .map(|p| {
            let file = dir.join(format!("{prefix}{p}.txt"));
            let prefix = format!("{prefix}{p}_");
            write_accounts(&file, &prefix, ACCOUNTS / processes)?;
            let mut command = Command::new(imctl);
            emulator_env(&mut command)
                .args(["--quiet", "--json", "--endpoint", base_url])
                .args(["accounts", "import", "--rate", "200", "--file"])
                .arg(&file);
            if let Some(url) = &store {
                command.args(["--rate-store", url]);
            }
            Ok(std::thread::spawn(move || measure(&command)))
        })
        .collect::<Result<_, String>>()?;
    let (mut cpu, mut requests, mut throttled, mut imported) = (0.0, 0u64, 0u64, 0u64);
    for handle in handles {
        let (usage, stdout, code) = handle.join().map_err(|_| "a measuring thread panicked")??;
        if code != 0 {
            return Err(format!("imctl accounts import exited with {code}"));
        }
        let summary = summary(&stdout)?;
        cpu += usage.cpu.as_secs_f64();
        requests += summary["requests"].as_u64().unwrap_or(0);
        throttled += summary["throttled"].as_u64().unwrap_or(0);
        imported += summary["succeeded"].as_u64().unwrap_or(0);
    }
    let wall = started.elapsed().as_secs_f64();
    let round_trips = redis.script_calls()? - scripts_before;
    Ok(Run {
        processes,
        shared: store.is_some(),
        accounts_per_sec: imported as f64 / wall,
        throttled,
        cpu_per_call_us: cpu * 1e6 / requests.max(1) as f64,
        round_trips_per_call: round_trips as f64 / requests.max(1) as f64,
        imported,
    })
}

/// A redis-server child on a free loopback port, persistence off.
pub(super) struct Redis {
    child: Child,
    port: u16,
}

impl Redis {
    pub(super) fn start(binary: &Path) -> Result<Redis, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(binary)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start redis-server: {e}"))?;
        let redis = Redis { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while redis.command("PING").is_err() {
            if Instant::now() > deadline {
                return Err("redis-server did not start".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(redis)
    }

    pub(super) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Sends one inline command; the raw answer.
    fn command(&self, command: &str) -> Result<String, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .map_err(|e| e.to_string())?;
        stream
            .write_all(format!("{command}\r\n").as_bytes())
            .map_err(|e| e.to_string())?;
        let mut answer = vec![0u8; 1 << 16];
        let n = stream.read(&mut answer).map_err(|e| e.to_string())?;
        Ok(String::from_utf8_lossy(&answer[..n]).into_owned())
    }

    /// Script calls so far (EVALSHA and EVAL).
    fn script_calls(&self) -> Result<u64, String> {
        let info = self.command("INFO commandstats")?;
        Ok(info
            .lines()
            .filter(|l| l.starts_with("cmdstat_evalsha:") || l.starts_with("cmdstat_eval:"))
            .filter_map(|l| {
                l.split(',')
                    .next()
                    .and_then(|calls| calls.split("calls=").nth(1))
                    .and_then(|n| n.parse::<u64>().ok())
            })
            .sum())
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
