//! The API declarations: one TOML file per service in `crates/im-proto/spec/`, read with serde
//! and checked before anything is generated from them (`docs/declarations.md` describes the
//! format).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::workspace::project_root;

/// The folder of the declarations.
pub(crate) fn spec_dir() -> PathBuf {
    project_root().join("crates/im-proto/spec")
}

/// Every declaration: the common codes and the services, in file-name order (`common.toml`
/// aside).
#[derive(Debug)]
pub(crate) struct Spec {
    pub(crate) common: Vec<Code>,
    pub(crate) services: Vec<ServiceFile>,
}

/// `common.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonFile {
    code: Vec<Code>,
}

/// One service's file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServiceFile {
    pub(crate) service: Service,
    #[serde(default)]
    pub(crate) code: Vec<Code>,
    #[serde(default)]
    pub(crate) api: Vec<ApiSpec>,
}

/// `[service]`: the facts every API of a service shares.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Service {
    /// The path segment (`group_open_http_svc`).
    pub(crate) path: String,
    /// The im-proto module and cargo feature (`group`).
    pub(crate) module: String,
    /// Its number: the `Service` discriminant and place in `Service::ALL` and in the
    /// documentation (see [`check_ids`]).
    pub(crate) id: usize,
    pub(crate) title: String,
    pub(crate) doc: String,
    /// The name of the code the service answers when the identifier is not an app admin.
    pub(crate) not_admin: String,
    /// The code refusing a body that is not JSON (generated server halves).
    #[serde(default)]
    pub(crate) bad_json: Option<String>,
    /// The code refusing a body that does not fit the request (generated server halves).
    #[serde(default)]
    pub(crate) invalid: Option<String>,
}

/// `[[code]]`: one documented error code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Code {
    /// The constant's name on `ErrorCode`.
    pub(crate) name: String,
    pub(crate) code: i64,
    /// Its retry class: `transient`, `throttled`, `resign`, `fatal`, `item` (or `success` for
    /// 0); `docs/declarations.md` says what each means.
    pub(crate) retry: String,
    #[serde(default)]
    pub(crate) auth: bool,
    /// The commands whose pages list the code; absent for the common codes.
    #[serde(default)]
    pub(crate) apis: Vec<String>,
    pub(crate) meaning: String,
}

/// `[[api]]`: one API's declaration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ApiSpec {
    pub(crate) command: String,
    /// Its number: the `Api` discriminant and place in `Api::ALL` (see [`check_ids`]).
    pub(crate) id: usize,
    #[serde(default)]
    pub(crate) legacy: Vec<String>,
    pub(crate) summary: String,
    pub(crate) doc_url: String,
    /// The documented rate quotas (at least the calls per second).
    pub(crate) quotas: Vec<Quota>,
    pub(crate) retry: Retry,
    #[serde(default)]
    pub(crate) items: Option<Items>,
    #[serde(default)]
    pub(crate) pagination: Option<Pagination>,
    #[serde(default)]
    pub(crate) failure_items: Option<String>,
    #[serde(default)]
    pub(crate) request: Vec<Field>,
    #[serde(default)]
    pub(crate) response: Vec<Field>,
    #[serde(default)]
    pub(crate) example: Vec<Example>,
    /// The packet types to generate, by type name.
    #[serde(default, rename = "type")]
    pub(crate) types: Vec<TypeSpec>,
    /// The string enums its generated types use.
    #[serde(default, rename = "enum")]
    pub(crate) enums: Vec<EnumSpec>,
    /// More module documentation (what the page says that a user must know).
    #[serde(default)]
    pub(crate) doc: String,
    /// The server half: absent, the request read as itself with the service's `bad_json` and
    /// `invalid` codes; `"Request"`, the request read as itself by an `Incoming` impl in the
    /// sugar; any other name, a type of the sugar.
    #[serde(default)]
    pub(crate) incoming: Option<String>,
    /// Whether hand-written sugar sits beside the generated module, in
    /// `src/<service>/<command>/sugar.rs` (constructors, checks, the server half).
    #[serde(default)]
    pub(crate) sugar: bool,
    /// Whether `Endpoint::validate` also runs the sugar's `Request::check_rules` (the rules types
    /// cannot express) after the item count.
    #[serde(default)]
    pub(crate) check_rules: bool,
    /// Whether its module was at the crate root before the layout by service (the first 11
    /// APIs): `im_proto::<command>` stays as a deprecated alias once its packets are generated
    /// (hand-written modules keep theirs anyway).
    #[serde(default)]
    pub(crate) root_alias: bool,
}

