//! The packet module of a declared API: its structs (client and
//! server half: the server reads the request as the same type), string enums, constructors and
//! `Endpoint`, all from the declaration's field rows and `[[api.type]]` / `[[api.enum]]` tables.

use std::fmt::Write as _;

use crate::spec::{ApiSpec, EnumSpec, Field, ServiceFile, TypeSpec, camel};

use super::table::RS_HEADER;

/// Which half of the exchange a struct belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// The text of `crates/im-proto/src/<service>/<command>.rs`.
pub(crate) fn module_rs(service: &ServiceFile, api: &ApiSpec) -> Result<String, String> {
    let mut out = String::from(RS_HEADER);
    let _ = writeln!(
        out,
        "//! `POST v4/{}/{}`: {}.\n//!",
        service.service.path, api.command, api.summary
    );
    for line in api.doc.lines() {
        let _ = writeln!(out, "//!{}{line}", if line.is_empty() { "" } else { " " });
    }
    if !api.doc.is_empty() {
        out.push_str("//!\n");
    }
    let _ = writeln!(
        out,
        "//! Declared in `crates/im-proto/spec/{}.toml`; page: <{}>.\n",
        service.service.module, api.doc_url
    );
    let mut names = Vec::new();
    let mut text = String::new();
    for e in &api.enums {
        string_enum(&mut text, e);
    }
    for ty in &api.types {
        structure(&mut text, api, ty, ty.side())?;
    }
    endpoint(&mut text, service, api)?;
    let uses = [
        ("Api", "*Api::"),
        ("Endpoint", "impl Endpoint"),
        ("Metadata", ": Metadata ="),
        ("Envelope", "pub envelope: Envelope"),
        ("ErrorCode", "ErrorCode::"),
        ("ErrorCode", ": ErrorCode,"),
        ("ErrorCode", "<ErrorCode>"),
        ("Incoming", "impl Incoming"),
        ("Rejection", "Rejection>"),
        ("impl_response", "impl_response!"),
    ];
    for (name, marker) in uses {
        if text.contains(marker) && !names.contains(&name) {
            names.push(name);
        }
    }
    names.sort_by_key(|n| (n.starts_with(char::is_lowercase), *n));
    let _ = writeln!(
        out,
        "use serde::{{Deserialize, Serialize}};\n\nuse crate::{{{}}};\n",
        names.join(", ")
    );
    out.push_str(&text);
    Ok(out)
}

impl TypeSpec {
    /// The half of the exchange whose fields this type holds: `side`, else by its name.
    fn side(&self) -> Side {
        match self.side.as_deref() {
            Some("response") => Side::Response,
            Some(_) => Side::Request,
            None if self.name == "Response" => Side::Response,
            None => Side::Request,
        }
    }

    /// The wire path prefix of its fields (`""` for a packet, `GroupIdList[].`).
    fn prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}.", self.path)
        }
    }
}

fn string_enum(out: &mut String, e: &EnumSpec) {
    let _ = writeln!(
        out,
        "crate::string_enum! {{\n    /// {}\n    {} {{",
        e.doc, e.name
    );
    for v in &e.values {
        let _ = writeln!(
            out,
            "        /// `{}`: {}.\n        {} => {:?},",
            v.wire, v.doc, v.variant, v.wire
        );
    }
    out.push_str("    }\n}\n\n");
}

/// The rows directly inside a type: `prefix` + a name without a further `.` or `[]`.
fn members<'a>(fields: &'a [Field], prefix: &str) -> Vec<&'a Field> {
    fields
        .iter()
        .filter(|f| {
            f.name
                .strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('.') && !rest.contains("[]"))
        })
        .collect()
}

/// The fields of the envelope every response packet flattens.
const ENVELOPE: [&str; 4] = ["ActionStatus", "ErrorCode", "ErrorInfo", "ErrorDisplay"];

/// The type of a 0/1 flag (`IsNeedDetail`): an `Option<bool>` encoded as 0 or 1.
const FLAG: &str = "Integer (0/1)";

