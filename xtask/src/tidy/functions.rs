//! No function too long to read at once: at most 100 lines anywhere (generated files aside),
//! 80 in the client runtime (im-client) and the domain crates (im-accounts, im-messages). A function's length
//! is the lines of its body, from the line of its opening brace to the line of its closing one
//! (a method's and a nested function's alike; a nested function counts in its parent's length
//! too). Read on the syntax tree of every Rust file of the workspace (tests included: a test is
//! read like any other code).

use syn::visit::{self, Visit};

use super::sources::{is_generated, relative, rust_files};
use crate::workspace::project_root;

/// The longest function body allowed, in lines.
const MAX_LINES: usize = 100;

/// Crates held to a shorter length, each with its limit: the CLI, the client runtime and the
/// domain crates (issue 28).
const SHORTER: &[(&str, usize)] = &[
    ("crates/imctl/", 80),
    ("crates/im-client/", 80),
    ("crates/im-accounts/", 80),
    ("crates/im-messages/", 80),
];

/// Functions allowed to be longer while their crate is restructured, each as `file`, `name`.
/// Empty since imctl's restructuring (issue 28). An entry whose function is short enough now,
/// or gone, is reported, so the list only shrinks.
const LONG_ALLOWED: &[(&str, &str)] = &[];

/// Each function over its crate's limit (and each entry of [`LONG_ALLOWED`] that is no longer
/// one), one finding each.
pub(super) fn check() -> Vec<String> {
    let root = project_root();
    let mut dirs = vec![root.join("crates"), root.join("fuzz"), root.join("xtask")];
    dirs.retain(|dir| dir.is_dir());
    let mut long = Vec::new();
    let mut findings = Vec::new();
    for path in dirs.iter().flat_map(|dir| rust_files(dir)) {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match too_long(&rel, &text) {
            Ok(found) => long.extend(found),
            Err(e) => findings.push(e),
        }
    }
    findings.extend(unexplained(&long, LONG_ALLOWED));
    findings
}

/// A function over its limit.
#[derive(Debug, PartialEq, Eq)]
struct Long {
    file: String,
    /// `name` for a free function, `Type::name` for a method, `Trait::name` for a default one.
    name: String,
    line: usize,
    lines: usize,
    limit: usize,
}

/// The limit of the functions of file `rel` (relative to the workspace root).
fn limit_of(rel: &str) -> usize {
    SHORTER
        .iter()
        .find(|(prefix, _)| rel.starts_with(prefix))
        .map_or(MAX_LINES, |(_, limit)| *limit)
}

/// The functions of `text` (the file `rel`) over its limit; none in a generated file.
fn too_long(rel: &str, text: &str) -> Result<Vec<Long>, String> {
    if is_generated(text) {
        return Ok(Vec::new());
    }
    let file = syn::parse_file(text).map_err(|e| format!("{rel}: does not parse: {e}"))?;
    let mut lengths = Lengths::default();
    lengths.visit_file(&file);
    let limit = limit_of(rel);
    Ok(lengths
        .found
        .into_iter()
        .filter(|(_, _, lines)| *lines > limit)
        .map(|(name, line, lines)| Long {
            file: rel.to_owned(),
            name,
            line,
            lines,
            limit,
        })
        .collect())
}

/// The functions of `long` that `allowed` does not list, and the entries of `allowed` that are
/// not over their limit (any more).
fn unexplained(long: &[Long], allowed: &[(&str, &str)]) -> Vec<String> {
    let mut findings: Vec<String> = long
        .iter()
        .filter(|f| !allowed.contains(&(f.file.as_str(), f.name.as_str())))
        .map(|f| {
            format!(
                "{}:{}: {} is {} lines long, over {} (split it into parts that each do one \
                 thing, named for it)",
                f.file, f.line, f.name, f.lines, f.limit
            )
        })
        .collect();
    for (file, name) in allowed {
        if !long.iter().any(|f| f.file == *file && f.name == *name) {
            findings.push(format!(
                "LONG_ALLOWED lists {file} {name}, which is not over its limit (any more): \
                 remove it"
            ));
        }
    }
    findings
}

