//! `--body`: JSON text, `@FILE` or `@-`, which must hold a JSON object; checked against the
//! declared item maximum before anything is sent.

use std::io::Read;

use im_proto::Metadata;
use serde_json::{Map, Value};

use crate::files::read_capped;
use crate::term::{CliError, Context};

/// The most a body file (or standard input) may hold: far above any body the service takes
/// (its largest documented ones are a few hundred KiB), low enough that `@/dev/zero` fails
/// clearly.
const MAX_BODY_BYTES: u64 = 8 << 20;

/// How much of a literal body an error quotes.
const QUOTED_CHARS: usize = 60;

/// The body `arg` gives (`{}` when none), as a JSON object. `key_on_stdin`: the secret key is
/// read from standard input, which then cannot also give the body.
///
/// # Errors
///
/// Exit 2 naming the value (or the file) and the rule: unreadable, not JSON, not an object.
pub(crate) fn read(arg: Option<&str>, key_on_stdin: bool) -> Result<Map<String, Value>, CliError> {
    let Some(arg) = arg else {
        return Ok(Map::new());
    };
    let (bytes, named) = match arg.strip_prefix('@') {
        Some("-") if key_on_stdin => {
            return Err(CliError::usage(
                "--body @-: standard input already gives the secret key (--secret-key-file -); put the body in a file (--body @FILE)",
            ));
        }
        Some("-") => (
            read_source(std::io::stdin().lock(), "standard input", arg)?,
            "--body @- (standard input)".to_owned(),
        ),
        Some("") => {
            return Err(CliError::usage(
                "--body @: name a file after the @ (--body @FILE), or write @- for standard input",
            ));
        }
        Some(path) => {
            let file = std::fs::File::open(path).map_err(|e| {
                let what = format!("--body {arg}: cannot read the file {path}");
                CliError::usage(Context::new(what, e))
            })?;
            (
                read_source(file, &format!("the file {path}"), arg)?,
                format!("--body {arg}"),
            )
        }
        None => (arg.as_bytes().to_vec(), format!("--body {}", quoted(arg))),
    };
    parse(&bytes, &named, arg)
}

/// A body that is not JSON: `{named} is not JSON ({the parser's text}){hint}`. The parser's
/// error is its source, already said (a renderer shows it once).
#[derive(Debug)]
struct NotJson {
    named: String,
    hint: &'static str,
    source: serde_json::Error,
}

impl std::fmt::Display for NotJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is not JSON ({}){}",
            self.named, self.source, self.hint
        )
    }
}

impl std::error::Error for NotJson {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads `input` (`what`: the file or standard input) up to [`MAX_BODY_BYTES`].
fn read_source(input: impl Read, what: &str, arg: &str) -> Result<Vec<u8>, CliError> {
    read_capped(input, MAX_BODY_BYTES)
        .map_err(|e| CliError::usage(Context::new(format!("--body {arg}: cannot read {what}"), e)))
}

/// `bytes` as a JSON object; `named` says where they came from in an error.
fn parse(bytes: &[u8], named: &str, arg: &str) -> Result<Map<String, Value>, CliError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CliError::usage(format!(
            "{named} is empty: give a JSON object ({{}} for an API that takes no fields)"
        )));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|source| {
        let hint = if arg == "-" {
            "; write @- to read standard input"
        } else {
            ""
        };
        CliError::usage(NotJson {
            named: named.to_owned(),
            hint,
            source,
        })
    })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(CliError::usage(format!(
            "{named}: the body must be a JSON object ({{\"Field\": ...}}), not {}",
            kind(&other)
        ))),
    }
}

/// `text` quoted, cut at [`QUOTED_CHARS`] characters.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((at, _)) => format!("{:?}...", &text[..at]),
        None => format!("{text:?}"),
    }
}

/// What kind of JSON value `value` is, with an article.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks the declared item list, when the body has it: a list of 1 to the declared maximum
/// items (longer lists are a job command's work, or several calls).
///
/// # Errors
///
/// Exit 2 naming the field, the count and the maximum.
pub(crate) fn check_items(meta: &Metadata, body: &Map<String, Value>) -> Result<(), CliError> {
    let Some(items) = meta.items else {
        return Ok(());
    };
    let path = format!("{}/{}", meta.service, meta.command);
    match body.get(items.field) {
        None => Ok(()),
        Some(Value::Array(list)) => meta.check_count(list.len()).map_err(|e| {
            let what = format!(
                "--body ({path} takes 1 to {} {} per call)",
                items.max, items.field
            );
            CliError::usage(Context::new(what, e))
        }),
        Some(other) => Err(CliError::usage(format!(
            "--body: {} must be a list of items for {path}, not {}",
            items.field,
            kind(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(arg: &str) -> String {
        let err = read(Some(arg), false).unwrap_err();
        assert_eq!(err.code(), crate::term::EXIT_USAGE, "{err}");
        err.to_string()
    }

    #[test]
    fn literal_bodies_must_be_json_objects() {
        assert!(read(None, false).unwrap().is_empty());
        let body = read(Some(r#"{"Limit": 5}"#), false).unwrap();
        assert_eq!(body["Limit"], 5);
        let text = message("{\"Limit\": ");
        assert!(
            text.starts_with("--body \"{\\\"Limit\\\": \" is not JSON (EOF while parsing"),
            "{text}"
        );
        let text = message(r#"[{"UserID":"a"}]"#);
        assert!(
            text.contains("[{\\\"UserID\\\":\\\"a\\\"}]") && text.ends_with("not an array"),
            "{text}"
        );
        assert!(message("\"x\"").ends_with("not a string"));
        assert!(message("  ").contains("is empty"));
        assert!(message("-").contains("write @- to read standard input"));
        let long = format!("{{\"x\": \"{}\"", "a".repeat(200));
        let text = message(&long);
        assert!(text.contains("aaa\"...") && text.len() < 200, "{text}");
    }

    #[test]
    fn files_are_read_and_named() {
        let text = message("@/nonexistent/body.json");
        assert!(
            text.contains("--body @/nonexistent/body.json: cannot read the file /nonexistent/body.json: No such file"),
            "{text}"
        );
        assert!(message("@").contains("name a file after the @"));
        let text = message("@/dev/zero");
        assert!(text.contains("larger than 8 MiB"), "{text}");
        let err = read(Some("@-"), true).unwrap_err();
        assert!(
            err.to_string().contains("already gives the secret key"),
            "{err}"
        );
    }

    #[test]
    fn the_declared_item_list_is_counted() {
        let meta = im_proto::Api::ALL
            .iter()
            .map(|api| api.metadata())
            .find(|meta| meta.items.is_some())
            .expect("an API with an item list");
        let items = meta.items.unwrap();
        let body = |n: usize| {
            let mut body = Map::new();
            body.insert(
                items.field.to_owned(),
                Value::Array(vec![Value::from("a"); n]),
            );
            body
        };
        assert!(check_items(meta, &body(items.max)).is_ok());
        assert!(check_items(meta, &Map::new()).is_ok());
        let err = check_items(meta, &body(items.max + 1)).unwrap_err();
        assert!(
            err.to_string().contains(items.field)
                && err.to_string().contains(&(items.max + 1).to_string())
                && err
                    .to_string()
                    .contains(&format!("takes 1 to {}", items.max)),
            "{err}"
        );
        assert!(check_items(meta, &body(0)).is_err());
        let mut scalar = Map::new();
        scalar.insert(items.field.to_owned(), Value::from("a"));
        let err = check_items(meta, &scalar).unwrap_err();
        assert!(err.to_string().ends_with("not a string"), "{err}");
    }
}
