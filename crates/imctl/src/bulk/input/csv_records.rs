//! CSV records from the lines of one input: a quoted field may span lines, and one
//! `csv_core` reader (no allocation per record) splits every record of the file into fields.
//!
//! The `csv` crates are lenient by design: an unbalanced quote silently swallows the following
//! lines, a quote inside an unquoted field is kept as text. A bad line must be reported, so
//! each record's quoting is checked first, as RFC 4180 has it: a quoted field starts with its
//! quote (no space before it), `""` inside it is a quote, and only spaces may follow its
//! closing quote before the next comma.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};

use super::limits::MAX_LINE_BYTES;

/// What one line gave.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// The line ends inside a quoted field: the record goes on with the next line.
    Continues,
    /// A whole record's fields, trimmed of ASCII whitespace.
    Record(Vec<String>),
    /// The record breaks the quoting rules, and why (its first line is where it started).
    Bad(String),
}

/// Splits the records of one CSV input.
pub(super) struct CsvRecords {
    reader: Reader,
    /// A record that continues on the next line: where it started, its text so far, and where
    /// the quote scan is in it (each line is scanned once).
    pending: Option<Pending>,
    out: Vec<u8>,
    ends: Vec<usize>,
}

/// A record spanning lines, so far.
struct Pending {
    start: u64,
    text: String,
    scan: Scan,
}

impl std::fmt::Debug for CsvRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRecords")
            .field("pending", &self.started_at())
            .finish_non_exhaustive()
    }
}

/// Where a quote scan is inside a record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of `""`.
    QuoteInQuoted,
    /// After a closing quote, spaces only.
    Closed,
}

/// The quote scan of one record: where it is, and in which field.
#[derive(Clone, Copy)]
struct Scan {
    at: At,
    column: usize,
}

impl CsvRecords {
    pub(super) fn new() -> Self {
        CsvRecords {
            // Records end at a line break only: a lone CR is no terminator (a line's CR was
            // cut with its LF; any other one is refused by the quote scan, outside quotes).
            reader: ReaderBuilder::new()
                .terminator(Terminator::Any(b'\n'))
                .build(),
            pending: None,
            out: vec![0; 1024],
            ends: vec![0; 16],
        }
    }

    /// The first line of the record being read, when it spans lines.
    pub(super) fn started_at(&self) -> Option<u64> {
        self.pending.as_ref().map(|p| p.start)
    }

    /// Takes line number `line` (its break removed).
    pub(super) fn line(&mut self, line: u64, text: &str) -> Step {
        let mut record = match self.pending.take() {
            Some(mut pending) => {
                pending.text.push('\n');
                pending.text.push_str(text);
                pending
            }
            None => Pending {
                start: line,
                text: text.to_owned(),
                scan: Scan::new(),
            },
        };
        match record.scan.scan(text) {
            Err(why) => Step::Bad(why),
            Ok(true) if record.text.len() > MAX_LINE_BYTES => Step::Bad(format!(
                "a quoted field opened on line {} runs over {} KiB: an unbalanced quote?",
                record.start,
                MAX_LINE_BYTES / 1024
            )),
            Ok(true) => {
                self.pending = Some(record);
                Step::Continues
            }
            Ok(false) => match self.fields(record.text.as_bytes()) {
                Some(fields) => Step::Record(fields),
                None => Step::Bad("holds more than one CSV record".to_owned()),
            },
        }
    }

    /// A line that could not be read (too long, not UTF-8) ends the record being read, if
    /// any: its first line, and why it is bad.
    pub(super) fn abandon(&mut self, line: u64, why: &str) -> Option<(u64, String)> {
        let pending = self.pending.take()?;
        Some((
            pending.start,
            format!(
                "a quoted field opened on line {} runs into line {line}, which {why}",
                pending.start
            ),
        ))
    }

    /// At the end of the input: a record still open is bad (its first line, and why).
    pub(super) fn finish(&mut self) -> Option<(u64, String)> {
        let start = self.pending.take()?.start;
        Some((
            start,
            format!("a quoted field opened on line {start} never closes: an unbalanced quote"),
        ))
    }

    /// Splits a checked record into its fields: the record, then a line break, through the
    /// reader (field ends are offsets into the record's output across calls, as in `csv`).
    /// `None` when the reader ends a record before the end of the text.
    fn fields(&mut self, record: &[u8]) -> Option<Vec<String>> {
        let (mut written, mut ended, mut rest) = (0, 0, 0);
        'parts: for part in [record, b"\n"] {
            let mut input = part;
            loop {
                let (result, read, out, ends) = self.reader.read_record(
                    input,
                    &mut self.out[written..],
                    &mut self.ends[ended..],
                );
                input = &input[read..];
                written += out;
                ended += ends;
                match result {
                    ReadRecordResult::InputEmpty => break,
                    ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                    ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                    ReadRecordResult::Record | ReadRecordResult::End => {
                        rest = input.len();
                        break 'parts;
                    }
                }
            }
        }
        if rest > 0 {
            self.reader.reset();
            return None;
        }
        let mut fields = Vec::with_capacity(ended);
        let mut start = 0;
        for &end in &self.ends[..ended] {
            let field = String::from_utf8_lossy(&self.out[start..end]);
            fields.push(
                field
                    .trim_matches(|c: char| c.is_ascii_whitespace())
                    .to_owned(),
            );
            start = end;
        }
        Some(fields)
    }
}