/// `[[api.enum]]`: a string enum of the wire (unknown values are kept).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnumSpec {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) values: Vec<EnumValue>,
}

/// One value of an [`EnumSpec`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnumValue {
    pub(crate) variant: String,
    pub(crate) wire: String,
    pub(crate) doc: String,
}

/// `quotas = [{ limit, per, counts, utc_offset }]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Quota {
    pub(crate) limit: u32,
    /// `second`, `minute` or `day`.
    pub(crate) per: String,
    /// `calls` (default) or `items`.
    #[serde(default = "calls")]
    pub(crate) counts: String,
    /// For `day`: where the day starts, `+08:00` (the service's default) unless stated.
    #[serde(default)]
    pub(crate) utc_offset: Option<String>,
}

fn calls() -> String {
    "calls".to_owned()
}

/// `retry = "always" | "never" | { same_request = [...], within_secs = N }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Retry {
    Word(String),
    SameRequest {
        same_request: Vec<String>,
        within_secs: u32,
    },
}

/// `items = { field, max, results, list, key }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Items {
    pub(crate) field: String,
    pub(crate) max: usize,
    /// `envelope`, `by_key`, `by_position` or `failures_only`.
    pub(crate) results: String,
    #[serde(default)]
    pub(crate) list: String,
    #[serde(default)]
    pub(crate) key: String,
}

/// `[api.pagination]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pagination {
    #[serde(default)]
    pub(crate) cursors: Vec<Cursor>,
    #[serde(default)]
    pub(crate) offset: Option<Offset>,
    #[serde(default)]
    pub(crate) limit: Option<Limit>,
    #[serde(default)]
    pub(crate) done_flag: Option<DoneFlag>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cursor {
    pub(crate) request: String,
    pub(crate) response: String,
    /// `integer` or `string`.
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) zero_ends: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Offset {
    pub(crate) request: String,
    pub(crate) list: String,
    #[serde(default)]
    pub(crate) total: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Limit {
    pub(crate) field: String,
    pub(crate) max: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DoneFlag {
    pub(crate) field: String,
    pub(crate) value: i64,
}

/// `[[api.request]]` / `[[api.response]]`: one documented field (a row of the reference).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Field {
    /// The wire name; nested fields as `Parent[].Child` or `Parent.Child`.
    pub(crate) name: String,
    /// The JSON type as the page names it, with the true range (`Integer (u32)`).
    #[serde(rename = "type")]
    pub(crate) ty: String,
    pub(crate) required: bool,
    pub(crate) doc: String,
    #[serde(default)]
    pub(crate) limits: String,
}

/// `[[api.example]]`: the canonical request and response (the page's, or ours where the page
/// has none), written as fixtures and into the reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Example {
    #[serde(default)]
    pub(crate) variant: String,
    #[serde(default)]
    pub(crate) request: Option<String>,
    #[serde(default)]
    pub(crate) response: Option<String>,
}

/// `[[api.type]]`: one generated struct.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TypeSpec {
    /// The Rust name (`Request`, `Response`, `GroupIdItem`).
    pub(crate) name: String,
    /// The wire path of the objects it holds (`""` for the packet, `GroupIdList[]`).
    #[serde(default)]
    pub(crate) path: String,
    /// `request` or `response`: whose fields it holds (by default `Response` holds the
    /// response's, every other type the request's).
    #[serde(default)]
    pub(crate) side: Option<String>,
    pub(crate) doc: String,
    /// The Rust types of its fields, by wire name, where the default mapping of the field's
    /// documented type is not the right one (`MsgRandom = "u32"`, `To_Account = "Vec<UserId>"`).
    #[serde(default)]
    pub(crate) rust: std::collections::BTreeMap<String, String>,
    /// Rust field names, by wire name, where the snake case of the wire name is not the one.
    #[serde(default)]
    pub(crate) names: std::collections::BTreeMap<String, String>,
    /// More `serde` arguments of a field, by wire name (`ResultCode = "default"`,
    /// `CheckItem = 'with = "crate::account_profile::user_items"'`).
    #[serde(default)]
    pub(crate) serde: std::collections::BTreeMap<String, String>,
    /// Fields kept as values (not `Option`s) although the page marks them optional (or, in a
    /// response packet, although a failed answer omits them): they need a `serde` default.
    #[serde(default)]
    pub(crate) plain: Vec<String>,
    /// Container attributes written above the struct (`#[serde(try_from = "...")]`).
    #[serde(default)]
    pub(crate) container: Vec<String>,
    /// Whether unknown fields are kept in an `extra` map (default true).
    #[serde(default)]
    pub(crate) extra: Option<bool>,
    /// Whether a `new` taking the required fields is generated (default true; false when the
    /// sugar writes its own).
    #[serde(default)]
    pub(crate) new: Option<bool>,
    /// Whether it derives `Default` (default: when every field may be absent).
    #[serde(default)]
    pub(crate) default: Option<bool>,
}

