//! `cargo xtask bench bulk`: imctl's bulk import against the emulator, throttled at the
//! service's rate (throughput, CPU per call, peak RSS) and unthrottled (CPU per call), side by
//! side with an earlier build when `IM_BENCH_BASELINE_IMCTL` names one; figures beside the goals.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::imctl::{
    BULK_EMULATOR_ARGS, ImportRun, build_imctl, cpu_per_call, import_fresh, import_fresh_to,
    profile_set, start_emulator,
};
use super::record::{load_average, measured_header, median, mib};

/// The goal for the client's peak RSS importing a million accounts (issue 24, item 23).
const RSS_GOAL_MIB: f64 = 48.0;
/// The goal for the CPU per call against the first version's, side by side (issue 24, item 23).
const CPU_RATIO_GOAL: f64 = 0.5;
/// 200 calls/s × 100 accounts.
const CEILING: f64 = 200.0 * 100.0;
/// The emulator without added latency or rate limits, for the unthrottled runs.
const UNTHROTTLED_EMULATOR_ARGS: &[&str] = &["--rate-limit", "off"];
/// A rate no run reaches: the client's own limiter never waits.
const UNTHROTTLED_RATE: &[&str] = &["--rate", "100000"];

/// The runs of one build.
#[derive(Default)]
struct Runs {
    /// 100,000 accounts each, throttled.
    throttled: Vec<ImportRun>,
    /// 1,000,000 accounts each, unthrottled.
    unthrottled: Vec<ImportRun>,
}

impl Runs {
    fn cpu(runs: &[ImportRun]) -> f64 {
        median(&mut runs.iter().map(cpu_per_call).collect::<Vec<_>>())
    }

