//! `cargo xtask bench messages`: 1,000,000 recipients from a file through `imctl messages send
//! --text` against the emulator (30 ms latency, batchsendmsg's per-minute recipient quota raised
//! to 600,000 on both sides): messages/s against the quota's ceiling, every recipient checked in
//! the emulator to hold exactly one message, peak RSS of imctl and of the emulator; the same
//! million split over 3 processes sharing the budget in Redis; and at the default quota a
//! 3,000-recipient job. Throttled answers (60007) are counted by the emulator.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::imctl::{build_imctl, control, emulator_env, start_emulator, summary, write_accounts};
use super::process::{Server, Usage, measure_to, which};
use super::record::{load_average, measured_header, mib};
use super::shared_rate::Redis;

/// Recipients of the big jobs.
const RECIPIENTS: usize = 1_000_000;
/// The raised per-minute recipient quota, on both sides.
const RAISED: u32 = 600_000;
/// The ceiling it sets, messages a second.
const CEILING: f64 = RAISED as f64 / 60.0;
/// Recipients of the job at the default quota (12,000 a minute).
const SMALL: usize = 3_000;
const PROCESSES: usize = 3;
/// The recipients' UserID prefix (`m0000000`...).
const PREFIX: &str = "m";

/// One measured job: its processes' usage, its wall time, what the emulator then held.
struct Job {
    usages: Vec<Usage>,
    wall: Duration,
    succeeded: u64,
    failed: u64,
    /// Throttled answers the emulator gave during the job.
    throttled: u64,
    /// Received count → accounts, for this job's sender.
    received: serde_json::Value,
}

impl Job {
    fn rate(&self) -> f64 {
        self.succeeded as f64 / self.wall.as_secs_f64()
    }

    /// Recipients left without the message, and those holding it more than once.
    fn lost_and_doubled(&self, recipients: usize) -> (u64, u64) {
        let map = self.received.as_object();
        let once = self.received["1"].as_u64().unwrap_or(0);
        let more = map.map_or(0, |m| {
            m.iter()
                .filter(|(k, _)| k.parse::<u64>().is_ok_and(|n| n > 1))
                .filter_map(|(_, v)| v.as_u64())
                .sum()
        });
        ((recipients as u64).saturating_sub(once + more), more)
    }

    fn peak_rss(&self) -> u64 {
        self.usages.iter().map(|u| u.max_rss).max().unwrap_or(0)
    }
}

pub(super) fn run() -> Result<String, String> {
    let redis_server = which("redis-server").ok_or(
        "redis-server is not installed: `apt-get install -y redis-server` and run `cargo xtask bench messages` again",
    )?;
    let imctl = build_imctl()?;
    let dir = std::env::temp_dir().join(format!("imctl-bench-messages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let before = load_average();
    let result = measure_all(&imctl, &dir, &redis_server);
    std::fs::remove_dir_all(&dir).ok();
    let (one, emulator_rss, shared, small) = result?;
    let mut out = measured_header(&before);
    report(&mut out, &one, emulator_rss, &shared, &small);
    Ok(out)
}

fn measure_all(
    imctl: &Path,
    dir: &Path,
    redis_server: &Path,
) -> Result<(Job, u64, Job, Job), String> {
    let recipients = dir.join("to.txt");
    write_accounts(&recipients, PREFIX, RECIPIENTS)?;
    let quota = format!("batchsendmsg={RAISED}/minute");
    let server = start_emulator(
        imctl,
        &[
            "--latency-ms",
            "30",
            "--quota",
            &quota,
            "--rate-limit",
            "multiaccount_import=off",
        ],
    )?;
    import_accounts(imctl, &server.found, dir, &recipients)?;
    let raised = ["--quota", quota.as_str()];
    next_minute();
    let one = send(
        imctl,
        &server,
        std::slice::from_ref(&recipients),
        "sender_a",
        &raised,
        dir,
    )?;
    let emulator_rss = server.peak_rss()?;

    let parts = split(&recipients, dir, PROCESSES)?;
    let redis = Redis::start(redis_server)?;
    let store = redis.url();
    let shared_args = [raised[0], raised[1], "--rate-store", store.as_str()];
    next_minute();
    let shared = send(imctl, &server, &parts, "sender_b", &shared_args, dir)?;

    // The default quota on both sides: the emulator's back to the declared 12,000 a minute.
    control(
        &server.found,
        "POST",
        "/_emulator/quotas",
        r#"{"batchsendmsg":{"minute":12000}}"#,
    )?;
    let small = dir.join("small.txt");
    write_accounts(&small, PREFIX, SMALL)?;
    next_minute();
    let small = send(imctl, &server, &[small], "sender_c", &[], dir)?;
    Ok((one, emulator_rss, shared, small))
}

/// Imports the recipients and the three senders (the emulator's import limit is off).
fn import_accounts(
    imctl: &Path,
    base_url: &str,
    dir: &Path,
    recipients: &Path,
) -> Result<(), String> {
    let senders = dir.join("senders.txt");
    std::fs::write(&senders, "sender_a\nsender_b\nsender_c\n").map_err(|e| e.to_string())?;
    for file in [recipients, senders.as_path()] {
        let mut command = Command::new(imctl);
        emulator_env(&mut command)
            .args(["--quiet", "--endpoint", base_url, "accounts", "import"])
            .args(["--rate", "100000", "--concurrency", "128", "--file"])
            .arg(file)
            .stdout(std::process::Stdio::null());
        let status = command.status().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("importing the accounts exited with {status}"));
        }
    }
    Ok(())
}

