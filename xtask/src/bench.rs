//! `cargo xtask bench [sig|bulk|emulator|callbacks|sync|shared-rate|peers]`: runs benchmarks in separate processes and
//! rewrites their sections of `docs/BENCHMARKS.md`.
//!
//! Each bench owns a section between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`;
//! everything else in the file is hand-written and left alone. Figures are medians of several
//! runs; the machine (cores, load before and after) is recorded with them. Nothing here is a
//! test: timing is never asserted.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::project_root;

mod bulk;
mod peers;
mod shared_rate;
mod sync;

/// Runs the named benches (all but `peers` when none is named).
pub(crate) fn run(names: &[&str]) -> Result<(), String> {
    let names: Vec<&str> = if names.is_empty() {
        vec!["sig", "emulator", "bulk"]
    } else {
        names.to_vec()
    };
    for name in names {
        let section = match name {
            "sig" => sig()?,
            "emulator" => emulator()?,
            "bulk" => bulk::run()?,
            "peers" => peers::run()?,
            "callbacks" => callbacks()?,
            "sync" => sync::run()?,
            "shared-rate" => shared_rate::run()?,
            other => {
                return Err(format!(
                    "unknown bench {other:?}: expected sig, bulk, emulator, callbacks, sync, shared-rate or peers"
                ));
            }
        };
        write_section(name, &section)?;
        println!("{section}");
    }
    Ok(())
}

/// The directory cargo builds into.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                project_root().join(p)
            }
        })
        .unwrap_or_else(|| project_root().join("target"))
}

/// Runs `cargo` with `args` in the project root, failing with its output on error.
pub(crate) fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(args)
        .current_dir(project_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args.join(" ")))
    }
}

/// The median of some measurements.
pub(crate) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// A description of the machine and its load, for the record.
pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores ({model})")
}

/// The 1-minute load average.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn write_section(name: &str, body: &str) -> Result<(), String> {
    let path = project_root().join("docs/BENCHMARKS.md");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let start = format!("<!-- bench:{name}:start -->");
    let end = format!("<!-- bench:{name}:end -->");
    let replaced = match (text.find(&start), text.find(&end)) {
        (Some(s), Some(e)) if s < e => format!("{}{start}\n{body}\n{}", &text[..s], &text[e..]),
        _ => format!("{}\n{start}\n{body}\n{end}\n", text.trim_end()),
    };
    std::fs::write(&path, replaced).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The UTC date, for stamping sections.
pub(crate) fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// sig: criterion medians of im-sig.

fn sig() -> Result<String, String> {
    let before = load_average();
    cargo(&["bench", "-p", "im-sig", "--bench", "usersig"])?;
    let root = target_dir().join("criterion");
    let mut rows = Vec::new();
    collect_estimates(&root, &root, &mut rows);
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if rows.is_empty() {
        return Err(format!("no criterion results under {}", root.display()));
    }
    let mut out = measured_header(&before);
    out.push_str("Command: `cargo xtask bench sig` (runs `cargo bench -p im-sig`, criterion, median of its samples).\n\n");
    out.push_str("| Benchmark | Median |\n|---|---:|\n");
    for (name, ns) in rows {
        let _ = writeln!(out, "| `{name}` | {} |", human_ns(ns));
    }
    Ok(out)
}

/// The first line of a section: date, machine, and the load before and after.
fn measured_header(load_before: &str) -> String {
    format!(
        "Measured {} on {}, load average before: {load_before}; load average after: {}.\n\n",
        today(),
        machine(),
        load_average()
    )
}

/// Finds `<group>/<bench>/new/estimates.json` files and their median point estimates (ns).
fn collect_estimates(root: &Path, dir: &Path, rows: &mut Vec<(String, f64)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "new") {
                let estimates = path.join("estimates.json");
                if let Some(ns) = std::fs::read_to_string(&estimates)
                    .ok()
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                    .and_then(|v| v["median"]["point_estimate"].as_f64())
                {
                    let name = dir.strip_prefix(root).unwrap_or(dir).display().to_string();
                    rows.push((name, ns));
                }
            } else if path
                .file_name()
                .is_none_or(|n| n != "report" && n != "base" && n != "change")
            {
                collect_estimates(root, &path, rows);
            }
        }
    }
}

pub(crate) fn human_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

// ---------------------------------------------------------------------------------------------
// emulator: requests per second from wrk in a separate process.