impl Scan {
    fn new() -> Self {
        Scan {
            at: At::FieldStart,
            column: 1,
        }
    }

    /// Checks the quoting of `text`, one more line of the record; whether it ends inside a
    /// quoted field (and so goes on with the next line).
    fn scan(&mut self, text: &str) -> Result<bool, String> {
        for c in text.chars() {
            self.at = self.step(c)?;
        }
        Ok(self.at == At::Quoted)
    }

    fn step(&mut self, c: char) -> Result<At, String> {
        let column = self.column;
        Ok(match (self.at, c) {
            (At::Quoted, '"') => At::QuoteInQuoted,
            (At::Quoted, _) | (At::QuoteInQuoted, '"') => At::Quoted,
            (_, '\r') => {
                return Err(
                    "has a carriage return (CR) outside quotes: a file with old Mac line breaks? Use LF or CRLF".to_owned(),
                );
            }
            (At::FieldStart | At::Unquoted | At::Closed | At::QuoteInQuoted, ',') => {
                self.column += 1;
                At::FieldStart
            }
            (At::FieldStart, '"') => At::Quoted,
            (At::Unquoted, '"') => {
                return Err(format!(
                    "has a quote inside the unquoted field {column}: a quoted field starts with its quote (no space before it), and a quote inside one is written \"\""
                ));
            }
            (At::FieldStart | At::Unquoted, _) => At::Unquoted,
            (At::QuoteInQuoted | At::Closed, c) if c.is_ascii_whitespace() => At::Closed,
            (At::QuoteInQuoted | At::Closed, _) => {
                return Err(format!(
                    "has text after the closing quote of field {column}: a quote inside a quoted field is written \"\""
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&str]) -> Step {
        Step::Record(fields.iter().map(|f| (*f).to_owned()).collect())
    }

    #[test]
    fn fields_are_split_trimmed_and_unquoted() {
        let mut csv = CsvRecords::new();
        assert_eq!(csv.line(1, "a, b ,c"), record(&["a", "b", "c"]));
        assert_eq!(csv.line(2, "\"b,c\",,"), record(&["b,c", "", ""]));
        assert_eq!(
            csv.line(3, "\"say \"\"hi\"\"\" ,x"),
            record(&["say \"hi\"", "x"])
        );
        assert_eq!(csv.line(4, "solo"), record(&["solo"]));
        let long = "x".repeat(5000);
        assert_eq!(csv.line(5, &format!("{long},y")), record(&[&long, "y"]));
        assert_eq!(csv.finish(), None);
    }

    #[test]
    fn a_carriage_return_is_refused_outside_quotes_and_kept_inside() {
        let mut csv = CsvRecords::new();
        match csv.line(1, "a,A\rb,B") {
            Step::Bad(why) => assert!(why.contains("carriage return"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(csv.line(2, "\"x\ry\",z"), record(&["x\ry", "z"]));
    }

    #[test]
    fn a_line_that_cannot_be_read_ends_the_record_it_was_in() {
        let mut csv = CsvRecords::new();
        assert_eq!(csv.line(2, "a,\"open"), Step::Continues);
        let (start, why) = csv.abandon(3, "is longer than 64 KiB").unwrap();
        assert_eq!(start, 2);
        assert!(why.contains("runs into line 3, which is longer"), "{why}");
        assert_eq!(csv.started_at(), None);
        assert_eq!(csv.abandon(4, "x"), None);
    }

    #[test]
    fn a_quoted_field_may_span_lines() {
        let mut csv = CsvRecords::new();
        assert_eq!(csv.line(1, "a,\"two"), Step::Continues);
        assert_eq!(csv.started_at(), Some(1));
        assert_eq!(csv.line(2, "lines\",b"), record(&["a", "two\nlines", "b"]));
        assert_eq!(csv.started_at(), None);
        assert_eq!(csv.line(3, "c,d"), record(&["c", "d"]));
    }

    #[test]
    fn bad_quoting_is_a_bad_record() {
        let mut csv = CsvRecords::new();
        let bad = |step: Step| match step {
            Step::Bad(why) => why,
            other => panic!("{other:?}"),
        };
        assert!(bad(csv.line(1, "al\"ice,x")).contains("inside the unquoted field 1"));
        assert!(bad(csv.line(2, "a, \"b\"")).contains("no space before it"));
        assert!(bad(csv.line(3, "\"a\"b,c")).contains("after the closing quote of field 1"));
        assert_eq!(csv.line(4, "\"open,x"), Step::Continues);
        assert_eq!(csv.line(5, "more"), Step::Continues);
        let (line, why) = csv.finish().unwrap();
        assert_eq!(line, 4);
        assert!(why.contains("never closes"), "{why}");
        // An open quote that runs on and on is cut.
        assert_eq!(csv.line(6, "\"x"), Step::Continues);
        let chunk = "y".repeat(1024);
        let mut last = Step::Continues;
        for n in 0..70 {
            last = csv.line(7 + n, &chunk);
            if last != Step::Continues {
                break;
            }
        }
        assert!(bad(last).contains("runs over 64 KiB"));
        assert_eq!(csv.line(100, "fresh,start"), record(&["fresh", "start"]));
    }
}