/// Waits for the next minute of the clock (plus a second): the emulator counts its quota in
/// fixed minutes, so a job does not start in a minute an earlier job filled.
fn next_minute() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let into = now.as_secs_f64() % 60.0;
    std::thread::sleep(Duration::from_secs_f64(61.0 - into));
}

/// Splits the lines of `file` into `n` files.
fn split(file: &Path, dir: &Path, n: usize) -> Result<Vec<std::path::PathBuf>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = text.lines().collect();
    let each = lines.len().div_ceil(n);
    lines
        .chunks(each)
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(format!("part{i}.txt"));
            std::fs::write(&path, chunk.join("\n") + "\n").map_err(|e| e.to_string())?;
            Ok(path)
        })
        .collect()
}

/// `imctl --quiet --json [extra] messages send --from FROM --text ... --to FILE`, one process
/// per file at once, each under GNU time with its stdout in a file.
fn send(
    imctl: &Path,
    server: &Server,
    files: &[std::path::PathBuf],
    from: &str,
    extra: &[&str],
    dir: &Path,
) -> Result<Job, String> {
    let throttled_before = throttled(&server.found)?;
    let started = Instant::now();
    let handles: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let mut command = Command::new(imctl);
            emulator_env(&mut command)
                .args(["--quiet", "--json", "--endpoint", &server.found])
                .args(extra)
                .args(["messages", "send", "--from", from, "--text", "bench notice"])
                .arg("--to")
                .arg(file);
            let output = dir.join(format!("{from}-{i}.jsonl"));
            std::thread::spawn(move || measure_to(&command, Some(&output)))
        })
        .collect();
    let (mut usages, mut succeeded, mut failed) = (Vec::new(), 0, 0);
    for handle in handles {
        let (usage, stdout, code) = handle.join().map_err(|_| "a measuring thread panicked")??;
        if code != 0 {
            return Err(format!("imctl messages send exited with {code}"));
        }
        let summary = summary(&stdout)?;
        succeeded += summary["succeeded"].as_u64().unwrap_or(0);
        failed += summary["failed"].as_u64().unwrap_or(0);
        usages.push(usage);
    }
    let wall = started.elapsed();
    let messages = control(
        &server.found,
        "GET",
        &format!("/_emulator/messages?from={from}"),
        "",
    )?;
    Ok(Job {
        usages,
        wall,
        succeeded,
        failed,
        throttled: throttled(&server.found)? - throttled_before,
        received: messages["received"].clone(),
    })
}

/// The emulator's throttled answers so far.
fn throttled(base_url: &str) -> Result<u64, String> {
    let stats = control(base_url, "GET", "/_emulator/stats", "")?;
    stats["throttled"]
        .as_u64()
        .ok_or_else(|| format!("no throttled count in {stats}"))
}

fn report(out: &mut String, one: &Job, emulator_rss: u64, shared: &Job, small: &Job) {
    out.push_str(
        "Command: `cargo xtask bench messages`: `imctl emulator serve --latency-ms 30 --quota \
batchsendmsg=600000/minute` holding 1,000,000 accounts; `imctl --quiet --json --quota \
batchsendmsg=600000/minute messages send --from S --text 'bench notice' --to to.txt > out.jsonl` \
under GNU time (500 recipients a call, 64 in flight). Ceiling: 600,000 messages a minute = \
10,000/s (counted per recipient). Lost and doubled are counted in the emulator \
(`GET /_emulator/messages?from=S`: every recipient must hold exactly one message from S); \
throttled answers (60007) by the emulator's stats. The emulator's peak RSS is its VmHWM after \
job (a), the million accounts and messages included. Each job starts at a fresh minute of the \
emulator's fixed quota windows.\n\n",
    );
    out.push_str("| Job | messages/s | fraction of ceiling (goal) | sent | failed | lost | doubled | throttled answers | wall | imctl peak RSS |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let rows = [
        (
            "(a) 1M, one process",
            one,
            RECIPIENTS,
            Some((CEILING, 0.97)),
        ),
        (
            "(b) 1M, 3 processes, shared Redis budget (`--rate-store`)",
            shared,
            RECIPIENTS,
            Some((CEILING, 0.95)),
        ),
        (
            "(c) 3,000 at the default quota (12,000/min)",
            small,
            SMALL,
            None,
        ),
    ];
    for (name, job, recipients, goal) in rows {
        let (lost, doubled) = job.lost_and_doubled(recipients);
        let fraction = match goal {
            Some((ceiling, goal)) => format!("{:.3} (≥ {goal})", job.rate() / ceiling),
            None => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {name} | {:.0} | {fraction} | {} | {} | {lost} | {doubled} | {} | {:.1} s | {} |",
            job.rate(),
            job.succeeded,
            job.failed,
            job.throttled,
            job.wall.as_secs_f64(),
            mib(job.peak_rss()),
        );
    }
    let _ = writeln!(
        out,
        "\nEmulator peak RSS after (a): {}. Client CPU: (a) {:.1} s; (b) {:.1} s over 3 processes.",
        mib(emulator_rss),
        cpu(one),
        cpu(shared),
    );
}

fn cpu(job: &Job) -> f64 {
    job.usages.iter().map(|u| u.cpu.as_secs_f64()).sum()
}
