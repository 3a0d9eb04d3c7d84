//! `cargo xtask bench peers`: im-sig and imctl side by side with what users would pick
//! instead, measured in one run on one machine and reported as ratios.
//!
//! The peers are installed from the package registries into a temporary folder, removed at the
//! end: the official UserSig libraries for Python (PyPI `tls-sig-api-v2`) and Node (npm
//! `tls-sig-api-v2`), the Python server SDK `timsdk` (PyPI) for the sequential bulk import,
//! and the official Go library when a Go toolchain and the module's source can be had (the Go
//! module proxy, or a local copy named by `IM_BENCH_GO_LIB`, whose package is vendored into the
//! driver so that its build needs no network). Each peer runs in a process of
//! its own, driven by a small script kept next to this file (`peers/`). A peer that cannot be
//! installed or run is skipped, with the reason written into the report; the command fails
//! only when no peer at all could be measured.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::imctl::{
    BULK_EMULATOR_ARGS, ImportRun, build_imctl, emulator_env, import_fresh, start_emulator,
};
use super::process::{Usage, measure, which};
use super::record::{human_ns, load_average, machine, median, mib, today};
use crate::build::{cargo, target_dir};

const PYTHON_SIG_DRIVER: &str = include_str!("peers/sig_python.py");
const NODE_SIG_DRIVER: &str = include_str!("peers/sig_node.js");
const GO_SIG_DRIVER: &str = include_str!("peers/sig_go.go");
const SEQUENTIAL_IMPORT_DRIVER: &str = include_str!("peers/seq_import.py");

/// The UserID every driver signs (the drivers hold the other inputs: SDKAppID 1400000000, the
/// official examples' demo key, expire 86400).
const IDENTIFIER: &str = "bench_user_01";
/// The official Go library's name in the tables.
const GO_NAME: &str = "Go `tls-sig-api-v2-golang`";
/// The official Go library's module path.
const GO_MODULE: &str = "github.com/tencentyun/tls-sig-api-v2-golang";
/// Runs of each UserSig implementation; the figure is their median.
const SIG_RUNS: usize = 5;
/// The shortest timed loop of a run.
const MIN_LOOP: Duration = Duration::from_millis(600);
/// Accounts per bulk run, for imctl and for the sequential loop alike.
const BULK_ACCOUNTS: usize = 20_000;
/// Bulk runs of each client; the figure is their median.
const BULK_RUNS: usize = 3;
/// The longest an install step may take.
const INSTALL_LIMIT: Duration = Duration::from_secs(300);
/// The longest one measured run of a driver may take.
const RUN_LIMIT: Duration = Duration::from_secs(300);

/// Runs the comparison and returns the `peers` section of `docs/BENCHMARKS.md`.
pub(super) fn run() -> Result<String, String> {
    let load_start = load_average();
    cargo(&[
        "build",
        "--release",
        "-p",
        "im-sig",
        "--example",
        "sigbench",
    ])?;
    let imctl = build_imctl()?;
    let work = Workdir::create()?;
    println!(
        "bench peers: installing the peers into {}",
        work.0.display()
    );
    let mut notes = Notes::default();
    let python = install_python(&work, &mut notes);
    let node = install_node(&work, &mut notes);
    let go = install_go(&work, &mut notes);

    let mut contenders = ours();
    if let Some(python) = &python {
        contenders.push(Contender::python(python));
    }
    contenders.extend(node.map(Contender::node));
    contenders.extend(go.clone().map(Contender::go));
    let sequential = python.as_ref().map(|p| p.driver("seq_import.py"));
    if contenders.iter().all(|c| c.ours) && sequential.is_none() {
        return Err(format!(
            "no peer could be installed, nothing to compare:\n{}",
            notes.skipped_lines()
        ));
    }

    println!("bench peers: UserSig runs");
    let cpu = CpuTimes::now();
    let load_sig = load_average();
    let sigs = measure_sigs(contenders, &mut notes)?;
    let sig_busy = cpu.busy_since();
    let checks = cross_verify(&sigs, &ours_driver(), go.as_ref());

    println!("bench peers: bulk import and memory");
    let load_bulk = load_average();
    let cpu = CpuTimes::now();
    let bulk = measure_bulk(&imctl, sequential.as_ref(), &work, &mut notes)?;
    let bulk_busy = cpu.busy_since();
    let measured_peers = sigs.iter().filter(|s| !s.ours).count() + usize::from(bulk.has_peer());
    if measured_peers == 0 {
        return Err(format!(
            "no peer could be measured:\n{}",
            notes.skipped_lines()
        ));
    }

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Measured {} on {}. Load average (1 min): {load_start} at the start, {load_sig} before the \
UserSig runs, {load_bulk} before the bulk runs, {} at the end. Whole-machine CPU busy: {sig_busy} \
during the UserSig runs, which keep one core busy ({:.0}%), so anything above that was other load \
(the machine is shared); {bulk_busy} during the bulk runs (clients and emulator together).\n",
        today(),
        machine(),
        load_average(),
        100.0 / cores as f64,
    );
    out.push_str(&command_line());
    out.push_str(&notes.render());
    out.push_str(&render_sigs(&sigs));
    out.push_str(&render_checks(&checks));
    out.push_str(&bulk.render());
    Ok(out)
}

