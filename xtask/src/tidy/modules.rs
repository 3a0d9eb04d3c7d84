//! No import circle between modules: within each crate, no module refers (directly or through
//! others) to a module that refers back to it. Shared items live in a leaf module.
//!
//! Read on the syntax tree of every file of a crate's `src/`, with nested inline modules
//! (`mod x { ... }`) as modules of their own. A module refers to another when a `use` item or a
//! path in its code (types, expressions, patterns, macro arguments, `#[serde(with = "...")]`
//! strings) starts with `crate::`, `self::`, `super::` or the name of a child module and names
//! that module or an item of it. An item reached through an import (`pub use error::Error;` at
//! the root) is followed to the module defining it, so a crate root that re-exports its
//! modules' types is no hub; an item whose definition is not found (written by a macro) belongs
//! to the module the path names. A `mod x;` declaration is no reference, so a child that uses
//! `super::X` is a circle only when its parent also uses (or re-exports) something of it.
//! Unit-test code (`#[cfg(test)]` modules and items, `#[test]` functions) is left out: a test
//! may drive a module through another one. An API's sugar (`<command>/sugar.rs`) is part of its
//! generated module: the generator splits that one module into a generated and a hand-written
//! file (`mod sugar; pub use sugar::*;`, the generated half naming the sugar's wire types and
//! the sugar implementing on the generated ones).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Item, UseTree};

use super::sources::{crate_sources, is_generated, is_test, relative, rust_files};

/// A module's path from its crate's root (`[]` is the root).
pub(super) type ModPath = Vec<String>;

/// Circles allowed while a crate is restructured, each as the modules (files) it goes through.
/// Empty: imctl's (through a `main.rs` that doubled as a utility module) went with its
/// restructuring (issue 28). A listed circle that is no longer found exactly so is reported, so
/// the list cannot outlive its reason.
const CIRCLES_ALLOWED: &[&[&str]] = &[];

/// Every circle of the workspace not in [`CIRCLES_ALLOWED`] (and every entry of the list that
/// is no longer found), one finding each.
pub(super) fn check() -> Vec<String> {
    let mut findings = Vec::new();
    let mut found = Vec::new();
    for src in crate_sources() {
        match Crate::read(&src) {
            Ok(krate) => found.extend(krate.circles()),
            Err(e) => findings.push(e),
        }
    }
    findings.extend(unexplained(&found, CIRCLES_ALLOWED));
    findings
}

/// The circles `found` that `allowed` does not list, and the entries of `allowed` not found.
fn unexplained(found: &[Circle], allowed: &[&[&str]]) -> Vec<String> {
    let same = |entry: &[&str], circle: &Circle| {
        entry
            .iter()
            .copied()
            .eq(circle.modules.iter().map(String::as_str))
    };
    let mut findings: Vec<String> = found
        .iter()
        .filter(|circle| !allowed.iter().any(|entry| same(entry, circle)))
        .map(ToString::to_string)
        .collect();
    for entry in allowed {
        if !found.iter().any(|circle| same(entry, circle)) {
            findings.push(format!(
                "CIRCLES_ALLOWED lists {entry:?}, which is no longer a circle: remove it"
            ));
        }
    }
    findings
}

/// Modules that refer to each other in a circle: all the modules of one strongly connected
/// component of the graph, and one way round it.
#[derive(Debug)]
struct Circle {
    /// The modules, sorted, as [`Crate::name`] shows them.
    modules: Vec<String>,
    /// One way round, each step with the path that makes it: `(module, path, next module)`.
    example: Vec<(String, String, String)>,
}

impl std::fmt::Display for Circle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "import circle between {} (move what they share into a leaf module): ",
            self.modules.join(", ")
        )?;
        for (i, (from, path, to)) in self.example.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{from} uses {path} ({to})")?;
        }
        Ok(())
    }
}

