//! Tidy checks (as rust-analyzer's `tidy.rs`): the invariants docs/ARCHITECTURE.md claims,
//! checked on the source tree by `cargo test`.
//!
//! - The pure crates (im-proto, im-sig) pull in no async runtime and no HTTP crate.
//! - The client runtime (im-client) depends on no crate above it and names no API.
//! - Every public enum is `#[non_exhaustive]`, or a `// Exhaustive: <reason>` comment above it
//!   says why not.
//! - Every declared API has its module in im-proto's service folder, the documentation's
//!   examples as fixtures, a section in the generated reference and its page (its `doc_url`)
//!   recorded in `docs/api-sources.md`; no hand-written code singles out several APIs (`match`
//!   arms, comparisons, command words as strings: read on its syntax tree, see `per_api`).
//! - Every emulator handler file has its entry in the `handlers!` invocation, naming its API.
//! - Docs and sources never refer to the team's shared folder outside the repository.
//! - No crate has a cycle among its modules (the crate root aside: it declares them, and in
//!   im-proto holds the API table they refer to; unit-test modules aside too).
//! - `.ci/semver-baseline` names a commit of the history, and `.ci/run` compares every
//!   published library crate with it (`cargo semver-checks`; see `release`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use im_proto::Api;

use crate::workspace::project_root;

mod per_api;
mod release;

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