impl Spec {
    /// Reads and checks every declaration.
    pub(crate) fn load() -> Result<Spec, String> {
        Spec::load_from(&spec_dir())
    }

    /// [`Spec::load`] from another folder (tests).
    pub(crate) fn load_from(dir: &Path) -> Result<Spec, String> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let common: CommonFile = toml::from_str(&read(&dir.join("common.toml"))?)
            .map_err(|e| format!("common.toml: {e}"))?;
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("common.toml"))
            .collect();
        names.sort();
        let mut services = Vec::new();
        for path in names {
            let file: ServiceFile =
                toml::from_str(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            if stem != file.service.module {
                return Err(format!(
                    "{}: a service's file is named after its module: {}.toml",
                    path.display(),
                    file.service.module
                ));
            }
            services.push(file);
        }
        // By number: a new service comes last, in the enum as in the documentation.
        services.sort_by_key(|s| s.service.id);
        let spec = Spec {
            common: common.code,
            services,
        };
        spec.check()?;
        Ok(spec)
    }

    /// Every API with its service, in declaration order (the documentation's: by service).
    pub(crate) fn apis(&self) -> impl Iterator<Item = (&ServiceFile, &ApiSpec)> {
        self.services
            .iter()
            .flat_map(|s| s.api.iter().map(move |a| (s, a)))
    }

    /// Every API with its service, by number: the order of the `Api` enum and `Api::ALL`, where
    /// a new API comes last and an existing one never moves.
    pub(crate) fn apis_by_id(&self) -> Vec<(&ServiceFile, &ApiSpec)> {
        let mut apis: Vec<_> = self.apis().collect();
        apis.sort_by_key(|(_, api)| api.id);
        apis
    }

    /// Every code, the common ones first, with its service module (`None`: common).
    pub(crate) fn codes(&self) -> impl Iterator<Item = (Option<&ServiceFile>, &Code)> {
        self.common.iter().map(|c| (None, c)).chain(
            self.services
                .iter()
                .flat_map(|s| s.code.iter().map(move |c| (Some(s), c))),
        )
    }

    /// The rules a declaration must keep before code is generated from it.
    fn check(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        let commands: BTreeSet<&str> = self.apis().map(|(_, a)| a.command.as_str()).collect();
        if commands.len() != self.apis().count() {
            problems.push("a command is declared twice".to_owned());
        }
        let mut names = BTreeSet::new();
        for (service, code) in self.codes() {
            if !names.insert(code.name.as_str()) {
                problems.push(format!("code name {} declared twice", code.name));
            }
            if !RETRY_CLASSES.contains(&code.retry.as_str()) {
                problems.push(format!(
                    "code {}: unknown retry class {:?}",
                    code.name, code.retry
                ));
            }
            if service.is_some() == code.apis.is_empty() {
                problems.push(format!(
                    "code {}: a service's code lists its APIs, a common one none",
                    code.name
                ));
            }
            for api in &code.apis {
                if !commands.contains(api.as_str()) {
                    problems.push(format!("code {}: unknown API {api}", code.name));
                }
            }
        }
        for service in &self.services {
            if !names.contains(service.service.not_admin.as_str()) {
                problems.push(format!(
                    "service {}: not_admin {} is not a declared code",
                    service.service.path, service.service.not_admin
                ));
            }
        }
        for service in &self.services {
            let s = &service.service;
            if s.title.trim().is_empty() || s.doc.trim().is_empty() {
                problems.push(format!("service {}: no title or doc", s.path));
            }
        }
        for (_, api) in self.apis() {
            check_api(api, &mut problems);
        }
        let services = self
            .services
            .iter()
            .map(|s| (s.service.path.as_str(), s.service.id));
        check_ids("service", services, &mut problems);
        let apis = self.apis().map(|(_, a)| (a.command.as_str(), a.id));
        check_ids("API", apis, &mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "the declarations are wrong:\n  {}",
                problems.join("\n  ")
            ))
        }
    }
}

