//! The body checked against the API's declared request fields before anything is sent: every
//! required field present (at the top, and in each item or object whose parent is there), every
//! declared field of its declared JSON type, integers within their declared range. A `null`
//! counts as absent, as the service reads it. A field the declaration does not name is let
//! through (the service may know newer fields) and reported, so that a misspelt name shows.
//!
//! Two facts the field rows cannot say yet are read from their own words, as `--describe`
//! prints them: a required field whose doc says "exactly one of `A` and `B`" is present when
//! either is, and one whose doc says "legacy name `X`" is present when `X` is (checked as the
//! field would be).

use im_proto::{Field, Metadata};
use serde_json::{Map, Value};

use crate::term::{CliError, note};

/// How much of a value a problem quotes.
const QUOTED_CHARS: usize = 40;

/// The most problems an error lists, and undeclared fields a warning names.
const LISTED: usize = 8;

/// Checks `body` against the request fields `meta` declares, warning on stderr (unless
/// `quiet`) about the fields it does not declare.
///
/// # Errors
///
/// Exit 2 naming each field that breaks the declaration, its value and the rule.
pub(crate) fn enforce(
    meta: &Metadata,
    body: &Map<String, Value>,
    quiet: bool,
) -> Result<(), CliError> {
    let findings = check(meta, body);
    let path = format!("{}/{}", meta.service, meta.command);
    if !findings.problems.is_empty() {
        return Err(CliError::usage(format!(
            "--body does not fit the declaration of {path}: {}; --no-check sends it as it is",
            listed(&findings.problems, "; ")
        )));
    }
    if !findings.undeclared.is_empty() && !quiet {
        note(&format!(
            "warning: --body: not declared for {path}, sent as they are (the service may know newer fields; `imctl api --describe {path}` lists the declared ones): {}",
            listed(&findings.undeclared, ", ")
        ));
    }
    Ok(())
}

/// The first [`LISTED`] of `items` joined by `separator`, saying how many more there are.
fn listed(items: &[String], separator: &str) -> String {
    let mut text = items[..items.len().min(LISTED)].join(separator);
    if items.len() > LISTED {
        text.push_str(&format!("{separator}and {} more", items.len() - LISTED));
    }
    text
}

/// What the check found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Findings {
    /// What breaks the declaration, each as `PATH: what is wrong (the rule)`.
    pub(crate) problems: Vec<String>,
    /// The fields the declaration does not name, each once by its declared path
    /// (`CheckItem[].Name` for every item that has it).
    pub(crate) undeclared: Vec<String>,
}

/// Checks `body` against the request fields `meta` declares.
pub(crate) fn check(meta: &Metadata, body: &Map<String, Value>) -> Findings {
    check_rows(meta.request_fields, body)
}

/// Checks `body` against the field rows `fields`.
fn check_rows(fields: &'static [Field], body: &Map<String, Value>) -> Findings {
    let mut walker = Walker {
        fields,
        findings: Findings::default(),
    };
    walker.object(body, "", "");
    walker.findings
}

/// The JSON a field's declared type (`Field::ty`) allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// One value.
    Scalar(Scalar),
    /// An array of values of one kind.
    Array(Scalar),
    /// An array of objects, whose fields are the rows `NAME[].FIELD`.
    ArrayOfObjects,
    /// An object, whose fields are the rows `NAME.FIELD`.
    Object,
}

/// A JSON value that is not a container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scalar {
    String,
    /// An integer within the range.
    Integer(Range),
    /// `Integer (0/1)`: 0 or 1.
    Flag,
    /// `String or Integer`: a string or an integer (of 64 bits, signed or not).
    StringOrInteger,
}

/// The range of an integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Range {
    I64,
    U32,
    U64,
    I32,
}