fn emulator() -> Result<String, String> {
    let wrk = which("wrk").ok_or(
        "wrk is not installed: `apt-get install -y wrk` (Debian) and run `cargo xtask bench emulator` again",
    )?;
    cargo(&[
        "build",
        "--release",
        "-p",
        "im-emulator",
        "--example",
        "serve",
    ])?;
    let before = load_average();
    let serve = target_dir().join("release/examples/serve");
    let mut server = Server::start(Command::new(serve).args(["--no-limits"]), |line| {
        line.strip_prefix("check_url")
            .map(|rest| rest.trim().to_owned())
    })?;
    let script = project_root().join("crates/im-emulator/bench/wrk-account-check.lua");
    let mut rates = Vec::new();
    for _ in 0..3 {
        rates.push(wrk_run(&wrk, &script, &server.found)?.0);
    }
    server.stop();
    let runs: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    let rate = median(&mut rates);
    let mut out = measured_header(&before);
    out.push_str("Command: `cargo xtask bench emulator` (the release `serve` example with limits off; \
`wrk -t1 -c32 -d5s -s crates/im-emulator/bench/wrk-account-check.lua`, keep-alive, an `account_check` of 2 accounts \
with a valid UserSig; three runs; wrk shares the two cores with the emulator).\n\n");
    let _ = writeln!(
        out,
        "| Figure | Median of 3 | Runs |\n|---|---:|---|\n| requests/s | {rate:.0} | {} |",
        runs.join(", ")
    );
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// callbacks: verified callbacks per second through `imctl callbacks listen`, from wrk.

fn callbacks() -> Result<String, String> {
    let wrk = which("wrk").ok_or(
        "wrk is not installed: `apt-get install -y wrk` (Debian) and run `cargo xtask bench callbacks` again",
    )?;
    cargo(&["build", "--release", "-p", "imctl"])?;
    let dir = std::env::temp_dir().join(format!("xtask-callbacks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let token_file = dir.join("token");
    let token = "bench-callback-token";
    std::fs::write(&token_file, token).map_err(|e| e.to_string())?;
    let before = load_average();
    let imctl = target_dir().join("release/imctl");
    let mut command = Command::new(imctl);
    command
        .args(["--quiet", "--sdkappid", "1400000000", "callbacks", "listen"])
        .arg("--token-file")
        .arg(&token_file);
    let mut server = Server::start(&mut command, |line| {
        line.starts_with("http://").then(|| line.trim().to_owned())
    })?;
    let script = project_root().join("xtask/bench/wrk-callback.lua");
    let mut rates = Vec::new();
    for _ in 0..3 {
        // Signed afresh for each run: the receiver accepts RequestTime within 60 s.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs();
        let sign = im_callback::sign(&im_callback::Token::new(token), now);
        let url = format!(
            "{}/cb?SdkAppid=1400000000&CallbackCommand=State.StateChange&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign={sign}&RequestTime={now}",
            server.found
        );
        let (rate, text) = wrk_run(&wrk, &script, &url)?;
        if let Some(line) = text.lines().find(|l| l.contains("Non-2xx")) {
            return Err(format!("the receiver refused callbacks: {line}"));
        }
        rates.push(rate);
    }
    server.stop();
    std::fs::remove_dir_all(&dir).ok();
    let runs: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    let rate = median(&mut rates);
    let mut out = measured_header(&before);
    out.push_str("Command: `cargo xtask bench callbacks` (the release `imctl callbacks listen` with a token, \
its stdout read through a pipe; `wrk -t1 -c32 -d5s -s xtask/bench/wrk-callback.lua`, keep-alive, a signed \
`State.StateChange` that is verified (SdkAppid, Sign in constant time, RequestTime), decoded, printed as a JSON \
line and answered; every answer HTTP 200; three runs; wrk shares the two cores with the receiver). Goal: \
at least 20,000/s.\n\n");
    let _ = writeln!(
        out,
        "| Figure | Median of 3 | Runs |\n|---|---:|---|\n| verified callbacks/s | {rate:.0} | {} |",
        runs.join(", ")
    );
    Ok(out)
}

/// One 5-second `wrk -t1 -c32` run of `script` against `url`: requests per second, and wrk's
/// output.
fn wrk_run(wrk: &Path, script: &Path, url: &str) -> Result<(f64, String), String> {
    let output = Command::new(wrk)
        .args(["-t1", "-c32", "-d5s", "-s"])
        .arg(script)
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let rate = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    Ok((rate, text))
}

pub(crate) fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// A server child process, stopped on drop.
pub(crate) struct Server {
    child: Child,
    /// What the start-up matcher found in its output.
    pub(crate) found: String,
}

impl Server {
    /// Starts `command`, reading stdout lines until `find` matches one (within 60 s).
    pub(crate) fn start(
        command: &mut Command,
        mut find: impl FnMut(&str) -> Option<String> + Send + 'static,
    ) -> Result<Server, String> {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {command:?}: {e}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !sent && let Some(found) = find(&line) {
                    let _ = tx.send(found);
                    sent = true;
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(found) => Ok(Server { child, found }),
            Err(_) => {
                let _ = child.kill();
                Err(format!("{command:?} did not start"))
            }
        }
    }

    pub(crate) fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// bulk: imctl against the emulator with 30 ms latency and a 200 calls/s limit.

/// What one measured client process did.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Usage {
    /// Wall time.
    pub(crate) wall: Duration,
    /// User + system CPU time.
    pub(crate) cpu: Duration,
    /// Peak resident set size, bytes.
    pub(crate) max_rss: u64,
}

/// Runs `command` to completion under GNU time (`/usr/bin/time`), which reports the CPU time
/// and peak RSS of that process alone. Returns the usage, its stdout and its exit code.
pub(crate) fn measure(command: &Command) -> Result<(Usage, String, i32), String> {
    measure_to(command, None)
}

/// [`measure`], with stdout going to `stdout_file` when given (as a user's redirection would,
/// instead of a pipe this process reads); then the stdout returned is the file's last 64 KiB.
pub(crate) fn measure_to(
    command: &Command,
    stdout_file: Option<&Path>,
) -> Result<(Usage, String, i32), String> {
    let time = Path::new("/usr/bin/time");
    if !time.is_file() {
        return Err(
            "GNU time is missing: `apt-get install -y time` and run the bench again".into(),
        );
    }
    let report = std::env::temp_dir().join(format!(
        "xtask-time-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let mut timed = Command::new(time);
    timed
        .arg("-f")
        .arg("%e %U %S %M")
        .arg("-o")
        .arg(&report)
        .arg(command.get_program())
        .args(command.get_args())
        .stderr(Stdio::inherit());
    for (key, value) in command.get_envs() {
        match value {
            Some(v) => timed.env(key, v),
            None => timed.env_remove(key),
        };
    }
    if let Some(path) = stdout_file {
        let file = std::fs::File::create(path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        timed.stdout(file);
    }
    let output = timed
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let usage = read_time_report(&report);
    std::fs::remove_file(&report).ok();
    let stdout = match stdout_file {
        Some(path) => tail(path, 64 * 1024)?,
        None => String::from_utf8_lossy(&output.stdout).into_owned(),
    };
    Ok((usage?, stdout, output.status.code().unwrap_or(-1)))
}

/// The figures GNU time wrote to `report` (`%e %U %S %M`).
fn read_time_report(report: &Path) -> Result<Usage, String> {
    let text = std::fs::read_to_string(report).map_err(|e| format!("no time report: {e}"))?;
    // The report's last line holds the figures (earlier ones may say "Command exited ...").
    let figures: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let [wall, user, sys, rss_kib] = figures[..] else {
        return Err(format!("cannot read the time report {text:?}"));
    };
    Ok(Usage {
        wall: Duration::from_secs_f64(wall),
        cpu: Duration::from_secs_f64(user + sys),
        max_rss: (rss_kib as u64) * 1024,
    })
}

/// The last `max` bytes of the file at `path`, as text.
fn tail(path: &Path, max: u64) -> Result<String, String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(max)))
        .map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Writes `n` UserIDs with `prefix`, one per line.
pub(crate) fn write_accounts(path: &Path, prefix: &str, n: usize) -> Result<(), String> {
    use std::io::Write;
    let file = std::fs::File::create(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for i in 0..n {
        writeln!(out, "{prefix}{i:07}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

/// Starts `imctl emulator serve` with `args`; returns the server and its base URL.
pub(crate) fn start_emulator(imctl: &Path, args: &[&str]) -> Result<Server, String> {
    let mut command = Command::new(imctl);
    command.args(["--quiet", "emulator", "serve"]).args(args);
    Server::start(&mut command, |line| {
        line.starts_with("http://").then(|| line.trim().to_owned())
    })
}

/// The emulator's default credentials, as `imctl` takes them from the environment.
pub(crate) fn emulator_env(command: &mut Command) -> &mut Command {
    command
        .env("IM_SDKAPPID", "1400000000")
        .env(
            "IM_SECRET_KEY",
            "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
        )
        .env("IM_ADMIN", "administrator")
        .env_remove("IM_REGION")
        .env_remove("IM_ENDPOINT")
}

/// Parses the summary object `imctl --json` prints last.
pub(crate) fn summary(stdout: &str) -> Result<serde_json::Value, String> {
    stdout
        .lines()
        .rev()
        .find_map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .ok()
                .filter(|v| v["summary"] == true)
        })
        .ok_or_else(|| "imctl printed no summary".to_owned())
}

/// One measured `imctl accounts import` of `n` fresh accounts.
pub(crate) struct ImportRun {
    pub(crate) usage: Usage,
    pub(crate) accounts_per_sec: f64,
    pub(crate) requests: u64,
    pub(crate) succeeded: u64,
}

/// One measured import of the accounts in `file`, its output into `output` when given (else
/// read through a pipe).
fn imctl_import(
    imctl: &Path,
    base_url: &str,
    file: &Path,
    extra: &[&str],
    output: Option<&Path>,
) -> Result<ImportRun, String> {
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--json",
            "--endpoint",
            base_url,
            "accounts",
            "import",
            "--file",
        ])
        .arg(file)
        .args(extra);
    let (usage, stdout, code) = measure_to(&command, output)?;
    if code != 0 {
        return Err(format!("imctl import exited with {code}"));
    }
    let summary = summary(&stdout)?;
    let succeeded = summary["succeeded"].as_u64().unwrap_or(0);
    Ok(ImportRun {
        usage,
        accounts_per_sec: succeeded as f64 / usage.wall.as_secs_f64(),
        requests: summary["requests"].as_u64().unwrap_or(0),
        succeeded,
    })
}

/// Imports `n` fresh accounts named `{prefix}NNNNNNN` through imctl with `extra` options; the
/// accounts file is written into `dir` and removed afterwards.
pub(crate) fn import_fresh(
    imctl: &Path,
    base_url: &str,
    dir: &Path,
    prefix: &str,
    n: usize,
    extra: &[&str],
) -> Result<ImportRun, String> {
    import_fresh_to(imctl, base_url, dir, prefix, n, extra, false)
}

/// [`import_fresh`], the output going to a file in `dir` (removed afterwards) when
/// `output_to_file`, as a user importing a million accounts would keep it.
pub(crate) fn import_fresh_to(
    imctl: &Path,
    base_url: &str,
    dir: &Path,
    prefix: &str,
    n: usize,
    extra: &[&str],
    output_to_file: bool,
) -> Result<ImportRun, String> {
    let file = dir.join(format!("{prefix}accounts.txt"));
    let output = dir.join(format!("{prefix}outcomes.jsonl"));
    write_accounts(&file, prefix, n)?;
    let run = imctl_import(
        imctl,
        base_url,
        &file,
        extra,
        output_to_file.then_some(output.as_path()),
    );
    std::fs::remove_file(&file).ok();
    std::fs::remove_file(&output).ok();
    run
}

/// One measured `imctl profile set` of `n` existing accounts `{prefix}NNNNNNN`.
fn profile_set(
    imctl: &Path,
    base_url: &str,
    dir: &Path,
    prefix: &str,
    n: usize,
) -> Result<ImportRun, String> {
    use std::io::Write;
    let path = dir.join("profiles.jsonl");
    let mut text = String::with_capacity(n * 64);
    for i in 0..n {
        let _ = writeln!(
            text,
            r#"{{"UserID":"{prefix}{i:07}","Nick":"Nick {i}","Level":{}}}"#,
            i % 100
        );
    }
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--json",
            "--endpoint",
            base_url,
            "profile",
            "set",
            "--file",
        ])
        .arg(&path);
    let (usage, stdout, code) = measure(&command)?;
    std::fs::remove_file(&path).ok();
    if code != 0 {
        return Err(format!("imctl profile set exited with {code}"));
    }
    let summary = summary(&stdout)?;
    let succeeded = summary["succeeded"].as_u64().unwrap_or(0);
    Ok(ImportRun {
        usage,
        accounts_per_sec: succeeded as f64 / usage.wall.as_secs_f64(),
        requests: summary["requests"].as_u64().unwrap_or(0),
        succeeded,
    })
}

/// The emulator of the bulk benches: 30 ms added latency, 200 calls/s for the import APIs.
pub(crate) const BULK_EMULATOR_ARGS: &[&str] = &[
    "--latency-ms",
    "30",
    "--rate-limit",
    "multiaccount_import=200,account_import=200",
];

pub(crate) fn build_imctl() -> Result<PathBuf, String> {
    cargo(&["build", "--release", "-p", "imctl"])?;
    Ok(target_dir().join("release/imctl"))
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// CPU time per request of an import run, in microseconds.
fn cpu_per_call(run: &ImportRun) -> f64 {
    run.usage.cpu.as_secs_f64() * 1e6 / run.requests.max(1) as f64
}
