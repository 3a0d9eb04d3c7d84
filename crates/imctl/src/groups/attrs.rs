//! `groups attrs get|set|clear GROUP_ID`: a group's custom attributes (get_group_attr,
//! set_group_attr, clear_group_attr), the limits checked by im-groups before anything is sent.

use std::path::Path;

use serde_json::{Map, Value};

use super::args::AttrsSetArgs;
use super::manage::client;
use crate::files::read_capped;
use crate::global::Global;
use crate::term::{CliError, Context, EXIT_OK, json_line, note, print, push_line, refused};

/// The largest `--file` read: the attributes' own limit (16 values of 4000 bytes) with room
/// for keys and JSON.
const MAX_ATTR_FILE: u64 = 64 * 1024;

/// `groups attrs get`: one `key=value` line per attribute, escaped (`--json`: one object).
pub(super) async fn get(global: &Global, group_id: &str) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let attrs = match client.get_group_attr(group_id).await {
        Ok(attrs) => attrs,
        Err(err) => return Ok(refused(&err)),
    };
    let mut text = String::new();
    if global.json {
        let object: Map<String, Value> = attrs.into_iter().map(|(k, v)| (k, v.into())).collect();
        text = json_line(&object);
    } else {
        for (key, value) in &attrs {
            push_line(&mut text, &format!("{key}={value}"));
        }
    }
    Ok(print(&text))
}

/// `groups attrs set`: the group's attributes become the given ones (set_group_attr).
pub(super) async fn set(global: &Global, args: &AttrsSetArgs) -> Result<u8, CliError> {
    let attrs = match &args.file {
        Some(path) => from_file(path)?,
        None => from_pairs(&args.pairs)?,
    };
    let count = attrs.len();
    let (client, _connection) = client(global).await?;
    if let Err(err) = client.set_group_attr(&args.group_id, attrs).await {
        return Ok(refused(&err));
    }
    if !global.quiet {
        note(&format!("{} has {count} attributes", args.group_id));
    }
    Ok(EXIT_OK)
}

/// `groups attrs clear`: every attribute removed (clear_group_attr).
pub(super) async fn clear(global: &Global, group_id: &str) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    if let Err(err) = client.clear_group_attr(group_id).await {
        return Ok(refused(&err));
    }
    if !global.quiet {
        note(&format!("cleared the attributes of {group_id}"));
    }
    Ok(EXIT_OK)
}

/// `KEY=VALUE` arguments, split at the first `=`.
fn from_pairs(pairs: &[String]) -> Result<Vec<(String, String)>, CliError> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => Ok((key.to_owned(), value.to_owned())),
            None => Err(CliError::usage(format!(
                "attribute {pair:?} is not KEY=VALUE"
            ))),
        })
        .collect()
}

/// A JSON object of string values, in the order of their keys.
fn from_file(path: &Path) -> Result<Vec<(String, String)>, CliError> {
    let what = || format!("cannot read {}", path.display());
    let file = std::fs::File::open(path).map_err(|e| CliError::usage(Context::new(what(), e)))?;
    let bytes =
        read_capped(file, MAX_ATTR_FILE).map_err(|e| CliError::usage(Context::new(what(), e)))?;
    let object: Map<String, Value> =
        serde_json::from_slice(&bytes).map_err(|e| CliError::usage(Context::new(what(), e)))?;
    object
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(value) => Ok((key, value)),
            other => Err(CliError::usage(format!(
                "{}: attribute {key:?} is {other}, not a string",
                path.display()
            ))),
        })
        .collect()
}
