//! Text bound for a terminal: control characters escaped, so that a server's `ErrorInfo` or a
//! line of an input file can neither forge output lines nor drive the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Whether `c` must not reach a terminal as it is: C0 and C1 control characters and DEL
/// (ESC, BEL, CR, LF, backspace, CSI, ...), and the bidirectional formatting characters that
/// can reorder what a line shows (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
}

/// `text` with every unsafe character written as a Rust-style escape (`\n`, `\r`, `\t`, or
/// `\u{1b}`); borrowed when there is none.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Appends `value` as one line of JSON to `out`, through `scratch` (reused, so that a line
/// costs no allocation). Strings are escaped for a terminal: beside what JSON escapes (`"`,
/// `\`, C0 controls), DEL, C1 controls and the bidirectional formatting characters are written
/// as `\uXXXX`, so a JSON line shown on a terminal can neither drive it nor reorder it, and
/// any JSON reader gets the same string back.
pub(crate) fn push_json_line<T: Serialize>(value: &T, scratch: &mut Vec<u8>, out: &mut String) {
    scratch.clear();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *scratch, TerminalSafe(CompactFormatter));
    // Our output types hold only strings, numbers, booleans and maps with string keys.
    let _ = value.serialize(&mut serializer);
    // serde_json writes UTF-8.
    out.push_str(std::str::from_utf8(scratch).unwrap_or_default());
    out.push('\n');
}

/// [`push_json_line`] into a new string.
pub(crate) fn json_line<T: Serialize>(value: &T) -> String {
    let mut out = String::new();
    push_json_line(value, &mut Vec::with_capacity(256), &mut out);
    out
}

/// `value` as indented JSON for a person to read, escaped as [`push_json_line`] escapes.
pub(crate) fn json_pretty<T: Serialize>(value: &T) -> String {
    let mut bytes = Vec::with_capacity(256);
    let formatter = TerminalSafe(PrettyFormatter::new());
    let _ = value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut bytes, formatter,
    ));
    let mut text = String::from_utf8(bytes).unwrap_or_default();
    text.push('\n');
    text
}

/// A serde_json formatter that also escapes what [`is_unsafe`] finds in strings.
struct TerminalSafe<F>(F);

impl<F: Formatter> Formatter for TerminalSafe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // Everything else as the inner formatter has it (indentation, separators).
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Appends `line` escaped, then a line break.
pub(crate) fn push_line(out: &mut String, line: &str) {
    out.push_str(&escape(line));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert!(matches!(escape("alice ok: 70107"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}]0;owned\u{7}b"), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(escape("x\r\ny\tz"), "x\\r\\ny\\tz");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("\u{7f}"), "\\u{7f}");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        // Printable non-ASCII stays as it is.
        assert_eq!(escape("Zoë 张三 \u{a0}"), "Zoë 张三 \u{a0}");
    }

    #[test]
    fn json_strings_are_escaped_for_a_terminal_and_stay_json() {
        #[derive(Serialize)]
        struct Line<'a> {
            text: &'a str,
        }
        let text = "a\u{1b}[31m\u{7f}\u{9b}b\u{202e}c\u{2066}d\"\\é张";
        let line = json_line(&Line { text });
        assert_eq!(
            line,
            "{\"text\":\"a\\u001b[31m\\u007f\\u009bb\\u202ec\\u2066d\\\"\\\\é张\"}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["text"], text, "a JSON reader gets the same string");
        let pretty = json_pretty(&Line { text });
        assert!(pretty.contains("\n  \"text\": \"a\\u001b"), "{pretty}");
        assert!(
            !pretty.chars().any(|c| is_unsafe(c) && c != '\n'),
            "{pretty}"
        );
    }
}
