//! imctl's input lines, through the binary: files of mutated lines (plain UserIDs, JSON
//! objects, CSV records, byte order marks, invalid UTF-8, overlong lines) checked against
//! the embedded emulator with `--json`.
//!
//! Properties: no panic; exit 0 or 1; exactly one outcome per data line, naming its line.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::mutate;
use crate::summary::Summary;

/// Lines per file (well under a second of the emulator's default rate limit).
const LINES: usize = 2000;

const SEEDS: &[&str] = &[
    "user_001",
    "12345",
    "张三",
    "{\"UserID\":\"j1\",\"Nick\":\"J\",\"FaceUrl\":\"http://x/j.png\"}",
    "{\"UserID\":\"j2\",\"UserID\":\"j3\"}",
    "[1,2,3]",
    "\"text\"",
    "cr4,Nick Four",
    "\"q,1\",\"N, Jr.\",",
    "\u{feff}bom",
    "a\u{1b}[2Jb",
    "x\u{202e}y",
    "null",
];

/// Runs files through `imctl` for `budget`.
pub(crate) fn run(imctl: &Path, budget: Duration, seed: u64) -> Result<Summary, String> {
    let dir = std::env::temp_dir().join(format!("im-fuzz-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let corpus: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut summary = Summary::new("input");
    let started = Instant::now();
    let result = loop {
        if started.elapsed() >= budget {
            break Ok(summary);
        }
        let format = ["lines", "jsonl"][rng.random_range(0..2)];
        let (bytes, data_lines) = file(&mut rng, &corpus);
        let path = dir.join("in.txt");
        if let Err(e) = std::fs::write(&path, &bytes) {
            break Err(e.to_string());
        }
        if let Err(e) = check(imctl, &path, format, &data_lines) {
            let kept = dir.join(format!("failing-{seed}-{}.txt", summary.runs));
            let _ = std::fs::copy(&path, &kept);
            break Err(format!("{e} (input kept at {})", kept.display()));
        }
        summary.runs += 1;
        summary.cases += data_lines.len() as u64;
    };
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

/// A file of mutated lines, and the numbers of its data lines (those that are neither blank
/// nor comments, which mutations never produce).
fn file(rng: &mut StdRng, corpus: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut bytes = Vec::new();
    let mut data = Vec::new();
    for line in 1..=LINES as u64 {
        let choice = rng.random_range(0..40);
        if choice == 0 {
            bytes.extend_from_slice(b"  # a comment\n");
            continue;
        }
        if choice == 1 {
            bytes.extend_from_slice(b"\r\n");
            continue;
        }
        let mut text = if choice == 2 {
            vec![b'x'; rng.random_range(60_000..70_000)]
        } else {
            let seed = &corpus[rng.random_range(0..corpus.len())];
            mutate::bytes(rng, seed, corpus)
        };
        // One line each, and a data line: no line break, no leading blank or `#`.
        for b in &mut text {
            if *b == b'\n' {
                *b = b'n';
            }
        }
        // Line 1 loses a byte order mark first.
        let visible = match text.strip_prefix("\u{feff}".as_bytes()) {
            Some(rest) if line == 1 => rest,
            _ => &text[..],
        };
        let starts_blank = visible
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_none_or(|&b| b == b'#');
        if starts_blank {
            text.insert(0, b'x');
        }
        bytes.extend_from_slice(&text);
        bytes.push(b'\n');
        data.push(line);
    }
    (bytes, data)
}

/// Runs `imctl accounts check` over `path`; checks the outcome lines against `data_lines`.
fn check(imctl: &Path, path: &Path, format: &str, data_lines: &[u64]) -> Result<(), String> {
    let output = Command::new(imctl)
        .args([
            "--emulator",
            "--json",
            "--quiet",
            "accounts",
            "check",
            "--format",
            format,
            "--file",
        ])
        .arg(path)
        .env_remove("RUST_LOG")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", imctl.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    if !matches!(code, Some(0 | 1))
        || stderr.contains("panicked")
        || stderr.contains("internal error")
    {
        return Err(format!("imctl exited {code:?}: {}", stderr.trim()));
    }
    let mut seen: BTreeMap<u64, u32> = BTreeMap::new();
    for line in stdout.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("not JSON ({e}): {line:?}"))?;
        if value.get("summary").is_some() {
            continue;
        }
        let at = value["line"]
            .as_u64()
            .ok_or_else(|| format!("no line in {line}"))?;
        *seen.entry(at).or_default() += 1;
    }
    let expected: BTreeMap<u64, u32> = data_lines.iter().map(|&l| (l, 1)).collect();
    if seen != expected {
        let missing: Vec<_> = expected
            .keys()
            .filter(|l| !seen.contains_key(l))
            .take(5)
            .collect();
        let extra: Vec<_> = seen
            .iter()
            .filter(|(l, n)| **n != 1 || !expected.contains_key(l))
            .take(5)
            .collect();
        return Err(format!(
            "outcomes do not match the data lines: missing {missing:?}, unexpected {extra:?}"
        ));
    }
    Ok(())
}