/// The command, as run (with the optional Go source override when set).
fn command_line() -> String {
    let go_lib = std::env::var("IM_BENCH_GO_LIB")
        .map(|dir| format!("IM_BENCH_GO_LIB={dir} "))
        .unwrap_or_default();
    format!(
        "Command: `{go_lib}cargo xtask bench peers` (installs the peers into a temporary folder, \
removes it afterwards; every server is the local emulator on 127.0.0.1).\n\n"
    )
}

// ---------------------------------------------------------------------------------------------
// Installing.

/// The temporary folder the peers are installed into, removed on drop.
struct Workdir(PathBuf);

impl Workdir {
    fn create() -> Result<Workdir, String> {
        let dir = std::env::temp_dir().join(format!("im-bench-peers-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Workdir(dir))
    }

    /// Writes a driver script into `dir` (relative to the folder) and returns its path.
    fn write(&self, dir: &str, name: &str, text: &str) -> Result<PathBuf, String> {
        let dir = self.0.join(dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.0) {
            eprintln!("bench peers: cannot remove {}: {e}", self.0.display());
        }
    }
}

/// What was installed and what was skipped, for the report.
#[derive(Default)]
struct Notes {
    installed: Vec<String>,
    skipped: Vec<(String, String)>,
}

impl Notes {
    fn install(&mut self, line: String) {
        println!("bench peers: {line}");
        self.installed.push(line);
    }

    fn skip(&mut self, what: &str, reason: String) {
        eprintln!("bench peers: skipping {what}: {reason}");
        self.skipped.push((what.to_owned(), reason));
    }

    fn skipped_lines(&self) -> String {
        self.skipped
            .iter()
            .map(|(what, reason)| format!("- {what}: {reason}\n"))
            .collect()
    }

    fn render(&self) -> String {
        let mut out = String::from("Peers, installed for this run:\n\n");
        for line in &self.installed {
            let _ = writeln!(out, "- {line}");
        }
        for (what, reason) in &self.skipped {
            let _ = writeln!(out, "- not measured: {what}: {reason}");
        }
        out.push('\n');
        out
    }
}

/// The Python venv with the official signer (and timsdk when it installed), and the folder
/// holding the driver scripts.
struct Python {
    exe: PathBuf,
    dir: PathBuf,
}

impl Python {
    fn driver(&self, script: &str) -> Driver {
        Driver::new(&self.exe, &[self.dir.join(script).as_os_str()], &self.dir)
    }
}

fn install_python(work: &Workdir, notes: &mut Notes) -> Option<Python> {
    const WHAT: &str = "Python tls-sig-api-v2 and timsdk (PyPI)";
    let Some(python3) = which("python3") else {
        notes.skip(WHAT, "python3 is not installed".into());
        return None;
    };
    let venv = work.0.join("venv");
    if let Err(e) = succeed(
        Command::new(&python3).args(["-m", "venv"]).arg(&venv),
        INSTALL_LIMIT,
    ) {
        notes.skip(WHAT, format!("`python3 -m venv` failed: {e}"));
        return None;
    }
    let exe = venv.join("bin/python");
    let pip = |package: &str| {
        succeed(
            Command::new(&exe)
                .args(["-m", "pip", "install", "--disable-pip-version-check"])
                .args(["--no-input", "--quiet", "--timeout", "20", "--retries", "1"])
                .arg(package)
                .env("PIP_CACHE_DIR", work.0.join("pip-cache")),
            INSTALL_LIMIT,
        )
    };
    if let Err(e) = pip("tls-sig-api-v2") {
        notes.skip(
            WHAT,
            format!("`pip install tls-sig-api-v2` failed (PyPI unreachable?): {e}"),
        );
        return None;
    }
    let interpreter = version_line(Command::new(&exe).arg("--version"));
    let timsdk = match pip("timsdk") {
        Ok(_) => "and `timsdk` (PyPI) for the sequential import".to_owned(),
        Err(e) => {
            let reason = format!(
                "`pip install timsdk` failed: {e}; the sequential import uses urllib and the \
official signer instead"
            );
            notes.skip("timsdk (PyPI)", reason);
            "(timsdk missing: the sequential import uses urllib)".to_owned()
        }
    };
    notes.install(format!(
        "{interpreter} venv: `tls-sig-api-v2` (PyPI) {timsdk}; versions in the tables"
    ));
    let written = work
        .write("python", "sig_python.py", PYTHON_SIG_DRIVER)
        .and_then(|_| work.write("python", "seq_import.py", SEQUENTIAL_IMPORT_DRIVER));
    if let Err(e) = written {
        notes.skip(WHAT, e);
        return None;
    }
    Some(Python {
        exe,
        dir: work.0.join("python"),
    })
}

fn install_node(work: &Workdir, notes: &mut Notes) -> Option<Driver> {
    const WHAT: &str = "Node tls-sig-api-v2 (npm)";
    let (Some(node), Some(npm)) = (which("node"), which("npm")) else {
        notes.skip(WHAT, "node or npm is not installed".into());
        return None;
    };
    let dir = work.0.join("node");
    let driver = match work.write("node", "sig_node.js", NODE_SIG_DRIVER) {
        Ok(path) => path,
        Err(e) => {
            notes.skip(WHAT, e);
            return None;
        }
    };
    let install = succeed(
        Command::new(npm)
            .args(["install", "--no-audit", "--no-fund", "--no-save"])
            .args(["--fetch-timeout=20000", "--fetch-retries=1", "--prefix"])
            .arg(&dir)
            .arg("tls-sig-api-v2")
            .env("npm_config_cache", work.0.join("npm-cache")),
        INSTALL_LIMIT,
    );
    if let Err(e) = install {
        notes.skip(
            WHAT,
            format!("`npm install tls-sig-api-v2` failed (npm registry unreachable?): {e}"),
        );
        return None;
    }
    notes.install(format!(
        "Node {}: `tls-sig-api-v2` (npm); version in the tables",
        version_line(Command::new(&node).arg("--version"))
    ));
    Some(Driver::new(&node, &[driver.as_os_str()], &dir))
}

fn install_go(work: &Workdir, notes: &mut Notes) -> Option<Driver> {
    const WHAT: &str = "Go tls-sig-api-v2-golang";
    match build_go_driver(work) {
        Ok((driver, line)) => {
            notes.install(line);
            Some(driver)
        }
        Err(reason) => {
            notes.skip(WHAT, reason);
            None
        }
    }
}

/// Builds the Go driver against the official library; returns it and an install note.
fn build_go_driver(work: &Workdir) -> Result<(Driver, String), String> {
    let go = go_toolchain()?;
    let dir = work.0.join("go");
    work.write("go", "go.mod", "module peerbench\n\ngo 1.16\n")?;
    work.write("go", "main.go", GO_SIG_DRIVER)?;
    let go_command = |args: &[&str]| {
        let mut command = Command::new(&go);
        command
            .args(args)
            .current_dir(&dir)
            .env("GOPATH", work.0.join("gopath"))
            .env("GOCACHE", work.0.join("gocache"))
            .env("GOFLAGS", "-modcacherw")
            .env("GO111MODULE", "on")
            .env("GOTOOLCHAIN", "local");
        command
    };
    let toolchain = version_line(&mut go_command(&["version"]));
    let (source, build_mode) = match std::env::var("IM_BENCH_GO_LIB") {
        Ok(local) => (
            vendor_local_go_lib(work, &local, &go_command)?,
            "-mod=vendor",
        ),
        Err(_) => {
            let proxy = version_line(&mut go_command(&["env", "GOPROXY"]));
            succeed(
                &mut go_command(&["get", &format!("{GO_MODULE}@latest")]),
                Duration::from_secs(120),
            )
            .map_err(|e| {
                format!(
                    "`go get {GO_MODULE}@latest` failed, the Go module proxy ({proxy}) is \
unreachable from this machine and no other package registry ships the library ({e}); set \
IM_BENCH_GO_LIB to a local copy of the module to include it"
                )
            })?;
            (format!("`{GO_MODULE}@latest` from {proxy}"), "-mod=mod")
        }
    };
    succeed(
        &mut go_command(&["build", build_mode, "-o", "sigpeer", "."]),
        INSTALL_LIMIT,
    )
    .map_err(|e| format!("`go build` of the driver failed: {e}"))?;
    let driver = Driver::new(&dir.join("sigpeer"), &[], &dir);
    Ok((driver, format!("{toolchain}: {source}")))
}

/// The Go package of the official module that the driver imports.
const GO_PACKAGE: &str = "tencentyun";

/// Points the driver's module at the local copy `local` of the official library and vendors
/// that copy's package (its non-test sources) into the driver, so `go build -mod=vendor`
/// needs no network: the module's go.mod requires testify for its tests, which `-mod=mod`
/// would fetch from the module proxy even for a local copy. Returns the install note.
fn vendor_local_go_lib(
    work: &Workdir,
    local: &str,
    go_command: &dyn Fn(&[&str]) -> Command,
) -> Result<String, String> {
    let local = std::fs::canonicalize(local)
        .map_err(|e| format!("IM_BENCH_GO_LIB={local}: {e}"))?
        .display()
        .to_string();
    let version = "v0.0.0-00010101000000-000000000000";
    succeed(
        &mut go_command(&[
            "mod",
            "edit",
            &format!("-require={GO_MODULE}@{version}"),
            &format!("-replace={GO_MODULE}={local}"),
        ]),
        INSTALL_LIMIT,
    )?;
    let source = Path::new(&local).join(GO_PACKAGE);
    let entries = std::fs::read_dir(&source)
        .map_err(|e| format!("IM_BENCH_GO_LIB: cannot read {}: {e}", source.display()))?;
    let package = format!("{GO_MODULE}/{GO_PACKAGE}");
    let vendored = format!("vendor/{package}");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".go") && !name.ends_with("_test.go") {
            let text = std::fs::read_to_string(entry.path())
                .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            work.write(&format!("go/{vendored}"), &name, &text)?;
        }
    }
    let modules = format!(
        "# {GO_MODULE} {version} => {local}\n## explicit\n{package}\n# {GO_MODULE} => {local}\n"
    );
    work.write("go/vendor", "modules.txt", &modules)?;
    Ok(format!(
        "the local copy in `{local}` (IM_BENCH_GO_LIB), its package vendored into the driver"
    ))
}

