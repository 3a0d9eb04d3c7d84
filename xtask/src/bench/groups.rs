//! `cargo xtask bench groups`: through imctl against the emulator (30 ms latency, default
//! limits), 100,000 members imported into one community (`groups members import`), 10,000
//! groups of 30 created and filled from a file (`groups create --file`), then every group
//! listed (`groups list`, following `get_appid_group_list`'s cursor at its 1 call/s): each
//! job's throughput against its rate ceiling, members and groups lost or doubled (counted in
//! the emulator), throttled answers, peak RSS of imctl and of the emulator.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use super::imctl::{build_imctl, control, emulator_env, start_emulator, summary, write_accounts};
use super::process::{Server, Usage, measure_to};
use super::record::{load_average, measured_header, mib};

/// Members of the community, and accounts in all.
const MEMBERS: usize = 100_000;
/// Groups created from the file, and members each.
const GROUPS: usize = 10_000;
const PER_GROUP: usize = 30;
/// import_group_member's 200 calls/s × 20 members a call.
const MEMBER_CEILING: f64 = 200.0 * 20.0;
/// create_group's 200 calls/s, one group a call.
const CREATE_CEILING: f64 = 200.0;
/// The community's custom ID.
const COMMUNITY: &str = "@TGS#_bench";

/// One measured imctl job: its usage, its summary (a listing has none), its stdout's lines.
struct Job {
    usage: Usage,
    summary: serde_json::Value,
    lines: usize,
    /// Throttled answers the emulator gave during the job.
    throttled: u64,
}

/// What the emulator held after the jobs.
struct Held {
    community_members: u64,
    groups: u64,
    memberships: u64,
    rss: u64,
}

