//! Memory settings of the imctl process.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::imctl_std;

/// Transparent huge pages are off for imctl (they took a million-account import's RSS 12 to
/// 17 MiB up): the kernel reports it in `/proc/PID/status`.
#[cfg(target_os = "linux")]
#[test]
fn transparent_huge_pages_are_off_for_imctl() {
    let mut child = imctl_std()
        .args(["emulator", "serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("imctl starts");
    let mut url = String::new();
    let read = BufReader::new(child.stdout.take().unwrap()).read_line(&mut url);
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()));
    let _ = child.kill();
    let _ = child.wait();
    assert!(read.is_ok() && url.starts_with("http://"), "{url:?}");
    let status = status.expect("/proc/PID/status");
    // Kernels before 5.0 do not say.
    if let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) {
        assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
    }
}
