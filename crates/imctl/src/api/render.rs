//! How `imctl api` prints an answer: indented JSON, one JSON line (`--json`), or a table of
//! the declared per-item results; whatever the form, a server's text is escaped for a
//! terminal (`crate::text`).

use std::io::IsTerminal;

use im_proto::{Metadata, ResultMapping};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::term::CliError;
use crate::term::{escape, json_line, json_pretty};

/// The envelope's fields, which a table leaves out (the exit code and stderr say them).
const ENVELOPE: [&str; 4] = ["ActionStatus", "ErrorCode", "ErrorInfo", "ErrorDisplay"];

/// The form answers are printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Indented JSON, one document per answer.
    Pretty,
    /// One line of JSON per answer (`--json`).
    Lines,
    /// The declared result list as a table, then the answer's other fields.
    Table {
        /// The response list of per-item results.
        list: &'static str,
        /// The key of each result, shown first (empty when none).
        key: &'static str,
    },
}

impl Format {
    /// `--json` gives lines; `--table`, or a terminal for an API with a declared result list,
    /// a table; else indented JSON.
    ///
    /// # Errors
    ///
    /// Exit 2 for `--table` with `--json`, or for an API without per-item results.
    pub(crate) fn choose(
        json: bool,
        table: bool,
        meta: Option<&Metadata>,
        path: &str,
    ) -> Result<Format, CliError> {
        let results = meta.and_then(|meta| meta.items).map(|items| items.results);
        let list = results.and_then(ResultMapping::list);
        let key = match results {
            Some(ResultMapping::ByKey { key, .. } | ResultMapping::FailuresOnly { key, .. }) => key,
            _ => "",
        };
        match (json, table, list) {
            (true, true, _) => Err(CliError::usage(
                "--table and --json conflict: --json prints each answer as one JSON line",
            )),
            (_, true, None) => Err(CliError::usage(format!(
                "--table: {path} declares no per-item results to show as a table"
            ))),
            (true, false, _) => Ok(Format::Lines),
            (false, true, Some(list)) => Ok(Format::Table { list, key }),
            (false, false, Some(list)) if std::io::stdout().is_terminal() => {
                Ok(Format::Table { list, key })
            }
            _ => Ok(Format::Pretty),
        }
    }

    /// Whether a `FAIL` envelope is printed on stdout in this form (a table has no place for
    /// it: stderr says it).
    pub(crate) fn prints_envelope(self) -> bool {
        !matches!(self, Format::Table { .. })
    }

    /// One answer, as text for stdout.
    pub(crate) fn page(self, answer: &Value) -> String {
        match self {
            Format::Pretty => json_pretty(answer),
            Format::Lines => json_line(answer),
            Format::Table { list, key } => table(answer, list, key),
        }
    }
}

/// The result list `list` of `answer` as a table (the key column first), then each other field
/// beside the envelope as a `FIELD: VALUE` line.
fn table(answer: &Value, list: &str, key: &str) -> String {
    let mut out = String::new();
    match answer.get(list) {
        Some(Value::Array(items)) if !items.is_empty() => push_table(&mut out, list, key, items),
        _ => {
            out.push_str(&escape(list));
            out.push_str(": none\n");
        }
    }
    let others = answer
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| name.as_str() != list && !ENVELOPE.contains(&name.as_str()));
    for (name, value) in others {
        out.push_str(&format!("{}: {}\n", escape(name), cell(value)));
    }
    out
}

/// Appends the rows of `items` under a header: one column per field of the objects (the key
/// first), and one named after the list for items that are bare values.
fn push_table(out: &mut String, list: &str, key: &str, items: &[Value]) {
    let columns = columns(list, key, items);
    let mut rows = vec![columns.iter().map(|c| escape(c).into_owned()).collect()];
    rows.extend(items.iter().map(|item| {
        columns
            .iter()
            .map(|column| match item {
                Value::Object(fields) => fields.get(column).map(cell).unwrap_or_default(),
                bare if column == list => cell(bare),
                _ => String::new(),
            })
            .collect::<Vec<String>>()
    }));
    let mut widths = vec![0; columns.len()];
    for row in &rows {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.width());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, (text, width)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(text);
            line.extend(std::iter::repeat_n(' ', width - text.width()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The columns of a table of `items`: the list's own name for bare values, the key, then
/// every other field in the order first seen.
fn columns(list: &str, key: &str, items: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    if items.iter().any(|item| !item.is_object()) {
        columns.push(list.to_owned());
    }
    if !key.is_empty() && items.iter().any(|item| item.get(key).is_some()) {
        columns.push(key.to_owned());
    }
    for fields in items.iter().filter_map(Value::as_object) {
        for name in fields.keys() {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    columns
}

/// A value as a table shows it: a string as it is (escaped), null as nothing, anything else
/// as compact JSON (escaped).
fn cell(value: &Value) -> String {
    match value {
        Value::String(text) => escape(text).into_owned(),
        Value::Null => String::new(),
        other => json_line(other).trim_end().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_table_aligns_escapes_and_keeps_the_other_fields() {
        let answer = json!({
            "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
            "ResultItem": [
                {"UserID": "alice", "ResultCode": 0, "AccountStatus": "Imported"},
                {"UserID": "\u{1b}]0;x\u{7}b\r\nc", "ResultCode": 70107, "ResultInfo": "张三 no"},
            ],
            "Extra": {"n": 1},
        });
        let text = table(&answer, "ResultItem", "UserID");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "UserID                 AccountStatus  ResultCode  ResultInfo",
                "alice                  Imported       0",
                "\\u{1b}]0;x\\u{7}b\\r\\nc                 70107       张三 no",
                "Extra: {\"n\":1}",
            ],
            "{text}"
        );
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let answer = json!({"L": [{"K": "张三", "V": 1}, {"K": "abcde", "V": 2}]});
        assert_eq!(table(&answer, "L", "K"), "K      V\n张三   1\nabcde  2\n");
    }

    #[test]
    fn bare_items_and_empty_lists() {
        let answer = json!({"FailAccounts": ["a", "b\u{202e}"]});
        assert_eq!(
            table(&answer, "FailAccounts", ""),
            "FailAccounts\na\nb\\u{202e}\n"
        );
        let answer = json!({"ActionStatus": "OK", "FailAccounts": []});
        assert_eq!(table(&answer, "FailAccounts", ""), "FailAccounts: none\n");
    }

    #[test]
    fn json_forms_escape_for_a_terminal() {
        let answer = json!({"ErrorInfo": "a\u{1b}[31m"});
        assert_eq!(
            Format::Lines.page(&answer),
            "{\"ErrorInfo\":\"a\\u001b[31m\"}\n"
        );
        assert!(Format::Pretty.page(&answer).contains("\\u001b"));
    }

    #[test]
    fn table_needs_a_result_list_and_no_json() {
        let listed = im_proto::Api::ALL
            .iter()
            .map(|api| api.metadata())
            .find(|meta| meta.items.and_then(|i| i.results.list()).is_some())
            .unwrap();
        assert!(matches!(
            Format::choose(false, true, Some(listed), "x/y").unwrap(),
            Format::Table { .. }
        ));
        assert_eq!(
            Format::choose(true, false, Some(listed), "x/y").unwrap(),
            Format::Lines
        );
        let err = Format::choose(true, true, Some(listed), "x/y").unwrap_err();
        assert!(err.to_string().contains("--table and --json"), "{err}");
        let err = Format::choose(false, true, None, "x/y").unwrap_err();
        assert!(err.to_string().contains("x/y declares no per-item results"));
    }
}