/// One generated field: its wire name, Rust name and type, whether it is an `Option`, and
/// whether it is a 0/1 flag held as a `bool`.
struct Member {
    wire: String,
    name: String,
    rust: String,
    optional: bool,
    flag: bool,
}

fn structure(out: &mut String, api: &ApiSpec, ty: &TypeSpec, side: Side) -> Result<(), String> {
    let fields = if side == Side::Request {
        &api.request
    } else {
        &api.response
    };
    let prefix = ty.prefix();
    let mut rows = members(fields, &prefix);
    if ty.name == "Response" {
        // The page's rows of envelope fields (`ErrorDisplay`) are the flattened envelope's.
        rows.retain(|f| !ENVELOPE.contains(&f.name.as_str()));
    }
    let is_packet = ty.name == "Request" || ty.name == "Response";
    let mut list = Vec::new();
    for row in &rows {
        let wire = row.name[prefix.len()..].to_owned();
        let plain = ty.plain.contains(&wire);
        let optional = !plain && (!row.required || (side == Side::Response && is_packet));
        let flag = row.ty == FLAG && !ty.rust.contains_key(&wire);
        if flag && !optional {
            return Err(format!(
                "{}: field {} is a required 0/1 flag: give it a `rust` type",
                api.command, row.name
            ));
        }
        list.push(Member {
            rust: rust_type(api, ty, row, &wire)?,
            name: ty.names.get(&wire).cloned().unwrap_or_else(|| snake(&wire)),
            optional,
            flag,
            wire,
        });
    }
    let defaultable = defaultable(api, ty, side, &rows, &list)?;
    let derive = if defaultable { "Default, " } else { "" };
    let _ = writeln!(
        out,
        "/// {}\n#[derive(Clone, Debug, {derive}PartialEq, Eq, Serialize, Deserialize)]",
        ty.doc
    );
    for attr in &ty.container {
        let _ = writeln!(out, "{attr}");
    }
    let _ = writeln!(out, "#[non_exhaustive]\npub struct {} {{", ty.name);
    if ty.name == "Response" {
        out.push_str(
            "    /// `ActionStatus`, `ErrorCode`, `ErrorInfo`.\n    #[serde(flatten)]\n    pub envelope: Envelope,\n",
        );
    }
    for (row, member) in rows.iter().zip(&list) {
        field(out, ty, row, member);
    }
    let extra = ty.extra.unwrap_or(true);
    if extra {
        out.push_str(
            "    /// Fields this version does not know, kept as they came so a round trip loses nothing.\n    \
             #[serde(flatten)]\n    pub extra: serde_json::Map<String, serde_json::Value>,\n",
        );
    }
    out.push_str("}\n\n");
    if ty.name == "Response" {
        let _ = writeln!(out, "impl_response!({});\n", ty.name);
    } else if ty.new.unwrap_or(true) {
        constructor(out, ty, &list, defaultable, extra);
    }
    Ok(())
}

/// Whether a type derives `Default`: its `default` key, else when every field may be absent
/// (every response type's may), unless a field held as a value is one of the API's string
/// enums, which have no default (`default = true` is then refused).
fn defaultable(
    api: &ApiSpec,
    ty: &TypeSpec,
    side: Side,
    rows: &[&Field],
    members: &[Member],
) -> Result<bool, String> {
    let no_default = members.iter().find(|m| {
        !m.optional
            && api
                .enums
                .iter()
                .any(|e| m.rust.rsplit("::").next() == Some(e.name.as_str()))
    });
    match (ty.default, no_default) {
        (Some(true), Some(m)) => Err(format!(
            "{}: type {} cannot derive Default: its field {} is the string enum {}, which has \
             none; set `default = false`",
            api.command, ty.name, m.wire, m.rust
        )),
        (Some(default), _) => Ok(default),
        (None, Some(_)) => Ok(false),
        (None, None) => Ok(side == Side::Response || rows.iter().all(|f| !f.required)),
    }
}

