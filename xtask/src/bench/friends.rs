//! `cargo xtask bench friends`: 1,000,000 friend pairs imported from a file through
//! `imctl friends import` against the emulator (30 ms latency, default limits): throughput
//! against the rate ceiling, pairs lost or doubled, peak RSS of the client and of the
//! emulator; then the same import killed with SIGKILL partway and resumed with its checkpoint.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::imctl::{build_imctl, control, emulator_env, start_emulator, summary};
use super::process::{Server, Usage, measure_to};
use super::record::{load_average, measured_header, mib};

/// Owners and friends per owner: 1,000 × 1,000 pairs.
const OWNERS: usize = 1000;
const FRIENDS: usize = 1000;
const PAIRS: usize = OWNERS * FRIENDS;
/// friend_import's documented 200 calls/s × 1000 pairs a call.
const CEILING: f64 = 200.0 * 1000.0;
/// The emulator's peak RSS goal for a million pairs (issue 31).
const EMULATOR_RSS_GOAL_MIB: f64 = 512.0;

/// One measured import.
struct Run {
    usage: Usage,
    summary: serde_json::Value,
}

pub(super) fn run() -> Result<String, String> {
    let imctl = build_imctl()?;
    let dir = std::env::temp_dir().join(format!("imctl-bench-friends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let before = load_average();
    let result = measure(&imctl, &dir);
    std::fs::remove_dir_all(&dir).ok();
    let (clean, emulator_rss, entries, resumed) = result?;
    let mut out = measured_header(&before);
    report(&mut out, &clean, emulator_rss, entries);
    out.push_str(&resumed);
    Ok(out)
}

type Measured = (Run, u64, u64, String);

fn measure(imctl: &Path, dir: &Path) -> Result<Measured, String> {
    let pairs = dir.join("pairs.csv");
    write_pairs(&pairs)?;
    let server = emulator_with_accounts(imctl, dir)?;
    let clean = import(
        imctl,
        &server.found,
        &pairs,
        &[],
        Some(&dir.join("out.jsonl")),
    )?;
    let emulator_rss = server.peak_rss()?;
    let entries = friend_entries(&server.found)?;
    drop(server);
    let resumed = killed_and_resumed(imctl, dir, &pairs)?;
    Ok((clean, emulator_rss, entries, resumed))
}

/// `owner{o},f{f}` for every owner and friend, owner by owner, under a header.
fn write_pairs(path: &Path) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "From_Account,To_Account").map_err(|e| e.to_string())?;
    for o in 0..OWNERS {
        for f in 0..FRIENDS {
            writeln!(out, "owner{o:04},f{f:04}").map_err(|e| e.to_string())?;
        }
    }
    out.flush().map_err(|e| e.to_string())
}

/// The bench's emulator (30 ms latency, default limits) holding the owners and friends.
fn emulator_with_accounts(imctl: &Path, dir: &Path) -> Result<Server, String> {
    let server = start_emulator(imctl, &["--latency-ms", "30"])?;
    let accounts = dir.join("accounts.txt");
    let mut text = String::new();
    for o in 0..OWNERS {
        let _ = writeln!(text, "owner{o:04}");
    }
    for f in 0..FRIENDS {
        let _ = writeln!(text, "f{f:04}");
    }
    std::fs::write(&accounts, text).map_err(|e| e.to_string())?;
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--endpoint",
            &server.found,
            "accounts",
            "import",
            "--file",
        ])
        .arg(&accounts);
    let status = command.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("importing the accounts exited with {status}"));
    }
    Ok(server)
}

/// One measured `imctl --json friends import --file pairs`.
fn import(
    imctl: &Path,
    base_url: &str,
    pairs: &Path,
    extra: &[&str],
    output: Option<&Path>,
) -> Result<Run, String> {
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--json",
            "--endpoint",
            base_url,
            "friends",
            "import",
            "--file",
        ])
        .arg(pairs)
        .args(extra);
    let (usage, stdout, code) = measure_to(&command, output)?;
    if code != 0 {
        return Err(format!("imctl friends import exited with {code}"));
    }
    Ok(Run {
        usage,
        summary: summary(&stdout)?,
    })
}