/// Every function body of a file: its name, the line of its opening brace, its lines.
#[derive(Default)]
struct Lengths {
    /// The type or trait of the `impl` or `trait` being read.
    owner: Vec<String>,
    found: Vec<(String, usize, usize)>,
}

impl Lengths {
    fn record(&mut self, name: &syn::Ident, block: &syn::Block) {
        let span = block.brace_token.span;
        let (open, close) = (span.open().start().line, span.close().end().line);
        let name = match self.owner.last() {
            Some(owner) => format!("{owner}::{name}"),
            None => name.to_string(),
        };
        self.found.push((name, open, close + 1 - open));
    }
}

/// The last segment of a type's path (`Client` for `Client<C>` and `&Client`), else `impl`.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        syn::Type::Reference(reference) => type_name(&reference.elem),
        _ => "impl".to_owned(),
    }
}

impl<'ast> Visit<'ast> for Lengths {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.record(&item.sig.ident, &item.block);
        visit::visit_item_fn(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        self.owner.push(type_name(&item.self_ty));
        visit::visit_item_impl(self, item);
        self.owner.pop();
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.record(&item.sig.ident, &item.block);
        visit::visit_impl_item_fn(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.owner.push(item.ident.to_string());
        visit::visit_item_trait(self, item);
        self.owner.pop();
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(block) = &item.default {
            self.record(&item.sig.ident, block);
        }
        visit::visit_trait_item_fn(self, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_function_too_long_in_the_workspace() {
        let findings = check();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    /// A function of `body_lines` lines between its braces, in `impl Client`.
    fn method(body_lines: usize) -> String {
        let body = "    let x = 1;\n".repeat(body_lines);
        format!("impl Client {{\n    fn call(&self) {{\n{body}    }}\n}}\n")
    }

    #[test]
    fn a_long_function_is_found_with_its_crate_s_limit() {
        // 98 lines of statements and the two lines of the braces: 100.
        assert!(
            too_long("crates/im-emulator/src/a.rs", &method(98))
                .unwrap()
                .is_empty()
        );
        let found = too_long("crates/im-emulator/src/a.rs", &method(99)).unwrap();
        assert_eq!(
            found,
            [Long {
                file: "crates/im-emulator/src/a.rs".to_owned(),
                name: "Client::call".to_owned(),
                line: 2,
                lines: 101,
                limit: 100,
            }]
        );
        for shorter in ["crates/im-client/src/a.rs", "crates/imctl/src/a.rs"] {
            assert_eq!(too_long(shorter, &method(79)).unwrap()[0].limit, 80);
        }
        assert!(
            too_long("crates/im-accounts/tests/a.rs", &method(78))
                .unwrap()
                .is_empty()
        );
        // Free functions, a trait's default methods, functions inside functions.
        let nested = format!(
            "trait T {{ fn d() {{}} }}\nfn outer() {{\n    fn inner() {{\n{}    }}\n}}\n",
            "        let y = 2;\n".repeat(99)
        );
        let names: Vec<String> = too_long("xtask/src/a.rs", &nested)
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["outer", "inner"]);
        // A generated file is its generator's business.
        let generated = format!("// @generated by `cargo xtask codegen`\n{}", method(200));
        assert!(
            too_long("crates/im-proto/src/a.rs", &generated)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn the_allowed_functions_are_listed_exactly() {
        let found = too_long("crates/im-emulator/src/a.rs", &method(120)).unwrap();
        assert!(unexplained(&found, &[("crates/im-emulator/src/a.rs", "Client::call")]).is_empty());
        let findings = unexplained(&found, &[("crates/im-emulator/src/b.rs", "Client::call")]);
        assert_eq!(
            findings,
            [
                "crates/im-emulator/src/a.rs:2: Client::call is 122 lines long, over 100 (split it \
                 into parts that each do one thing, named for it)",
                "LONG_ALLOWED lists crates/im-emulator/src/b.rs Client::call, which is not over its \
                 limit (any more): remove it",
            ]
        );
    }
}