    fn list(runs: &[ImportRun]) -> String {
        runs.iter()
            .map(|r| format!("{:.0}", cpu_per_call(r)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) fn run() -> Result<String, String> {
    let imctl = build_imctl()?;
    // An earlier build to compare with, side by side in the same run (see BENCHMARKS.md).
    let baseline = std::env::var_os("IM_BENCH_BASELINE_IMCTL").map(PathBuf::from);
    let dir = std::env::temp_dir().join(format!("imctl-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let before = load_average();
    let result = measure(&imctl, baseline.as_deref(), &dir);
    std::fs::remove_dir_all(&dir).ok();
    let (now, old, million, profiles) = result?;
    let mut out = measured_header(&before);
    throttled_report(&mut out, &now, &million, &profiles);
    unthrottled_report(&mut out, &now, old.as_ref());
    if let Some(old) = &old {
        side_by_side(&mut out, &now, old);
    }
    Ok(out)
}

type Measured = (Runs, Option<Runs>, ImportRun, ImportRun);

/// The runs: throttled (100k three times, alternating with the baseline's; 1M once; the
/// profile writes), then unthrottled (1M three times, alternating likewise).
fn measure(imctl: &Path, baseline: Option<&Path>, dir: &Path) -> Result<Measured, String> {
    let mut now = Runs::default();
    let mut old = baseline.map(|_| Runs::default());
    let server = start_emulator(imctl, BULK_EMULATOR_ARGS)?;
    let rate = ["--rate", "200"];
    for run in 0..3 {
        let prefix = format!("b{run}_");
        let base_url = &server.found;
        now.throttled
            .push(import_fresh(imctl, base_url, dir, &prefix, 100_000, &rate)?);
        if let (Some(path), Some(old)) = (baseline, old.as_mut()) {
            let prefix = format!("o{run}_");
            old.throttled
                .push(import_fresh(path, base_url, dir, &prefix, 100_000, &rate)?);
        }
    }
    let million = import_fresh(imctl, &server.found, dir, "m_", 1_000_000, &rate)?;
    let profiles = profile_set(imctl, &server.found, dir, "m_", 10_000)?;
    drop(server);

    let server = start_emulator(imctl, UNTHROTTLED_EMULATOR_ARGS)?;
    for run in 0..3 {
        let base_url = &server.found;
        let million = |imctl: &Path, prefix: &str| {
            import_fresh_to(
                imctl,
                base_url,
                dir,
                prefix,
                1_000_000,
                UNTHROTTLED_RATE,
                true,
            )
        };
        now.unthrottled.push(million(imctl, &format!("u{run}_"))?);
        if let (Some(path), Some(old)) = (baseline, old.as_mut()) {
            old.unthrottled.push(million(path, &format!("v{run}_"))?);
        }
    }
    Ok((now, old, million, profiles))
}

/// The throttled figures: 100k (median of 3) and 1M, and the profile writes.
fn throttled_report(out: &mut String, now: &Runs, million: &ImportRun, profiles: &ImportRun) {
    let runs = &now.throttled;
    let rate = median(&mut runs.iter().map(|r| r.accounts_per_sec).collect::<Vec<_>>());
    let rss_100k = median(
        &mut runs
            .iter()
            .map(|r| r.usage.max_rss as f64)
            .collect::<Vec<_>>(),
    );
    let rss_1m = million.usage.max_rss as f64 / (1024.0 * 1024.0);
    let verdict = if rss_1m < RSS_GOAL_MIB {
        "met"
    } else {
        "not met"
    };
    out.push_str(
        "Command: `cargo xtask bench bulk`: `imctl emulator serve --latency-ms 30 --rate-limit \
multiaccount_import=200,account_import=200` in one process, and `imctl --json accounts import --file F --rate 200` \
in another, measured with GNU time (wall time, CPU time, peak RSS of the client process alone). \
100,000 fresh accounts three times (median), then 1,000,000 once. The ceiling is 200 calls/s × 100 \
accounts = 20,000 accounts/s.\n\n",
    );
    out.push_str("| Figure | 100k (median of 3) | 1M | Goal |\n|---|---:|---:|---|\n");
    let _ = writeln!(
        out,
        "| accounts/s | {rate:.0} | {:.0} | |\n| fraction of the 20,000/s ceiling | {:.3} | {:.3} | |\n| client CPU per call | {:.0} µs | {:.0} µs | |\n| client peak RSS | {} | {} | 1M under {RSS_GOAL_MIB:.0} MiB: {verdict} |\n| requests | {} | {} | |",
        million.accounts_per_sec,
        rate / CEILING,
        million.accounts_per_sec / CEILING,
        Runs::cpu(runs),
        cpu_per_call(million),
        mib(rss_100k as u64),
        mib(million.usage.max_rss),
        runs[0].requests,
        million.requests,
    );
    let _ = writeln!(
        out,
        "\nRuns at 100k: {} accounts/s; every run imported all of its accounts ({} each).",
        runs.iter()
            .map(|r| format!("{:.0}", r.accounts_per_sec))
            .collect::<Vec<_>>()
            .join(", "),
        runs[0].succeeded
    );
    let _ = writeln!(
        out,
        "\nProfile writes: `imctl --json profile set --file F` of 10,000 of those accounts \
(Nick and Level each), one portrait_set call per account at its documented 200 calls/s, against \
the same emulator (30 ms latency, portrait_set's default limit of 200/s): {:.0} accounts/s, {:.3} \
of the 200/s ceiling, {} requests, client peak RSS {}.",
        profiles.accounts_per_sec,
        profiles.accounts_per_sec / 200.0,
        profiles.requests,
        mib(profiles.usage.max_rss),
    );
}

/// The unthrottled figures: 1M three times (median), and the baseline's beside them.
fn unthrottled_report(out: &mut String, now: &Runs, old: Option<&Runs>) {
    let runs = &now.unthrottled;
    let rss = median(
        &mut runs
            .iter()
            .map(|r| r.usage.max_rss as f64)
            .collect::<Vec<_>>(),
    );
    let wall = median(
        &mut runs
            .iter()
            .map(|r| r.usage.wall.as_secs_f64())
            .collect::<Vec<_>>(),
    );
    let _ = writeln!(
        out,
        "\nUnthrottled: `imctl emulator serve --rate-limit off` (no added latency) and `imctl \
--json accounts import --file F --rate 100000 > out.jsonl`, 1,000,000 fresh accounts three times \
(median): client CPU per call {:.0} µs (runs: {} µs), {wall:.2} s, client peak RSS {}.",
        Runs::cpu(runs),
        Runs::list(runs),
        mib(rss as u64),
    );
    if let Some(old) = old {
        let (cpu, old_cpu) = (Runs::cpu(runs), Runs::cpu(&old.unthrottled));
        let _ = writeln!(
            out,
            "The earlier build, its runs alternating with these: {old_cpu:.0} µs (runs: {} µs); \
now/before {:.2} (goal: at most {CPU_RATIO_GOAL}: {}).",
            Runs::list(&old.unthrottled),
            cpu / old_cpu,
            verdict(cpu / old_cpu),
        );
    }
}

/// The throttled CPU per call against the baseline's.
fn side_by_side(out: &mut String, now: &Runs, old: &Runs) {
    let (cpu, old_cpu) = (Runs::cpu(&now.throttled), Runs::cpu(&old.throttled));
    let _ = writeln!(
        out,
        "\nSide by side with `IM_BENCH_BASELINE_IMCTL` (an earlier build, its 100k runs \
alternating with these against the same emulator): client CPU per call {old_cpu:.0} µs before, \
{cpu:.0} µs now, a ratio of {:.2} (goal: at most {CPU_RATIO_GOAL}: {}). Runs before: {} µs; now: \
{} µs.",
        cpu / old_cpu,
        verdict(cpu / old_cpu),
        Runs::list(&old.throttled),
        Runs::list(&now.throttled),
    );
}

fn verdict(ratio: f64) -> &'static str {
    if ratio <= CPU_RATIO_GOAL {
        "met"
    } else {
        "not met"
    }
}