/// What one module holds, as far as its references go.
#[derive(Default, Debug)]
struct Module {
    /// Where it is written: its file, and for an inline module its path inside the file.
    file: String,
    inline: Vec<String>,
    /// Whether its file is generated (`// @generated`).
    generated: bool,
    children: BTreeSet<String>,
    /// The names of the items it defines.
    defines: BTreeSet<String>,
    /// The names its `use` items bind, each with the path as written.
    binds: BTreeMap<String, Vec<String>>,
    /// The paths of its glob imports (`use x::*`).
    globs: Vec<Vec<String>>,
    /// Every path it refers to that may name a module of the crate, as written, and whether
    /// in a `use` item (where a child module's name alone is a path).
    refs: Vec<(Vec<String>, bool)>,
}

/// The modules of one crate.
#[derive(Debug)]
pub(super) struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

impl Crate {
    /// The crate whose sources are in `src` (its root `lib.rs` or `main.rs`; the module of a
    /// file is where it lies, so modules declared by a macro are found too).
    pub(super) fn read(src: &Path) -> Result<Crate, String> {
        let mut files = Vec::new();
        for path in rust_files(src) {
            let rel = path.strip_prefix(src).unwrap_or(&path);
            let Some(module) = file_module(rel) else {
                continue;
            };
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", relative(&path)))?;
            files.push((module, relative(&path), text));
        }
        let files: Vec<(ModPath, String, &str)> = files
            .iter()
            .map(|(module, name, text)| (module.clone(), name.clone(), text.as_str()))
            .collect();
        Crate::parse(&files)
    }

    /// The crate made of `files`: each file's module path, its name in findings, its text.
    pub(super) fn parse(files: &[(ModPath, String, &str)]) -> Result<Crate, String> {
        let mut krate = Crate {
            modules: BTreeMap::new(),
        };
        let mut tests = BTreeSet::new();
        for (module, name, text) in files {
            let file = syn::parse_file(text).map_err(|e| format!("{name}: does not parse: {e}"))?;
            let entry = krate.modules.entry(module.clone()).or_default();
            entry.file.clone_from(name);
            entry.generated = is_generated(text);
            krate.collect(module, name, &[], &file.items, &mut tests);
        }
        // Test modules out, and every module known to its parent.
        krate
            .modules
            .retain(|path, _| !tests.iter().any(|t: &ModPath| path.starts_with(t)));
        let paths: Vec<ModPath> = krate.modules.keys().cloned().collect();
        for path in paths {
            if let Some((name, parent)) = path.split_last()
                && let Some(parent) = krate.modules.get_mut(parent)
            {
                parent.children.insert(name.clone());
            }
        }
        for test in &tests {
            if let Some((name, parent)) = test.split_last()
                && let Some(parent) = krate.modules.get_mut(parent)
            {
                parent.children.remove(name);
            }
        }
        Ok(krate)
    }

    /// Records the `items` of module `at` (written in `file`, inside it at `inline`).
    fn collect(
        &mut self,
        at: &ModPath,
        file: &str,
        inline: &[String],
        items: &[Item],
        tests: &mut BTreeSet<ModPath>,
    ) {
        let mut refs = Refs::default();
        for item in items {
            if is_test(item_attrs(item), true) {
                if let Item::Mod(m) = item {
                    tests.insert(child(at, &m.ident.to_string()));
                }
                continue;
            }
            match item {
                Item::Mod(m) => {
                    let name = m.ident.to_string();
                    if let Some((_, content)) = &m.content {
                        let path = child(at, &name);
                        let inner = child(inline, &name);
                        let module = self.modules.entry(path.clone()).or_default();
                        module.file = file.to_owned();
                        module.inline.clone_from(&inner);
                        self.collect(&path, file, &inner, content, tests);
                    }
                    self.module(at).children.insert(name);
                }
                Item::Use(u) if u.leading_colon.is_none() => {
                    let module = self.module(at);
                    let mut uses = Vec::new();
                    use_paths(&u.tree, &mut Vec::new(), &mut uses);
                    for (path, bound) in uses {
                        match bound {
                            Bound::Name(name) => {
                                module.binds.insert(name, path.clone());
                            }
                            Bound::Glob => module.globs.push(path.clone()),
                            Bound::Nothing => {}
                        }
                        module.refs.push((path, true));
                    }
                }
                Item::Use(_) => {}
                Item::Macro(m) if !at.is_empty() && m.ident.is_some() && exported(&m.attrs) => {
                    // `#[macro_export]`: an item of the crate root, defined here.
                    let name = m
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    let mut path = vec!["crate".to_owned()];
                    path.extend(at.iter().cloned());
                    path.push(name.clone());
                    self.module(&Vec::new()).binds.insert(name.clone(), path);
                    self.module(at).defines.insert(name);
                    refs.visit_item(item);
                }
                other => {
                    if let Some(name) = item_name(other) {
                        self.module(at).defines.insert(name);
                    }
                    refs.visit_item(other);
                }
            }
        }
        self.module(at).refs.extend(refs.paths);
    }

