//! The documentation: it never points outside the repository.

use super::sources::{files_with, relative};
use crate::workspace::project_root;

/// Each file (docs, sources, READMEs) that refers to the team's shared folder outside the
/// repository.
pub(super) fn inside_the_repository() -> Vec<String> {
    let root = project_root();
    let mut files = files_with(&root.join("docs"), &[".md"]);
    files.extend(files_with(&root.join("crates"), &[".rs", ".md", ".toml"]));
    files.extend(files_with(&root.join("xtask"), &[".rs", ".md"]));
    files.extend(files_with(&root.join("fuzz"), &[".rs", ".md"]));
    files.push(root.join("README.md"));
    files
        .iter()
        .filter(|path| std::fs::read_to_string(path).is_ok_and(|text| points_outside(&text)))
        .map(|path| {
            format!(
                "{}: refers to the team's shared folder outside the repository (copy what is \
                 needed under docs/protocol/ and refer to that)",
                relative(path)
            )
        })
        .collect()
}

/// Whether `text` refers to the shared folder beside the repository.
fn points_outside(text: &str) -> bool {
    // Written so as not to match itself.
    text.contains(["../", "shared/"].concat().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_and_sources_never_point_outside_the_repository() {
        let findings = inside_the_repository();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn a_reference_outside_is_seen() {
        assert!(points_outside(&format!(
            "see [the page]({}/shared/rest.md)",
            ".."
        )));
        assert!(!points_outside("see [the page](protocol/rest-api.md)"));
    }
}
