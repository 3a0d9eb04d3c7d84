//! The UserSig JSON document: Go-exact writing and tolerant parsing.

use alloc::borrow::Cow;
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
    pub(crate) sdkappid: &'a Decimal,
    pub(crate) expire: &'a Decimal,
    pub(crate) time: &'a Decimal,
    pub(crate) userbuf_b64: Option<&'a str>,
    /// Standard base64 (ASCII).
    pub(crate) sig_b64: &'a [u8],
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
            if !value.is_zero() {
                out.extend_from_slice(name);
                out.extend_from_slice(value.as_bytes());
            }
        }
        if let Some(ub) = self.userbuf_b64.filter(|ub| !ub.is_empty()) {
            // Base64 never needs escaping.
            out.extend_from_slice(b",\"TLS.userbuf\":\"");
            out.extend_from_slice(ub.as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b",\"TLS.sig\":\"");
        out.extend_from_slice(self.sig_b64);
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
    // Printable ASCII but for the escaped five (every real UserID): copied as it is.
    if s.bytes()
        .all(|b| matches!(b, b' '..=b'~') && !matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&'))
    {
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
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

/// A parsed UserSig document, before any check. The signed strings borrow from the JSON
/// when they have no escapes (they never have in a real UserSig).
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    pub(crate) identifier: String,
    pub(crate) sdkappid: u64,
    pub(crate) expire: u64,
    pub(crate) time: u64,
    /// The `TLS.userbuf` string exactly as it appears (it is what was signed).
    pub(crate) userbuf_b64: Option<Cow<'a, str>>,
    pub(crate) sig_b64: Cow<'a, str>,
}

/// Parses the inflated JSON document.
///
/// Any key order, whitespace and escapes are accepted; unknown keys (and `TLS.ver`) are
/// ignored; duplicate known keys are refused. `TLS.identifier`, `TLS.sdkappid` and
/// `TLS.sig` are required (`null` counts as missing); a missing `TLS.expire` or `TLS.time`
/// reads as 0 (Go omits zero values). Numbers must be non-negative integers fitting a
/// `u64`; strings of ASCII digits are accepted in their place (PHP leniency).
pub(crate) fn parse(json: &[u8]) -> Result<Parsed<'_>, VerifyError> {
    // serde would also map a JSON array onto the struct; a UserSig is an object.
    let first = json
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        return Err(VerifyError::Json);
    }
    match serde_json::from_slice::<RawDocument<'_>>(json) {
        Ok(raw) => raw.into_parsed(),
        // Node's JSON.stringify writes an unpaired surrogate as a `\udXXX` escape, which
        // strict JSON parsers refuse; Go (and Node's own UTF-8 signing) read it as U+FFFD.
        Err(_) => match replace_lone_surrogates(json) {
            Some(fixed) => serde_json::from_slice::<RawDocument<'_>>(&fixed)
                .map_err(|_| VerifyError::Json)?
                .into_owned()
                .into_parsed(),
            None => Err(VerifyError::Json),
        },
    }
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
struct RawDocument<'a> {
    #[serde(rename = "TLS.identifier", borrow)]
    identifier: Option<Text<'a>>,
    #[serde(rename = "TLS.sdkappid")]
    sdkappid: Option<Number>,
    #[serde(rename = "TLS.expire")]
    expire: Option<Number>,
    #[serde(rename = "TLS.time")]
    time: Option<Number>,
    #[serde(rename = "TLS.userbuf", borrow)]
    userbuf: Option<Text<'a>>,
    #[serde(rename = "TLS.sig", borrow)]
    sig: Option<Text<'a>>,
}

impl<'a> RawDocument<'a> {
    fn into_parsed(self) -> Result<Parsed<'a>, VerifyError> {
        Ok(Parsed {
            identifier: self
                .identifier
                .ok_or(VerifyError::MissingField("TLS.identifier"))?
                .0
                .into_owned(),
            sdkappid: self
                .sdkappid
                .ok_or(VerifyError::MissingField("TLS.sdkappid"))?
                .0,
            expire: self.expire.map_or(0, |n| n.0),
            time: self.time.map_or(0, |n| n.0),
            userbuf_b64: self.userbuf.map(|t| t.0),
            sig_b64: self.sig.ok_or(VerifyError::MissingField("TLS.sig"))?.0,
        })
    }

    /// The same document, owning its strings (when it was parsed from a temporary buffer).
    fn into_owned(self) -> RawDocument<'static> {
        let own = |t: Option<Text<'_>>| t.map(|t| Text(Cow::Owned(t.0.into_owned())));
        RawDocument {
            identifier: own(self.identifier),
            sdkappid: self.sdkappid,
            expire: self.expire,
            time: self.time,
            userbuf: own(self.userbuf),
            sig: own(self.sig),
        }
    }
}

/// A JSON string, borrowed from the document when it has no escapes. (serde's own
/// `Option<Cow<str>>` always copies.)
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor(core::marker::PhantomData))
    }
}

struct TextVisitor<'a>(core::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
    type Value = Text<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
        Ok(Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'a>, E> {
        Ok(Text(Cow::Owned(v.into())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'a>, E> {
        Ok(Text(Cow::Owned(v)))
    }
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
        let p = parse(
            br#"{"TLS.identifier":"a","TLS.sdkappid":"1400000000","TLS.sig":"x","TLS.time":5}"#,
        )
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