impl Kind {
    /// The kind a declared type names; `None` for a type this check does not know (a test
    /// keeps every declared one known).
    fn of(ty: &str) -> Option<Kind> {
        let scalar = |ty: &str| match ty {
            "String" => Some(Scalar::String),
            "Integer" => Some(Scalar::Integer(Range::I64)),
            "Integer (u32)" => Some(Scalar::Integer(Range::U32)),
            "Integer (u64)" => Some(Scalar::Integer(Range::U64)),
            "Integer (i32)" => Some(Scalar::Integer(Range::I32)),
            "Integer (0/1)" => Some(Scalar::Flag),
            "String or Integer" => Some(Scalar::StringOrInteger),
            _ => None,
        };
        match ty {
            "Object" => Some(Kind::Object),
            "Array of Object" => Some(Kind::ArrayOfObjects),
            _ => match ty.strip_prefix("Array of ") {
                Some(item) => scalar(item).map(Kind::Array),
                None => scalar(ty).map(Kind::Scalar),
            },
        }
    }
}

impl Scalar {
    /// What the rule asks for (`a string`), when `value` breaks it.
    fn refuses(self, value: &Value) -> Option<&'static str> {
        let fits = match (self, value) {
            (Scalar::String | Scalar::StringOrInteger, Value::String(_)) => true,
            (Scalar::StringOrInteger, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Scalar::Flag, Value::Number(n)) => matches!(n.as_u64(), Some(0 | 1)),
            (Scalar::Integer(range), Value::Number(n)) => range.holds(n),
            _ => false,
        };
        (!fits).then(|| self.rule())
    }

    fn rule(self) -> &'static str {
        match self {
            Scalar::String => "a string",
            Scalar::Flag => "0 or 1",
            Scalar::StringOrInteger => "a string or an integer",
            Scalar::Integer(Range::I64) => {
                "an integer from -9223372036854775808 to 9223372036854775807"
            }
            Scalar::Integer(Range::U32) => "an integer from 0 to 4294967295",
            Scalar::Integer(Range::U64) => "an integer from 0 to 18446744073709551615",
            Scalar::Integer(Range::I32) => "an integer from -2147483648 to 2147483647",
        }
    }
}

impl Range {
    /// Whether `n` is an integer within the range (a fraction, or a number too large for 64
    /// bits, which JSON reads as a float, is not).
    fn holds(self, n: &serde_json::Number) -> bool {
        match self {
            Range::I64 => n.as_i64().is_some(),
            Range::U64 => n.as_u64().is_some(),
            Range::U32 => n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
            Range::I32 => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        }
    }
}

/// Walks a body along the declared rows.
struct Walker {
    fields: &'static [Field],
    findings: Findings,
}

impl Walker {
    /// Checks `object`, whose rows are named `{rows}NAME` and whose fields are shown as
    /// `{shown}NAME`. An object below the top whose fields have no rows is not looked into
    /// (a message element's `MsgContent`).
    fn object(&mut self, object: &Map<String, Value>, rows: &str, shown: &str) {
        let children: Vec<(&'static str, &'static Field)> = self
            .fields
            .iter()
            .filter_map(|field| {
                let name = field.name.strip_prefix(rows)?;
                (!name.contains('.')).then_some((name, field))
            })
            .collect();
        if children.is_empty() && !rows.is_empty() {
            return;
        }
        let strays = self.note_undeclared(object, rows, &children);
        let mut missing: Vec<&str> = Vec::new();
        for &(name, field) in &children {
            if let Some(value) = present(object, name) {
                self.value(field, value, &format!("{shown}{name}"));
                continue;
            }
            let others = alternatives(name, field.doc);
            match others.iter().find(|other| present(object, other).is_some()) {
                // A legacy name the rows do not declare is checked as the field would be.
                Some(other) if !children.iter().any(|(child, _)| child == other) => {
                    let value = present(object, other).unwrap_or(&Value::Null);
                    self.value(field, value, &format!("{shown}{other}"));
                }
                Some(_) => {}
                None if !field.required => {}
                // One of several alternatives already said missing says it for all.
                None if others.iter().any(|other| missing.contains(other)) => {}
                None => {
                    missing.push(name);
                    let text = missing_text(&format!("{shown}{name}"), field, &others, &strays);
                    self.findings.problems.push(text);
                }
            }
        }
    }