/// Every `*.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The hand-written source files under `crates/`: tests, examples and benches aside.
fn hand_written_sources() -> Vec<PathBuf> {
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

fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Whether `text` contains `word` with no word character (`[A-Za-z0-9_]`) on either side, as
/// `grep -w` sees it.
fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn pure_crates_pull_in_no_runtime_or_http() {
    for (krate, feature_sets) in PURE_CRATES {
        for features in *feature_sets {
            let mut cmd = Command::new(env!("CARGO"));
            cmd.current_dir(project_root())
                .args([
                    "tree",
                    "--offline",
                    "-e",
                    "normal",
                    "--prefix",
                    "none",
                    "-p",
                ])
                .arg(krate);
            if !features.is_empty() {
                cmd.arg(features);
            }
            let output = cmd.output().expect("cargo tree runs");
            assert!(
                output.status.success(),
                "cargo tree -p {krate} {features} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let tree = String::from_utf8_lossy(&output.stdout);
            for line in tree.lines() {
                let name = line.split_whitespace().next().unwrap_or_default();
                assert!(
                    !FORBIDDEN_IN_PURE_CRATES.contains(&name),
                    "{krate} {features} depends on {name}, an async runtime or HTTP crate"
                );
            }
        }
    }
}

/// The crates above the client runtime (im-client), which it must never depend on: the crate
/// graph is a tree, no layer knowing the one above it.
const ABOVE_THE_RUNTIME: &[&str] = &["im-accounts", "im-callback", "im-emulator", "imctl"];

/// im-client is generic: it depends on no crate above it, uses no service's typed modules and
/// names no API (`Api::Kick`, `im_proto::account::...`) outside its tests; what differs between
/// APIs comes from their `Metadata`.
#[test]
fn the_runtime_knows_no_domain() {
    let output = Command::new(env!("CARGO"))
        .current_dir(project_root())
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none"])
        .args(["-p", "im-client", "--all-features"])
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree -p im-client failed");
    let tree = String::from_utf8_lossy(&output.stdout);
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert!(
            !ABOVE_THE_RUNTIME.contains(&name),
            "im-client depends on {name}, a crate above it"
        );
    }
    let services: BTreeSet<&str> = Api::ALL.iter().map(|api| api.service().module()).collect();
    for path in rust_files(&project_root().join("crates/im-client/src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (at, _) in code.match_indices("Api::") {
            let variant: String = code[at + 5..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                !variant.starts_with(|c: char| c.is_ascii_uppercase())
                    || variant == "ALL"
                    || variant == "COUNT",
                "{}: names the API Api::{variant}",
                relative(&path)
            );
        }
        for service in &services {
            let module = format!("im_proto::{service}::");
            assert!(
                !code.contains(&module),
                "{}: uses the typed modules of {service} ({module})",
                relative(&path)
            );
        }
    }
}

#[test]
fn public_enums_are_non_exhaustive_or_say_why() {
    let mut offenders = Vec::new();
    for path in hand_written_sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.trim_start().starts_with("pub enum ") {
                continue;
            }
            let above = lines[..i]
                .iter()
                .rev()
                .take_while(|l| {
                    let l = l.trim_start();
                    l.starts_with("#[") || l.starts_with("//")
                })
                .collect::<Vec<_>>();
            let ok = above
                .iter()
                .any(|l| l.contains("non_exhaustive") || l.contains("// Exhaustive: "));
            if !ok {
                offenders.push(format!("{}:{}", relative(&path), i + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "public enums neither #[non_exhaustive] nor marked `// Exhaustive: <reason>`: {offenders:?}"
    );
}

#[test]
fn every_declared_api_has_its_module_fixtures_docs_and_source() {
    let root = project_root();
    let fixtures = crate::codegen::fixtures_dir();
    let api_md = std::fs::read_to_string(root.join("docs/api.md")).unwrap();
    let sources = std::fs::read_to_string(root.join("docs/api-sources.md")).unwrap();
    for api in Api::ALL {
        let meta = api.metadata();
        let word = api.as_str();
        // The documentation's own examples, hand-copied (the generated ones are in a subfolder).
        for direction in ["request", "response"] {
            let found = std::fs::read_dir(&fixtures).unwrap().flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(&format!("{word}.{direction}")) && name.ends_with(".json")
            });
            assert!(
                found,
                "{api}: no {direction} fixture in {}",
                relative(&fixtures)
            );
        }
        assert!(
            api_md.contains(&format!("\n## {word}\n")),
            "{api}: no section in docs/api.md (run cargo xtask codegen)"
        );
        assert!(
            records_page(&sources, meta.doc_url),
            "{api}: docs/api-sources.md does not record the page it was declared from ({})",
            meta.doc_url
        );
        let module = format!("crates/im-proto/src/{}/{word}.rs", api.service().module());
        assert!(root.join(&module).is_file(), "{api}: {module} is missing");
    }
}

/// Whether `text` names the page `url` itself (not a longer URL it starts).
fn records_page(text: &str, url: &str) -> bool {
    text.match_indices(url).any(|(at, _)| {
        text[at + url.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || ")>`,;|*".contains(c))
    })
}

#[test]
fn a_page_is_recorded_by_its_address() {
    let url = "https://cloud.tencent.com/document/product/269/3853";
    assert!(records_page(
        &format!("| `v4/x/kick` | {url} (below) |"),
        url
    ));
    assert!(records_page(&format!("see <{url}>."), url));
    assert!(records_page(url, url));
    // Naming the command is not recording its page, nor is a longer page's address.
    assert!(!records_page("| `im_open_login_svc/kick` | (below) |", url));
    assert!(!records_page(&format!("{url}0 and {url}/x"), url));
}

/// Hand-written files allowed to single out several APIs, each with the reason (none: the bulk
/// engine's `BulkOp` arms, the last ones, gave way to the generic engine of im-client).
const PER_API_MATCH_ALLOWED: &[(&str, &str)] = &[];

/// Per-API knowledge lives in the declaration, its generated module, its emulator handler and
/// optional sugar: no hand-written code outside tests singles out several APIs (in `match` arms
/// or other patterns, `==`/`!=` comparisons, or command words as strings: see [`per_api`]), so
/// adding an API never means editing a list elsewhere. (This replaces a count of the files naming
/// a command word, which was kept by naming APIs some other way rather than by keeping their
/// knowledge together.) Read on the syntax tree of every hand-written file under `crates/`
/// (tests, examples, benches and `// @generated` files aside).
#[test]
fn no_per_api_match_outside_the_declarations() {
    let known = per_api::Known::declared();
    let mut offenders = Vec::new();
    for path in hand_written_sources() {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        if text.starts_with("// @generated") {
            continue;
        }
        let apis = per_api::singled_out(&text, &known)
            .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"));
        let allowed = PER_API_MATCH_ALLOWED.iter().any(|(file, _)| *file == rel);
        if allowed {
            assert!(
                apis.len() > 1,
                "{rel} is listed in PER_API_MATCH_ALLOWED but singles out {apis:?}: remove it"
            );
        } else if apis.len() > 1 {
            offenders.push(format!("{rel}: {apis:?}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "hand-written code singles out several APIs (derive the behaviour from Metadata, or move \
         it into the API's module, sugar or handler): {offenders:?}"
    );
}

/// The top-level modules of a crate and, for each, the top-level modules it refers to through
/// `crate::` paths (re-exports of the root resolved to the module defining the item).
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let root_file = ["lib.rs", "main.rs"]
        .iter()
        .map(|f| src.join(f))
        .find(|p| p.is_file())
        .expect("a crate root");
    let root = std::fs::read_to_string(&root_file).unwrap();
    let modules: BTreeSet<String> = rust_files(src)
        .iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(src).ok()?;
            let first = rel.components().next()?.as_os_str().to_string_lossy();
            let name = first.trim_end_matches(".rs").to_owned();
            (name != "lib" && name != "main").then_some(name)
        })
        .collect();
    let reexports = root_reexports(&root, &modules);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(src) {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if !modules.contains(&module) {
            continue;
        }
        // Code only: a doc link is not a dependency, nor is a unit-test module (at the end of
        // a file, by convention) that drives the module through another one.
        let full = std::fs::read_to_string(&path).unwrap();
        let code = full
            .split("\n#[cfg(test)]\nmod ")
            .next()
            .unwrap_or_default();
        let text: String = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let edges = graph.entry(module.clone()).or_default();
        for name in crate_path_heads(&text) {
            let target = if modules.contains(&name) {
                Some(name)
            } else {
                reexports.get(&name).cloned()
            };
            if let Some(target) = target.filter(|t| *t != module) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// `item → module` for the root's `use module::{item, ...};` re-exports.
fn root_reexports(root: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let flat: String = root
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    for statement in flat.split(';') {
        let statement = statement.trim();
        let Some(at) = statement.find("use ") else {
            continue;
        };
        let path = statement[at + 4..].trim();
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        if !modules.contains(module) {
            continue;
        }
        let items = rest.trim().trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.split(" as ").last().unwrap_or(item).trim();
            let name = name.rsplit("::").next().unwrap_or(name).trim();
            if !name.is_empty() && name != "*" && name != "self" {
                map.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    map
}

/// The first segment of every `crate::` path in `text` (`crate::{a, b::c}` gives `a` and `b`).
fn crate_path_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in text.match_indices("crate::") {
        if text[..at].ends_with('$') {
            continue;
        }
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        heads.push(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 {
                    item.push(c);
                }
            }
            heads.push(ident(item.trim()));
        } else {
            heads.push(ident(rest));
        }
    }
    heads.retain(|h| !h.is_empty());
    heads
}

/// A cycle in `graph`, as the list of its modules, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

/// Every file below `dir` whose name ends with one of `extensions`, sorted.
fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if path.is_dir() && name.as_deref() != Some("target") {
                stack.push(path);
            } else if name.is_some_and(|n| extensions.iter().any(|e| n.ends_with(e))) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn docs_and_sources_never_point_outside_the_repository() {
    let root = project_root();
    let mut files = files_with(&root.join("docs"), &[".md"]);
    files.extend(files_with(&root.join("crates"), &[".rs", ".md", ".toml"]));
    files.extend(files_with(&root.join("xtask"), &[".rs", ".md"]));
    files.push(root.join("README.md"));
    // Written so as not to match itself.
    let outside = ["../", "shared/"].concat();
    let offenders: Vec<String> = files
        .iter()
        .filter(|path| {
            std::fs::read_to_string(path).is_ok_and(|text| text.contains(outside.as_str()))
        })
        .map(|path| relative(path))
        .collect();
    assert!(
        offenders.is_empty(),
        "these files refer to the team's shared folder outside the repository (copy what is \
         needed under docs/protocol/ and refer to that): {offenders:?}"
    );
}

#[test]
fn no_crate_has_a_module_cycle() {
    let crates = std::fs::read_dir(project_root().join("crates")).unwrap();
    for krate in crates.flatten() {
        let src = krate.path().join("src");
        if !src.is_dir() {
            continue;
        }
        let graph = module_graph(&src);
        if let Some(cycle) = find_cycle(&graph) {
            panic!("{}: module cycle {}", relative(&src), cycle.join(" -> "));
        }
    }
}

#[test]
fn the_checks_themselves_work() {
    assert!(contains_word(
        "use im_proto::account::kick::Request;",
        "kick"
    ));
    assert!(!contains_word("fn kicked()", "kick"));
    assert!(!contains_word("account_check_x", "account_check"));
    assert_eq!(
        crate_path_heads("use crate::{a::B, c, d::{e, f}}; crate::g::h(); $crate::i"),
        ["a", "c", "d", "g"]
    );
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let modules: BTreeSet<String> = ["state".to_owned()].into();
    let map = root_reexports("pub use state::{Account, OnlineState as Online};", &modules);
    assert_eq!(map["Account"], "state");
    assert_eq!(map["Online"], "state");
}

/// The `Variant service command` entries of the `handlers! { ... }` invocation in `source`
/// (`crates/im-emulator/src/handlers.rs`).
fn handler_entries(source: &str) -> Result<Vec<[String; 3]>, String> {
    let file = syn::parse_file(source).map_err(|e| e.to_string())?;
    let invocation = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Macro(m) if m.mac.path.is_ident("handlers") => Some(&m.mac),
            _ => None,
        })
        .ok_or("no `handlers! { ... }` invocation")?;
    let entry = |input: syn::parse::ParseStream<'_>| -> syn::Result<[String; 3]> {
        let words: [syn::Ident; 3] = [input.parse()?, input.parse()?, input.parse()?];
        Ok(words.map(|w| w.to_string()))
    };
    let parser = |input: syn::parse::ParseStream<'_>| {
        syn::punctuated::Punctuated::<[String; 3], syn::Token![,]>::parse_terminated_with(
            input, entry,
        )
    };
    let entries = invocation
        .parse_body_with(parser)
        .map_err(|e| format!("handlers! entries: {e}"))?;
    Ok(entries.into_iter().collect())
}

/// What is wrong with the emulator's registry `source` given its handler files (their command
/// words): a file without an entry, an entry naming no declared API or the wrong variant or
/// service for its command.
fn registry_problems(source: &str, files: &[String]) -> Vec<String> {
    let entries = match handler_entries(source) {
        Ok(entries) => entries,
        Err(e) => return vec![format!("handlers.rs: {e}")],
    };
    let mut problems = Vec::new();
    for command in files {
        if !entries.iter().any(|[_, _, c]| c == command) {
            problems.push(format!(
                "handlers/{command}.rs is not registered in handlers!"
            ));
        }
    }
    for [variant, service, command] in &entries {
        let Some(api) = Api::ALL.iter().find(|api| api.as_str() == command) else {
            problems.push(format!("handlers! entry {command}: no such declared API"));
            continue;
        };
        let module = api.service().module();
        if format!("{api:?}") != *variant || module != service {
            problems.push(format!(
                "handlers! entry `{variant} {service} {command}`: should be `{api:?} {module} \
                 {command}`"
            ));
        }
    }
    problems
}

/// Every handler file of the emulator is registered in its `handlers!` invocation (an
/// unregistered one would not even be compiled: a stub from `cargo xtask new-api` cannot be
/// forgotten), and every entry names its API rightly.
#[test]
fn every_emulator_handler_file_is_registered() {
    let dir = project_root().join("crates/im-emulator/src/handlers");
    let registry =
        std::fs::read_to_string(project_root().join("crates/im-emulator/src/handlers.rs")).unwrap();
    let files: Vec<String> = rust_files(&dir)
        .iter()
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!files.is_empty());
    let problems = registry_problems(&registry, &files);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn handler_registrations_are_read_from_the_invocation() {
    let registry = "// Kick account kick,\nconst A: &str = \"Kick account kick,\";\n\
                    macro_rules! handlers { ($($v:ident $s:ident $m:ident,)*) => {}; }\n\
                    handlers! {\n    AccountCheck account account_check,\n    Kick openim kick,\n\
                    Nope account nope,\n}\n";
    let files = ["account_check".to_owned(), "kick".to_owned()];
    assert_eq!(
        handler_entries(registry).unwrap()[0],
        ["AccountCheck", "account", "account_check"]
    );
    assert_eq!(
        registry_problems(registry, &files),
        [
            "handlers! entry `Kick openim kick`: should be `Kick account kick`",
            "handlers! entry nope: no such declared API",
        ]
    );
    // A three-word line outside the invocation registers nothing.
    let outside =
        "// AccountCheck account account_check,\nhandlers! {\n    Kick account kick,\n}\n";
    assert_eq!(
        registry_problems(outside, &files),
        ["handlers/account_check.rs is not registered in handlers!"]
    );
    assert!(registry_problems("fn main() {}", &files)[0].contains("no `handlers! { ... }`"));
}

/// Every declared service has its cargo feature in im-proto (and in `full`) and its module in
/// lib.rs: the steps a new service needs besides its declaration, checked so none is forgotten.
#[test]
fn every_declared_service_has_its_feature_and_module() {
    let root = project_root();
    let manifest = std::fs::read_to_string(root.join("crates/im-proto/Cargo.toml")).unwrap();
    let lib = std::fs::read_to_string(root.join("crates/im-proto/src/lib.rs")).unwrap();
    let full = manifest
        .lines()
        .find(|line| line.starts_with("full = ["))
        .expect("im-proto has a `full` feature");
    let spec = crate::spec::Spec::load().unwrap();
    for service in &spec.services {
        let m = &service.service.module;
        assert!(
            manifest.lines().any(|line| line == format!("{m} = []")),
            "crates/im-proto/Cargo.toml: add the feature `{m} = []` of the service {}",
            service.service.path
        );
        assert!(
            full.contains(&format!("\"{m}\"")),
            "crates/im-proto/Cargo.toml: add \"{m}\" to the `full` feature"
        );
        let module = format!("#[cfg(feature = \"{m}\")]\npub mod {m};");
        assert!(
            lib.contains(&module),
            "crates/im-proto/src/lib.rs: add `{}`",
            module.replace('\n', " ")
        );
    }
}
