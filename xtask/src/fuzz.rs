//! `cargo xtask fuzz`: builds imctl (as shipped) and the harness in release mode, then runs the harness
//! (`fuzz/`) with the arguments given and the built imctl for the `input` target.

use std::process::Command;

use crate::workspace::project_root;

/// Builds and runs `im-fuzz` with `args` (`--seconds N`, `--seed S`, targets).
pub(crate) fn run(args: &[&str]) -> Result<(), String> {
    let root = project_root();
    // Two builds: together, imctl would be built with the harness's features (test-util).
    for package in ["imctl", "im-fuzz"] {
        crate::build::cargo(&["build", "--release", "-p", package])?;
    }
    let target = crate::build::target_dir().join("release");
    let status = Command::new(target.join("im-fuzz"))
        .current_dir(&root)
        .args(args)
        .arg("--imctl")
        .arg(target.join("imctl"))
        .status()
        .map_err(|e| format!("cannot run im-fuzz: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the fuzz harness found a failure (its seed and rerun command are above)".to_owned())
    }
}
