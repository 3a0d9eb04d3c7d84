//! The crate graph: the pure crates pull in no async runtime or HTTP stack, and the client
//! runtime (im-client) depends on no crate above it and names no API.

use std::collections::BTreeSet;
use std::process::Command;

use im_proto::Api;

use super::sources::{relative, rust_files};
use crate::workspace::project_root;

/// Crates that would bring an async runtime or an HTTP stack into a pure crate.
const FORBIDDEN_IN_PURE_CRATES: &[&str] = &[
    "tokio",
    "mio",
    "async-std",
    "smol",
    "futures",
    "futures-util",
    "hyper",
    "hyper-util",
    "h2",
    "http",
    "reqwest",
    "rustls",
    "tower",
];

/// The crates that must stay pure, each with the feature sets to check.
const PURE_CRATES: &[(&str, &[&str])] = &[
    ("im-proto", &[""]),
    ("im-sig", &["", "--no-default-features"]),
    ("im-callback", &[""]),
];

/// The crates above the client runtime (im-client), which it must never depend on: the crate
/// graph is a tree, no layer knowing the one above it.
const ABOVE_THE_RUNTIME: &[&str] = &[
    "im-accounts",
    "im-messages",
    "im-callback",
    "im-emulator",
    "imctl",
];

/// The names of the crates `cargo tree -e normal -p <args>` lists, or why it failed.
fn normal_dependencies(args: &[&str]) -> Result<Vec<String>, String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(project_root())
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "-p",
        ])
        .args(args.iter().filter(|a| !a.is_empty()))
        .output()
        .map_err(|e| format!("cargo tree does not run: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo tree -p {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect())
}

/// Each pure crate (with each of its feature sets) that depends on an async runtime or HTTP
/// crate.
pub(super) fn pure_crates() -> Vec<String> {
    let mut findings = Vec::new();
    for (krate, feature_sets) in PURE_CRATES {
        for features in *feature_sets {
            match normal_dependencies(&[krate, features]) {
                Ok(names) => findings.extend(
                    names
                        .iter()
                        .filter(|name| FORBIDDEN_IN_PURE_CRATES.contains(&name.as_str()))
                        .map(|name| {
                            format!("{krate} {features} depends on {name}, an async runtime or HTTP crate")
                        }),
                ),
                Err(e) => findings.push(e),
            }
        }
    }
    findings.dedup();
    findings
}

/// im-client is generic: it depends on no crate above it, uses no service's typed modules and
/// names no API (`Api::Kick`, `im_proto::account::...`) outside its tests; what differs between
/// APIs comes from their `Metadata`.
pub(super) fn runtime_knows_no_domain() -> Vec<String> {
    let mut findings = match normal_dependencies(&["im-client", "--all-features"]) {
        Ok(names) => names
            .iter()
            .filter(|name| ABOVE_THE_RUNTIME.contains(&name.as_str()))
            .map(|name| format!("im-client depends on {name}, a crate above it"))
            .collect(),
        Err(e) => vec![e],
    };
    findings.dedup();
    let services: BTreeSet<&str> = Api::ALL.iter().map(|api| api.service().module()).collect();
    for path in rust_files(&project_root().join("crates/im-client/src")) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        findings.extend(
            names_an_api(&text, &services)
                .into_iter()
                .map(|what| format!("{}: {what}", relative(&path))),
        );
    }
    findings
}

/// What in `text` (code before its first `#[cfg(test)]`, comments aside) names an API:
/// `Api::Kick`, or a service's typed modules (`im_proto::account::`).
fn names_an_api(text: &str, services: &BTreeSet<&str>) -> Vec<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (at, _) in code.match_indices("Api::") {
        let variant: String = code[at + 5..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if variant.starts_with(|c: char| c.is_ascii_uppercase())
            && variant != "ALL"
            && variant != "COUNT"
        {
            found.push(format!("names the API Api::{variant}"));
        }
    }
    for service in services {
        let module = format!("im_proto::{service}::");
        if code.contains(&module) {
            found.push(format!("uses the typed modules of {service} ({module})"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pure_crates_pull_in_no_runtime_or_http() {
        let findings = pure_crates();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn the_runtime_knows_no_domain() {
        let findings = runtime_knows_no_domain();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn naming_an_api_is_seen() {
        let services = BTreeSet::from(["account"]);
        assert_eq!(
            names_an_api(
                "let a = Api::Kick;\nuse im_proto::account::kick;\n",
                &services
            ),
            [
                "names the API Api::Kick",
                "uses the typed modules of account (im_proto::account::)"
            ]
        );
        let innocent = "// Api::Kick\nlet n = Api::COUNT;\n#[cfg(test)]\nmod tests { Api::Kick }";
        assert!(names_an_api(innocent, &services).is_empty());
    }
}