pub(super) fn run() -> Result<String, String> {
    let imctl = build_imctl()?;
    let dir = std::env::temp_dir().join(format!("imctl-bench-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let before = load_average();
    let result = measure(&imctl, &dir);
    std::fs::remove_dir_all(&dir).ok();
    let (jobs, held) = result?;
    let mut out = measured_header(&before);
    report(&mut out, &jobs, &held);
    Ok(out)
}

fn measure(imctl: &Path, dir: &Path) -> Result<([Job; 3], Held), String> {
    let accounts = dir.join("accounts.txt");
    write_accounts(&accounts, "u", MEMBERS)?;
    let groups = dir.join("groups.jsonl");
    write_groups(&groups)?;
    let server = start_emulator(imctl, &["--latency-ms", "30"])?;
    let url = server.found.clone();
    imctl_ok(imctl, &url, &["accounts", "import", "--file"], &accounts)?;
    let community = [
        "groups",
        "create",
        "--type",
        "Community",
        "--name",
        "bench",
        "--id",
        COMMUNITY,
    ];
    imctl_ok_args(imctl, &url, &community)?;
    let members = job(
        imctl,
        &server,
        &["groups", "members", "import", COMMUNITY, "--file"],
        Some(&accounts),
        dir,
    )?;
    let created = job(
        imctl,
        &server,
        &["groups", "create", "--file"],
        Some(&groups),
        dir,
    )?;
    let listed = job(imctl, &server, &["groups", "list"], None, dir)?;
    let held = held(&server)?;
    Ok(([members, created, listed], held))
}

/// `g00000`..: Public groups of 30 members each, the members taken in turn from the accounts.
fn write_groups(path: &Path) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut out = std::io::BufWriter::new(file);
    for g in 0..GROUPS {
        let members: Vec<serde_json::Value> = (0..PER_GROUP)
            .map(|k| {
                let account = format!("u{:07}", (g * PER_GROUP + k) % MEMBERS);
                serde_json::json!({ "Member_Account": account })
            })
            .collect();
        let group = serde_json::json!({
            "GroupId": format!("g{g:05}"),
            "Type": "Public",
            "Name": format!("group {g}"),
            "MemberList": members,
        });
        writeln!(out, "{group}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

/// Runs `imctl --quiet --endpoint URL ARGS FILE`, which must succeed.
fn imctl_ok(imctl: &Path, url: &str, args: &[&str], file: &Path) -> Result<(), String> {
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args(["--quiet", "--endpoint", url])
        .args(args)
        .arg(file);
    let status = command.status().map_err(|e| e.to_string())?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("imctl {} exited with {status}", args.join(" ")))
}

/// Runs `imctl --quiet --endpoint URL ARGS`, which must succeed.
fn imctl_ok_args(imctl: &Path, url: &str, args: &[&str]) -> Result<(), String> {
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args(["--quiet", "--endpoint", url])
        .args(args)
        .stdout(std::process::Stdio::null());
    let status = command.status().map_err(|e| e.to_string())?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("imctl {} exited with {status}", args.join(" ")))
}

/// One measured `imctl --quiet --json --endpoint URL ARGS [FILE]`, its stdout in a file.
fn job(
    imctl: &Path,
    server: &Server,
    args: &[&str],
    file: Option<&Path>,
    dir: &Path,
) -> Result<Job, String> {
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args(["--quiet", "--json", "--endpoint", &server.found])
        .args(args);
    if let Some(file) = file {
        command.arg(file);
    }
    let before = throttled(&server.found)?;
    let output = dir.join(format!("{}.jsonl", args.join("-")));
    let (usage, stdout, code) = measure_to(&command, Some(&output))?;
    if code != 0 {
        return Err(format!("imctl {} exited with {code}", args.join(" ")));
    }
    // `stdout` is the output's tail: the lines are counted in the whole file.
    let text = std::fs::read_to_string(&output).map_err(|e| e.to_string())?;
    Ok(Job {
        usage,
        summary: summary(&stdout).unwrap_or(serde_json::Value::Null),
        lines: text.lines().filter(|l| !l.trim().is_empty()).count(),
        throttled: throttled(&server.found)? - before,
    })
}

/// The emulator's throttled answers so far.
fn throttled(base_url: &str) -> Result<u64, String> {
    let stats = control(base_url, "GET", "/_emulator/stats", "")?;
    stats["throttled"]
        .as_u64()
        .ok_or_else(|| format!("no throttled count in {stats}"))
}

/// What the emulator holds (`GET /_emulator/groups`), and its peak RSS.
fn held(server: &Server) -> Result<Held, String> {
    let all = control(&server.found, "GET", "/_emulator/groups?limit=1", "")?;
    let first = &all["groups"][0];
    if first["id"] != COMMUNITY {
        return Err(format!("the first group is not the community: {first}"));
    }
    Ok(Held {
        community_members: first["members"].as_u64().unwrap_or(0),
        groups: all["count"].as_u64().unwrap_or(0),
        memberships: all["memberships"].as_u64().unwrap_or(0),
        rss: server.peak_rss()?,
    })
}

fn report(out: &mut String, jobs: &[Job; 3], held: &Held) {
    let [members, created, listed] = jobs;
    out.push_str(
        "Command: `cargo xtask bench groups`: `imctl emulator serve --latency-ms 30` (default \
limits: import_group_member and create_group 200 calls/s, get_appid_group_list 1 call/s) holding \
100,000 accounts; then, each under GNU time with its stdout in a file: (a) `imctl --json groups \
members import @TGS#_bench --file accounts.txt` (100,000 members into one community, 20 a call: \
ceiling 4,000 members/s); (b) `imctl --json groups create --file groups.jsonl` (10,000 Public \
groups, each with its 30 initial members in its create_group call: ceiling 200 groups/s); (c) \
`imctl --json groups list` (every group, following the cursor). Lost and doubled are counted in \
the emulator (`GET /_emulator/groups`); throttled answers by its stats.\n\n",
    );
    out.push_str("| Job | items/s | fraction of ceiling (goal 0.95) | done | failed | doubled (already there) | throttled answers | wall | imctl peak RSS |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let rows = [
        (
            "(a) 100,000 members",
            members,
            MEMBER_CEILING,
            "already_member",
        ),
        (
            "(b) 10,000 groups of 30",
            created,
            CREATE_CEILING,
            "already_there",
        ),
    ];
    for (name, job, ceiling, again) in rows {
        let done = job.summary["succeeded"].as_u64().unwrap_or(0);
        let rate = done as f64 / job.usage.wall.as_secs_f64();
        let _ = writeln!(
            out,
            "| {name} | {rate:.0} | {:.3} | {done} | {} | {} | {} | {:.1} s | {} |",
            rate / ceiling,
            job.summary["failed"],
            job.summary["by_status"][again].as_u64().unwrap_or(0),
            job.throttled,
            job.usage.wall.as_secs_f64(),
            mib(job.usage.max_rss),
        );
    }
    let _ = writeln!(
        out,
        "| (c) list every group | {:.0} groups/s | | {} lines | | | {} | {:.1} s | {} |",
        listed.lines as f64 / listed.usage.wall.as_secs_f64(),
        listed.lines,
        listed.throttled,
        listed.usage.wall.as_secs_f64(),
        mib(listed.usage.max_rss),
    );
    let groups_memberships = held.memberships.saturating_sub(held.community_members);
    let _ = writeln!(
        out,
        "\nThe emulator then held {} groups ({} expected), the community {} members ({} lost), \
the 10,000 groups {groups_memberships} memberships ({} lost); its peak RSS {}.",
        held.groups,
        GROUPS + 1,
        held.community_members,
        (MEMBERS as u64).saturating_sub(held.community_members),
        ((GROUPS * PER_GROUP) as u64).saturating_sub(groups_memberships),
        mib(held.rss),
    );
}
