//! Measured child processes: servers stopped on drop, and clients run under GNU time for their
//! CPU time and peak memory.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The program `name` on the `PATH`, if any.
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

    /// Its process id.
    /// Its peak RSS so far (`VmHWM`), bytes.
    pub(crate) fn peak_rss(&self) -> Result<u64, String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .map_err(|e| format!("cannot read the server's status: {e}"))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
            .ok_or_else(|| "no VmHWM in the server's status".to_owned())
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
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

/// One 5-second `wrk -t1 -c32` run of `script` against `url`: requests per second, and wrk's
/// output.
pub(crate) fn wrk_run(wrk: &Path, script: &Path, url: &str) -> Result<(f64, String), String> {
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
