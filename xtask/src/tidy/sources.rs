//! Reading the source tree: the files each rule reads, their paths as findings show them, and
//! what the syntax tree says about tests. A leaf module: every rule builds on it.

use std::path::{Path, PathBuf};

use crate::workspace::project_root;

/// Every `*.rs` file below `dir`, sorted.
pub(super) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files_with(dir, &[".rs"])
}

/// Every file below `dir` whose name ends with one of `extensions`, sorted (`target/` and
/// `.git/` folders aside).
pub(super) fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if path.is_dir() && !matches!(name.as_deref(), Some("target" | ".git")) {
                stack.push(path);
            } else if name.is_some_and(|n| extensions.iter().any(|e| n.ends_with(e))) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The hand-written source files under `crates/`: tests, examples and benches aside.
pub(super) fn hand_written_sources() -> Vec<PathBuf> {
    rust_files(&project_root().join("crates"))
        .into_iter()
        .filter(|path| {
            let text = path.to_string_lossy();
            !["/tests/", "/examples/", "/benches/"]
                .iter()
                .any(|dir| text.contains(dir))
        })
        .collect()
}

/// The `src` folder of every crate of the workspace (`crates/*`, `fuzz`, `xtask`), sorted.
pub(super) fn crate_sources() -> Vec<PathBuf> {
    let root = project_root();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("src"))
        .chain([root.join("fuzz/src"), root.join("xtask/src")])
        .filter(|dir| dir.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// `path` relative to the workspace root, as findings name it.
pub(super) fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Whether a file is generated (its first line is `// @generated ...`): rules about how code
/// is written leave it to its generator.
pub(super) fn is_generated(text: &str) -> bool {
    text.starts_with("// @generated")
}

/// Whether `attrs` hold `#[cfg(test)]` (`test_fn`: or `#[test]`): the item is a test or only
/// built for tests.
pub(super) fn is_test(attrs: &[syn::Attribute], test_fn: bool) -> bool {
    attrs.iter().any(|attr| {
        (test_fn && attr.path().is_ident("test"))
            || (attr.path().is_ident("cfg")
                && attr
                    .parse_args::<syn::Ident>()
                    .is_ok_and(|ident| ident == "test"))
    })
}
