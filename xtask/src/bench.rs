//! `cargo xtask bench [sig|bulk|friends|emulator|callbacks|sync|shared-rate|message-store|messages|group-store|peers]`: runs benchmarks in separate processes and
//! rewrites their sections of `docs/BENCHMARKS.md`.
//!
//! Each bench owns a section between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`;
//! everything else in the file is hand-written and left alone. Figures are medians of several
//! runs; the machine (cores, load before and after) is recorded with them. Nothing here is a
//! test: timing is never asserted.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::build::{cargo, target_dir};
use crate::workspace::project_root;
use process::{Server, which, wrk_run};
use record::{human_ns, load_average, measured_header, median};

mod bulk;
mod callbacks;
mod friends;
mod group_store;
mod groups;
mod imctl;
mod message_store;
mod messages;
mod peers;
mod process;
mod record;
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
            "friends" => friends::run()?,
            "peers" => peers::run()?,
            "callbacks" => callbacks::run()?,
            "sync" => sync::run()?,
            "shared-rate" => shared_rate::run()?,
            "message-store" => message_store::run()?,
            "messages" => messages::run()?,
            "group-store" => group_store::run()?,
            "groups" => groups::run()?,
            other => {
                return Err(format!(
                    "unknown bench {other:?}: expected sig, bulk, friends, emulator, callbacks, sync, shared-rate, message-store, messages, group-store, groups or peers"
                ));
            }
        };
        write_section(name, &section)?;
        println!("{section}");
    }
    Ok(())
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
// bulk: imctl against the emulator with 30 ms latency and a 200 calls/s limit.