    fn module(&mut self, at: &ModPath) -> &mut Module {
        self.modules.entry(at.clone()).or_default()
    }

    /// How findings name module `at`: its file, and for an inline module its path in it.
    fn name(&self, at: &ModPath) -> String {
        let module = &self.modules[at];
        if module.inline.is_empty() {
            module.file.clone()
        } else {
            format!("{} (mod {})", module.file, module.inline.join("::"))
        }
    }

    /// Where `path`, written in module `from`, starts: the module its first segments name and
    /// the segments left; `None` for a path that does not start in the crate (another crate,
    /// a local name).
    fn start<'p>(
        &self,
        from: &ModPath,
        path: &'p [String],
        in_use: bool,
    ) -> Option<(ModPath, &'p [String])> {
        match path.first()?.as_str() {
            "crate" => Some((Vec::new(), &path[1..])),
            "self" => Some((from.clone(), &path[1..])),
            "super" => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                let mut at = from.clone();
                for _ in 0..ups {
                    at.pop()?;
                }
                Some((at, &path[ups..]))
            }
            first
                if (in_use || path.len() > 1)
                    && self.modules.get(from)?.children.contains(first) =>
            {
                Some((from.clone(), path))
            }
            _ => None,
        }
    }

    /// The module `path`, written in module `from`, refers to, if it is one of the crate's.
    fn target(
        &self,
        from: &ModPath,
        path: &[String],
        in_use: bool,
        depth: usize,
    ) -> Option<ModPath> {
        let (mut at, rest) = self.start(from, path, in_use)?;
        for segment in rest {
            let module = self.modules.get(&at)?;
            if module.children.contains(segment) {
                at.push(segment.clone());
            } else {
                return Some(self.defined(&at, segment, depth).unwrap_or(at));
            }
        }
        self.modules.contains_key(&at).then_some(at)
    }

    /// The module that defines the item `name` module `at` holds, following its imports; `None`
    /// when not found.
    fn defined(&self, at: &ModPath, name: &str, depth: usize) -> Option<ModPath> {
        let module = self.modules.get(at)?;
        if module.defines.contains(name) || depth > 16 {
            return Some(at.clone());
        }
        if let Some(path) = module.binds.get(name) {
            return self.target(at, path, true, depth + 1);
        }
        module.globs.iter().find_map(|glob| {
            let source = self.target(at, glob, true, depth + 1)?;
            let inner = self.modules.get(&source)?;
            let has = inner.defines.contains(name)
                || inner.binds.contains_key(name)
                || !inner.globs.is_empty();
            has.then(|| self.defined(&source, name, depth + 1))
                .flatten()
        })
    }

    /// The child modules of `at` (unit tests aside), if it is a module of the crate.
    pub(super) fn children(&self, at: &[String]) -> Option<&BTreeSet<String>> {
        self.modules.get(at).map(|module| &module.children)
    }

    /// Every reference between two modules: `(from, to, the first path that makes it)`.
    pub(super) fn uses(&self) -> Vec<(ModPath, ModPath, String)> {
        let mut uses = Vec::new();
        for (from, edges) in self.graph() {
            for (to, path) in edges {
                uses.push((from.clone(), to, path));
            }
        }
        uses
    }

    /// The module `at` is part of: an API's sugar is part of its generated module; any other
    /// module is its own.
    fn unit<'m>(&'m self, at: &'m ModPath) -> &'m ModPath {
        match at.split_last() {
            Some((last, parent)) if last == "sugar" => self
                .modules
                .get_key_value(parent)
                .filter(|(_, module)| module.generated)
                .map_or(at, |(path, _)| path),
            _ => at,
        }
    }

    /// The references between modules: `from → to`, with the first path that makes it.
    fn graph(&self) -> BTreeMap<&ModPath, BTreeMap<ModPath, String>> {
        let mut graph: BTreeMap<&ModPath, BTreeMap<ModPath, String>> = BTreeMap::new();
        for (written_in, module) in &self.modules {
            let from = self.unit(written_in);
            let edges = graph.entry(from).or_default();
            for (path, in_use) in &module.refs {
                if let Some(to) = self.target(written_in, path, *in_use, 0)
                    && self.unit(&to) != from
                {
                    let to = self.unit(&to).clone();
                    edges.entry(to).or_insert_with(|| path.join("::"));
                }
            }
        }
        graph
    }

    /// The circles of the crate, one per strongly connected component of more than one module.
    fn circles(&self) -> Vec<Circle> {
        let graph = self.graph();
        let mut circles = Vec::new();
        for component in strongly_connected(&graph) {
            if component.len() < 2 {
                continue;
            }
            let mut modules: Vec<String> = component.iter().map(|m| self.name(m)).collect();
            modules.sort();
            let example = cycle_through(&graph, &component)
                .windows(2)
                .map(|step| {
                    let path = graph[&step[0]][&step[1]].clone();
                    (self.name(&step[0]), path, self.name(&step[1]))
                })
                .collect();
            circles.push(Circle { modules, example });
        }
        circles
    }
}

