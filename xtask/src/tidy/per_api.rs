//! The per-API `match` detector: which declared APIs a source file singles out one by one, read
//! on its syntax tree (`syn`), so that line breaks, aliases and comparisons do not hide them.
//!
//! An API is singled out where an `Api` variant is
//!
//! - in a pattern (a `match` arm, `if let`, `matches!`), or the whole of a `match` arm's value
//!   (`BulkOp::Kick => Api::Kick.as_str()`);
//! - compared with `==` or `!=` (`api == Api::Kick`, `api.as_str() == Api::Kick.as_str()`);
//! - or where a string literal equal to its command word (or a legacy word, or
//!   `service/command`) is a `match` pattern or compared (`"kick" => ...`, `word == "kick"`).
//!
//! `Api` is any path ending in `Api`, or a name given to it (`use im_proto::Api as A;`,
//! `type A = Api;`, `Self` in `impl Api`); variants imported by name or by glob count too.
//! `#[cfg(test)]` modules and `#[test]` functions are skipped: tests may name every API.

use std::collections::{BTreeMap, BTreeSet};

use im_proto::Api;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{BinOp, Expr, Lit, Member, Pat, Path, Stmt, Type, UseTree};

use super::sources::is_test;

/// The declared APIs, as source code names them.
pub(super) struct Known {
    /// The variant names of `Api` (`Kick`, `AccountCheck`).
    variants: BTreeSet<String>,
    /// Command words, legacy words and `service/command` paths, each with its variant.
    words: BTreeMap<String, String>,
}

impl Known {
    /// Every API of im-proto's table.
    pub(super) fn declared() -> Known {
        let mut variants = BTreeSet::new();
        let mut words = BTreeMap::new();
        for api in Api::ALL {
            let variant = format!("{api:?}");
            let meta = api.metadata();
            words.insert(api.as_str().to_owned(), variant.clone());
            words.insert(
                format!("{}/{}", meta.service, meta.command),
                variant.clone(),
            );
            words.insert(meta.path(), variant.clone());
            for legacy in meta.legacy_commands {
                words.insert((*legacy).to_owned(), variant.clone());
            }
            variants.insert(variant);
        }
        Known { variants, words }
    }
}

/// The distinct APIs (variant names) `source` singles out, or why it does not parse.
pub(super) fn singled_out(source: &str, known: &Known) -> Result<BTreeSet<String>, String> {
    let file = syn::parse_file(source).map_err(|e| e.to_string())?;
    let mut names = Names {
        known,
        enum_names: ["Api".to_owned()].into(),
        variant_names: BTreeMap::new(),
    };
    // Twice: a `use` may go through a name another `use` gives (`use A::Kick;`).
    for _ in 0..2 {
        names.visit_file(&file);
    }
    let mut finder = Finder {
        names: &names,
        in_api_impl: 0,
        found: BTreeSet::new(),
    };
    finder.visit_file(&file);
    Ok(finder.found)
}

/// What the file calls the `Api` enum and its variants.
struct Names<'k> {
    known: &'k Known,
    /// Names of the enum: `Api`, aliases of `use ... Api as A` and `type A = Api`.
    enum_names: BTreeSet<String>,
    /// Bare names of variants (`use Api::Kick as K`, `use Api::*`), with the variant.
    variant_names: BTreeMap<String, String>,
}