/// The directed friend entries the emulator holds (`GET /_emulator/relations`).
fn friend_entries(base_url: &str) -> Result<u64, String> {
    let value = control(base_url, "GET", "/_emulator/relations", "")?;
    value["friend_entries"]
        .as_u64()
        .ok_or_else(|| format!("no friend_entries in {value}"))
}

/// The clean run's table.
fn report(out: &mut String, run: &Run, emulator_rss: u64, entries: u64) {
    let succeeded = run.summary["succeeded"].as_u64().unwrap_or(0);
    let rate = succeeded as f64 / run.usage.wall.as_secs_f64();
    let doubled = run.summary["by_status"]["already_there"]
        .as_u64()
        .unwrap_or(0);
    let emulator_mib = emulator_rss as f64 / (1024.0 * 1024.0);
    let verdict = if emulator_mib < EMULATOR_RSS_GOAL_MIB {
        "met"
    } else {
        "not met"
    };
    out.push_str(
        "Command: `cargo xtask bench friends`: `imctl emulator serve --latency-ms 30` (default \
limits: friend_import 200 calls/s) holding 1,000 owners and 1,000 friends, and `imctl --json \
friends import --file pairs.csv > out.jsonl` of 1,000,000 pairs (1,000 friends of each owner, \
owner by owner) in another process, under GNU time; the emulator's peak RSS is its VmHWM. The \
ceiling is 200 calls/s × 1,000 pairs = 200,000 pairs/s.\n\n",
    );
    let _ = writeln!(
        out,
        "| Figure | 1M pairs |\n|---|---:|\n| pairs/s | {rate:.0} |\n| fraction of the ceiling | {:.3} |\n| imported | {succeeded} |\n| failed | {} |\n| lost (friend entries short of 1M) | {} |\n| doubled (answered already there) | {doubled} |\n| requests | {} |\n| client CPU | {:.2} s |\n| client peak RSS | {} |\n| emulator peak RSS | {} (goal under {EMULATOR_RSS_GOAL_MIB:.0} MiB: {verdict}) |",
        rate / CEILING,
        run.summary["failed"],
        (PAIRS as u64).saturating_sub(entries),
        run.summary["requests"],
        run.usage.cpu.as_secs_f64(),
        mib(run.usage.max_rss),
        mib(emulator_rss),
    );
}

/// The import killed with SIGKILL after 2 s, then rerun with the same checkpoint.
fn killed_and_resumed(imctl: &Path, dir: &Path, pairs: &Path) -> Result<String, String> {
    let server = emulator_with_accounts(imctl, dir)?;
    let journal = dir.join("import.ckpt");
    let extra = ["--checkpoint", journal.to_str().unwrap_or_default()];
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--json",
            "--endpoint",
            &server.found,
            "friends",
            "import",
            "--file",
        ])
        .arg(pairs)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = command.spawn().map_err(|e| e.to_string())?;
    std::thread::sleep(Duration::from_secs(2));
    child.kill().map_err(|e| e.to_string())?;
    child.wait().map_err(|e| e.to_string())?;
    let before = friend_entries(&server.found)?;
    let rerun = import(
        imctl,
        &server.found,
        pairs,
        &extra,
        Some(&dir.join("out2.jsonl")),
    )?;
    let entries = friend_entries(&server.found)?;
    let s = &rerun.summary;
    Ok(format!(
        "\nKilled with SIGKILL after 2 s ({before} pairs in the emulator), then rerun with the same \
`--checkpoint`: the rerun skipped {} pairs, imported {}, found {} already there (sent by the killed \
run after its last journal write), failed {}; the emulator then held {entries} friend entries \
({} lost).\n",
        s["skipped"],
        s["by_status"]["imported"],
        s["by_status"]["already_there"],
        s["failed"],
        (PAIRS as u64).saturating_sub(entries),
    ))
}