/// A field with its doc and serde attribute.
fn field(out: &mut String, ty: &TypeSpec, row: &Field, member: &Member) {
    let Member {
        wire,
        name,
        rust,
        optional,
        flag,
    } = member;
    let limits = if row.limits.is_empty() {
        String::new()
    } else {
        format!(" ({})", row.limits)
    };
    let _ = writeln!(
        out,
        "    /// `{wire}`: {}{limits}.",
        row.doc.trim_end_matches('.')
    );
    let mut args = vec![format!("rename = {wire:?}")];
    if *optional {
        args.push("default".to_owned());
        args.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    if *flag {
        args.push("with = \"crate::flag\"".to_owned());
    }
    if let Some(more) = ty.serde.get(wire) {
        args.push(more.clone());
    }
    let rust = if *optional {
        format!("Option<{rust}>")
    } else {
        rust.clone()
    };
    let _ = writeln!(
        out,
        "    #[serde({})]\n    pub {name}: {rust},",
        args.join(", ")
    );
}

fn constructor(
    out: &mut String,
    ty: &TypeSpec,
    members: &[Member],
    defaultable: bool,
    extra: bool,
) {
    let required: Vec<&Member> = members.iter().filter(|m| !m.optional).collect();
    let text = |t: &str| t == "String";
    let args: Vec<String> = required
        .iter()
        .map(|m| {
            if text(&m.rust) {
                format!("{}: impl Into<String>", m.name)
            } else {
                format!("{}: {}", m.name, m.rust)
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "impl {} {{\n    /// A value with its required fields; the optional ones are public fields.\n    \
         pub fn new({}) -> Self {{",
        ty.name,
        args.join(", "),
    );
    if required.is_empty() && defaultable {
        out.push_str("        Self::default()\n    }\n}\n\n");
        return;
    }
    let _ = writeln!(out, "        {} {{", ty.name);
    for m in &required {
        if text(&m.rust) {
            let _ = writeln!(out, "            {0}: {0}.into(),", m.name);
        } else {
            let _ = writeln!(out, "            {},", m.name);
        }
    }
    if defaultable {
        out.push_str("            ..Default::default()\n");
    } else {
        for m in members.iter().filter(|m| m.optional) {
            let _ = writeln!(out, "            {}: None,", m.name);
        }
        if extra {
            out.push_str("            extra: serde_json::Map::new(),\n");
        }
    }
    out.push_str("        }\n    }\n}\n\n");
}

/// The Rust type of a field: the declaration's `rust` entry for it, else the mapping of its
/// documented JSON type.
fn rust_type(api: &ApiSpec, ty: &TypeSpec, row: &Field, wire: &str) -> Result<String, String> {
    if let Some(rust) = ty.rust.get(wire) {
        return Ok(rust.clone());
    }
    let nested = |suffix: &str| {
        let path = format!("{}{wire}{suffix}", ty.prefix());
        api.types
            .iter()
            .find(|t| t.path == path && t.side() == ty.side())
            .map(|t| t.name.clone())
    };
    if row.ty == FLAG {
        return Ok("bool".to_owned());
    }
    let base = row.ty.split(" (").next().unwrap_or(&row.ty);
    let range = row
        .ty
        .split_once(" (")
        .map(|(_, r)| r.trim_end_matches(')'));
    let integer = |range: Option<&str>| match range {
        Some("u32") => "u32",
        Some("u64") => "u64",
        Some("i32") => "i32",
        _ => "i64",
    };
    Ok(match base {
        "String" => "String".to_owned(),
        "Integer" => integer(range).to_owned(),
        "Array of String" => "Vec<String>".to_owned(),
        "Array of Integer" => format!("Vec<{}>", integer(range)),
        "Array of Object" => format!(
            "Vec<{}>",
            nested("[]").unwrap_or_else(|| "serde_json::Value".to_owned())
        ),
        "Object" => nested("").unwrap_or_else(|| "serde_json::Value".to_owned()),
        other => {
            return Err(format!(
                "{}: field {} has type {other:?}: String, Integer (u32|u64|i32), Array of \
                 String|Integer|Object or Object, or a `rust` entry",
                api.command, row.name
            ));
        }
    })
}

/// `Endpoint` for the generated `Request` (a `Request` of the sugar brings its own: the field
/// rows do not say how its shape counts its items), then the server half and the sugar.
fn endpoint(out: &mut String, service: &ServiceFile, api: &ApiSpec) -> Result<(), String> {
    if let Some(request) = api.types.iter().find(|t| t.name == "Request") {
        endpoint_impl(out, api, request);
    }
    match api.incoming.as_deref() {
        None => generated_incoming(out, service)?,
        Some(RAW_ITEMS) => raw_items_incoming(out, service, api)?,
        Some(_) => {}
    }
    if api.sugar {
        out.push_str(
            "\nmod sugar;\n#[allow(\n    unused_imports,\n    unreachable_pub,\n    reason = \"the sugar's public items, if any, are the module's\"\n)]\npub use sugar::*;\n",
        );
    }
    Ok(())
}

fn endpoint_impl(out: &mut String, api: &ApiSpec, request: &TypeSpec) {
    let count = match &api.items {
        Some(items) => {
            let name = request
                .names
                .get(&items.field)
                .cloned()
                .unwrap_or_else(|| snake(&items.field));
            // An optional list (get_c2c_unread_msg_num's peers, set_key_values' key/values) is
            // an `Option`: a call without it asks for its whole (every conversation's count, a
            // clear) and counts as one.
            let optional = api
                .request
                .iter()
                .any(|f| f.name == items.field && !f.required)
                && !request.plain.contains(&items.field);
            if optional {
                format!("self.{name}.as_ref().map_or(1, Vec::len)")
            } else {
                format!("self.{name}.len()")
            }
        }
        None => "1".to_owned(),
    };
    let incoming = match api.incoming.as_deref() {
        None => "Request",
        Some(RAW_ITEMS) => "IncomingRequest",
        Some(name) => name,
    };
    let validate = if api.check_rules {
        "\n\n    fn validate(&self) -> Result<(), crate::ValidationError> {\n        \
         Self::METADATA.check_count(self.item_count())?;\n        self.check_rules()\n    }"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "impl Endpoint for Request {{\n    type Response = Response;\n    type Incoming = {incoming};\n\n    \
         const METADATA: Metadata = *Api::{}.metadata();\n\n    fn item_count(&self) -> usize {{\n        {count}\n    }}{validate}\n}}\n",
        camel(&api.command)
    );
}

/// `incoming = "raw_items"`: the server half keeps each item of the declared item list (objects
/// with a `UserID`, `Identifier` accepted) as given, so that an invalid identifier gets its own
/// per-item code instead of refusing the call.
const RAW_ITEMS: &str = "raw_items";

/// The `raw_items` server half: `IncomingRequest` with the item list as `RawUserId`s, refused with
/// the service's codes, the item count checked as the client checks it.
fn raw_items_incoming(
    out: &mut String,
    service: &ServiceFile,
    api: &ApiSpec,
) -> Result<(), String> {
    let (Some(bad_json), Some(invalid), Some(items)) = (
        &service.service.bad_json,
        &service.service.invalid,
        &api.items,
    ) else {
        return Err(format!(
            "{}: incoming = \"raw_items\" needs an item list and the service's `bad_json` and \
             `invalid` codes",
            api.command
        ));
    };
    let wire = &items.field;
    let field = snake(wire);
    let _ = writeln!(
        out,
        "/// The request as a server reads it: every item's identifier as given (`Identifier` \
         accepted for `UserID`), so that an invalid one gets its own per-item code.\n\
         #[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]\n#[non_exhaustive]\n\
         pub struct IncomingRequest {{\n    /// `{wire}[].UserID`, as given.\n    \
         #[serde(rename = {wire:?}, deserialize_with = \"crate::server::legacy_items\")]\n    \
         pub {field}: Vec<crate::RawUserId>,\n}}\n\n\
         /// A body that is not JSON is refused with {bad_json}, one that does not fit (or holds no \
         items, or too many) with {invalid}.\nimpl Incoming for IncomingRequest {{\n    \
         fn decode(body: &[u8]) -> Result<Self, Rejection> {{\n        \
         let request: IncomingRequest =\n            \
         crate::server::decode_refusing(body, ErrorCode::{bad_json}, ErrorCode::{invalid})?;\n        \
         Request::METADATA\n            .check_count(request.{field}.len())\n            \
         .map_err(|e| Rejection::new(ErrorCode::{invalid}, format!(\"invalid parameters: {{e}}\")))?;\n        \
         Ok(request)\n    }}\n}}"
    );
    Ok(())
}

/// The server half read as the request itself, refused with the service's codes.
fn generated_incoming(out: &mut String, service: &ServiceFile) -> Result<(), String> {
    let (Some(bad_json), Some(invalid)) = (&service.service.bad_json, &service.service.invalid)
    else {
        return Err(format!(
            "service {}: generated server halves need `bad_json` and `invalid` codes in [service]",
            service.service.path
        ));
    };
    let refusal = if bad_json == invalid {
        format!("a body that is not JSON, or that does not fit it, is refused with {bad_json}")
    } else {
        format!(
            "a body that is not JSON is refused with {bad_json}, one that does not fit with {invalid}"
        )
    };
    let _ = writeln!(
        out,
        "/// The server reads the request as the client type; {refusal}.\nimpl Incoming for Request {{\n    \
         fn decode(body: &[u8]) -> Result<Self, Rejection> {{\n        \
         crate::server::decode_refusing(body, ErrorCode::{bad_json}, ErrorCode::{invalid})\n    }}\n}}"
    );
    Ok(())
}

/// The text of `crates/im-proto/tests/it/generated.rs`: a proptest round trip of both packets of
/// every API with generated packets, drawn from its field table (a packet its sugar defines has
/// a shape the rows do not say, so the sugar's tests cover it instead).
pub(crate) fn roundtrip_rs(spec: &crate::spec::Spec) -> String {
    let mut out = String::from(RS_HEADER);
    out.push_str(
        "//! proptest: both packets of every API with generated packets, drawn from its declared \
         fields, decode and re-encode to the same JSON.\n\nuse im_proto::Api;\nuse \
         proptest::prelude::*;\n\nuse crate::Direction;\nuse crate::declared::{packet, \
         round_trips};\n\nproptest! {\n    #![proptest_config(ProptestConfig::with_cases(128))]\n",
    );
    for (_, api) in spec.apis() {
        let v = camel(&api.command);
        let generated = |name: &str| api.types.iter().any(|t| t.name == name);
        let packets: Vec<(&str, &str)> = [("request", "Request"), ("response", "Response")]
            .into_iter()
            .filter(|(_, name)| generated(name))
            .collect();
        let _ = write!(out, "\n    #[test]\n    fn {}(\n", api.command);
        for (var, direction) in &packets {
            let _ = writeln!(
                out,
                "        {var} in packet(Api::{v}, Direction::{direction}),"
            );
        }
        out.push_str("    ) {\n");
        for (var, direction) in &packets {
            let _ = writeln!(
                out,
                "        round_trips(Api::{v}, Direction::{direction}, &{var})?;"
            );
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

/// A wire name as a Rust field: `GroupIdList` → `group_id_list`, `To_Account` → `to_account`,
/// `UserID` → `user_id`; keywords get a trailing `_` (`Type` → `type_`).
pub(crate) fn snake(wire: &str) -> String {
    let chars: Vec<char> = wire.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let out = out.replace("__", "_");
    if [
        "type", "ref", "match", "move", "self", "loop", "use", "mod", "impl",
    ]
    .contains(&out.as_str())
    {
        format!("{out}_")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `[service]` table of the test declarations (one service `s`, every refusal `X`).
    const SERVICE: &str = r#"[service]
path = "s"
module = "s"
id = 0
title = "t"
doc = "d"
not_admin = "X"
bad_json = "X"
invalid = "X"
"#;

    /// A service declaring one API whose request has `flag` as its `IsNeedDetail` row (`true`:
    /// required) and whose response documents `ErrorDisplay`.
    fn declared(required: bool) -> ServiceFile {
        toml::from_str(&format!(
            r#"
{SERVICE}
[[api]]
command = "c"
id = 0
summary = "s"
doc_url = "https://example.com"
quotas = [{{ limit = 1, per = "second" }}]
retry = "always"

[[api.request]]
name = "IsNeedDetail"
type = "Integer (0/1)"
required = {required}
doc = "a flag"

[[api.response]]
name = "ErrorDisplay"
type = "String"
required = false
doc = "a text for the user"

[[api.type]]
name = "Request"
doc = "r"

[[api.type]]
name = "Response"
doc = "r"
"#
        ))
        .unwrap()
    }

    #[test]
    fn flags_are_bools_and_envelope_rows_are_the_envelopes() {
        let service = declared(false);
        let text = module_rs(&service, &service.api[0]).unwrap();
        assert!(text.contains("with = \"crate::flag\")]\n    pub is_need_detail: Option<bool>,"));
        assert!(!text.contains("error_display"), "{text}");
        let service = declared(true);
        let err = module_rs(&service, &service.api[0]).unwrap_err();
        assert!(err.contains("IsNeedDetail is a required 0/1 flag"), "{err}");
    }

    /// The server half's doc names each refusal code once.
    #[test]
    fn the_server_half_names_its_codes_once() {
        let service = declared(false);
        let text = module_rs(&service, &service.api[0]).unwrap();
        assert!(
            text.contains(
                "/// The server reads the request as the client type; a body that is not JSON, \
                 or that does not fit it, is refused with X.\n"
            ),
            "{text}"
        );
        let mut service = declared(false);
        service.service.invalid = Some("Y".to_owned());
        let text = module_rs(&service, &service.api[0]).unwrap();
        assert!(
            text.contains("not JSON is refused with X, one that does not fit with Y.\n"),
            "{text}"
        );
    }

    /// An API whose response items hold a declared string enum as a value, with the item
    /// type's `default` key as given.
    fn with_enum_field(default: &str) -> ServiceFile {
        toml::from_str(&format!(
            r#"
{SERVICE}
[[api]]
command = "c"
id = 0
summary = "s"
doc_url = "https://cloud.tencent.com/document/product/269/1"
quotas = [{{ limit = 1, per = "second" }}]
retry = "always"
response = [
  {{ name = "List", type = "Array of Object", required = false, doc = "l" }},
  {{ name = "List[].Kind", type = "String", required = true, doc = "k" }},
  {{ name = "List[].Note", type = "String", required = false, doc = "n" }},
]

[[api.type]]
name = "Request"
doc = "r"

[[api.type]]
name = "Response"
doc = "r"

[[api.type]]
name = "Item"
side = "response"
path = "List[]"
doc = "i"
rust = {{ Kind = "Kind" }}
{default}

[[api.enum]]
name = "Kind"
doc = "k"
values = [{{ variant = "A", wire = "a", doc = "a" }}]
"#
        ))
        .unwrap()
    }

    /// A string enum has no `Default`: a type holding one as a value does not derive it.
    #[test]
    fn a_type_holding_a_string_enum_derives_no_default() {
        let service = with_enum_field("");
        let text = module_rs(&service, &service.api[0]).unwrap();
        let item = &text[text.find("/// i\n").unwrap()..];
        assert!(
            item.starts_with(
                "/// i\n#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]\n"
            ),
            "{item}"
        );
        assert!(item.contains("note: None,"), "{item}");
        // Without the enum field, the response item derives it as before.
        assert!(
            text.contains("/// r\n#[derive(Clone, Debug, Default, PartialEq"),
            "{text}"
        );
        let service = with_enum_field("default = true");
        let err = module_rs(&service, &service.api[0]).unwrap_err();
        assert!(
            err.contains(
                "c: type Item cannot derive Default: its field Kind is the string enum Kind"
            ) && err.contains("set `default = false`"),
            "{err}"
        );
        let service = with_enum_field("default = false");
        assert!(module_rs(&service, &service.api[0]).is_ok());
    }

    #[test]
    fn wire_names_become_rust_field_names() {
        for (wire, rust) in [
            ("GroupIdList", "group_id_list"),
            ("To_Account", "to_account"),
            ("UserID", "user_id"),
            (
                "AppDefinedDataFilter_GroupMember",
                "app_defined_data_filter_group_member",
            ),
            ("MsgSeq", "msg_seq"),
            ("Type", "type_"),
            ("SDKAppID", "sdk_app_id"),
        ] {
            assert_eq!(snake(wire), rust, "{wire}");
        }
    }

    #[test]
    fn a_request_of_the_sugar_brings_its_endpoint_and_its_round_trip() {
        let file: ServiceFile = toml::from_str(
            r#"
            [service]
            path = "s"
            module = "s"
            id = 0
            title = "t"
            doc = "d"
            not_admin = "X"

            [[api]]
            command = "two_shapes"
            id = 0
            summary = "s"
            doc_url = "https://example.com"
                        sugar = true
            incoming = "IncomingRequest"
            quotas = [{ limit = 1, per = "second" }]
            retry = "always"
            items = { field = "Ids", max = 10, results = "envelope" }

            [[api.request]]
            name = "Ids"
            type = "Array of String"
            required = true
            doc = "ids"

            [[api.type]]
            name = "Response"
            doc = "The response packet."
            "#,
        )
        .unwrap();
        let text = module_rs(&file, &file.api[0]).unwrap();
        assert!(!text.contains("impl Endpoint"), "{text}");
        assert!(!text.contains("self.ids"), "{text}");
        assert!(
            text.contains("use crate::{Envelope, impl_response};"),
            "{text}"
        );
        assert!(text.contains("pub use sugar::*;"), "{text}");
        let spec = crate::spec::Spec {
            common: Vec::new(),
            services: vec![file],
        };
        let tests = roundtrip_rs(&spec);
        assert!(
            tests.contains("packet(Api::TwoShapes, Direction::Response)"),
            "{tests}"
        );
        assert!(!tests.contains("Direction::Request"), "{tests}");
    }
    /// A required item list counts its length; an optional one (absent: the call asks for its
    /// whole) is an `Option` and counts as one call when absent.
    #[test]
    fn an_optional_item_list_counts_one_when_absent() {
        let declare = |required: bool| -> ServiceFile {
            toml::from_str(&format!(
                r#"
{SERVICE}
[[api]]
command = "c"
id = 0
summary = "s"
doc_url = "https://example.com"
quotas = [{{ limit = 1, per = "second" }}]
retry = "always"
items = {{ field = "Peer_Account", max = 10, results = "envelope" }}

[[api.request]]
name = "Peer_Account"
type = "Array of String"
required = {required}
doc = "peers"

[[api.type]]
name = "Request"
doc = "r"

[[api.type]]
name = "Response"
doc = "r"
"#
            ))
            .unwrap()
        };
        let service = declare(false);
        let text = module_rs(&service, &service.api[0]).unwrap();
        assert!(
            text.contains("pub peer_account: Option<Vec<String>>,"),
            "{text}"
        );
        assert!(
            text.contains("fn item_count(&self) -> usize {\n        self.peer_account.as_ref().map_or(1, Vec::len)\n"),
            "{text}"
        );
        let service = declare(true);
        let text = module_rs(&service, &service.api[0]).unwrap();
        assert!(
            text.contains("fn item_count(&self) -> usize {\n        self.peer_account.len()\n"),
            "{text}"
        );
    }
}