/// `parent::name`.
fn child(parent: &[String], name: &str) -> ModPath {
    let mut path = parent.to_vec();
    path.push(name.to_owned());
    path
}

/// The module a file at `rel` (relative to `src/`) holds: `a/b.rs` and `a/b/mod.rs` are
/// `a::b`, `lib.rs` and `main.rs` the root; `None` for a separate binary (`bin/`).
fn file_module(rel: &Path) -> Option<ModPath> {
    let mut path: ModPath = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if path.first().is_some_and(|first| first == "bin") {
        return None;
    }
    if path.len() == 1 && (path[0] == "lib" || path[0] == "main") || path.last()? == "mod" {
        path.pop();
    }
    Some(path)
}

/// The attributes of `item`.
fn item_attrs(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Whether `attrs` hold `#[macro_export]`.
fn exported(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("macro_export"))
}

/// The name `item` defines in its module, if any.
fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::TraitAlias(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// What a path of a `use` item binds in its module.
enum Bound {
    Name(String),
    Glob,
    /// `use x as _;`
    Nothing,
}

/// The full paths of a `use` tree (`use a::{b, c::*, d as e}`), each with what it binds.
fn use_paths(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Bound)>) {
    let named = |prefix: &[String], ident: &syn::Ident| {
        if ident == "self" {
            prefix.to_vec()
        } else {
            child(prefix, &ident.to_string())
        }
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let path = named(prefix, &n.ident);
            let name = path.last().cloned().unwrap_or_default();
            out.push((path, Bound::Name(name)));
        }
        UseTree::Rename(r) => {
            let bound = if r.rename == "_" {
                Bound::Nothing
            } else {
                Bound::Name(r.rename.to_string())
            };
            out.push((named(prefix, &r.ident), bound));
        }
        UseTree::Glob(_) => out.push((prefix.clone(), Bound::Glob)),
        UseTree::Group(g) => {
            for tree in &g.items {
                use_paths(tree, prefix, out);
            }
        }
    }
}

/// The paths code refers to (test code aside).
#[derive(Default)]
struct Refs {
    paths: Vec<(Vec<String>, bool)>,
}

