//! The documentation: it never points outside the repository, and what docs/ARCHITECTURE.md
//! and docs/CONTRIBUTING.md say of the code's shape is true: every file they name exists, and
//! each crate's layers (`Layers, leaf first: ...` in its section) are its modules, none of
//! which uses a module of a layer above its own.

use std::collections::BTreeSet;

use super::modules::{Crate, ModPath};
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

/// The documents whose claims about the code [`shape`] checks.
const SHAPE_DOCS: &[&str] = &["docs/ARCHITECTURE.md", "docs/CONTRIBUTING.md"];

/// What docs/ARCHITECTURE.md and docs/CONTRIBUTING.md say of the code that is not so: a file
/// they name that does not exist, a layer list that is not the crate's modules or that a
/// module's imports contradict.
pub(super) fn shape() -> Vec<String> {
    let root = project_root();
    let files: Vec<String> = files_with(&root, &[""])
        .iter()
        .map(|path| relative(path))
        .collect();
    let mut findings = Vec::new();
    for doc in SHAPE_DOCS {
        let text = std::fs::read_to_string(root.join(doc)).unwrap_or_default();
        for section in sections(&text) {
            findings.extend(
                missing_files(&section, &files)
                    .into_iter()
                    .map(|path| format!("{doc}: names `{path}`, which does not exist")),
            );
            let Some(dir) = section.krate else {
                continue;
            };
            let krate = match Crate::read(&root.join(dir).join("src")) {
                Ok(krate) => krate,
                Err(e) => {
                    findings.push(e);
                    continue;
                }
            };
            for layers in layer_lists(section.text) {
                findings.extend(
                    layer_problems(&layers, &krate)
                        .into_iter()
                        .map(|problem| format!("{doc}: {dir}: {problem}")),
                );
            }
        }
    }
    findings
}

/// A part of a document: under a `### \`crates/x\`` (or `### \`xtask\``) heading, the crate
/// it describes.
#[derive(Debug)]
struct Section<'t> {
    krate: Option<&'t str>,
    text: &'t str,
}

/// The sections of `text`, split at its `##` and `###` headings; fenced code blocks aside.
fn sections(text: &str) -> Vec<Section<'_>> {
    let mut sections = Vec::new();
    let mut krate = None;
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") || line.starts_with("### ") {
            sections.push(Section {
                krate,
                text: &text[start..at],
            });
            krate = line
                .strip_prefix("### `")
                .and_then(|rest| rest.trim_end().strip_suffix('`'))
                .filter(|name| name.starts_with("crates/") || *name == "xtask");
            start = at;
        }
        at += line.len();
    }
    sections.push(Section {
        krate,
        text: &text[start..],
    });
    sections
}

/// The spans of `text` between backticks, outside fenced code blocks.
fn quoted(text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            spans.extend(line.split('`').skip(1).step_by(2));
        }
    }
    spans
}

/// The paths of files `section` names (backticked, ending in `.rs`, or with a `/` and ending
/// in `.md` or `.toml`) that match none of `files` (relative to the workspace root): from the
/// root, or the end of a path under the section's crate (`limits/store.rs`), `<...>` standing
/// for any one name.
fn missing_files(section: &Section<'_>, files: &[String]) -> Vec<String> {
    let mut missing = Vec::new();
    for span in quoted(section.text) {
        let named = span.ends_with(".rs")
            || (span.contains('/') && (span.ends_with(".md") || span.ends_with(".toml")));
        // An extension alone (`.rs`) names no file.
        if !named
            || span.starts_with('.')
            || span.contains(' ')
            || missing.iter().any(|m| m == span)
        {
            continue;
        }
        let pattern: Vec<&str> = span.split('/').collect();
        let found = files.iter().any(|file| {
            let segments: Vec<&str> = file.split('/').collect();
            let from_root = segments.len() == pattern.len();
            let under = section
                .krate
                .is_none_or(|dir| file.starts_with(&format!("{dir}/")));
            segments.len() >= pattern.len()
                && (from_root || under)
                && segments[segments.len() - pattern.len()..]
                    .iter()
                    .zip(&pattern)
                    .all(|(name, pattern)| segment_matches(name, pattern))
        });
        if !found {
            missing.push(span.to_owned());
        }
    }
    missing
}

/// Whether the file name `name` matches `pattern`, where one `<...>` stands for any text.
fn segment_matches(name: &str, pattern: &str) -> bool {
    match (pattern.find('<'), pattern.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
            name.len() > prefix.len() + suffix.len()
                && name.starts_with(prefix)
                && name.ends_with(suffix)
        }
        _ => name == pattern,
    }
}

/// One `Layers, leaf first: ...` claim: the module whose children it orders (`[]` the crate
/// root; `` `bulk`'s layers ``), and its layers, lowest first, each a list of child modules.
#[derive(Debug, PartialEq, Eq)]
struct Layers {
    scope: ModPath,
    layers: Vec<Vec<String>>,
}

/// The layer claims of a section: each `layers, leaf first:` up to the next period, split at
/// `→`, the backticked names of each part (`handlers/<command>` is `handlers`), what is in
/// parentheses aside.
fn layer_lists(text: &str) -> Vec<Layers> {
    let marker = "layers, leaf first:";
    let lower = text.to_lowercase();
    let mut lists = Vec::new();
    for (at, _) in lower.match_indices(marker) {
        let before = text[..at].trim_end_matches(['L', 'l']).trim_end();
        let scope = before
            .strip_suffix("`'s")
            .and_then(|rest| rest.rsplit('`').next())
            .map(|name| vec![name.to_owned()])
            .unwrap_or_default();
        let claim = outside_parentheses(&text[at + marker.len()..]);
        let claim = claim.split(". ").next().unwrap_or_default();
        let claim = claim.split(".\n").next().unwrap_or_default();
        let layers = claim
            .split('→')
            .map(|part| {
                part.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(|name| name.split('/').next().unwrap_or(name).to_owned())
                    .collect()
            })
            .collect();
        lists.push(Layers { scope, layers });
    }
    lists
}