impl Names<'_> {
    /// Whether the last segment of `path` names the enum.
    fn is_enum(&self, path: &[String]) -> bool {
        path.last()
            .is_some_and(|last| self.enum_names.contains(last))
    }

    /// Records what `use prefix::tree` names.
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &UseTree) {
        match tree {
            UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            UseTree::Name(n) => self.name(prefix, &n.ident.to_string(), &n.ident.to_string()),
            UseTree::Rename(r) => self.name(prefix, &r.ident.to_string(), &r.rename.to_string()),
            UseTree::Glob(_) if self.is_enum(prefix) => {
                for variant in &self.known.variants {
                    self.variant_names.insert(variant.clone(), variant.clone());
                }
            }
            UseTree::Glob(_) => {}
            UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    /// `use prefix::item as name;`
    fn name(&mut self, prefix: &[String], item: &str, name: &str) {
        if self.enum_names.contains(item) {
            self.enum_names.insert(name.to_owned());
        } else if self.is_enum(prefix) && self.known.variants.contains(item) {
            self.variant_names.insert(name.to_owned(), item.to_owned());
        }
    }
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_use_tree(&mut self, tree: &'ast UseTree) {
        self.use_tree(&mut Vec::new(), tree);
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        if let Type::Path(ty) = &*item.ty
            && ty
                .path
                .segments
                .last()
                .is_some_and(|s| self.enum_names.contains(&s.ident.to_string()))
        {
            self.enum_names.insert(item.ident.to_string());
        }
        visit::visit_item_type(self, item);
    }
}

/// Collects the APIs singled out.
struct Finder<'n, 'k> {
    names: &'n Names<'k>,
    /// Inside `impl Api` (where `Self::Kick` is a variant).
    in_api_impl: usize,
    found: BTreeSet<String>,
}

impl Finder<'_, '_> {
    /// The variant `path` names: `Api::Kick`, `im_proto::Api::Kick`, `A::Kick`, `Self::Kick`
    /// in `impl Api`, or an imported `Kick`.
    fn variant(&self, path: &Path) -> Option<String> {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        match segments.as_slice() {
            [name] => self.names.variant_names.get(name).cloned(),
            [.., owner, last] => {
                let owner_is_enum = self.names.enum_names.contains(owner)
                    || (owner == "Self" && self.in_api_impl > 0);
                (owner_is_enum && self.names.known.variants.contains(last)).then(|| last.clone())
            }
            [] => None,
        }
    }

    /// The API an expression stands for: a variant, or its command word, path or metadata
    /// (`Api::Kick`, `Api::Kick.as_str()`, `Api::Kick.metadata().command`).
    fn api_identity(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Path(p) => self.variant(&p.path),
            Expr::Paren(e) => self.api_identity(&e.expr),
            Expr::Group(e) => self.api_identity(&e.expr),
            Expr::Reference(e) => self.api_identity(&e.expr),
            Expr::MethodCall(call)
                if ["as_str", "path", "metadata", "to_string"]
                    .contains(&call.method.to_string().as_str()) =>
            {
                self.api_identity(&call.receiver)
            }
            Expr::Field(field) => match &field.member {
                Member::Named(name) if name == "command" || name == "api" => {
                    self.api_identity(&field.base)
                }
                _ => None,
            },
            Expr::Lit(lit) => self.word(&lit.lit),
            _ => None,
        }
    }

    /// The API whose anything a `match` arm's whole value is (`=> Api::Kick`,
    /// `=> Api::Kick.as_str()`, `=> { Api::Kick.metadata().max_items }`).
    fn api_root(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Path(p) => self.variant(&p.path),
            Expr::Paren(e) => self.api_root(&e.expr),
            Expr::Group(e) => self.api_root(&e.expr),
            Expr::Reference(e) => self.api_root(&e.expr),
            Expr::MethodCall(call) => self.api_root(&call.receiver),
            Expr::Field(field) => self.api_root(&field.base),
            Expr::Try(e) => self.api_root(&e.expr),
            Expr::Block(block) => match block.block.stmts.as_slice() {
                [Stmt::Expr(e, None)] => self.api_root(e),
                _ => None,
            },
            _ => None,
        }
    }

    /// The API a string literal names by its command word.
    fn word(&self, lit: &Lit) -> Option<String> {
        match lit {
            Lit::Str(s) => self.names.known.words.get(&s.value()).cloned(),
            _ => None,
        }
    }

    /// The comparison `left == right` (or `!=`).
    fn compared(&mut self, left: &Expr, right: &Expr) {
        self.found.extend(self.api_identity(left));
        self.found.extend(self.api_identity(right));
    }
}

