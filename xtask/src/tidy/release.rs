//! The release record and the public API check (`docs/CONTRIBUTING.md`, "Releasing"):
//! `.ci/semver-baseline` names a commit of the history, and `.ci/run` compares every published
//! library crate with it, so a new crate cannot be forgotten.

use std::collections::BTreeSet;
use std::process::Command;

use crate::workspace::project_root;

/// The publishable library crates that `cargo semver-checks` does not compare, and why.
const NOT_COMPARED: &[(&str, &str)] = &[(
    "im-emulator",
    "a test double of the service, whose API follows the service rather than a promise",
)];

/// `.ci/semver-baseline`'s `rev` and `published`, or what is wrong with the file.
fn baseline(text: &str) -> Result<(String, bool), String> {
    let value = |key: &str| {
        text.lines()
            .filter_map(|line| line.strip_prefix(key)?.strip_prefix(" = "))
            .collect::<Vec<_>>()
    };
    let (rev, published) = (value("rev"), value("published"));
    let rev = match rev.as_slice() {
        [rev] if rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit()) => rev,
        _ => {
            return Err(format!(
                "one `rev = <the full commit hash>` line, not {rev:?}"
            ));
        }
    };
    match published.as_slice() {
        ["true"] => Ok((rev.to_string(), true)),
        ["false"] => Ok((rev.to_string(), false)),
        _ => Err(format!(
            "one `published = true|false` line, not {published:?}"
        )),
    }
}

/// The crates `.ci/run` hands to `cargo semver-checks`: the `for crate in ...` list right after
/// `packages=()`.
fn compared_crates(run: &str) -> Result<BTreeSet<String>, String> {
    let mut lines = run.lines().skip_while(|line| *line != "packages=()");
    let list = lines
        .nth(1)
        .and_then(|line| line.strip_prefix("for crate in "))
        .and_then(|line| line.strip_suffix("; do"))
        .ok_or("no `packages=()` line followed by `for crate in ...; do` in .ci/run")?;
    Ok(list.split_whitespace().map(str::to_owned).collect())
}

/// The workspace's crates under `crates/` that are published (no `publish = false`) libraries
/// (a `src/lib.rs`).
fn published_libraries() -> BTreeSet<String> {
    let crates = project_root().join("crates");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&crates).unwrap().flatten() {
        let manifest = std::fs::read_to_string(entry.path().join("Cargo.toml")).unwrap_or_default();
        let library = entry.path().join("src/lib.rs").is_file();
        if library && !manifest.lines().any(|line| line == "publish = false") {
            found.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    found
}

/// What is wrong with the release record: `.ci/semver-baseline` unreadable, or naming no
/// commit of this clone; `.ci/run` not comparing exactly the published libraries.
pub(super) fn check() -> Vec<String> {
    let mut findings = Vec::new();
    let text = std::fs::read_to_string(project_root().join(".ci/semver-baseline"));
    match text.map_err(|e| e.to_string()).and_then(|t| baseline(&t)) {
        Ok((rev, _)) => {
            let found = Command::new("git")
                .args(["cat-file", "-e", &format!("{rev}^{{commit}}")])
                .current_dir(project_root())
                .status()
                .is_ok_and(|status| status.success());
            if !found {
                findings.push(format!(
                    ".ci/semver-baseline: {rev} is not a commit of this clone (a shallow one: \
                     git fetch --unshallow)"
                ));
            }
        }
        Err(e) => findings.push(format!(".ci/semver-baseline: {e}")),
    }
    let run = std::fs::read_to_string(project_root().join(".ci/run")).unwrap_or_default();
    let compared = match compared_crates(&run) {
        Ok(compared) => compared,
        Err(e) => {
            findings.push(e);
            return findings;
        }
    };
    let mut expected = published_libraries();
    for (name, _why) in NOT_COMPARED {
        expected.remove(*name);
    }
    if compared != expected {
        findings.push(format!(
            ".ci/run's `cargo semver-checks` list {compared:?} is not the published libraries \
             {expected:?} (add a new crate to it, or to NOT_COMPARED in \
             xtask/src/tidy/release.rs saying why)"
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_record_is_kept() {
        assert!(
            published_libraries().contains("im-proto")
                && published_libraries().contains("im-client")
        );
        let findings = check();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn the_readers_refuse_what_they_cannot_read() {
        let rev = "d2e81651e16a3f170171a7049c9085adfcd6d789";
        let good = format!("# a comment\nrev = {rev}\npublished = false\n");
        assert_eq!(baseline(&good), Ok((rev.to_owned(), false)));
        let short = "rev = d2e8165\npublished = false\n";
        assert!(baseline(short).unwrap_err().contains("full commit hash"));
        let twice = format!("rev = {rev}\npublished = true\npublished = false\n");
        assert!(
            baseline(&twice)
                .unwrap_err()
                .contains("published = true|false")
        );
        let run = "x\npackages=()\nfor crate in im-a im-b; do\n";
        assert_eq!(
            compared_crates(run).unwrap(),
            BTreeSet::from(["im-a".into(), "im-b".into()])
        );
        assert!(compared_crates("packages=()\necho\n").is_err());
    }
}
