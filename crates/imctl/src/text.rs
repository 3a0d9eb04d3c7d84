//! Text bound for a terminal: control characters escaped, so that a server's `ErrorInfo` or a
//! line of an input file can neither forge output lines nor drive the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

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

/// Appends `line` escaped, then a line break.
pub(crate) fn push_line(out: &mut String, line: &str) {
    out.push_str(&escape(line));
    out.push('\n');
}

/// `text` (which may hold several lines) with each line escaped and the line breaks kept.
pub(crate) fn escape_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        push_line(&mut out, line);
    }
    out
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
    fn lines_keep_their_breaks() {
        assert_eq!(
            escape_lines("{\n  \"a\": \"\u{1b}\"\n}\n"),
            "{\n  \"a\": \"\\u{1b}\"\n}\n"
        );
    }
}
