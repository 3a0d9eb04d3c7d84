//! The UserSig JSON document: Go-exact writing and tolerant parsing.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::VerifyError;
use crate::codec::Decimal;

/// The fields of a UserSig document to write.
pub(crate) struct Document<'a> {
    pub(crate) identifier: &'a str,
    pub(crate) sdkappid: u64,
    pub(crate) expire: u64,
    pub(crate) time: u64,
    pub(crate) userbuf_b64: Option<&'a str>,
    pub(crate) sig_b64: &'a str,
}

impl Document<'_> {
    /// Writes the document exactly as the official Go library's `json.Encoder` does for its
    /// `userSig` struct: fields in struct order (ver, identifier, sdkappid, expire, time,
    /// userbuf, sig), compact, zero or empty fields omitted (`omitempty`), Go's string
    /// escaping, and a trailing newline.
    pub(crate) fn to_go_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len_hint());
        self.write_go_json(&mut out);
        out
    }

    /// An upper bound of the JSON's length for the usual inputs (it may grow past it for
    /// identifiers full of escapes).
    pub(crate) fn len_hint(&self) -> usize {
        150 + self.identifier.len() * 6 + self.userbuf_b64.map_or(0, str::len)
    }

    /// Appends the JSON of [`Document::to_go_json`] to `out`.
    pub(crate) fn write_go_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"TLS.ver\":\"2.0\"");
        if !self.identifier.is_empty() {
            out.extend_from_slice(b",\"TLS.identifier\":");
            write_go_string(out, self.identifier);
        }
        for (name, value) in [
            (&b",\"TLS.sdkappid\":"[..], self.sdkappid),
            (b",\"TLS.expire\":", self.expire),
            (b",\"TLS.time\":", self.time),
        ] {
            if value != 0 {
                out.extend_from_slice(name);
                out.extend_from_slice(Decimal::new(value).as_bytes());
            }
        }
        if let Some(ub) = self.userbuf_b64.filter(|ub| !ub.is_empty()) {
            // Base64 never needs escaping.
            out.extend_from_slice(b",\"TLS.userbuf\":\"");
            out.extend_from_slice(ub.as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b",\"TLS.sig\":\"");
        out.extend_from_slice(self.sig_b64.as_bytes());
        out.extend_from_slice(b"\"}\n");
    }
}

/// Writes a JSON string as Go's `encoding/json` does with HTML escaping on (the default):
/// `"` and `\` backslash-escaped, `\b \f \n \r \t` as such, other control characters and
/// `<`, `>`, `&` as `\u00XX` (lowercase hex), U+2028 and U+2029 as `\u2028`/`\u2029`, and
/// everything else (DEL and all other non-ASCII included) verbatim.
fn write_go_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' => {
                let b = c as usize;
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) & 0xF]);
                out.push(HEX[b & 0xF]);
            }
            '\u{2028}' => out.extend_from_slice(b"\\u2028"),
            '\u{2029}' => out.extend_from_slice(b"\\u2029"),
            other => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// A parsed UserSig document, before any check.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) identifier: String,
    pub(crate) sdkappid: u64,
    pub(crate) expire: u64,
    pub(crate) time: u64,
    /// The `TLS.userbuf` string exactly as it appears (it is what was signed).
    pub(crate) userbuf_b64: Option<String>,
    pub(crate) sig_b64: String,
}

/// Parses the inflated JSON document.
///
/// Any key order, whitespace and escapes are accepted; unknown keys (and `TLS.ver`) are
/// ignored; duplicate known keys are refused. `TLS.identifier`, `TLS.sdkappid` and
/// `TLS.sig` are required (`null` counts as missing); a missing `TLS.expire` or `TLS.time`
/// reads as 0 (Go omits zero values). Numbers must be non-negative integers fitting a
/// `u64`; strings of ASCII digits are accepted in their place (PHP leniency).
pub(crate) fn parse(json: &[u8]) -> Result<Parsed, VerifyError> {
    // serde would also map a JSON array onto the struct; a UserSig is an object.
    let first = json
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        return Err(VerifyError::Json);
    }
    let raw: RawDocument = match serde_json::from_slice(json) {
        Ok(raw) => raw,
        // Node's JSON.stringify writes an unpaired surrogate as a `\udXXX` escape, which
        // strict JSON parsers refuse; Go (and Node's own UTF-8 signing) read it as U+FFFD.
        Err(_) => match replace_lone_surrogates(json) {
            Some(fixed) => serde_json::from_slice(&fixed).map_err(|_| VerifyError::Json)?,
            None => return Err(VerifyError::Json),
        },
    };
    Ok(Parsed {
        identifier: raw
            .identifier
            .ok_or(VerifyError::MissingField("TLS.identifier"))?,
        sdkappid: raw
            .sdkappid
            .ok_or(VerifyError::MissingField("TLS.sdkappid"))?
            .0,
        expire: raw.expire.map_or(0, |n| n.0),
        time: raw.time.map_or(0, |n| n.0),
        userbuf_b64: raw.userbuf,
        sig_b64: raw.sig.ok_or(VerifyError::MissingField("TLS.sig"))?,
    })
}

