//! No String-only error in a public API of the published crates: a caller matches on an error
//! and follows its `source()`, which a `String` cannot give. Found on the syntax tree of each
//! published crate's `src/` (unit tests aside):
//!
//! - a public function or method (`pub`, or any method of a public trait) whose signature holds
//!   `Result<_, String>` or `Result<_, &str>`, in its return type or its arguments (a callback
//!   returning one counts); `Box<dyn Error>` is fine;
//! - a public type alias or public field whose type holds one;
//! - a `TryFrom` or `FromStr` implementation whose error is `String` or `&str` (but a
//!   conversion from or to a type the file keeps private, as serde's `try_from` wire types);
//! - a public error type (named `...Error`) that is a bare `String` newtype.
//!
//! `pub` means reachable here: the workspace denies `unreachable_pub`.

use syn::visit::{self, Visit};
use syn::{GenericArgument, PathArguments, Type, Visibility};

use super::sources::{is_test, relative, rust_files};
use crate::workspace::project_root;

/// The crates published with a promised API (`docs/CONTRIBUTING.md`, "Releasing").
const PUBLISHED: &[&str] = &[
    "im-proto",
    "im-sig",
    "im-transport",
    "im-callback",
    "im-client",
    "im-accounts",
    "im-messages",
];

/// Each String-only error of a published crate's public API.
pub(super) fn check() -> Vec<String> {
    let mut findings = Vec::new();
    for krate in PUBLISHED {
        for path in rust_files(&project_root().join("crates").join(krate).join("src")) {
            let rel = relative(&path);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            match string_errors(&text) {
                Ok(found) => findings.extend(found.into_iter().map(|what| {
                    format!(
                        "{rel}: {what} (return a typed error naming the value and the rule, \
                         its cause as `source`)"
                    )
                })),
                Err(e) => findings.push(format!("{rel}: does not parse: {e}")),
            }
        }
    }
    findings
}

/// The String-only errors of the public API `source` declares, each said with its line.
fn string_errors(source: &str) -> Result<Vec<String>, String> {
    let file = syn::parse_file(source).map_err(|e| e.to_string())?;
    let mut finder = Finder::default();
    for item in &file.items {
        let (vis, ident) = match item {
            syn::Item::Struct(s) => (&s.vis, &s.ident),
            syn::Item::Enum(e) => (&e.vis, &e.ident),
            syn::Item::Type(t) => (&t.vis, &t.ident),
            _ => continue,
        };
        if !matches!(vis, Visibility::Public(_)) {
            finder.private.push(ident.to_string());
        }
    }
    finder.visit_file(&file);
    Ok(finder.found)
}

/// Whether `ty` is `String` or `&str`.
fn is_string(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path.qself.is_none() && path.path.is_ident("String"),
        Type::Reference(reference) => {
            matches!(&*reference.elem, Type::Path(p) if p.path.is_ident("str"))
        }
        Type::Paren(paren) => is_string(&paren.elem),
        Type::Group(group) => is_string(&group.elem),
        _ => false,
    }
}

/// Whether `node` holds a `Result<_, String>` or `Result<_, &str>` anywhere in its types.
fn holds_string_result(visit_node: impl FnOnce(&mut StringResult)) -> bool {
    let mut finder = StringResult(false);
    visit_node(&mut finder);
    finder.0
}

/// Looks for `Result<T, String>` (any path ending in `Result` with two arguments).
struct StringResult(bool);

impl<'ast> Visit<'ast> for StringResult {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        if segment.ident == "Result"
            && let PathArguments::AngleBracketed(args) = &segment.arguments
        {
            let types: Vec<&Type> = args
                .args
                .iter()
                .filter_map(|arg| match arg {
                    GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                })
                .collect();
            if let [_, error] = types.as_slice()
                && is_string(error)
            {
                self.0 = true;
            }
        }
        visit::visit_path_segment(self, segment);
    }
}

/// Line of `ident`, for findings.
fn line(ident: &syn::Ident) -> usize {
    ident.span().start().line
}

/// Collects the String-only errors of public items.
#[derive(Default)]
struct Finder {
    /// Inside a public trait, whose methods are all public.
    in_public_trait: bool,
    /// The types the file declares without `pub`.
    private: Vec<String>,
    found: Vec<String>,
}

impl Finder {
    /// Whether `ty` names a type the file keeps private.
    fn is_private(&self, ty: &Type) -> bool {
        matches!(ty, Type::Path(path) if path.path.segments.last()
            .is_some_and(|s| self.private.contains(&s.ident.to_string())))
    }

    fn signature(&mut self, sig: &syn::Signature) {
        if holds_string_result(|f| f.visit_signature(sig)) {
            self.found.push(format!(
                "line {}: `{}` takes or returns a Result<_, String> or Result<_, &str>",
                line(&sig.ident),
                sig.ident
            ));
        }
    }

