//! The declared APIs: each has everything a declaration needs beside it (its module, the page's
//! examples as fixtures, its section of the reference, its page recorded, its service's feature
//! and module, its emulator handler registered), and no hand-written code singles out several
//! of them (see [`per_api`]).

use im_proto::Api;

use super::per_api;
use super::sources::{hand_written_sources, is_generated, relative, rust_files};
use crate::workspace::project_root;

/// Each declared API without its module, fixtures, section of `docs/api.md` or recorded page.
pub(super) fn complete() -> Vec<String> {
    let root = project_root();
    let fixtures = crate::codegen::fixtures_dir();
    let api_md = std::fs::read_to_string(root.join("docs/api.md")).unwrap_or_default();
    let sources = std::fs::read_to_string(root.join("docs/api-sources.md")).unwrap_or_default();
    let names: Vec<String> = std::fs::read_dir(&fixtures)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut findings = Vec::new();
    for api in Api::ALL {
        let meta = api.metadata();
        let word = api.as_str();
        // The documentation's own examples, hand-copied (the generated ones are in a subfolder).
        for direction in ["request", "response"] {
            let prefix = format!("{word}.{direction}");
            if !names
                .iter()
                .any(|n| n.starts_with(&prefix) && n.ends_with(".json"))
            {
                findings.push(format!(
                    "{api}: no {direction} fixture in {}",
                    relative(&fixtures)
                ));
            }
        }
        if !api_md.contains(&format!("\n## {word}\n")) {
            findings.push(format!(
                "{api}: no section in docs/api.md (run cargo xtask codegen)"
            ));
        }
        if !records_page(&sources, meta.doc_url) {
            findings.push(format!(
                "{api}: docs/api-sources.md does not record the page it was declared from ({})",
                meta.doc_url
            ));
        }
        let module = format!("crates/im-proto/src/{}/{word}.rs", api.service().module());
        if !root.join(&module).is_file() {
            findings.push(format!("{api}: {module} is missing"));
        }
    }
    findings
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
pub(super) fn no_per_api_match() -> Vec<String> {
    let known = per_api::Known::declared();
    let mut findings = Vec::new();
    for path in hand_written_sources() {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if is_generated(&text) {
            continue;
        }
        let apis = match per_api::singled_out(&text, &known) {
            Ok(apis) => apis,
            Err(e) => {
                findings.push(format!("{rel}: does not parse: {e}"));
                continue;
            }
        };
        let allowed = PER_API_MATCH_ALLOWED.iter().any(|(file, _)| *file == rel);
        if allowed && apis.len() < 2 {
            findings.push(format!(
                "{rel} is listed in PER_API_MATCH_ALLOWED but singles out {apis:?}: remove it"
            ));
        } else if !allowed && apis.len() > 1 {
            findings.push(format!(
                "{rel}: singles out the APIs {apis:?} (derive the behaviour from Metadata, or \
                 move it into the API's module, sugar or handler)"
            ));
        }
    }
    findings
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
        // An optional `[REFUSALS]`: the module's own field codes.
        if input.peek(syn::token::Bracket) {
            let _refusals: proc_macro2::Group = input.parse()?;
        }
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
pub(super) fn handlers_registered() -> Vec<String> {
    let src = project_root().join("crates/im-emulator/src");
    let registry = std::fs::read_to_string(src.join("handlers.rs")).unwrap_or_default();
    let files: Vec<String> = rust_files(&src.join("handlers"))
        .iter()
        .map(|path| {
            path.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    if files.is_empty() {
        return vec!["crates/im-emulator/src/handlers/ holds no handler".to_owned()];
    }
    registry_problems(&registry, &files)
}

/// Every declared service has its cargo feature in im-proto (and in `full`) and its module in
/// lib.rs: the steps a new service needs besides its declaration, checked so none is forgotten.
pub(super) fn services_wired() -> Vec<String> {
    let root = project_root();
    let manifest =
        std::fs::read_to_string(root.join("crates/im-proto/Cargo.toml")).unwrap_or_default();
    let lib = std::fs::read_to_string(root.join("crates/im-proto/src/lib.rs")).unwrap_or_default();
    let spec = match crate::spec::Spec::load() {
        Ok(spec) => spec,
        Err(e) => return vec![format!("the declarations do not load: {e}")],
    };
    let full = manifest
        .lines()
        .find(|line| line.starts_with("full = ["))
        .unwrap_or_default();
    let mut findings = Vec::new();
    for service in &spec.services {
        let m = &service.service.module;
        if !manifest.lines().any(|line| line == format!("{m} = []")) {
            findings.push(format!(
                "crates/im-proto/Cargo.toml: add the feature `{m} = []` of the service {}",
                service.service.path
            ));
        }
        if !full.contains(&format!("\"{m}\"")) {
            findings.push(format!(
                "crates/im-proto/Cargo.toml: add \"{m}\" to the `full` feature"
            ));
        }
        let module = format!("#[cfg(feature = \"{m}\")]\npub mod {m};");
        if !lib.contains(&module) {
            findings.push(format!(
                "crates/im-proto/src/lib.rs: add `{}`",
                module.replace('\n', " ")
            ));
        }
    }
    findings
}

/// The test of im-proto's lib.rs that lists every declared API by hand, and its table.
const TABLE_TEST: (&str, &str) = ("crates/im-proto/src/lib.rs", "REFERENCE");

/// Every declared API has its row in the table test of im-proto's lib.rs (the `REFERENCE`
/// table `metadata_matches_the_reference` reads, one `(Api::Variant, ...)` tuple per API; a
/// constant, as data grows with the surface while the test that reads it stays short).
pub(super) fn in_the_table_test() -> Vec<String> {
    let (file, test) = TABLE_TEST;
    let source = std::fs::read_to_string(project_root().join(file)).unwrap_or_default();
    let declared: Vec<String> = Api::ALL.iter().map(|api| format!("{api:?}")).collect();
    match table_rows(&source, test) {
        Ok(rows) => table_problems(&rows, &declared)
            .into_iter()
            .map(|problem| format!("{file}: {test}: {problem}"))
            .collect(),
        Err(e) => vec![format!("{file}: {e}")],
    }
}

/// The `Api` variants of the rows of the constant table `table` (`const T: &[...] = &[...]`,
/// in a module too) of `source`.
fn table_rows(source: &str, table: &str) -> Result<Vec<String>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("does not parse: {e}"))?;
    let constant = find_const(&file.items, table).ok_or_else(|| format!("no table `{table}`"))?;
    let array = match &*constant.expr {
        syn::Expr::Reference(reference) => match &*reference.expr {
            syn::Expr::Array(array) => Some(array),
            _ => None,
        },
        syn::Expr::Array(array) => Some(array),
        _ => None,
    }
    .ok_or_else(|| format!("{table} is not a `&[...]` table"))?;
    let row = |expr: &syn::Expr| -> Option<String> {
        let syn::Expr::Tuple(tuple) = expr else {
            return None;
        };
        let syn::Expr::Path(path) = tuple.elems.first()? else {
            return None;
        };
        match path.path.segments.iter().collect::<Vec<_>>().as_slice() {
            [owner, variant] if owner.ident == "Api" => Some(variant.ident.to_string()),
            _ => None,
        }
    };
    array
        .elems
        .iter()
        .map(|expr| {
            row(expr)
                .ok_or_else(|| format!("{table}: a row that does not start with `Api::Variant`"))
        })
        .collect()
}

/// The constant `name` among `items`, inside modules too.
fn find_const<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a syn::ItemConst> {
    items.iter().find_map(|item| match item {
        syn::Item::Const(c) if c.ident == name => Some(c),
        syn::Item::Mod(m) => m
            .content
            .as_ref()
            .and_then(|(_, items)| find_const(items, name)),
        _ => None,
    })
}

/// The declared APIs without a row, and the rows listed twice.
fn table_problems(rows: &[String], declared: &[String]) -> Vec<String> {
    let mut problems: Vec<String> = declared
        .iter()
        .filter(|api| !rows.contains(api))
        .map(|api| format!("Api::{api} has no row (add its service, item maximum and calls per second from its page)"))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        if rows[..i].contains(row) {
            problems.push(format!("Api::{row} has two rows"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_api_has_its_module_fixtures_docs_and_source() {
        let findings = complete();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn no_per_api_match_outside_the_declarations() {
        let findings = no_per_api_match();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn every_emulator_handler_file_is_registered() {
        let findings = handlers_registered();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn every_declared_service_has_its_feature_and_module() {
        let findings = services_wired();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn every_declared_api_is_in_the_table_test() {
        let findings = in_the_table_test();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn the_table_test_s_rows_are_read() {
        let source = "mod tests {\n    const T: &[(Api, &str, usize, u32)] = &[\n        \
                      (Api::Kick, \"im_open_login_svc\", 1, 200),\n        (Api::AccountCheck, \"x\", 1, 2),\n        \
                      (Api::Kick, \"y\", 1, 2),\n    ];\n}\n";
        let rows = table_rows(source, "T").unwrap();
        assert_eq!(rows, ["Kick", "AccountCheck", "Kick"]);
        let declared = ["Kick", "AccountCheck", "PortraitGet"].map(String::from);
        assert_eq!(
            table_problems(&rows, &declared),
            [
                "Api::PortraitGet has no row (add its service, item maximum and calls per second \
                 from its page)",
                "Api::Kick has two rows",
            ]
        );
        assert!(
            table_rows(source, "U")
                .unwrap_err()
                .contains("no table `U`")
        );
        let untabled = "const T: Vec<(Api, u32)> = Vec::new();";
        assert!(
            table_rows(untabled, "T")
                .unwrap_err()
                .contains("is not a `&[...]` table")
        );
        let odd = "const T: &[(u32, Api)] = &[(1, Api::Kick)];";
        assert!(
            table_rows(odd, "T")
                .unwrap_err()
                .contains("does not start with")
        );
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
}