impl<'ast> Visit<'ast> for Finder<'_, '_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !is_test(&item.attrs, false) {
            visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_test(&item.attrs, true) {
            visit::visit_item_fn(self, item);
        }
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let api = matches!(&*item.self_ty, Type::Path(ty) if ty.path.segments.last()
            .is_some_and(|s| self.names.enum_names.contains(&s.ident.to_string())));
        self.in_api_impl += usize::from(api);
        visit::visit_item_impl(self, item);
        self.in_api_impl -= usize::from(api);
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        let found = match pat {
            Pat::Path(p) => self.variant(&p.path),
            Pat::TupleStruct(p) => self.variant(&p.path),
            Pat::Struct(p) => self.variant(&p.path),
            Pat::Ident(p) if p.subpat.is_none() => {
                self.names.variant_names.get(&p.ident.to_string()).cloned()
            }
            Pat::Lit(p) => self.word(&p.lit),
            _ => None,
        };
        self.found.extend(found);
        visit::visit_pat(self, pat);
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.found.extend(self.api_root(&arm.body));
        visit::visit_arm(self, arm);
    }

    fn visit_expr_binary(&mut self, expr: &'ast syn::ExprBinary) {
        if matches!(expr.op, BinOp::Eq(_) | BinOp::Ne(_)) {
            self.compared(&expr.left, &expr.right);
        }
        visit::visit_expr_binary(self, expr);
    }

    /// Macro bodies are tokens to `syn`: `matches!(x, PATTERN)` is read as its pattern,
    /// `assert_eq!(a, b)` as a comparison, any other as its comma-separated expressions.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if name == "matches" {
            let parser = |input: syn::parse::ParseStream<'_>| {
                let expr: Expr = input.parse()?;
                input.parse::<syn::Token![,]>()?;
                let pat = Pat::parse_multi_with_leading_vert(input)?;
                let guard = match input.parse::<Option<syn::Token![if]>>()? {
                    Some(_) => Some(input.parse::<Expr>()?),
                    None => None,
                };
                input.parse::<Option<syn::Token![,]>>()?;
                Ok((expr, pat, guard))
            };
            if let Ok((expr, pat, guard)) = mac.parse_body_with(parser) {
                self.visit_expr(&expr);
                self.visit_pat(&pat);
                if let Some(guard) = guard {
                    self.visit_expr(&guard);
                }
            }
            return;
        }
        let Ok(args) = mac.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        else {
            return;
        };
        if name.ends_with("assert_eq") || name.ends_with("assert_ne") {
            let mut two = args.iter();
            if let (Some(left), Some(right)) = (two.next(), two.next()) {
                self.compared(left, right);
            }
        }
        for arg in &args {
            self.visit_expr(arg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apis(source: &str) -> Vec<String> {
        singled_out(source, &Known::declared())
            .unwrap_or_else(|e| panic!("{e}: {source}"))
            .into_iter()
            .collect()
    }

    /// Each way of writing a per-API match is seen: the old rule's cases, an or-pattern over two
    /// lines (as rustfmt writes a long one), a renamed enum, variants imported by name or by glob,
    /// `if` chains of comparisons, command words as strings, `Self` inside `impl Api`, assertions.
    #[test]
    fn the_dodges_are_caught() {
        let cases: &[(&str, &[&str])] = &[
            (
                "fn f(a: Api) -> u8 { match a { Api::Kick => 1, Api::AccountCheck => 2, _ => 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(o: Op) -> Api { match o { Op::A => Api::Kick, Op::B => Api::AccountCheck } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(o: Op) -> &'static str { match o { Op::A => Api::Kick.as_str(), Op::B => { Api::AccountCheck.as_str() } } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(api: Api) -> u8 {\n    match api {\n        Api::Kick\n        | Api::AccountCheck => 1,\n        _ => 2,\n    }\n}",
                &["AccountCheck", "Kick"],
            ),
            (
                "use im_proto::Api as A;\nfn f(api: A) -> u8 { match api { A::Kick => 1, A::AccountCheck => 2, _ => 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "use im_proto::{Api as A, Endpoint};\nfn f(api: A) -> bool { matches!(api, A::Kick | A::AccountCheck) }",
                &["AccountCheck", "Kick"],
            ),
            (
                "type A = im_proto::Api;\nfn f(api: A) -> u8 { if let A::Kick = api { 1 } else if let A::AccountCheck = api { 2 } else { 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "use im_proto::Api::{AccountCheck as C, Kick};\nfn f(api: Api) -> u8 { match api { Kick => 1, C => 2, _ => 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "use im_proto::Api::*;\nfn f(api: Api) -> u8 { match api { Kick => 1, AccountCheck => 2, _ => 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(api: Api) -> u8 { if api == Api::PortraitSet { 1 } else if api == Api::Kick { 2 } else { 3 } }",
                &["Kick", "PortraitSet"],
            ),
            (
                "fn f(api: Api) -> u8 { if Api::Kick != api && api.as_str() != Api::AccountCheck.as_str() { 1 } else { 2 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(api: Api) -> u8 { match api.as_str() { \"kick\" => 1, \"account_check\" => 2, _ => 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(api: Api) -> u8 { match api.metadata().command { \"kick\" | \"account_check\" => 1, _ => 3 } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(api: Api) -> u8 { let w = api.as_str(); if w == \"kick\" { 1 } else if w == \"querystate\" { 2 } else { 3 } }",
                &["Kick", "QueryOnlineStatus"],
            ),
            (
                "impl Api { fn f(self) -> u8 { match self { Self::Kick => 1, Self::AccountCheck => 2, _ => 3 } } }",
                &["AccountCheck", "Kick"],
            ),
            (
                "fn f(api: Api) { assert_ne!(api, Api::Kick); assert_ne!(api, Api::AccountCheck); }",
                &["AccountCheck", "Kick"],
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(apis(source), *expected, "{source}");
        }
    }

    /// Only test modules and test functions are skipped: code after the first `#[cfg(test)]`
    /// item is still read.
    #[test]
    fn only_tests_are_skipped() {
        let source = "fn f(api: Api) -> u8 { match api { Api::Kick => 1, _ => 2 } }\n\
                      #[cfg(test)]\nfn helper() {}\n\
                      fn g(api: Api) -> u8 { match api { Api::AccountCheck => 1, _ => 2 } }\n\
                      #[cfg(test)]\nmod tests { fn h(api: Api) -> u8 { match api { Api::PortraitSet => 1, _ => 2 } } }\n\
                      #[test]\nfn t() { assert!(matches!(Api::ALL[0], Api::PortraitGet)); }\n";
        assert_eq!(apis(source), ["AccountCheck", "Kick"]);
    }

    /// What names an API without singling it out among others is not counted.
    #[test]
    fn innocent_code_is_not_caught() {
        for source in [
            "fn f() -> usize { Api::Kick.metadata().max_items }",
            "fn f() { for api in Api::ALL { let _ = api.metadata(); } let _ = Api::COUNT; }",
            "fn f(api: Api) -> bool { api == Api::Kick }",
            "fn f(api: Api) -> u8 { match api { Api::Kick => 1, _ => 2 } }",
            "fn f(a: Op) -> u8 { match a { Op::Kick => 1, Op::AccountCheck => 2 } }",
            "fn f(s: &str) -> u8 { match s { \"json\" => 1, \"table\" => 2, _ => 3 } }",
            "fn f() { let _ = (Api::Kick.as_str(), Api::AccountCheck.metadata()); }",
            "macro_rules! m { ($($v:ident)*) => { matches!(api, $(Api::$v)|*) } }",
        ] {
            assert!(apis(source).len() < 2, "{source}: {:?}", apis(source));
        }
        assert!(apis("fn f(api: Api) -> bool { api == Api::Kick }") == ["Kick"]);
        assert!(apis("fn f() -> usize { Api::Kick.metadata().max_items }").is_empty());
    }
}