    /// `pub struct NameError(String);` or `pub struct NameError { message: String }`.
    fn newtype(&mut self, item: &syn::ItemStruct) {
        let fields: Vec<&syn::Field> = item.fields.iter().collect();
        if item.ident.to_string().ends_with("Error")
            && let [only] = fields.as_slice()
            && is_string(&only.ty)
        {
            self.found.push(format!(
                "line {}: the public error type `{}` is a bare String",
                line(&item.ident),
                item.ident
            ));
        }
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !is_test(&item.attrs, false) {
            visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if is_test(&item.attrs, true) {
            return;
        }
        if matches!(item.vis, Visibility::Public(_)) {
            self.signature(&item.sig);
        }
        // Functions inside it are not public.
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if is_test(&item.attrs, false) {
            return;
        }
        let conversion = item.trait_.as_ref().and_then(|(path, _)| {
            let last = path.segments.last()?;
            let name = last.ident.to_string();
            let mut types = vec![&*item.self_ty];
            if let PathArguments::AngleBracketed(args) = &last.arguments {
                types.extend(args.args.iter().filter_map(|arg| match arg {
                    GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                }));
            }
            let public = !types.iter().any(|ty| self.is_private(ty));
            (public && (name == "TryFrom" || name == "FromStr")).then_some(name)
        });
        if let Some(conversion) = conversion {
            for inner in &item.items {
                if let syn::ImplItem::Type(ty) = inner
                    && (ty.ident == "Error" || ty.ident == "Err")
                    && is_string(&ty.ty)
                {
                    self.found.push(format!(
                        "line {}: a {conversion} implementation whose error is a String",
                        line(&ty.ident)
                    ));
                }
            }
        }
        visit::visit_item_impl(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !is_test(&item.attrs, true) && matches!(item.vis, Visibility::Public(_)) {
            self.signature(&item.sig);
        }
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        let outer = self.in_public_trait;
        self.in_public_trait = matches!(item.vis, Visibility::Public(_));
        visit::visit_item_trait(self, item);
        self.in_public_trait = outer;
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if self.in_public_trait {
            self.signature(&item.sig);
        }
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        if matches!(item.vis, Visibility::Public(_))
            && holds_string_result(|f| f.visit_type(&item.ty))
        {
            self.found.push(format!(
                "line {}: the public type `{}` holds a Result<_, String>",
                line(&item.ident),
                item.ident
            ));
        }
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        if is_test(&item.attrs, false) || !matches!(item.vis, Visibility::Public(_)) {
            return;
        }
        self.newtype(item);
        for field in &item.fields {
            if matches!(field.vis, Visibility::Public(_))
                && holds_string_result(|f| f.visit_type(&field.ty))
            {
                self.found.push(format!(
                    "line {}: a public field of `{}` holds a Result<_, String>",
                    line(&item.ident),
                    item.ident
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_string_error_in_a_published_api() {
        let findings = check();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn each_kind_of_string_error_is_found() {
        let cases = [
            "pub fn f() -> Result<(), String> { Ok(()) }",
            "pub struct A;\nimpl A { pub fn f(&self, x: &str) -> std::result::Result<u8, &'static str> { Ok(1) } }",
            "pub fn hook(f: impl Fn(&[u64]) -> Result<(), String>) {}",
            "pub trait T { fn f(&self) -> Result<(), &str>; }",
            "pub type Hook = Box<dyn Fn() -> Result<(), String>>;",
            "pub struct Options { pub hook: Option<fn() -> Result<(), String>> }",
            "pub struct ParseError(String);",
            "pub struct ParseError { message: String }",
            "pub struct A;\nimpl std::str::FromStr for A { type Err = String; }",
            "pub struct A;\nimpl TryFrom<u8> for A { type Error = &'static str; }",
        ];
        for source in cases {
            assert_eq!(string_errors(source).unwrap().len(), 1, "{source}");
        }
        let found = string_errors("\n\npub fn parse() -> Result<u8, String> { Ok(1) }").unwrap();
        assert_eq!(
            found,
            ["line 3: `parse` takes or returns a Result<_, String> or Result<_, &str>"]
        );
    }

    #[test]
    fn what_is_not_public_or_not_a_string_is_left_alone() {
        for source in [
            "pub(crate) fn f() -> Result<(), String> { Ok(()) }",
            "fn f() -> Result<(), String> { Ok(()) }",
            "pub struct A;\nimpl A { pub(crate) fn f(&self) -> Result<(), String> { Ok(()) } }",
            "pub fn f() -> Result<(), Box<dyn std::error::Error>> { Ok(()) }",
            "pub fn f() -> std::fmt::Result { Ok(()) }",
            "pub fn f() -> Result<String, Error> { todo() }",
            "pub fn f<E: Into<Box<dyn Error>>>(hook: impl Fn() -> Result<(), E>) {}",
            "trait T { fn f(&self) -> Result<(), String>; }",
            "pub struct Name(String);",
            "pub struct ParseError { part: String, rule: &'static str }",
            "pub struct Request;\nstruct Wire;\nimpl TryFrom<Wire> for Request { type Error = String; }",
            "#[cfg(test)]\nmod tests { pub fn f() -> Result<(), String> { Ok(()) } }",
            "pub fn outer() { pub fn inner() -> Result<(), String> { Ok(()) } }",
        ] {
            assert!(string_errors(source).unwrap().is_empty(), "{source}");
        }
    }
}
