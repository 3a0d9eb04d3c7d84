//! The README's tour runs as written: every `sh` block (but those marked not run) in order, in
//! one bash session, from a copy of the repository's examples, against the emulator the tour
//! starts, with the imctl these tests built first on the PATH.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TempDir, assert_no_panic, repo_root};

/// The marker of a block the test skips (it builds, tests, or reaches the real service).
const NOT_RUN: &str = "<!-- not run by the README test";

/// The tour's `sh` blocks, in order, without those marked [`NOT_RUN`].
fn tour_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines().peekable();
    let mut skip_next = false;
    while let Some(line) = lines.next() {
        if line.starts_with(NOT_RUN) {
            skip_next = true;
        } else if line.trim_end() == "```sh" {
            let mut block = String::new();
            for line in lines.by_ref() {
                if line.trim_end() == "```" {
                    break;
                }
                block.push_str(line);
                block.push('\n');
            }
            if !std::mem::take(&mut skip_next) {
                blocks.push(block);
            }
        }
    }
    blocks
}

#[test]
fn the_readme_tour_runs_as_written() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let blocks = tour_blocks(&readme);
    assert!(blocks.len() >= 6, "the tour's blocks: {blocks:?}");
    for block in &blocks {
        // Never the real service: no region, no other endpoint than the emulator's.
        for word in ["--region", "IM_REGION", "tencentcloudapi", "qcloud"] {
            assert!(!block.contains(word), "a tour block names {word}: {block}");
        }
        assert!(
            !block.contains("cargo "),
            "mark cargo commands not run: {block}"
        );
    }
    let dir = TempDir::new("readme");
    let work = dir.path("repo");
    copy_dir(&repo_root().join("examples"), &work.join("examples"));
    let imctl = std::path::Path::new(env!("CARGO_BIN_EXE_imctl"));
    let path = format!(
        "{}:{}",
        imctl.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = format!(
        "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n{}",
        blocks.join("")
    );
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&work)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir.path("home"))
        .env("TMPDIR", dir.path(""))
        .env("IM_CONFIG", crate::support::NO_CONFIG)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the tour did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    assert_no_panic(&stdout, &stderr);
    assert!(
        status.success(),
        "the tour failed ({status}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    // What the tour says it shows.
    assert!(stdout.contains("Profile.CallbackPortraitSet"), "{stdout}");
    assert!(stderr.contains("sync: "), "{stderr}");
    // `imctl api` read its body from stdin and answered with the nickname set earlier.
    assert!(
        stdout.contains(r#""Tag":"Tag_Profile_IM_Nick","Value":"Ada"#),
        "{stdout}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
