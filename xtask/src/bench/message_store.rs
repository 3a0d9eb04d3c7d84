//! `cargo xtask bench message-store`: the emulator's memory holding a million short one-to-one
//! messages (issue 29: under 1 GiB of RSS), filled through its in-process transport by the
//! release `message_store` example, once as batchsendmsg calls from one sender (a body per call
//! of 500 recipients) and once as a million sendmsg calls, each with its own text.

use std::fmt::Write as _;
use std::process::Command;

use super::process::measure;
use super::record::{load_average, measured_header, mib};
use crate::build::{cargo, target_dir};

/// Messages stored per run.
const MESSAGES: u64 = 1_000_000;
/// The goal for the emulator's peak RSS holding them (issue 29).
const GOAL_MIB: f64 = 1024.0;

/// What one run printed and used.
struct Run {
    mode: &'static str,
    /// `key value` lines of the example.
    lines: Vec<(String, String)>,
    max_rss: u64,
    wall: f64,
}

impl Run {
    fn get(&self, key: &str) -> Result<&str, String> {
        self.lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("the {} run printed no {key}", self.mode))
    }

    fn kib(&self, key: &str) -> Result<u64, String> {
        self.get(key)?
            .parse::<u64>()
            .map(|kib| kib * 1024)
            .map_err(|e| format!("{key}: {e}"))
    }
}

pub(super) fn run() -> Result<String, String> {
    cargo(&[
        "build",
        "--release",
        "-p",
        "im-emulator",
        "--example",
        "message_store",
    ])?;
    let before = load_average();
    let example = target_dir().join("release/examples/message_store");
    let mut runs = Vec::new();
    for mode in ["batch", "distinct"] {
        let mut command = Command::new(&example);
        command.args(["--messages", &MESSAGES.to_string(), "--mode", mode]);
        let (usage, stdout, code) = measure(&command)?;
        if code != 0 {
            return Err(format!("message_store --mode {mode} exited with {code}"));
        }
        let lines = stdout
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
            .collect();
        runs.push(Run {
            mode,
            lines,
            max_rss: usage.max_rss,
            wall: usage.wall.as_secs_f64(),
        });
    }
    report(&before, &runs)
}

fn report(before: &str, runs: &[Run]) -> Result<String, String> {
    let mut out = measured_header(before);
    out.push_str(
        "Command: `cargo xtask bench message-store` (the release `message_store` example of \
im-emulator: 1,000,000 short text messages through its in-process transport and handlers, \
one process per mode, peak RSS by GNU time; `batch`: batchsendmsg from one sender to \
1,000,000 accounts, 500 a call; `distinct`: 1,000,000 sendmsg calls with their own text \
between 500,000 pairs of accounts, every dedup key kept).\n\n\
| Mode | Messages | Lost / doubled | Peak RSS | of which accounts | Goal | Wall |\n\
|---|---:|---:|---:|---:|---|---:|\n",
    );
    for run in runs {
        let rss_mib = run.max_rss as f64 / (1024.0 * 1024.0);
        let verdict = if rss_mib < GOAL_MIB { "met" } else { "NOT met" };
        let _ = writeln!(
            out,
            "| {} | {} | {} / {} | {} | {} | under {GOAL_MIB:.0} MiB: {verdict} | {:.1} s |",
            run.mode,
            run.get("messages")?,
            run.get("lost")?,
            run.get("doubled")?,
            mib(run.max_rss),
            mib(run.kib("accounts_rss_kib")?),
            run.wall,
        );
    }
    Ok(out)
}