impl<'ast> Visit<'ast> for Refs {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.paths.push((segments, false));
        }
        visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if item.leading_colon.is_none() && !is_test(&item.attrs, false) {
            let mut uses = Vec::new();
            use_paths(&item.tree, &mut Vec::new(), &mut uses);
            self.paths
                .extend(uses.into_iter().map(|(path, _)| (path, true)));
        }
    }

    /// `pub(crate)`, `pub(super)`: who may see an item is no reference.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {
        // A module inside a function body: not followed (none in the workspace).
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_test(&item.attrs, true) {
            visit::visit_item_fn(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !is_test(&item.attrs, true) {
            visit::visit_impl_item_fn(self, item);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        token_paths(mac.tokens.clone(), &mut self.paths);
    }

    /// An attribute's arguments: paths (`#[error("...", max = crate::MAX)]`), and paths in
    /// strings (`#[serde(with = "crate::flag")]`).
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("doc") {
            return;
        }
        if let syn::Meta::List(list) = &attr.meta {
            string_paths(list.tokens.clone(), &mut self.paths);
            token_paths(list.tokens.clone(), &mut self.paths);
        }
    }
}

/// The paths (`a::b::c`, not after `$` or `::`) in the tokens of a macro's arguments.
fn token_paths(tokens: TokenStream, out: &mut Vec<(Vec<String>, bool)>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let punct =
        |i: usize, c: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Group(group) => {
                token_paths(group.stream(), out);
                i += 1;
            }
            TokenTree::Ident(ident) => {
                let follows = i > 0 && (punct(i - 1, '$') || punct(i - 1, ':'));
                let mut path = vec![ident.to_string()];
                let mut j = i + 1;
                while let (Some(TokenTree::Punct(colon)), true, Some(TokenTree::Ident(next))) =
                    (trees.get(j), punct(j + 1, ':'), trees.get(j + 2))
                {
                    if colon.as_char() != ':' || colon.spacing() != Spacing::Joint {
                        break;
                    }
                    path.push(next.to_string());
                    j += 3;
                }
                if !follows && path.len() > 1 {
                    out.push((path, false));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
}

/// The paths written as strings (`"crate::flag"`) in an attribute's tokens.
fn string_paths(tokens: TokenStream, out: &mut Vec<(Vec<String>, bool)>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => string_paths(group.stream(), out),
            TokenTree::Literal(lit) => {
                let Ok(text) = syn::parse_str::<syn::LitStr>(&lit.to_string()) else {
                    continue;
                };
                let value = text.value();
                if let Ok(path) = syn::parse_str::<syn::Path>(&value)
                    && ["crate::", "self::", "super::"]
                        .iter()
                        .any(|p| value.starts_with(p))
                {
                    let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
                    out.push((segments, false));
                }
            }
            _ => {}
        }
    }
}