/// `go`, installing Debian's `golang-go` with apt-get when missing and running as root.
fn go_toolchain() -> Result<PathBuf, String> {
    if let Some(go) = which("go") {
        return Ok(go);
    }
    let uid = Command::new("id").arg("-u").output().ok();
    if uid.is_none_or(|o| String::from_utf8_lossy(&o.stdout).trim() != "0") {
        return Err(
            "go is not installed and this is not root (`apt-get install -y golang-go` \
installs Debian's Go)"
                .into(),
        );
    }
    println!("bench peers: installing Debian's golang-go with apt-get");
    let apt = |args: &[&str]| {
        succeed(
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
            Duration::from_secs(600),
        )
    };
    apt(&["install", "-y", "-q", "golang-go"])
        .or_else(|_| {
            apt(&["update", "-q"])?;
            apt(&["install", "-y", "-q", "golang-go"])
        })
        .map_err(|e| {
            format!("`apt-get install golang-go` failed (Debian's archive unreachable?): {e}")
        })?;
    which("go").ok_or_else(|| "golang-go installed but `go` is not on PATH".into())
}

/// The first line a version command prints, or "unknown version".
fn version_line(command: &mut Command) -> String {
    succeed(command, Duration::from_secs(60))
        .ok()
        .and_then(|out| out.lines().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown version".into())
}

// ---------------------------------------------------------------------------------------------
// Running processes.

/// A driver program: `program args.. MODE..` run in `dir`.
#[derive(Clone)]
struct Driver {
    program: PathBuf,
    args: Vec<OsString>,
    dir: PathBuf,
}

impl Driver {
    fn new(program: &Path, args: &[&OsStr], dir: &Path) -> Driver {
        Driver {
            program: program.to_owned(),
            args: args.iter().map(|&a| a.to_owned()).collect(),
            dir: dir.to_owned(),
        }
    }

    fn command(&self, mode: &[&str]) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).args(mode).current_dir(&self.dir);
        command
    }

    /// Runs the driver and returns the JSON object it printed last, whatever its exit status
    /// (a verifier says "no" with a JSON object and exit status 1).
    fn json(&self, mode: &[&str]) -> Result<Value, String> {
        let output = run_within(&mut self.command(mode), RUN_LIMIT)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        last_json(&stdout).ok_or_else(|| {
            format!(
                "{} {} printed no JSON ({}): {}",
                self.program.display(),
                mode.join(" "),
                output.status,
                gist(&output.stderr)
            )
        })
    }
}

