//! `cargo xtask bench group-store`: the emulator's memory holding 100,000 groups and 1,000,000
//! memberships (issue 30: under 1 GiB of RSS), filled through its in-process transport by the
//! release `group_store` example: 100,000 create_group calls, each a Public group with an owner
//! and 9 members drawn from 100,000 accounts.

use std::process::Command;

use super::process::measure;
use super::record::{load_average, measured_header, mib};
use crate::build::{cargo, target_dir};

/// Groups created.
const GROUPS: u64 = 100_000;
/// Members a group, its owner included: 1,000,000 memberships.
const MEMBERS: u64 = 10;
/// The accounts the members are drawn from.
const ACCOUNTS: u64 = 100_000;
/// The goal for the emulator's peak RSS holding them (issue 30).
const GOAL_MIB: f64 = 1024.0;

pub(super) fn run() -> Result<String, String> {
    cargo(&[
        "build",
        "--release",
        "-p",
        "im-emulator",
        "--example",
        "group_store",
    ])?;
    let before = load_average();
    let example = target_dir().join("release/examples/group_store");
    let mut command = Command::new(&example);
    command.args([
        "--groups",
        &GROUPS.to_string(),
        "--members",
        &MEMBERS.to_string(),
        "--accounts",
        &ACCOUNTS.to_string(),
    ]);
    let (usage, stdout, code) = measure(&command)?;
    if code != 0 {
        return Err(format!("group_store exited with {code}"));
    }
    let lines: Vec<(String, String)> = stdout
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
        .collect();
    let get = |key: &str| {
        lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("group_store printed no {key}"))
    };
    let accounts_kib: u64 = get("accounts_rss_kib")?
        .parse()
        .map_err(|e| format!("accounts_rss_kib: {e}"))?;
    let rss_mib = usage.max_rss as f64 / (1024.0 * 1024.0);
    let verdict = if rss_mib < GOAL_MIB { "met" } else { "NOT met" };
    let mut out = measured_header(&before);
    out.push_str(&format!(
        "Command: `cargo xtask bench group-store` (the release `group_store` example of \
im-emulator: {GROUPS} create_group calls through its in-process transport and handlers, each a \
Public group of {MEMBERS} members (owner included) drawn from {ACCOUNTS} accounts; peak RSS by \
GNU time).\n\n\
| Groups | Memberships (expected) | Peak RSS | of which accounts | Goal | Wall |\n\
|---:|---:|---:|---:|---|---:|\n\
| {} | {} ({}) | {} | {} | under {GOAL_MIB:.0} MiB: {verdict} | {:.1} s |\n",
        get("groups")?,
        get("memberships")?,
        get("expected")?,
        mib(usage.max_rss),
        mib(accounts_kib * 1024),
        usage.wall.as_secs_f64(),
    ));
    Ok(out)
}