    /// Records the fields of `object` that no row of `children` names (nor any of their
    /// alternatives), by their declared path; their names.
    fn note_undeclared<'o>(
        &mut self,
        object: &'o Map<String, Value>,
        rows: &str,
        children: &[(&'static str, &'static Field)],
    ) -> Vec<&'o str> {
        let mut strays = Vec::new();
        for key in object.keys() {
            let named = children.iter().any(|&(name, field)| {
                name == key || alternatives(name, field.doc).contains(&key.as_str())
            });
            if named {
                continue;
            }
            strays.push(key.as_str());
            let path = format!("{rows}{key}");
            if !self.findings.undeclared.contains(&path) {
                self.findings.undeclared.push(path);
            }
        }
        strays
    }

    /// Checks one value of `field`, shown as `shown`.
    fn value(&mut self, field: &Field, value: &Value, shown: &str) {
        let Some(kind) = Kind::of(field.ty) else {
            return;
        };
        match (kind, value) {
            (Kind::Scalar(scalar), _) => self.scalar(scalar, value, shown, field.ty),
            (Kind::Array(scalar), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.scalar(scalar, item, &format!("{shown}[{i}]"), field.ty);
                }
            }
            (Kind::ArrayOfObjects, Value::Array(items)) => {
                let rows = format!("{}[].", field.name);
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Object(fields) => {
                            self.object(fields, &rows, &format!("{shown}[{i}]."));
                        }
                        other => {
                            self.refuse(&format!("{shown}[{i}]"), other, "an object", field.ty)
                        }
                    }
                }
            }
            (Kind::Object, Value::Object(fields)) => {
                self.object(fields, &format!("{}.", field.name), &format!("{shown}."));
            }
            (Kind::Object, other) => self.refuse(shown, other, "an object", field.ty),
            (_, other) => self.refuse(shown, other, "an array", field.ty),
        }
    }

    fn scalar(&mut self, scalar: Scalar, value: &Value, shown: &str, ty: &str) {
        if let Some(rule) = scalar.refuses(value) {
            self.refuse(shown, value, rule, ty);
        }
    }

    /// Records that `value` at `shown` is not `rule` (of the declared type `ty`).
    fn refuse(&mut self, shown: &str, value: &Value, rule: &str, ty: &str) {
        self.findings
            .problems
            .push(format!("{shown}: {} is not {rule} ({ty})", quoted(value)));
    }
}

/// The field `name` of `object`, unless it is absent or `null`.
fn present<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|value| !value.is_null())
}

