//! `cargo xtask bench sync`: `imctl accounts sync` of 100,000 desired accounts against the
//! emulator at 30 ms latency and its default rate limits, wall time against the rate floors.
//!
//! The emulator is seeded (limits off while seeding) with 91,000 accounts; the desired state
//! then has 10% new accounts, 10% with a changed Nick, 1% with another field changed (Gender),
//! and `--previous` 1% accounts that left (deleted with `--prune`).

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;

use im_proto::Api;

use super::imctl::{build_imctl, emulator_env, start_emulator, summary};
use super::process::measure;
use super::record::{load_average, measured_header, mib};

const DESIRED: usize = 100_000;
const NEW: usize = 10_000;
const RENAMED: usize = 10_000;
const OTHER: usize = 1_000;
const REMOVED: usize = 1_000;

/// Runs the bench; the section for BENCHMARKS.md.
pub(crate) fn run() -> Result<String, String> {
    let imctl = build_imctl()?;
    let dir = std::env::temp_dir().join(format!("imctl-bench-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let before = load_average();
    let server = start_emulator(&imctl, &["--latency-ms", "30"])?;
    let base_url = server.found.clone();
    let files = write_files(&dir)?;

    set_limits(&base_url, "{\"all\": null}")?;
    seed(&imctl, &base_url, &files.seed)?;
    set_limits(&base_url, &default_limits())?;

    let mut command = Command::new(&imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--json",
            "--endpoint",
            &base_url,
            "accounts",
            "sync",
        ])
        .arg("--file")
        .arg(&files.desired)
        .arg("--previous")
        .arg(&files.previous)
        .args(["--prune", "--max-delete", "2%"]);
    let (usage, stdout, code) = measure(&command)?;
    std::fs::remove_dir_all(&dir).ok();
    drop(server);
    if code != 0 {
        return Err(format!("imctl accounts sync exited with {code}"));
    }
    let summary = summary(&stdout)?;
    let by = &summary["by_status"];
    let counts = [
        ("created", NEW),
        ("updated", RENAMED + OTHER),
        ("deleted", REMOVED),
        ("unchanged", DESIRED - NEW - RENAMED - OTHER),
    ];
    for (status, want) in counts {
        if by[status].as_u64() != Some(want as u64) {
            return Err(format!("expected {want} {status}, got {summary}"));
        }
    }
    let floors = Floors::new();
    let wall = usage.wall.as_secs_f64();
    let mut out = measured_header(&before);
    out.push_str(
        "Command: `cargo xtask bench sync`: `imctl emulator serve --latency-ms 30` (default rate limits; \
seeded with 91,000 accounts while its limits were off), then `imctl --json accounts sync --file desired.jsonl \
--previous previous.jsonl --prune --max-delete 2%` measured with GNU time. 100,000 desired accounts: 10,000 new, \
10,000 with a changed Nick, 1,000 with a changed Gender, 79,000 unchanged; 1,000 in --previous only.\n\n",
    );
    out.push_str("| Phase | Calls | Limit | Rate floor |\n|---|---:|---:|---:|\n");
    for (name, calls, rate) in Floors::rows() {
        let _ = writeln!(
            out,
            "| {name} | {calls} | {rate}/s | {:.2} s |",
            calls as f64 / rate as f64
        );
    }
    let _ = writeln!(
        out,
        "\n| Figure | Value |\n|---|---:|\n| wall time | {wall:.2} s |\n| sum of the rate floors | {:.2} s |\n| wall / sum of floors | {:.3} |\n| plan floor (its check and reads run together: the larger) | {:.2} s |\n| wall / (plan floor + write floors) | {:.3} |\n| client peak RSS | {} |\n| client CPU | {:.2} s |\n| requests (writes) | {} |",
        floors.sum,
        wall / floors.sum,
        floors.plan,
        wall / floors.phases,
        mib(usage.max_rss),
        usage.cpu.as_secs_f64(),
        summary["requests"],
    );
    Ok(out)
}

/// The rate-limit floors of the sync's calls.
struct Floors {
    /// Every call's floor, added up.
    sum: f64,
    /// The planning's floor: its checks and reads overlap, so the larger.
    plan: f64,
    /// The planning's floor plus the write phases' (which run one after another).
    phases: f64,
}

impl Floors {
    /// (phase, calls, calls per second).
    fn rows() -> [(&'static str, usize, u32); 5] {
        let rate = |api: Api| api.metadata().default_calls_per_second;
        [
            (
                "plan: check (desired, and --previous leavers)",
                (DESIRED + REMOVED).div_ceil(100),
                rate(Api::AccountCheck),
            ),
            (
                "plan: profile read of the imported",
                (DESIRED - NEW).div_ceil(100),
                rate(Api::PortraitGet),
            ),
            (
                "apply: batch import (creates, Nick changes)",
                (NEW + RENAMED).div_ceil(100),
                rate(Api::MultiaccountImport),
            ),
            (
                "apply: profile write (other fields)",
                OTHER,
                rate(Api::PortraitSet),
            ),
            (
                "apply: delete",
                REMOVED.div_ceil(100),
                rate(Api::AccountDelete),
            ),
        ]
    }

    fn new() -> Self {
        let rows = Self::rows();
        let floor = |i: usize| rows[i].1 as f64 / f64::from(rows[i].2);
        let sum: f64 = (0..5).map(floor).sum();
        let plan = floor(0).max(floor(1));
        Floors {
            sum,
            plan,
            phases: plan + floor(2) + floor(3) + floor(4),
        }
    }
}

struct Files {
    seed: std::path::PathBuf,
    desired: std::path::PathBuf,
    previous: std::path::PathBuf,
}

/// Account `i`'s UserID.
fn id(i: usize) -> String {
    format!("s{i:07}")
}

fn write_files(dir: &Path) -> Result<Files, String> {
    let existing = DESIRED - NEW;
    let mut seed = String::new();
    let mut previous = String::new();
    for i in 0..existing + REMOVED {
        let _ = writeln!(seed, r#"{{"UserID":"{}","Nick":"Nick {i}"}}"#, id(i));
        let _ = writeln!(previous, r#"{{"UserID":"{}"}}"#, id(i));
    }
    let mut desired = String::new();
    for i in 0..DESIRED {
        let line = match i {
            i if i < RENAMED => format!(r#"{{"UserID":"{}","Nick":"Renamed {i}"}}"#, id(i)),
            i if i < RENAMED + OTHER => format!(
                r#"{{"UserID":"{}","Nick":"Nick {i}","Gender":"Gender_Type_Female"}}"#,
                id(i)
            ),
            i if i < existing => format!(r#"{{"UserID":"{}","Nick":"Nick {i}"}}"#, id(i)),
            // New accounts, after the leavers' numbers.
            i => format!(r#"{{"UserID":"{}","Nick":"New {i}"}}"#, id(i + REMOVED)),
        };
        desired.push_str(&line);
        desired.push('\n');
    }
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok::<_, String>(path)
    };
    Ok(Files {
        seed: write("seed.jsonl", &seed)?,
        desired: write("desired.jsonl", &desired)?,
        previous: write("previous.jsonl", &previous)?,
    })
}

fn seed(imctl: &Path, base_url: &str, file: &Path) -> Result<(), String> {
    let status = emulator_env(&mut Command::new(imctl))
        .args(["--quiet", "--endpoint", base_url, "accounts", "import"])
        .args(["--rate", "100000", "--file"])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot seed: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("seeding the emulator failed ({status})"))
    }
}

/// Every API's documented limit, as `/_emulator/limits` takes them.
fn default_limits() -> String {
    let limits: serde_json::Map<String, serde_json::Value> = Api::ALL
        .iter()
        .map(|api| {
            let rate = api.metadata().default_calls_per_second;
            (api.as_str().to_owned(), rate.into())
        })
        .collect();
    serde_json::Value::Object(limits).to_string()
}

/// `POST /_emulator/limits` with `body`.
fn set_limits(base_url: &str, body: &str) -> Result<(), String> {
    let addr = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("cannot reach {addr}: {e}"))?;
    let request = format!(
        "POST /_emulator/limits HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    if answer.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!("setting the emulator's limits failed: {answer}"))
    }
}
