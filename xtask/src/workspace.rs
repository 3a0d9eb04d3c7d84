//! Where the workspace is: a leaf module every command reads paths from.

use std::path::PathBuf;

/// The workspace root (the parent of this crate's directory).
pub(crate) fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