/// The rule of the `id` numbers of the services or of the APIs (`what`), given as `(name, id)`:
/// each its own, and together exactly `0..count`. The generated enum's variants carry them as
/// discriminants, in this order, so a new declaration takes the next number and an existing
/// one never changes (which `cargo semver-checks` in `.ci/run` checks against the last release:
/// a changed discriminant is a breaking change).
fn check_ids<'a>(
    what: &str,
    declared: impl Iterator<Item = (&'a str, usize)>,
    problems: &mut Vec<String>,
) {
    let mut by_id: Vec<(usize, &str)> = declared.map(|(name, id)| (id, name)).collect();
    by_id.sort();
    let count = by_id.len();
    let taken: BTreeSet<usize> = by_id.iter().map(|(id, _)| *id).collect();
    let unused: Vec<String> = (0..count)
        .filter(|n| !taken.contains(n))
        .map(|n| n.to_string())
        .collect();
    for pair in by_id.windows(2) {
        if pair[0].0 == pair[1].0 {
            problems.push(format!(
                "{what} {}: id {} is {}'s already: each {what} has its own number (unused: {})",
                pair[1].1,
                pair[1].0,
                pair[0].1,
                unused.join(", ")
            ));
        }
    }
    for (id, name) in by_id.iter().filter(|(id, _)| *id >= count) {
        problems.push(format!(
            "{what} {name}: id {id} leaves {} unused: the {what} ids are 0 to {} without gaps (a \
             new one takes the next number, an existing one keeps its own)",
            unused.join(", "),
            count - 1
        ));
    }
}

const RETRY_CLASSES: &[&str] = &[
    "success",
    "transient",
    "throttled",
    "resign",
    "fatal",
    "item",
];

/// The documented types a field row may have (`docs/declarations.md`): the page's JSON type,
/// with the true range of an integer. A `rust` entry of a generated type changes the Rust type,
/// never what the row documents.
pub(crate) const FIELD_TYPES: &[&str] = &[
    "String",
    "Integer",
    "Integer (u32)",
    "Integer (u64)",
    "Integer (i32)",
    "Integer (0/1)",
    "String or Integer",
    "Array of String",
    "Array of Integer",
    "Array of Object",
    "Object",
];

/// The hosts of the service's documentation: the Chinese site, the international sites (the
/// current one and the older one) and TRTC's copy.
const DOC_HOSTS: &[&str] = &[
    "cloud.tencent.com",
    "www.tencentcloud.com",
    "intl.cloud.tencent.com",
    "trtc.io",
];

/// Whether `url` is a page of the service's documentation: `https://`, one of [`DOC_HOSTS`], a
/// path under `/document/`.
fn is_documentation_page(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    DOC_HOSTS.contains(&host)
        && path
            .strip_prefix("/document/")
            .is_some_and(|page| !page.is_empty())
}

fn check_api(api: &ApiSpec, problems: &mut Vec<String>) {
    let at = |what: String| format!("{}: {what}", api.command);
    let valid_word = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if !valid_word(&api.command) {
        problems.push(at("the command is not a lower-case word".to_owned()));
    }
    if api.summary.trim().is_empty() {
        problems.push(at("no summary: say what it does in one line".to_owned()));
    }
    if !is_documentation_page(&api.doc_url) {
        problems.push(at(format!(
            "doc_url {:?} is not a page of the service's documentation: https://HOST/document/... \
             on {}",
            api.doc_url,
            DOC_HOSTS.join(", ")
        )));
    }
    if api.quotas.is_empty() {
        problems.push(at(
            "no quota: declare at least the calls per second".to_owned()
        ));
    }
    for quota in &api.quotas {
        if !["second", "minute", "day"].contains(&quota.per.as_str())
            || !["calls", "items"].contains(&quota.counts.as_str())
        {
            problems.push(at(format!(
                "quota per {:?} counting {:?}",
                quota.per, quota.counts
            )));
        }
        if quota
            .utc_offset
            .as_deref()
            .is_some_and(|o| utc_offset_minutes(o).is_none())
        {
            problems.push(at(format!(
                "utc_offset {:?} is not ±HH:MM",
                quota.utc_offset
            )));
        }
    }
    if let Retry::Word(word) = &api.retry
        && !["always", "never"].contains(&word.as_str())
    {
        problems.push(at(format!(
            "retry {word:?}: always, never or {{ same_request }}"
        )));
    }
    check_fields(api, problems);
}