/// The last line of `text` that is a JSON object.
fn last_json(text: &str) -> Option<Value> {
    text.lines().rev().find_map(|l| {
        serde_json::from_str::<Value>(l)
            .ok()
            .filter(Value::is_object)
    })
}

/// Runs `command` within `limit`, capturing its output; kills it past the limit.
fn run_within(command: &mut Command, limit: Duration) -> Result<Output, String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", describe(command)))?;
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{} did not finish within {} s",
                describe(command),
                limit.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Reads a child's pipe to the end on a thread of its own (so neither pipe can fill up).
fn read_all(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Runs `command` within `limit`; its stdout on success, else its status and last stderr lines.
fn succeed(command: &mut Command, limit: Duration) -> Result<String, String> {
    let output = run_within(command, limit)?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("{}: {}", output.status, gist(&output.stderr)))
    }
}

/// The gist of some error output on one line: its first two and last two non-empty lines
/// (tools name the cause first, npm and pip repeat it last).
fn gist(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let gist = if lines.len() <= 4 {
        lines.join(" / ")
    } else {
        format!(
            "{} / ... / {}",
            lines[..2].join(" / "),
            lines[lines.len() - 2..].join(" / ")
        )
    };
    if gist.is_empty() {
        "no error output".into()
    } else {
        gist
    }
}

fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    format!("`{}`", words.join(" "))
}

/// Whole-machine CPU time counters from `/proc/stat`, to tell whether other load ran.
struct CpuTimes {
    busy: u64,
    total: u64,
}

