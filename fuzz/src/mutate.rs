//! Mutations: byte-level (flips, interesting bytes and tokens, deletions, duplications,
//! splices) and JSON-aware (a node replaced by another type, an extreme value, deep nesting).

use rand::rngs::StdRng;
use rand::{Rng, RngCore};
use serde_json::Value;

/// Bytes that often matter to parsers.
const BYTES: &[u8] = b"\0\x01\x1b\x7f\x80\xc0\xff\"\\{}[],:-+.eE0 \t\r\n#,\xef\xbb\xbf";

/// Tokens that often matter to JSON and UserSig parsers.
const TOKENS: &[&str] = &[
    "null",
    "true",
    "-0",
    "1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "4294967296",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "{}",
    "[]",
    "\"\"",
    "\u{feff}",
    "\u{202e}",
    "*",
    "_",
    "==",
];

/// Applies one to four byte-level mutations to `input`, splicing from `corpus` at times.
pub(crate) fn bytes(rng: &mut StdRng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.random_range(1..=4) {
        one(rng, &mut out, corpus);
    }
    out
}

fn one(rng: &mut StdRng, out: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let len = out.len();
    let at = |rng: &mut StdRng| {
        if len == 0 {
            0
        } else {
            rng.random_range(0..len)
        }
    };
    match rng.random_range(0..8) {
        0 if len > 0 => {
            let i = at(rng);
            out[i] ^= 1 << rng.random_range(0..8);
        }
        1 if len > 0 => {
            let i = at(rng);
            out[i] = BYTES[rng.random_range(0..BYTES.len())];
        }
        2 => {
            let i = at(rng);
            let token = TOKENS[rng.random_range(0..TOKENS.len())].as_bytes();
            out.splice(i..i, token.iter().copied());
        }
        3 if len > 0 => {
            let i = at(rng);
            let n = rng.random_range(1..=(len - i).min(16));
            out.drain(i..i + n);
        }
        4 if len > 0 => {
            let i = at(rng);
            let n = rng.random_range(1..=(len - i).min(64));
            let copy: Vec<u8> = out[i..i + n].to_vec();
            let j = at(rng);
            out.splice(j..j, copy);
        }
        5 if !corpus.is_empty() => {
            let other = &corpus[rng.random_range(0..corpus.len())];
            if !other.is_empty() {
                let i = rng.random_range(0..other.len());
                let n = rng.random_range(1..=(other.len() - i).min(64));
                let j = at(rng);
                out.splice(j..j, other[i..i + n].iter().copied());
            }
        }
        6 if len > 0 => out.truncate(at(rng)),
        _ => {
            let mut random = vec![0u8; rng.random_range(1..8)];
            rng.fill_bytes(&mut random);
            let i = at(rng);
            out.splice(i..i, random);
        }
    }
}

/// Replaces one node of the JSON document `input` (when it parses) by another kind of value;
/// falls back to byte mutations otherwise.
pub(crate) fn json(rng: &mut StdRng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let Ok(mut value) = serde_json::from_slice::<Value>(input) else {
        return bytes(rng, input, corpus);
    };
    let count = nodes(&value);
    let target = rng.random_range(0..count.max(1));
    let replacement = odd_value(rng);
    replace_nth(&mut value, target, &mut 0, replacement);
    serde_json::to_vec(&value).unwrap_or_default()
}

fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(map) => map.values().map(nodes).sum(),
        _ => 0,
    }
}

fn replace_nth(value: &mut Value, target: usize, seen: &mut usize, with: Value) -> bool {
    if *seen == target {
        *value = with;
        return true;
    }
    *seen += 1;
    match value {
        Value::Array(items) => {
            for item in items {
                if replace_nth(item, target, seen, with.clone()) {
                    return true;
                }
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                if replace_nth(item, target, seen, with.clone()) {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

/// A value of a surprising kind or size.
fn odd_value(rng: &mut StdRng) -> Value {
    match rng.random_range(0..10) {
        0 => Value::Null,
        1 => Value::Bool(rng.random()),
        2 => serde_json::json!(rng.random::<i64>()),
        3 => serde_json::json!(u64::MAX),
        4 => serde_json::json!(-1.5e300),
        5 => Value::String("\u{1b}]0;x\u{7}\r\n\u{202e}".repeat(rng.random_range(1..4))),
        6 => Value::String("x".repeat(rng.random_range(0..70_000))),
        7 => {
            let mut v = Value::Null;
            for _ in 0..rng.random_range(1..200) {
                v = Value::Array(vec![v]);
            }
            v
        }
        8 => Value::Array(
            (0..rng.random_range(0..600))
                .map(|i| serde_json::json!({"UserID": format!("u{i}")}))
                .collect(),
        ),
        _ => serde_json::json!({"ErrorCode": 70107, "ResultCode": 1}),
    }
}