/// The rules of an API's field rows and of what refers to them (item list, cursors, generated
/// types, examples).
fn check_fields(api: &ApiSpec, problems: &mut Vec<String>) {
    let at = |what: String| format!("{}: {what}", api.command);
    for (side, fields) in [("request", &api.request), ("response", &api.response)] {
        for field in fields {
            if !FIELD_TYPES.contains(&field.ty.as_str()) {
                problems.push(at(format!(
                    "{side} field {} has type {:?}, not one of {}",
                    field.name,
                    field.ty,
                    FIELD_TYPES.join(", ")
                )));
            }
        }
    }
    let documented = |fields: &[Field], name: &str| fields.iter().any(|f| f.name == name);
    if let Some(items) = &api.items {
        if !documented(&api.request, &items.field) {
            problems.push(at(format!(
                "item list {} is not a request field",
                items.field
            )));
        }
        let needs_list = items.results != "envelope";
        if !["envelope", "by_key", "by_position", "failures_only"].contains(&items.results.as_str())
        {
            problems.push(at(format!("items.results {:?}", items.results)));
        } else if needs_list && !documented(&api.response, &items.list) {
            problems.push(at(format!(
                "result list {} is not a response field",
                items.list
            )));
        }
    }
    if let Some(pages) = &api.pagination {
        for cursor in &pages.cursors {
            if !documented(&api.request, &cursor.request)
                || !documented(&api.response, &cursor.response)
                || !["integer", "string"].contains(&cursor.kind.as_str())
            {
                problems.push(at(format!(
                    "cursor {} -> {}",
                    cursor.response, cursor.request
                )));
            }
        }
    }
    let has = |name: &str| api.types.iter().any(|t| t.name == name);
    if !(api.sugar || has("Request") && has("Response")) {
        problems.push(at(
            "generated packets need a Request and a Response type (or sugar that defines them)"
                .to_owned(),
        ));
    }
    for example in &api.example {
        for text in [&example.request, &example.response].into_iter().flatten() {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                problems.push(at(format!(
                    "example {:?} is not JSON: {e}",
                    example.variant
                )));
            }
        }
    }
}