/// The names that may stand for the field `name` when it is absent, from its doc's own words:
/// the others of "exactly one of `A` and `B`", the `X` of "legacy name `X`".
fn alternatives(name: &str, doc: &'static str) -> Vec<&'static str> {
    let mut names = Vec::new();
    for marker in ["exactly one of ", "legacy name "] {
        let Some(at) = doc.find(marker) else {
            continue;
        };
        let rest = &doc[at + marker.len()..];
        let phrase = &rest[..rest.find([')', ';']).unwrap_or(rest.len())];
        let quoted = phrase.split('`').skip(1).step_by(2);
        names.extend(quoted.filter(|quoted| *quoted != name && !quoted.is_empty()));
    }
    names
}

/// `Accounts is required (Array of String) and missing, as is AccountList, which may stand
/// for it`, then the fields beside it that are not declared (a misspelt name, perhaps).
fn missing_text(shown: &str, field: &Field, others: &[&str], strays: &[&str]) -> String {
    let mut text = format!("{shown} is required ({}) and missing", field.ty);
    if !others.is_empty() {
        text.push_str(&format!(
            ", as is {}, which may stand for it",
            others.join(" and ")
        ));
    }
    if !strays.is_empty() {
        text.push_str(&format!(
            " (beside it, not declared: {})",
            strays.join(", ")
        ));
    }
    text
}

/// `value` as compact JSON, cut at [`QUOTED_CHARS`] characters.
fn quoted(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use im_proto::Api;
    use serde_json::json;

    /// Rows of every declared type, nested both ways.
    static ROWS: [Field; 12] = [
        Field::new("Name", "String", true, "", ""),
        Field::new("Count", "Integer", false, "", ""),
        Field::new("Seq", "Integer (u32)", false, "", ""),
        Field::new("Cursor", "Integer (u64)", false, "", ""),
        Field::new("Offset", "Integer (i32)", false, "", ""),
        Field::new("Flag", "Integer (0/1)", false, "", ""),
        Field::new("Value", "String or Integer", false, "", ""),
        Field::new("Tags", "Array of String", false, "", ""),
        Field::new("Items", "Array of Object", false, "", ""),
        Field::new("Items[].Id", "String", true, "", ""),
        Field::new("Push", "Object", false, "", ""),
        Field::new("Push.Title", "Integer (0/1)", true, "", ""),
    ];

    fn findings(body: Value) -> Findings {
        check_rows(&ROWS, body.as_object().unwrap())
    }

    fn problems(body: Value) -> Vec<String> {
        findings(body).problems
    }

    #[test]
    fn every_declared_type_is_one_the_check_knows() {
        for api in Api::ALL {
            let meta = api.metadata();
            for field in meta.request_fields.iter().chain(meta.response_fields) {
                assert!(
                    Kind::of(field.ty).is_some(),
                    "{api}: {} {}",
                    field.name,
                    field.ty
                );
            }
        }
        for field in &ROWS {
            assert!(Kind::of(field.ty).is_some(), "{}", field.ty);
        }
    }

    #[test]
    fn a_fitting_body_passes() {
        let body = json!({
            "Name": "a", "Count": -5, "Seq": 4_294_967_295u64, "Cursor": u64::MAX,
            "Offset": i32::MIN, "Flag": 1, "Value": "x", "Tags": ["a", "b"],
            "Items": [{"Id": "1"}, {"Id": "2"}], "Push": {"Title": 0},
        });
        assert_eq!(findings(body), Findings::default());
        assert!(problems(json!({"Name": "a", "Value": 7, "Flag": 0})).is_empty());
        assert!(problems(json!({"Name": "a", "Value": u64::MAX, "Items": []})).is_empty());
    }

    #[test]
    fn required_fields_are_present_where_their_parent_is() {
        assert_eq!(
            problems(json!({})),
            ["Name is required (String) and missing"]
        );
        // A null counts as absent.
        assert_eq!(
            problems(json!({"Name": null})),
            ["Name is required (String) and missing"]
        );
        assert!(problems(json!({"Name": "a", "Count": null})).is_empty());
        assert_eq!(
            problems(json!({"Name": "a", "Items": [{"Id": "1"}, {"Idd": "2"}], "Push": {}})),
            [
                "Items[1].Id is required (String) and missing (beside it, not declared: Idd)",
                "Push.Title is required (Integer (0/1)) and missing",
            ]
        );
    }

    #[test]
    fn types_and_ranges_name_the_field_the_value_and_the_rule() {
        let cases = [
            (json!({"Name": 5}), "Name: 5 is not a string (String)"),
            (
                json!({"Count": 1.5}),
                "Count: 1.5 is not an integer from -9223372036854775808 to 9223372036854775807 (Integer)",
            ),
            (
                json!({"Count": 9_223_372_036_854_775_808u64}),
                "Count: 9223372036854775808 is not an integer",
            ),
            (json!({"Count": "5"}), "Count: \"5\" is not an integer"),
            (
                json!({"Seq": 4_294_967_296u64}),
                "Seq: 4294967296 is not an integer from 0 to 4294967295 (Integer (u32))",
            ),
            (
                json!({"Seq": -1}),
                "Seq: -1 is not an integer from 0 to 4294967295",
            ),
            (
                json!({"Cursor": -1}),
                "Cursor: -1 is not an integer from 0 to 18446744073709551615 (Integer (u64))",
            ),
            (
                json!({"Offset": 2_147_483_648u64}),
                "Offset: 2147483648 is not an integer from -2147483648 to 2147483647 (Integer (i32))",
            ),
            (json!({"Flag": 2}), "Flag: 2 is not 0 or 1 (Integer (0/1))"),
            (json!({"Flag": true}), "Flag: true is not 0 or 1"),
            (
                json!({"Value": 1.5}),
                "Value: 1.5 is not a string or an integer (String or Integer)",
            ),
            (
                json!({"Value": ["x"]}),
                "Value: [\"x\"] is not a string or an integer",
            ),
            (
                json!({"Tags": "a"}),
                "Tags: \"a\" is not an array (Array of String)",
            ),
            (
                json!({"Tags": ["a", 5]}),
                "Tags[1]: 5 is not a string (Array of String)",
            ),
            (
                json!({"Items": [{"Id": "1"}, "2"]}),
                "Items[1]: \"2\" is not an object (Array of Object)",
            ),
            (
                json!({"Items": [{"Id": 1}]}),
                "Items[0].Id: 1 is not a string (String)",
            ),
            (json!({"Push": [1]}), "Push: [1] is not an object (Object)"),
            (
                json!({"Push": {"Title": 3}}),
                "Push.Title: 3 is not 0 or 1 (Integer (0/1))",
            ),
        ];
        for (mut body, expected) in cases {
            body["Name"] = body.get("Name").cloned().unwrap_or_else(|| json!("a"));
            let found = problems(body.clone());
            assert_eq!(found.len(), 1, "{body}: {found:?}");
            assert!(found[0].starts_with(expected), "{body}: {found:?}");
        }
        // Every problem is named, long values cut.
        let long = "x".repeat(100);
        let found = problems(json!({"Name": 1, "Seq": long}));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[1].contains("xxx...") && found[1].len() < 120,
            "{found:?}"
        );
    }

    #[test]
    fn undeclared_fields_pass_and_are_named_once_by_their_declared_path() {
        let found = findings(json!({
            "Name": "a", "Extra": 1,
            "Items": [{"Id": "1", "More": 1}, {"Id": "2", "More": 2}],
            "Push": {"Title": 1, "Sound": "x"},
        }));
        assert!(found.problems.is_empty(), "{found:?}");
        assert_eq!(found.undeclared, ["Extra", "Items[].More", "Push.Sound"]);
    }

    #[test]
    fn an_object_without_rows_is_not_looked_into() {
        let meta = Api::Batchsendmsg.metadata();
        let body = json!({
            "To_Account": ["a"], "MsgRandom": 1,
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi", "Any": [1]}}],
            "OfflinePushInfo": {"PushFlag": 0},
        });
        assert_eq!(check(meta, body.as_object().unwrap()), Findings::default());
    }

    #[test]
    fn the_declared_alternatives_stand_for_a_required_field() {
        let check_body = |api: Api, body: Value| check(api.metadata(), body.as_object().unwrap());
        // Exactly one of two lists.
        let import = Api::MultiaccountImport;
        assert_eq!(
            check_body(import, json!({"Accounts": ["a"]})),
            Findings::default()
        );
        let profiles = json!({"AccountList": [{"UserID": "a", "Nick": "A"}]});
        assert_eq!(check_body(import, profiles), Findings::default());
        assert_eq!(
            check_body(import, json!({})).problems,
            [
                "Accounts is required (Array of String) and missing, as is AccountList, which may stand for it"
            ]
        );
        // A legacy name: accepted, not undeclared, checked as the field.
        let single = Api::AccountImport;
        assert_eq!(
            check_body(single, json!({"Identifier": "a"})),
            Findings::default()
        );
        assert_eq!(
            check_body(single, json!({"Identifier": 5})).problems,
            ["Identifier: 5 is not a string (String)"]
        );
        assert_eq!(
            check_body(single, json!({})).problems,
            ["UserID is required (String) and missing, as is Identifier, which may stand for it"]
        );
        assert_eq!(
            alternatives("X", "a (legacy name `Y` also accepted)"),
            ["Y"]
        );
        assert_eq!(
            alternatives("A", "exactly one of `A`, `B` and `C`; more"),
            ["B", "C"]
        );
        assert!(alternatives("A", "one of `A` and `B`").is_empty());
    }

    #[test]
    fn lists_are_cut() {
        let items: Vec<String> = (0..10).map(|i| i.to_string()).collect();
        assert_eq!(listed(&items[..2], ", "), "0, 1");
        assert_eq!(listed(&items, "; "), "0; 1; 2; 3; 4; 5; 6; 7; and 2 more");
    }
}
