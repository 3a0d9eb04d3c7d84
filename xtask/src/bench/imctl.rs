//! imctl as the benches drive it: the emulator it serves, the accounts files, measured imports
//! and their summaries.

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::process::{Server, Usage, measure, measure_to};
use crate::build::{cargo, target_dir};

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

/// CPU time per request of an import run, in microseconds.
pub(crate) fn cpu_per_call(run: &ImportRun) -> f64 {
    run.usage.cpu.as_secs_f64() * 1e6 / run.requests.max(1) as f64
}

/// One measured `imctl profile set` of `n` existing accounts `{prefix}NNNNNNN`.
pub(crate) fn profile_set(
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

/// One request to the emulator's control API; its JSON answer.
pub(crate) fn control(
    base_url: &str,
    method: &str,
    path: &str,
    body: &str,
) -> Result<serde_json::Value, String> {
    let address = base_url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).map_err(|e| e.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut text = String::new();
    stream
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    let answer = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(answer.trim())
        .map_err(|e| format!("{method} {path}: not JSON ({e}): {answer}"))
}