impl CpuTimes {
    fn now() -> CpuTimes {
        let fields: Vec<u64> = std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|s| s.lines().next().map(str::to_owned))
            .map(|l| {
                l.split_whitespace()
                    .skip(1)
                    .filter_map(|v| v.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        // user nice system idle iowait irq softirq steal ...
        let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
        let total: u64 = fields.iter().take(8).sum();
        CpuTimes {
            busy: total.saturating_sub(idle),
            total,
        }
    }

    /// The busy share of all cores since `self` was taken, e.g. "48% of 2 cores".
    fn busy_since(&self) -> String {
        let now = CpuTimes::now();
        let total = now.total.saturating_sub(self.total);
        if total == 0 {
            return "unknown".into();
        }
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let busy = now.busy.saturating_sub(self.busy) as f64 / total as f64;
        format!("{:.0}% of {cores} cores", busy * 100.0)
    }
}

// ---------------------------------------------------------------------------------------------
// UserSig generation and verification.

/// A UserSig implementation under measurement.
struct Contender {
    name: &'static str,
    /// How its UserSig is framed.
    form: &'static str,
    /// Our form with the same compression, for the same-form ratio.
    same_as: OurForm,
    ours: bool,
    driver: Driver,
    /// The `bench` arguments after N.
    extra: Vec<&'static str>,
    /// Iterations of the calibration run.
    first_n: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OurForm {
    Stored,
    Deflate6,
}

fn ours_driver() -> Driver {
    let sigbench = target_dir().join("release/examples/sigbench");
    Driver::new(&sigbench, &[], &crate::workspace::project_root())
}

/// im-sig in both forms.
fn ours() -> Vec<Contender> {
    [
        (
            "stored",
            OurForm::Stored,
            "zlib stored block (Go's current form; our default)",
        ),
        ("deflate6", OurForm::Deflate6, "zlib level 6"),
    ]
    .into_iter()
    .map(|(arg, same_as, form)| Contender {
        name: "im-sig (ours)",
        form,
        same_as,
        ours: true,
        driver: ours_driver(),
        extra: vec![arg],
        first_n: 20_000,
    })
    .collect()
}

impl Contender {
    fn python(python: &Python) -> Contender {
        Contender {
            name: "Python `tls-sig-api-v2`",
            form: "zlib level 6 (JSON with spaces)",
            same_as: OurForm::Deflate6,
            ours: false,
            driver: python.driver("sig_python.py"),
            extra: vec![],
            first_n: 2_000,
        }
    }

    fn node(driver: Driver) -> Contender {
        Contender {
            name: "Node `tls-sig-api-v2`",
            form: "zlib level 6 (Node's zlib)",
            same_as: OurForm::Deflate6,
            ours: false,
            driver,
            extra: vec![],
            first_n: 5_000,
        }
    }

    fn go(driver: Driver) -> Contender {
        Contender {
            name: GO_NAME,
            form: "zlib stored block (its default)",
            same_as: OurForm::Stored,
            ours: false,
            driver,
            extra: vec![],
            first_n: 20_000,
        }
    }

    /// One `bench N` run.
    fn bench(&self, n: u64) -> Result<SigRun, String> {
        let n_arg = n.to_string();
        let mut mode = vec!["bench", n_arg.as_str()];
        mode.extend(&self.extra);
        let value = self.driver.json(&mode)?;
        let gen_ns = value["gen_ns"]
            .as_f64()
            .ok_or_else(|| format!("no gen_ns in {value}"))?;
        Ok(SigRun {
            gen_ns,
            verify_ns: value["verify_ns"].as_f64(),
            version: value["version"].as_str().unwrap_or("?").to_owned(),
            sample: value["sample"].as_str().unwrap_or_default().to_owned(),
        })
    }
}

/// What one run printed.
struct SigRun {
    gen_ns: f64,
    verify_ns: Option<f64>,
    version: String,
    sample: String,
}

/// The medians of one implementation's runs.
struct SigFigures {
    name: &'static str,
    form: &'static str,
    same_as: OurForm,
    ours: bool,
    version: String,
    n: u64,
    gen_ns: f64,
    verify_ns: Option<f64>,
    gen_runs: Vec<f64>,
    verify_runs: Vec<f64>,
    sample: String,
}

/// Calibrates each implementation so its shortest loop lasts at least [`MIN_LOOP`], then
/// runs them in turn [`SIG_RUNS`] times (interleaved, so drift in the machine's load is
/// shared). A peer that fails is skipped; our own failure is an error.
fn measure_sigs(contenders: Vec<Contender>, notes: &mut Notes) -> Result<Vec<SigFigures>, String> {
    let mut active = Vec::new();
    for contender in contenders {
        match contender.bench(contender.first_n) {
            Ok(first) => {
                let n = iterations(&first, contender.first_n);
                active.push((contender, n, Vec::new()));
            }
            Err(e) if contender.ours => return Err(e),
            Err(e) => notes.skip(contender.name, format!("its driver failed: {e}")),
        }
    }
    for round in 0..SIG_RUNS {
        println!("bench peers: UserSig round {}/{SIG_RUNS}", round + 1);
        let mut failed = Vec::new();
        for (i, (contender, n, runs)) in active.iter_mut().enumerate() {
            match contender.bench(*n) {
                Ok(run) => runs.push(run),
                Err(e) if contender.ours => return Err(e),
                Err(e) => failed.push((i, e)),
            }
        }
        for (i, e) in failed.into_iter().rev() {
            let (contender, _, _) = active.remove(i);
            notes.skip(contender.name, format!("its driver failed: {e}"));
        }
    }
    Ok(active
        .into_iter()
        .map(|(c, n, runs)| figures(c, n, runs))
        .collect())
}

/// Iterations for a run whose fastest loop lasts at least [`MIN_LOOP`], from a first run.
fn iterations(first: &SigRun, first_n: u64) -> u64 {
    let fastest = first
        .verify_ns
        .map_or(first.gen_ns, |v| v.min(first.gen_ns))
        .max(1.0);
    let n = (MIN_LOOP.as_nanos() as f64 / fastest).ceil() as u64;
    // Two significant digits, so the tables read easily.
    let scale = 10u64.pow(n.max(1).ilog10().saturating_sub(1));
    (n.div_ceil(scale) * scale).max(first_n)
}

fn figures(contender: Contender, n: u64, runs: Vec<SigRun>) -> SigFigures {
    let gen_runs: Vec<f64> = runs.iter().map(|r| r.gen_ns).collect();
    let verify: Vec<f64> = runs.iter().filter_map(|r| r.verify_ns).collect();
    let last = runs
        .last()
        .expect("every measured contender has SIG_RUNS runs");
    let gen_ns = median(&mut gen_runs.clone());
    SigFigures {
        name: contender.name,
        form: contender.form,
        same_as: contender.same_as,
        ours: contender.ours,
        version: last.version.clone(),
        n,
        gen_ns,
        verify_ns: (!verify.is_empty()).then(|| median(&mut verify.clone())),
        gen_runs,
        verify_runs: verify,
        sample: last.sample.clone(),
    }
}

/// One cross-verification: whose UserSig, checked by whom, and the outcome.
struct Check {
    usersig: String,
    verifier: &'static str,
    outcome: String,
}

/// Each peer's sample UserSig verified by im-sig, and ours by Go's verifier where built.
fn cross_verify(sigs: &[SigFigures], ours: &Driver, go: Option<&Driver>) -> Vec<Check> {
    let mut checks = Vec::new();
    for peer in sigs.iter().filter(|s| !s.ours) {
        checks.push(Check {
            usersig: format!("{} {}", peer.name, peer.version),
            verifier: "im-sig `Signer::verify` (sigbench, current time)",
            outcome: verdict(ours.json(&["verify", IDENTIFIER, &peer.sample])),
        });
    }
    for mine in sigs.iter().filter(|s| s.ours) {
        checks.push(Check {
            usersig: format!("im-sig, {}", mine.form),
            verifier: "Go `VerifyUserSig` (current time)",
            outcome: match go {
                Some(go) => verdict(go.json(&["verify", IDENTIFIER, &mine.sample])),
                None => "not run: the Go library could not be built (above)".into(),
            },
        });
    }
    checks
}

fn verdict(result: Result<Value, String>) -> String {
    match result {
        Ok(v) if v["ok"] == true => "pass".into(),
        Ok(v) => format!(
            "**FAIL**: {}",
            v["error"].as_str().unwrap_or("no reason given")
        ),
        Err(e) => format!("**not checked**: {e}"),
    }
}

fn render_sigs(sigs: &[SigFigures]) -> String {
    let ours = |form: OurForm| sigs.iter().find(|s| s.ours && s.same_as == form);
    let default = ours(OurForm::Stored);
    let mut out = String::from(
        "### UserSig generation and verification\n\n\
Same inputs everywhere (SDKAppID 1400000000, the demo key, identifier `bench_user_01`, expire \
86400); every implementation reads the clock on each call. Each figure is the median of 5 runs, \
each run a fresh process timing N calls after N/10 warm-up calls. A ratio is peer/ours: above 1 \
the peer takes longer. \"Same form\" compares against im-sig producing the same compression; \
\"default\" against im-sig's default (stored). The Python and Node libraries have no verifier.\n\n\
| Implementation | Version | Output form | N per run | Generate | Verify | Generate, peer/ours (same form) | Generate, peer/ours (default) | Verify, peer/ours |\n\
|---|---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for s in sigs {
        let same = ours(s.same_as);
        let ratio = |ns: Option<f64>, base: Option<f64>| match (ns, base) {
            _ if s.ours => "—".to_owned(),
            (Some(ns), Some(base)) => format!("{:.1}×", ns / base),
            _ => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.name,
            s.version,
            s.form,
            s.n,
            human_ns(s.gen_ns),
            s.verify_ns.map_or("no verifier".into(), human_ns),
            ratio(Some(s.gen_ns), same.map(|o| o.gen_ns)),
            ratio(Some(s.gen_ns), default.map(|o| o.gen_ns)),
            ratio(s.verify_ns, same.and_then(|o| o.verify_ns)),
        );
    }
    out.push_str(&render_goals(sigs));
    out.push_str("\nRuns (ns per call, generation; verification):\n\n");
    let join = |runs: &[f64]| {
        let runs: Vec<String> = runs.iter().map(|r| format!("{r:.0}")).collect();
        runs.join(", ")
    };
    for s in sigs {
        let verify = if s.verify_runs.is_empty() {
            "no verifier".to_owned()
        } else {
            join(&s.verify_runs)
        };
        let _ = writeln!(
            out,
            "- {}, {}: {}; {verify}",
            s.name,
            s.form,
            join(&s.gen_runs)
        );
    }
    out.push('\n');
    out
}

/// im-sig against the official Go library, both in their default (stored) form: generation
/// at least this many times as fast (issue 24, item 22).
const GOAL_GENERATE: f64 = 6.0;
/// The same for verification.
const GOAL_VERIFY: f64 = 10.0;

/// The goals of the Go comparison beside this run's ratios.
fn render_goals(sigs: &[SigFigures]) -> String {
    let ours = sigs.iter().find(|s| s.ours && s.same_as == OurForm::Stored);
    let go = sigs.iter().find(|s| !s.ours && s.name == GO_NAME);
    let (Some(ours), Some(go)) = (ours, go) else {
        return "\nGoals against the official Go library (generation ≥ 6×, verification ≥ 10× \
as fast): not measured, the Go library did not run (see above).\n"
            .to_owned();
    };
    let verdict = |ratio: f64, goal: f64| if ratio >= goal { "met" } else { "**not met**" };
    let line = |what: &str, peer: Option<f64>, mine: Option<f64>, goal: f64| match (peer, mine) {
        (Some(peer), Some(mine)) => {
            let ratio = peer / mine;
            format!(
                "- {what}: Go {} / im-sig {} = **{ratio:.2}×** (goal ≥ {goal:.0}×: {})\n",
                human_ns(peer),
                human_ns(mine),
                verdict(ratio, goal)
            )
        }
        _ => format!("- {what}: not measured\n"),
    };
    format!(
        "\nGoals against the official Go library, both in the stored form (medians above):\n\n{}{}",
        line(
            "generation",
            Some(go.gen_ns),
            Some(ours.gen_ns),
            GOAL_GENERATE
        ),
        line("verification", go.verify_ns, ours.verify_ns, GOAL_VERIFY),
    )
}

fn render_checks(checks: &[Check]) -> String {
    let mut out = String::from(
        "### Cross-verification (same run)\n\n| UserSig from | Verified by | Result |\n|---|---|---|\n",
    );
    for c in checks {
        let _ = writeln!(out, "| {} | {} | {} |", c.usersig, c.verifier, c.outcome);
    }
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// Bulk import and memory.

/// One measured run of the sequential loop.
struct SequentialRun {
    usage: Usage,
    client: String,
    succeeded: u64,
    failed: u64,
    requests: u64,
}

impl SequentialRun {
    fn accounts_per_sec(&self) -> f64 {
        self.succeeded as f64 / self.usage.wall.as_secs_f64()
    }
}

struct BulkFigures {
    imctl: Vec<ImportRun>,
    sequential: Vec<SequentialRun>,
    /// imctl alone at 100k and 1M accounts.
    memory: Vec<(usize, ImportRun)>,
}

/// imctl and the sequential loop interleaved on one emulator, then imctl alone at 100k and
/// 1M accounts for its peak RSS.
fn measure_bulk(
    imctl: &Path,
    sequential: Option<&Driver>,
    work: &Workdir,
    notes: &mut Notes,
) -> Result<BulkFigures, String> {
    let server = start_emulator(imctl, BULK_EMULATOR_ARGS)?;
    let base_url = server.found.clone();
    let mut figures = BulkFigures {
        imctl: Vec::new(),
        sequential: Vec::new(),
        memory: Vec::new(),
    };
    let mut sequential = sequential;
    for run in 0..BULK_RUNS {
        println!("bench peers: bulk round {}/{BULK_RUNS}", run + 1);
        let prefix = format!("pi{run}_");
        figures.imctl.push(import_fresh(
            imctl,
            &base_url,
            &work.0,
            &prefix,
            BULK_ACCOUNTS,
            &["--rate", "200"],
        )?);
        if let Some(driver) = sequential {
            match sequential_run(
                driver,
                &base_url,
                &work.0.join(format!("seq-{run}.txt")),
                run,
            ) {
                Ok(r) => figures.sequential.push(r),
                Err(e) => {
                    notes.skip("the sequential Python import", e);
                    figures.sequential.clear();
                    sequential = None;
                }
            }
        }
    }
    println!("bench peers: imctl memory at 100k and 1M accounts");
    for n in [100_000, 1_000_000] {
        let prefix = format!("pm{n}_");
        let run = import_fresh(imctl, &base_url, &work.0, &prefix, n, &["--rate", "200"])?;
        figures.memory.push((n, run));
    }
    Ok(figures)
}

fn sequential_run(
    driver: &Driver,
    base_url: &str,
    file: &Path,
    run: usize,
) -> Result<SequentialRun, String> {
    super::imctl::write_accounts(file, &format!("ps{run}_"), BULK_ACCOUNTS)?;
    let mut command = driver.command(&[base_url]);
    command.arg(file);
    emulator_env(&mut command);
    let measured = measure(&command);
    std::fs::remove_file(file).ok();
    let (usage, stdout, code) = measured?;
    let value = last_json(&stdout)
        .filter(|_| code == 0)
        .ok_or_else(|| format!("the script exited with {code} and printed {stdout:?}"))?;
    let count = |key: &str| value[key].as_u64().unwrap_or(0);
    Ok(SequentialRun {
        usage,
        client: value["client"].as_str().unwrap_or("?").to_owned(),
        succeeded: count("succeeded"),
        failed: count("failed"),
        requests: count("requests"),
    })
}

impl BulkFigures {
    fn has_peer(&self) -> bool {
        !self.sequential.is_empty()
    }

    fn render(&self) -> String {
        let mut out = String::from(
            "### Bulk import: emulator with 30 ms added latency\n\n\
One emulator (`imctl emulator serve --latency-ms 30 --rate-limit \
multiaccount_import=200,account_import=200`), the same limits for both clients; each run \
imports 20,000 fresh accounts (prefixes differ), 100 per `multiaccount_import` call. imctl: \
`imctl --json accounts import --file F --rate 200`. Sequential: the Python script \
`xtask/src/bench/peers/seq_import.py`, one call at a time, going on after errors, through \
timsdk with its fixed host replaced by the emulator's URL. Wall time of the whole client \
process (start-up included); 3 runs each, interleaved, median. The ceiling is 200 calls/s × \
100 = 20,000 accounts/s; imctl's limiter keeps one call per second of margin below the limit.\n\n\
| Client | accounts/s (median) | Runs | Calls per run | Failed accounts | Client CPU per call | Client peak RSS |\n\
|---|---:|---|---:|---:|---:|---:|\n",
        );
        let imctl_rate = median(
            &mut self
                .imctl
                .iter()
                .map(|r| r.accounts_per_sec)
                .collect::<Vec<_>>(),
        );
        let _ = writeln!(
            out,
            "| imctl (ours), `--rate 200` | {imctl_rate:.0} | {} | {} | {} | {} | {} |",
            join_rates(self.imctl.iter().map(|r| r.accounts_per_sec)),
            self.imctl[0].requests,
            self.imctl
                .iter()
                .map(|r| BULK_ACCOUNTS as u64 - r.succeeded)
                .sum::<u64>(),
            cpu_per_call(self.imctl.iter().map(|r| (r.usage, r.requests))),
            mib(max_rss(self.imctl.iter().map(|r| r.usage))),
        );
        if self.sequential.is_empty() {
            out.push_str("| sequential loop | not measured (see the notes above) | | | | | |\n");
            return out + &self.render_memory();
        }
        let seq_rate = median(
            &mut self
                .sequential
                .iter()
                .map(SequentialRun::accounts_per_sec)
                .collect::<Vec<_>>(),
        );
        let _ = writeln!(
            out,
            "| sequential, {} | {seq_rate:.0} | {} | {} | {} | {} | {} |",
            self.sequential[0].client,
            join_rates(self.sequential.iter().map(SequentialRun::accounts_per_sec)),
            self.sequential[0].requests,
            self.sequential.iter().map(|r| r.failed).sum::<u64>(),
            cpu_per_call(self.sequential.iter().map(|r| (r.usage, r.requests))),
            mib(max_rss(self.sequential.iter().map(|r| r.usage))),
        );
        let _ = writeln!(
            out,
            "\nRatio imctl/sequential: **{:.1}×** the accounts per second.\n",
            imctl_rate / seq_rate
        );
        out + &self.render_memory()
    }

    fn render_memory(&self) -> String {
        let mut out = String::from(
            "### Memory: imctl peak RSS\n\n\
`imctl --json accounts import --file F --rate 200` against the same emulator, fresh accounts, \
one run each, peak RSS of the client process (GNU time).\n\n\
| Accounts | Peak RSS | accounts/s |\n|---:|---:|---:|\n",
        );
        for (n, run) in &self.memory {
            let _ = writeln!(
                out,
                "| {n} | {} | {:.0} |",
                mib(run.usage.max_rss),
                run.accounts_per_sec
            );
        }
        out
    }
}

fn join_rates(rates: impl Iterator<Item = f64>) -> String {
    rates
        .map(|r| format!("{r:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The median client CPU per call, in µs.
fn cpu_per_call(runs: impl Iterator<Item = (Usage, u64)>) -> String {
    let mut per_call: Vec<f64> = runs
        .map(|(usage, calls)| usage.cpu.as_secs_f64() * 1e6 / calls.max(1) as f64)
        .collect();
    format!("{:.0} µs", median(&mut per_call))
}

fn max_rss(runs: impl Iterator<Item = Usage>) -> u64 {
    runs.map(|u| u.max_rss).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_of(gen_ns: f64, verify_ns: Option<f64>) -> SigRun {
        SigRun {
            gen_ns,
            verify_ns,
            version: String::new(),
            sample: String::new(),
        }
    }

    #[test]
    fn iterations_make_the_fastest_loop_last_the_minimum() {
        // 2 µs per call: 0.6 s needs 300,000 calls.
        assert_eq!(iterations(&run_of(2_000.0, Some(3_000.0)), 20_000), 300_000);
        // The faster verifier decides; 7 µs gives 85,714, rounded up to two digits.
        assert_eq!(iterations(&run_of(20_000.0, Some(7_000.0)), 1_000), 86_000);
        // Never fewer than the calibration run.
        assert_eq!(iterations(&run_of(1e9, None), 2_000), 2_000);
    }

    fn figures_of(name: &'static str, ours: bool, gen_ns: f64, verify_ns: f64) -> SigFigures {
        SigFigures {
            name,
            form: "zlib stored block",
            same_as: OurForm::Stored,
            ours,
            version: String::new(),
            n: 1,
            gen_ns,
            verify_ns: Some(verify_ns),
            gen_runs: vec![gen_ns],
            verify_runs: vec![verify_ns],
            sample: String::new(),
        }
    }

    #[test]
    fn goals_are_reported_beside_the_ratios() {
        let sigs = [
            figures_of("im-sig (ours)", true, 500.0, 1_000.0),
            figures_of(GO_NAME, false, 4_000.0, 9_000.0),
        ];
        let goals = render_goals(&sigs);
        assert!(goals.contains("**8.00×** (goal ≥ 6×: met)"), "{goals}");
        assert!(
            goals.contains("**9.00×** (goal ≥ 10×: **not met**)"),
            "{goals}"
        );
        assert!(render_goals(&sigs[..1]).contains("not measured"));
        let table = render_sigs(&sigs);
        assert!(
            table.contains("- im-sig (ours), zlib stored block: 500; 1000"),
            "{table}"
        );
    }

    #[test]
    fn last_json_takes_the_last_object_line() {
        let text = "noise\n{\"a\":1}\n[1]\n{\"b\":2}\ntrailing words\n";
        assert_eq!(last_json(text), Some(serde_json::json!({"b": 2})));
        assert_eq!(last_json("no json"), None);
    }

    #[test]
    fn gist_keeps_the_first_and_last_lines() {
        assert_eq!(gist(b""), "no error output");
        assert_eq!(gist(b"one\n\ntwo\n"), "one / two");
        assert_eq!(gist(b"1\n2\n3\n4\n5\n6\n"), "1 / 2 / ... / 5 / 6");
    }
}