/// The strongly connected components of `graph` (Tarjan's algorithm), each sorted.
fn strongly_connected(graph: &BTreeMap<&ModPath, BTreeMap<ModPath, String>>) -> Vec<Vec<ModPath>> {
    struct State<'g> {
        graph: &'g BTreeMap<&'g ModPath, BTreeMap<ModPath, String>>,
        index: BTreeMap<&'g ModPath, usize>,
        low: BTreeMap<&'g ModPath, usize>,
        stack: Vec<&'g ModPath>,
        on_stack: BTreeSet<&'g ModPath>,
        components: Vec<Vec<ModPath>>,
    }
    fn visit<'g>(state: &mut State<'g>, node: &'g ModPath) {
        let n = state.index.len();
        state.index.insert(node, n);
        state.low.insert(node, n);
        state.stack.push(node);
        state.on_stack.insert(node);
        let graph = state.graph;
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            let Some((next, _)) = graph.get_key_value(next) else {
                continue;
            };
            if !state.index.contains_key(*next) {
                visit(state, next);
                let low = state.low[node].min(state.low[*next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(*next) {
                let low = state.low[node].min(state.index[*next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                component.push(top.clone());
                if top == node {
                    break;
                }
            }
            component.sort();
            state.components.push(component);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(*node) {
            visit(&mut state, node);
        }
    }
    state.components.sort();
    state.components
}

/// A shortest way from the first module of `component` back to itself, inside it (the first
/// module repeated at the end).
fn cycle_through(
    graph: &BTreeMap<&ModPath, BTreeMap<ModPath, String>>,
    component: &[ModPath],
) -> Vec<ModPath> {
    let start = &component[0];
    let mut came_from: BTreeMap<&ModPath, &ModPath> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if !component.contains(next) || came_from.contains_key(next) {
                continue;
            }
            came_from.insert(next, node);
            if next == start {
                let mut path = vec![start.clone()];
                let mut at = came_from[start];
                while at != start {
                    path.push(at.clone());
                    at = came_from[at];
                }
                path.push(start.clone());
                path.reverse();
                return path;
            }
            queue.push_back(next);
        }
    }
    vec![start.clone()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_module_circle_in_the_workspace() {
        let findings = check();
        assert!(findings.is_empty(), "{findings:#?}");
    }

    /// The circles of a crate made of `files` (path under `src/`, text), each as its modules.
    fn circles(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let files: Vec<(ModPath, String, &str)> = files
            .iter()
            .map(|(name, text)| {
                (
                    file_module(Path::new(name)).unwrap(),
                    (*name).to_owned(),
                    *text,
                )
            })
            .collect();
        let krate = Crate::parse(&files).unwrap();
        krate.circles().into_iter().map(|c| c.modules).collect()
    }

    #[test]
    fn a_child_using_its_parent_that_uses_it_is_a_circle() {
        let parent = ("a.rs", "mod b;\npub struct Shared;\nfn f() { b::run(); }\n");
        let child = ("a/b.rs", "use super::Shared;\npub(super) fn run() {}\n");
        let lib = ("lib.rs", "mod a;\n");
        assert_eq!(circles(&[lib, parent, child]), [["a.rs", "a/b.rs"]]);
        // Re-exporting the child's item is using it.
        let reexports = ("a.rs", "mod b;\npub struct Shared;\npub use b::run;\n");
        assert_eq!(circles(&[lib, reexports, child]), [["a.rs", "a/b.rs"]]);
        // The parent that only declares its child is no circle, nor is `pub(super)`.
        let declares = ("a.rs", "mod b;\npub struct Shared;\npub(crate) fn g() {}\n");
        assert!(circles(&[lib, declares, child]).is_empty());
    }

    #[test]
    fn an_item_reached_through_an_import_belongs_to_its_module() {
        let lib = (
            "lib.rs",
            "mod error;\nmod client;\npub use error::Error;\npub use client::Client;\n",
        );
        let error = ("error.rs", "pub struct Error;\n");
        let client = ("client.rs", "pub struct Client(crate::Error);\n");
        assert!(circles(&[lib, error, client]).is_empty());
        // An item the root defines itself makes the root a party.
        let defines = (
            "lib.rs",
            "mod client;\npub use client::Client;\npub struct Error;\n",
        );
        assert_eq!(circles(&[defines, client]), [["client.rs", "lib.rs"]]);
        // Through a glob, and a `#[macro_export]` macro, which lives at the root.
        let glob = (
            "lib.rs",
            "mod error;\nmod client;\npub use error::*;\npub use client::Client;\n",
        );
        assert!(circles(&[glob, error, client]).is_empty());
        let lib = (
            "lib.rs",
            "mod macros;\nmod client;\npub use client::Client;\n",
        );
        let macros = (
            "macros.rs",
            "#[macro_export]\nmacro_rules! m { () => {} }\n",
        );
        let client = ("client.rs", "crate::m!();\npub struct Client;\n");
        assert!(circles(&[lib, macros, client]).is_empty());
    }

    #[test]
    fn every_way_of_naming_a_module_counts() {
        let lib = ("lib.rs", "mod a;\nmod b;\n");
        let a = ("a.rs", "pub(crate) fn f() { crate::b::g(); }\n");
        for b in [
            "pub(crate) fn g() { self::h(); }\nfn h() { crate::a::f(); }\n",
            "pub(crate) fn g() { println!(\"{}\", super::a::f()); }\n",
            "pub(crate) fn g() {}\n#[derive(serde::Serialize)]\nstruct S(#[serde(with = \"crate::a\")] u8);\n",
            "pub(crate) fn g() {}\n#[derive(thiserror::Error)]\n#[error(\"{0}\", n = crate::a::N)]\nstruct E;\n",
            "pub(crate) fn g() { use crate::a::f; f(); }\n",
            "pub(crate) fn g() -> Option<crate::a::T> { None }\n",
            "use super::{a::{self}};\npub(crate) fn g() {}\n",
        ] {
            assert_eq!(circles(&[lib, a, ("b.rs", b)]), [["a.rs", "b.rs"]], "{b}");
        }
    }

    #[test]
    fn nested_modules_are_modules() {
        let lib = "mod outer {\n    pub(crate) mod inner { pub(crate) fn f() { super::g(); } }\n    \
                   pub(crate) fn g() {}\n    pub(crate) fn h() { inner::f(); }\n}\n";
        assert_eq!(
            circles(&[("lib.rs", lib)]),
            [["lib.rs (mod outer)", "lib.rs (mod outer::inner)"]]
        );
    }

    #[test]
    fn tests_are_left_out() {
        let lib = (
            "lib.rs",
            "mod a;\npub use a::f;\n#[cfg(test)]\nmod tests;\n",
        );
        let a = (
            "a.rs",
            "pub fn f() {}\n#[cfg(test)]\nmod tests { use crate::*; }\n\
                          #[test]\nfn t() { crate::g(); }\n",
        );
        let tests = ("tests.rs", "use crate::a::f;\nfn t() { crate::g(); }\n");
        assert!(circles(&[lib, a, tests]).is_empty());
    }

    /// The sugar of a generated API module is part of it; a hand-written module's `sugar` child
    /// is a module of its own.
    #[test]
    fn an_api_and_its_sugar_are_one_module() {
        let lib = ("lib.rs", "mod kick;\n");
        let generated = "// @generated by `cargo xtask codegen`\nmod sugar;\npub use sugar::*;\n\
                         #[serde(try_from = \"sugar::RequestWire\")]\npub struct Request;\n";
        let sugar = (
            "kick/sugar.rs",
            "use super::Request;\npub(super) struct RequestWire;\n",
        );
        assert!(circles(&[lib, ("kick.rs", generated), sugar]).is_empty());
        let written = generated.replace("// @generated by `cargo xtask codegen`\n", "");
        assert_eq!(
            circles(&[lib, ("kick.rs", &written), sugar]),
            [["kick.rs", "kick/sugar.rs"]]
        );
    }

    #[test]
    fn the_allowed_circles_are_listed_exactly() {
        let lib = ("lib.rs", "mod a;\nmod b;\n");
        let a = ("a.rs", "pub(crate) fn f() { crate::b::g(); }\n");
        let b = ("b.rs", "pub(crate) fn g() { crate::a::f(); }\n");
        let files: Vec<(ModPath, String, &str)> = [lib, a, b]
            .iter()
            .map(|(name, text)| {
                (
                    file_module(Path::new(name)).unwrap(),
                    (*name).to_owned(),
                    *text,
                )
            })
            .collect();
        let found = Crate::parse(&files).unwrap().circles();
        assert!(unexplained(&found, &[&["a.rs", "b.rs"]]).is_empty());
        let findings = unexplained(&found, &[&["a.rs", "b.rs", "c.rs"]]);
        assert!(
            findings[0].starts_with("import circle between a.rs, b.rs"),
            "{findings:?}"
        );
        assert!(
            findings[1].contains("no longer a circle: remove it"),
            "{findings:?}"
        );
        assert_eq!(findings.len(), 2);
    }

    #[test]
    fn a_finding_names_the_files_and_the_way_round() {
        let lib = ("lib.rs", "mod a;\nmod b;\n");
        let a = ("a.rs", "use crate::b::G;\npub(crate) struct F;\n");
        let b = ("b.rs", "pub(crate) struct G(crate::a::F);\n");
        let files: Vec<(ModPath, String, &str)> = [lib, a, b]
            .iter()
            .map(|(name, text)| {
                (
                    file_module(Path::new(name)).unwrap(),
                    (*name).to_owned(),
                    *text,
                )
            })
            .collect();
        let circle = &Crate::parse(&files).unwrap().circles()[0];
        assert_eq!(
            circle.to_string(),
            "import circle between a.rs, b.rs (move what they share into a leaf module): a.rs \
             uses crate::b::G (b.rs), b.rs uses crate::a::F (a.rs)"
        );
    }
}