/// `+08:00` as minutes east of UTC.
pub(crate) fn utc_offset_minutes(text: &str) -> Option<i16> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m): (i16, i16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// `account_import` as `AccountImport`.
pub(crate) fn camel(word: &str) -> String {
    word.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declarations_load_and_keep_their_rules() {
        let spec = Spec::load().unwrap_or_else(|e| panic!("{e}"));
        assert!(spec.apis().count() >= 11);
        assert_eq!(camel("get_appid_group_list"), "GetAppidGroupList");
        assert_eq!(utc_offset_minutes("+08:00"), Some(480));
        assert_eq!(utc_offset_minutes("-03:30"), Some(-210));
        assert_eq!(utc_offset_minutes("08:00"), None);
    }

    #[test]
    fn a_broken_declaration_is_refused_with_its_reason() {
        let dir = std::env::temp_dir().join(format!("xtask-spec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("common.toml"),
            "[[code]]\nname = \"X\"\ncode = 1\nretry = \"fatal\"\nmeaning = \"x\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("s.toml"),
            "[service]\npath = \"s\"\nmodule = \"s\"\nid = 0\ntitle = \"t\"\ndoc = \"d\"\nnot_admin = \"X\"\n\
             [[api]]\ncommand = \"c\"\nid = 0\nsummary = \"s\"\ndoc_url = \"u\"\n             quotas = []\nretry = \"sometimes\"\nitems = { field = \"Nope\", max = 1, results = \"by_key\" }\n",
        )
        .unwrap();
        let err = Spec::load_from(&dir).unwrap_err();
        for needle in ["no quota", "retry \"sometimes\"", "item list Nope"] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The keys a table type reads, as serde lists them when refusing an unknown one.
    fn keys_of<T: serde::de::DeserializeOwned>() -> Vec<String> {
        let err = toml::from_str::<T>("not_a_key_of_any_table = 1")
            .err()
            .expect("an unknown key is refused")
            .to_string();
        let expected = err
            .split_once("expected")
            .unwrap_or_else(|| panic!("{err}"))
            .1;
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// Whether `doc` names `key` as code, not in prose: `` `key` ``, `**key**`, a TOML line
    /// `key = `, an item of an inline table or list (`{ key, other }`, `[[api.key]]`).
    fn names_key(doc: &str, key: &str) -> bool {
        doc.match_indices(key).any(|(at, _)| {
            let before = &doc[..at];
            let after = &doc[at + key.len()..];
            let opened = before.ends_with('\n')
                || before
                    .trim_end_matches([' ', '\n'])
                    .ends_with(['`', '*', '.', '[', '{', ',']);
            let closed = after.starts_with(['`', '*', ',', '}', ']'])
                || after.trim_start_matches(' ').starts_with(['=', '}']);
            opened && closed
        })
    }

    /// docs/declarations.md names every key the declarations are read with, every retry class
    /// (with its meaning, as a list item) and every field type.
    #[test]
    fn the_format_doc_names_every_key() {
        let doc = std::fs::read_to_string(project_root().join("docs/declarations.md")).unwrap();
        let tables = [
            ("[service]", keys_of::<Service>()),
            ("[[code]]", keys_of::<Code>()),
            ("[[api]]", keys_of::<ApiSpec>()),
            ("[[api.enum]]", keys_of::<EnumSpec>()),
            ("[[api.enum]] values", keys_of::<EnumValue>()),
            ("quotas", keys_of::<Quota>()),
            ("items", keys_of::<Items>()),
            ("[api.pagination]", keys_of::<Pagination>()),
            ("cursors", keys_of::<Cursor>()),
            ("offset", keys_of::<Offset>()),
            ("limit", keys_of::<Limit>()),
            ("done_flag", keys_of::<DoneFlag>()),
            ("request/response rows", keys_of::<Field>()),
            ("[[api.example]]", keys_of::<Example>()),
            ("[[api.type]]", keys_of::<TypeSpec>()),
        ];
        let mut missing = Vec::new();
        for (table, keys) in &tables {
            assert!(keys.len() > 1, "{table}: {keys:?}");
            for key in keys {
                if !names_key(&doc, key) {
                    missing.push(format!("{table} {key}"));
                }
            }
        }
        for class in RETRY_CLASSES {
            if !doc.contains(&format!("\n- `{class}`: ")) {
                missing.push(format!("retry class {class}"));
            }
        }
        for ty in FIELD_TYPES {
            if !doc.contains(&format!("`{ty}`")) {
                missing.push(format!("field type {ty}"));
            }
        }
        assert!(
            missing.is_empty(),
            "docs/declarations.md does not document {missing:?}"
        );
    }

    /// The problems of a service file declaring one API `c` with `api` after its own keys.
    fn problems_of(test: &str, api: &str) -> String {
        let dir = std::env::temp_dir().join(format!("xtask-spec-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("common.toml"),
            "[[code]]\nname = \"X\"\ncode = 1\nretry = \"fatal\"\nmeaning = \"x\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("s.toml"),
            format!(
                "[service]\npath = \"s\"\nmodule = \"s\"\nid = 0\ntitle = \"t\"\ndoc = \"d\"\n\
                 not_admin = \"X\"\n[[api]]\ncommand = \"c\"\nid = 0\nsummary = \"s\"\n\
                 quotas = [{{ limit = 1, per = \"second\" }}]\nretry = \"always\"\n{api}"
            ),
        )
        .unwrap();
        let result = Spec::load_from(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        result.err().unwrap_or_default()
    }

    /// The ids of the APIs (and of the services, by the same rule) are each their own and
    /// together `0..count`: a number used twice, or one that leaves a gap, is refused naming the
    /// API and the unused numbers.
    #[test]
    fn ids_are_each_their_own_and_leave_no_gap() {
        let api = |command: &str, id: usize| {
            format!(
                "[[api]]\ncommand = \"{command}\"\nid = {id}\nsummary = \"s\"\n\
                 doc_url = \"https://cloud.tencent.com/document/product/269/1\"\n\
                 quotas = [{{ limit = 1, per = \"second\" }}]\nretry = \"always\"\n"
            )
        };
        let page = "doc_url = \"https://cloud.tencent.com/document/product/269/1\"\n";
        let three = format!("{page}{}{}{}", api("d", 1), api("e", 1), api("f", 5));
        let err = problems_of("ids", &three);
        for needle in [
            "API e: id 1 is d's already: each API has its own number (unused: 2, 3)",
            "API f: id 5 leaves 2, 3 unused: the API ids are 0 to 3 without gaps",
        ] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        let fine = problems_of("ids-fine", &format!("{page}{}{}", api("d", 2), api("e", 1)));
        assert!(!fine.contains(" id "), "{fine}");
        let mut problems = Vec::new();
        check_ids("service", [("a", 1), ("b", 1)].into_iter(), &mut problems);
        assert_eq!(
            problems,
            ["service b: id 1 is a's already: each service has its own number (unused: 0)"]
        );
    }

    /// Every row's type is checked, also where a `rust` entry gives the Rust type.
    #[test]
    fn every_field_type_is_one_of_the_documented_ones() {
        let page = "doc_url = \"https://cloud.tencent.com/document/product/269/1\"\n";
        let err = problems_of(
            "types",
            &format!(
                "{page}request = [\n\
                 {{ name = \"A\", type = \"Strnig\", required = true, doc = \"a\" }},\n\
                 {{ name = \"B\", type = \"u32\", required = true, doc = \"b\" }},\n\
                 {{ name = \"C\", type = \"Integer (u32)\", required = true, doc = \"c\" }},\n]\n\
                 response = [{{ name = \"D\", type = \"Array of Strings\", required = false, doc = \"d\" }}]\n\
                 [[api.type]]\nname = \"Request\"\ndoc = \"r\"\nrust = {{ A = \"String\", B = \"u32\" }}\n\
                 [[api.type]]\nname = \"Response\"\ndoc = \"r\"\n"
            ),
        );
        for needle in [
            "c: request field A has type \"Strnig\", not one of String, Integer,",
            "c: request field B has type \"u32\"",
            "c: response field D has type \"Array of Strings\"",
        ] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        assert!(!err.contains("field C"), "{err}");
        let fine = problems_of(
            "types-fine",
            &format!(
                "{page}request = [{{ name = \"C\", type = \"String or Integer\", required = true, \
                 doc = \"c\" }}]\n[[api.type]]\nname = \"Request\"\ndoc = \"r\"\n\
                 rust = {{ C = \"serde_json::Value\" }}\n[[api.type]]\nname = \"Response\"\ndoc = \"r\"\n"
            ),
        );
        assert_eq!(fine, "");
    }

    /// `doc_url` is a page of the service's documentation, nothing else.
    #[test]
    fn the_page_is_one_of_the_documentation() {
        for url in [
            "https://cloud.tencent.com/document/product/269/1614",
            "https://www.tencentcloud.com/document/product/1047/34960",
            "https://intl.cloud.tencent.com/document/product/1047/35057",
            "https://trtc.io/document/35477",
        ] {
            assert!(is_documentation_page(url), "{url}");
        }
        for url in [
            "",
            "u",
            "http://cloud.tencent.com/document/product/269/1614",
            "https://example.com/document/product/269/1614",
            "https://cloud.tencent.com.example.com/document/product/269/1614",
            "https://cloud.tencent.com",
            "https://cloud.tencent.com/document/",
            "https://github.com/doocs/qcloud-im-server-sdk-java",
        ] {
            assert!(!is_documentation_page(url), "{url}");
        }
        let types = "[[api.type]]\nname = \"Request\"\ndoc = \"r\"\n\
                     [[api.type]]\nname = \"Response\"\ndoc = \"r\"\n";
        let err = problems_of(
            "page",
            &format!("doc_url = \"https://example.com/document/1\"\n{types}"),
        );
        assert!(
            err.contains("c: doc_url \"https://example.com/document/1\" is not a page of the service's documentation"),
            "{err}"
        );
    }
}
