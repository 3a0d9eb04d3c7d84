//! Every public enum is `#[non_exhaustive]`, or a `// Exhaustive: <reason>` comment above it
//! says why not: a variant added later must not break the crates' users.

use super::sources::{hand_written_sources, relative};

/// Each public enum of the hand-written sources that is neither.
pub(super) fn check() -> Vec<String> {
    let mut findings = Vec::new();
    for path in hand_written_sources() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        findings.extend(
            unmarked_enums(&text)
                .into_iter()
                .map(|line| format!("{}:{line}: a public enum neither #[non_exhaustive] nor marked `// Exhaustive: <reason>`", relative(&path))),
        );
    }
    findings
}

/// The lines (from 1) of the public enums of `text` that are not marked.
fn unmarked_enums(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with("pub enum ") {
            continue;
        }
        let marked = lines[..i]
            .iter()
            .rev()
            .take_while(|l| {
                let l = l.trim_start();
                l.starts_with("#[") || l.starts_with("//")
            })
            .any(|l| l.contains("non_exhaustive") || l.contains("// Exhaustive: "));
        if !marked {
            found.push(i + 1);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_enums_are_non_exhaustive_or_say_why() {
        let findings = check();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn an_unmarked_enum_is_found() {
        let text = "#[non_exhaustive]\npub enum A {}\n// Exhaustive: two sides.\n#[derive(Debug)]\n\
                    pub enum B {}\n/// Docs.\n#[derive(Debug)]\npub enum C {}\nenum D {}\n";
        assert_eq!(unmarked_enums(text), [8]);
    }
}
