//! Shared helpers: the `imctl` command with a clean environment, an emulator served from the
//! test process, temporary directories.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use im_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use serde_json::Value;

/// The emulator's (and the official examples') demo key.
pub(crate) const DEMO_KEY: &str = im_emulator::DEFAULT_SECRET_KEY;

/// The emulator's default SDKAppID.
pub(crate) const SDKAPPID: &str = "1400000000";

/// The environment variables imctl reads; cleared so the caller's shell cannot leak in.
const VARS: [&str; 14] = [
    "IM_SDKAPPID",
    "IM_SECRET_KEY",
    "IM_ADMIN",
    "IM_REGION",
    "IM_ENDPOINT",
    "IM_PROFILE",
    "IM_CONTEXT",
    "IM_CONFIG",
    "IM_RATE_STORE",
    "IM_CALLBACK_TOKEN",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "RUST_LOG",
];

/// `imctl` with a clean environment and a 30 s timeout.
pub(crate) fn imctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("imctl").expect("the imctl binary is built");
    for var in VARS {
        cmd.env_remove(var);
    }
    // Never the developer's own config file.
    cmd.env("IMCTL_CONFIG", NO_CONFIG);
    cmd.timeout(Duration::from_secs(30));
    cmd
}

/// An empty config file (a named config file must exist): the developer's own is never read.
pub(crate) const NO_CONFIG: &str = "/dev/null";

/// `imctl` as a `std::process::Command` (for children the test signals), clean environment.
pub(crate) fn imctl_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_imctl"));
    for var in VARS {
        cmd.env_remove(var);
    }
    cmd.env("IMCTL_CONFIG", NO_CONFIG);
    cmd
}

/// What a finished run produced.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit code.
    pub(crate) code: i32,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

impl Run {
    /// The stdout lines parsed as JSON (every line must parse).
    pub(crate) fn json(&self) -> Vec<Value> {
        json_lines(&self.stdout)
    }
}

/// Parses every line as JSON.
pub(crate) fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
        })
        .collect()
}

/// Runs the command and checks that no panic text was printed.
pub(crate) fn run(cmd: &mut assert_cmd::Command) -> Run {
    let output = cmd.output().expect("imctl runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_no_panic(&run.stdout, &run.stderr);
    run
}

/// Asserts that no Rust panic text is in the output.
pub(crate) fn assert_no_panic(stdout: &str, stderr: &str) {
    for text in [stdout, stderr] {
        assert!(!text.contains("panicked"), "panic text: {text}");
        assert!(!text.contains("RUST_BACKTRACE"), "panic text: {text}");
        // What imctl's panic hook prints (the declared meaning of a code may say "internal
        // error", as `imctl api --describe` prints it).
        assert!(
            !text.contains("imctl: internal error"),
            "internal error: {text}"
        );
    }
}

/// An emulator served on 127.0.0.1 from this test process.
pub(crate) struct TestEmulator {
    // Dropped before the runtime.
    handle: EmulatorHandle,
    _runtime: tokio::runtime::Runtime,
}

impl TestEmulator {
    /// Serves an emulator with default settings.
    pub(crate) fn start() -> Self {
        Self::with(Emulator::builder())
    }

    /// Serves the emulator `builder` describes.
    pub(crate) fn with(builder: EmulatorBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let handle = runtime
            .block_on(builder.build().start_local())
            .expect("the emulator starts");
        TestEmulator {
            handle,
            _runtime: runtime,
        }
    }

    /// The emulator's state.
    pub(crate) fn emulator(&self) -> &Emulator {
        self.handle.emulator()
    }

    /// Its base URL.
    pub(crate) fn url(&self) -> String {
        self.handle.base_url()
    }

    /// `imctl` pointed at this emulator with its credentials (the key through IM_SECRET_KEY).
    pub(crate) fn imctl(&self) -> assert_cmd::Command {
        let mut cmd = imctl();
        self.configure(&mut cmd);
        cmd
    }

    fn configure(&self, cmd: &mut assert_cmd::Command) {
        cmd.env("IM_SECRET_KEY", self.emulator().secret_key())
            .env("IM_ENDPOINT", self.url())
            .env("IM_SDKAPPID", self.emulator().sdkappid().to_string());
    }

    /// The same as a `std::process::Command`.
    pub(crate) fn imctl_std(&self) -> std::process::Command {
        let mut cmd = imctl_std();
        cmd.env("IM_SECRET_KEY", self.emulator().secret_key())
            .env("IM_ENDPOINT", self.url())
            .env("IM_SDKAPPID", self.emulator().sdkappid().to_string());
        cmd
    }

    /// The UserIDs the emulator holds, sorted.
    pub(crate) fn user_ids(&self) -> Vec<String> {
        self.emulator()
            .accounts()
            .into_iter()
            .map(|a| a.user_id)
            .collect()
    }
}

/// A temporary directory, removed when dropped.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    /// A fresh directory named after `name`.
    pub(crate) fn new(name: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "imctl-it-{}-{name}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }

    /// A path inside the directory.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes a file and returns its path.
    pub(crate) fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("a temporary file");
        path
    }

    /// A file holding the demo key (with a trailing newline, which imctl trims).
    pub(crate) fn demo_key(&self) -> PathBuf {
        self.write("demo.key", &format!("{DEMO_KEY}\n"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository root (for the shipped examples).
pub(crate) fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Requests for the account-writing APIs, as the emulator counted them.
pub(crate) fn writes(emu: &TestEmulator) -> u64 {
    let stats = emu.emulator().stats();
    [
        im_proto::Api::AccountImport,
        im_proto::Api::MultiaccountImport,
        im_proto::Api::PortraitSet,
        im_proto::Api::AccountDelete,
    ]
    .iter()
    .map(|&api| stats.requests(api))
    .sum()
}

/// The JSON lines of what a killed run wrote: a kill during a write may leave half a line,
/// which was not reported.
pub(crate) fn whole_json_lines(text: &str) -> Vec<Value> {
    json_lines(&text[..text.rfind('\n').map_or(0, |i| i + 1)])
}

/// Runs `cmd`, kills it (SIGKILL) once it has written `lines` lines on stdout (which must come
/// `within` that long) and `settle` after, and returns what it wrote.
pub(crate) fn killed_after_lines(
    cmd: &mut std::process::Command,
    lines: usize,
    within: Duration,
    settle: Duration,
) -> String {
    use std::io::{BufRead, BufReader};
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("imctl starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let mut reader = BufReader::new(stdout);
        let mut seen = 0;
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            text.extend_from_slice(&line);
            if line.ends_with(b"\n") {
                seen += 1;
                if seen == lines {
                    let _ = tx.send(());
                }
            }
        }
        String::from_utf8_lossy(&text).into_owned()
    });
    rx.recv_timeout(within)
        .unwrap_or_else(|_| panic!("{lines} lines within {within:?}"));
    std::thread::sleep(settle);
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    reader.join().unwrap()
}

/// The UserIDs of outcome `lines`, each asserted a success reported once.
pub(crate) fn reported_once<'a>(
    lines: impl Iterator<Item = &'a Value>,
) -> std::collections::HashMap<String, usize> {
    let mut reported = std::collections::HashMap::new();
    for line in lines {
        assert_eq!(line["ok"], true, "{line}");
        let id = line["UserID"].as_str().unwrap().to_owned();
        *reported.entry(id).or_default() += 1;
    }
    let twice: Vec<_> = reported.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "reported twice: {twice:?}");
    reported
}