/// Rewrites every `\uXXXX` escape of an unpaired UTF-16 surrogate as `\ufffd`. `None` when
/// there is none (the document is then left to fail as it is).
fn replace_lone_surrogates(json: &[u8]) -> Option<Vec<u8>> {
    fn escape_at(json: &[u8], i: usize) -> Option<u16> {
        let hex = json.get(i..i + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        let text = core::str::from_utf8(&hex[2..]).ok()?;
        u16::from_str_radix(text, 16).ok()
    }
    let is_high = |u: u16| (0xD800..0xDC00).contains(&u);
    let is_low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out = Vec::with_capacity(json.len());
    let mut changed = false;
    let mut i = 0;
    while i < json.len() {
        if json[i] != b'\\' {
            out.push(json[i]);
            i += 1;
            continue;
        }
        match escape_at(json, i) {
            Some(high) if is_high(high) && escape_at(json, i + 6).is_some_and(is_low) => {
                out.extend_from_slice(&json[i..i + 12]);
                i += 12;
            }
            Some(unit) if is_high(unit) || is_low(unit) => {
                out.extend_from_slice(b"\\ufffd");
                changed = true;
                i += 6;
            }
            // Any other escape: copy the backslash and the escaped character together, so
            // that `\\u...` (an escaped backslash) is never read as an escape.
            _ => {
                out.extend_from_slice(&json[i..(i + 2).min(json.len())]);
                i += 2;
            }
        }
    }
    changed.then_some(out)
}

#[derive(Deserialize)]
struct RawDocument {
    #[serde(rename = "TLS.identifier")]
    identifier: Option<String>,
    #[serde(rename = "TLS.sdkappid")]
    sdkappid: Option<Number>,
    #[serde(rename = "TLS.expire")]
    expire: Option<Number>,
    #[serde(rename = "TLS.time")]
    time: Option<Number>,
    #[serde(rename = "TLS.userbuf")]
    userbuf: Option<String>,
    #[serde(rename = "TLS.sig")]
    sig: Option<String>,
}

/// A non-negative integer, from a JSON number or a string of ASCII digits.
struct Number(u64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(Number(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        u64::try_from(v)
            .map(Number)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
        let invalid = || E::invalid_value(de::Unexpected::Str(v), &self);
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        v.parse().map(Number).map_err(|_| invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(identifier: &str) -> String {
        let mut out = Vec::new();
        write_go_string(&mut out, identifier);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn go_escaping() {
        assert_eq!(go("a<b>&c"), r#""a\u003cb\u003e\u0026c""#);
        assert_eq!(go("q\"b\\"), r#""q\"b\\""#);
        assert_eq!(
            go("\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}"),
            "\"\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}\""
        );
        assert_eq!(go("é\u{2028}\u{2029}😀/"), "\"é\\u2028\\u2029😀/\"");
    }

    #[test]
    fn numbers() {
        let ok = |j: &str| parse(j.as_bytes());
        let p =
            ok(r#"{"TLS.identifier":"a","TLS.sdkappid":"1400000000","TLS.sig":"x","TLS.time":5}"#)
                .unwrap();
        assert_eq!((p.sdkappid, p.time, p.expire), (1_400_000_000, 5, 0));
        for bad in [
            "-1",
            "1.0",
            "1e3",
            "\"-1\"",
            "\"\"",
            "\" 1\"",
            "18446744073709551616",
            "true",
        ] {
            let j =
                alloc::format!(r#"{{"TLS.identifier":"a","TLS.sdkappid":{bad},"TLS.sig":"x"}}"#);
            assert_eq!(parse(j.as_bytes()).unwrap_err(), VerifyError::Json, "{bad}");
        }
    }

    #[test]
    fn structure() {
        assert_eq!(parse(b"[]").unwrap_err(), VerifyError::Json);
        assert_eq!(parse(b"").unwrap_err(), VerifyError::Json);
        assert_eq!(
            parse(br#"{"TLS.identifier":"a","TLS.identifier":"b","TLS.sdkappid":1,"TLS.sig":"x"}"#)
                .unwrap_err(),
            VerifyError::Json
        );
        assert_eq!(
            parse(br#"{"TLS.identifier":null,"TLS.sdkappid":1,"TLS.sig":"x"}"#).unwrap_err(),
            VerifyError::MissingField("TLS.identifier")
        );
        assert_eq!(
            parse(br#"{"TLS.identifier":"a","TLS.sig":"x"}"#).unwrap_err(),
            VerifyError::MissingField("TLS.sdkappid")
        );
        assert_eq!(
            parse(br#"{"TLS.identifier":"a","TLS.sdkappid":1}"#).unwrap_err(),
            VerifyError::MissingField("TLS.sig")
        );
    }
}