/// `text` without what is in (possibly nested) parentheses.
fn outside_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// What is wrong with the claim `layers` about `krate`: a named module that is not one, a
/// module in no layer, a module that uses one of a layer above its own.
fn layer_problems(layers: &Layers, krate: &Crate) -> Vec<String> {
    let scope = &layers.scope;
    let what = if scope.is_empty() {
        "the crate's layers".to_owned()
    } else {
        format!("`{}`'s layers", scope.join("::"))
    };
    let Some(children) = krate.children(scope) else {
        return vec![format!("{what}: `{}` is not a module", scope.join("::"))];
    };
    let named: BTreeSet<&String> = layers.layers.iter().flatten().collect();
    let mut problems: Vec<String> = named
        .iter()
        .filter(|name| !children.contains(**name))
        .map(|name| format!("{what} name `{name}`, which is not a module of it"))
        .collect();
    problems.extend(
        children
            .iter()
            .filter(|child| !named.contains(child))
            .map(|child| format!("{what} leave out its module `{child}`: add it to its layer")),
    );
    let layer_of = |path: &ModPath| {
        let child = path.get(scope.len()).filter(|_| path.starts_with(scope))?;
        layers.layers.iter().position(|layer| layer.contains(child))
    };
    let mut seen = BTreeSet::new();
    for (from, to, via) in krate.uses() {
        if let (Some(low), Some(high)) = (layer_of(&from), layer_of(&to))
            && low < high
            && seen.insert((from[scope.len()].clone(), to[scope.len()].clone()))
        {
            problems.push(format!(
                "{what}: `{}` uses `{}` of a layer above its own ({via}, in `{}`)",
                from[scope.len()],
                to[scope.len()],
                from.join("::")
            ));
        }
    }
    problems
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
    fn the_documents_describe_the_shape_as_it_is() {
        let findings = shape();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn a_file_named_is_looked_for_where_the_section_says() {
        let files = [
            "crates/im-client/src/limits/store.rs",
            "crates/im-emulator/src/handlers/kick.rs",
            "docs/api.md",
        ]
        .map(String::from);
        let text = "Uses `limits/store.rs`, `handlers/<command>.rs`, `docs/api.md`, `gone.rs`, \
                    `a b.rs`, `.rs`.\n```\n`inside/a/fence.rs`\n```\n";
        let client = Section {
            krate: Some("crates/im-client"),
            text,
        };
        assert_eq!(
            missing_files(&client, &files),
            ["handlers/<command>.rs", "gone.rs"]
        );
        let anywhere = Section { krate: None, text };
        assert_eq!(missing_files(&anywhere, &files), ["gone.rs"]);
        assert!(segment_matches("kick.rs", "<command>.rs"));
        assert!(!segment_matches("kick.md", "<command>.rs"));
        let headed = sections("intro\n## Code map\n### `crates/im-client`\nx\n### Errors\ny\n");
        let krates: Vec<Option<&str>> = headed.iter().map(|s| s.krate).collect();
        assert_eq!(krates, [None, None, Some("crates/im-client"), None]);
    }

    #[test]
    fn the_layers_are_read_and_checked() {
        let text = "Its parts. Layers, leaf first: `a` (the `x`, `y`), `b` → `c`: `NotOne`; \
                    then → `handlers/<command>`. After. `c`'s layers, leaf first: `d` → `e`.";
        let lists = layer_lists(text);
        assert_eq!(
            lists[0],
            Layers {
                scope: vec![],
                layers: vec![
                    vec!["a".into(), "b".into()],
                    vec!["c".into(), "NotOne".into()],
                    vec!["handlers".into()],
                ],
            }
        );
        assert_eq!(lists[1].scope, ["c"]);
        let files = [
            (vec![], "lib.rs", "mod a;\nmod b;\nmod c;\nmod extra;\n"),
            (
                vec!["a".to_owned()],
                "a.rs",
                "pub(crate) fn f() { crate::c::g(); }\n",
            ),
            (
                vec!["b".to_owned()],
                "b.rs",
                "pub(crate) fn f() { crate::a::f(); }\n",
            ),
            (vec!["c".to_owned()], "c.rs", "pub(crate) fn g() {}\n"),
            (vec!["extra".to_owned()], "extra.rs", "\n"),
        ];
        let files: Vec<(ModPath, String, &str)> = files
            .into_iter()
            .map(|(path, name, text)| (path, name.to_owned(), text))
            .collect();
        let krate = Crate::parse(&files).unwrap();
        let layers = Layers {
            scope: vec![],
            layers: vec![
                vec!["a".into(), "b".into()],
                vec!["c".into(), "gone".into()],
            ],
        };
        assert_eq!(
            layer_problems(&layers, &krate),
            [
                "the crate's layers name `gone`, which is not a module of it",
                "the crate's layers leave out its module `extra`: add it to its layer",
                "the crate's layers: `a` uses `c` of a layer above its own (crate::c::g, in `a`)",
            ]
        );
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
