//! The input formats, and how one line becomes an account.
//!
//! - `lines`: one UserID per line; a line starting with `{` is a JSON object as in `jsonl`, and
//!   one starting with `[` or `"` (JSON that is not an object) is a bad line.
//! - `jsonl`: one JSON object per line with a `"UserID"` string (and, for import, `"Nick"` and
//!   `"FaceUrl"` strings); unknown keys are ignored, a repeated key is a bad line.
//! - `csv`: one record per line (a quoted field cannot span lines); a first line naming a
//!   `UserID` column is the header (columns matched ignoring case, unknown ones ignored), else the
//!   columns are `UserID,Nick,FaceUrl` in that order.
//!
//! In every format, lines are trimmed of ASCII whitespace, blank lines and lines starting with
//! `#` are skipped, and a byte order mark is stripped from line 1 (anywhere else, it makes the
//! line bad: two files were probably joined).

use std::path::Path;

use serde::Deserialize;

use super::columns::Columns;
use super::csv_records::{CsvRecords, Step};
use super::member_line;
use super::pair_line::{self, PairColumns};
pub(crate) use super::parsed::{Fields, Parsed, Record};
use super::profile_line::ProfileLine;

/// The format enum is `--format`'s, in cli.rs; what each one means is here.
pub(crate) use crate::bulk::args::InputFormat as Format;

impl Format {
    /// The format a file name implies: `.csv`, `.jsonl`/`.ndjson`/`.json`, `.txt`/`.lst`.
    pub(crate) fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "txt" | "lst" => Some(Format::Lines),
            _ => None,
        }
    }

    /// The format the first data line suggests: an object is JSON Lines, a comma means CSV,
    /// anything else is one UserID per line.
    fn sniff(first: &str) -> Format {
        if first.starts_with('{') {
            Format::Jsonl
        } else if first.contains(',') {
            Format::Csv
        } else {
            Format::Lines
        }
    }

    /// The name `--format` takes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Lines => "lines",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Parses the lines of one input in order (the format and the CSV columns are settled by the
/// first data line).
#[derive(Debug)]
pub(crate) struct LineParser {
    format: Option<Format>,
    fields: Fields,
    columns: Option<Columns>,
    /// The CSV columns of a file of pairs.
    pair_columns: Option<PairColumns>,
    /// The CSV records (one reader for the whole input).
    csv: CsvRecords,
}

impl LineParser {
    /// A parser of `format` (`None`: decided by the first data line).
    pub(crate) fn new(format: Option<Format>, fields: Fields) -> Self {
        LineParser {
            format,
            fields,
            columns: None,
            pair_columns: None,
            csv: CsvRecords::new(),
        }
    }

    /// The first line of the record being read when it spans lines (a CSV quoted field).
    pub(crate) fn record_start(&self) -> Option<u64> {
        self.csv.started_at()
    }

    /// Line `line` could not be read (`why`: too long, not UTF-8): a CSV record it was part of
    /// ends as one bad line at its first line.
    pub(crate) fn abandon(&mut self, line: u64, why: &str) -> Option<(u64, Parsed)> {
        self.csv
            .abandon(line, why)
            .map(|(start, why)| (start, Parsed::Bad(why)))
    }

    /// At the end of the input: a CSV record left open is a bad line (at its first line).
    pub(crate) fn finish(&mut self) -> Option<(u64, Parsed)> {
        self.csv
            .finish()
            .map(|(line, why)| (line, Parsed::Bad(why)))
    }

    /// Parses line number `line` (1-based), its line break already removed.
    pub(crate) fn parse(&mut self, line: u64, text: &str) -> Parsed {
        if self.csv.started_at().is_some() {
            // Inside a quoted field: the line is part of it as it is.
            return self.csv(line, text);
        }
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) if line == 1 => rest,
            Some(_) => {
                return Parsed::Bad(
                    "starts with a byte order mark (U+FEFF), as if two files were joined: remove it"
                        .to_owned(),
                );
            }
            None => text,
        };
        // ASCII whitespace only (CRLF endings included): a UserID may legitimately end in a
        // non-breaking or ideographic space, which must not be silently dropped.
        let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.is_empty() || text.starts_with('#') {
            return Parsed::Skip;
        }
        match *self.format.get_or_insert_with(|| Format::sniff(text)) {
            Format::Lines => self.plain(text),
            Format::Jsonl if text.starts_with('{') => self.json(text),
            Format::Jsonl => Parsed::Bad(not_an_object()),
            Format::Csv => self.csv(line, text),
        }
    }

    fn plain(&self, text: &str) -> Parsed {
        if self.fields == Fields::Group && !text.starts_with('{') {
            return Parsed::Bad(member_line::NOT_A_GROUP.to_owned());
        }
        if self.fields == Fields::Pair && !text.starts_with('{') {
            return Parsed::Bad(
                "is neither a JSON object nor From_Account,To_Account: a pair needs both"
                    .to_owned(),
            );
        }
        if text.starts_with('{') {
            self.json(text)
        } else if text.starts_with(['[', '"']) {
            Parsed::Bad(not_an_object())
        } else {
            Parsed::Record(Record::id(text))
        }
    }

    fn json(&self, text: &str) -> Parsed {
        if self.fields == Fields::Pair {
            return pair_line::json(from_json::<pair_line::PairLine>(text));
        }
        if self.fields == Fields::Member {
            return member_line::json(from_json::<member_line::MemberLine>(text));
        }
        if self.fields == Fields::Group {
            return member_line::group(from_json(text));
        }
        let parsed = match self.fields {
            Fields::Recipient => from_json::<RecipientLine>(text).map(|l| Record::id(l.to)),
            // Pairs and members are read above.
            Fields::UserId | Fields::Pair | Fields::Member | Fields::Group => {
                from_json::<IdLine>(text).map(|l| Record::id(l.user_id))
            }
            Fields::Import => from_json::<AccountLine>(text).map(|l| Record {
                user_id: l.user_id,
                nick: l.nick,
                face_url: l.face_url,
                profile: None,
                pair: None,
                member: None,
                group: None,
            }),
            Fields::Profile => from_json::<ProfileLine>(text).map(|l| {
                let mut record = Record::id(l.user_id);
                record.profile = Some(Box::new(l.profile));
                record
            }),
        };
        match parsed {
            Ok(record) => Parsed::Record(record),
            // The other fields may be at fault while the UserID is readable.
            Err(why) => match from_json::<IdLine>(text) {
                Ok(line) => Parsed::BadFields {
                    user_id: line.user_id,
                    why,
                },
                Err(_) => Parsed::Bad(why),
            },
        }
    }

    fn csv(&mut self, line: u64, text: &str) -> Parsed {
        if self.csv.started_at().is_none() && text.starts_with('{') {
            return Parsed::Bad(
                "is a JSON object, but this input is read as CSV (from its name, --format or its first line): give one format per file"
                    .to_owned(),
            );
        }
        let fields = match self.csv.line(line, text) {
            Step::Record(fields) => fields,
            Step::Continues => return Parsed::Continues,
            Step::Bad(why) => return Parsed::Bad(why),
        };
        if self.fields == Fields::Pair {
            return self.pair_csv(&fields);
        }
        if self.fields == Fields::Member {
            return Parsed::Stop(member_line::NO_CSV.to_owned());
        }
        if self.fields == Fields::Group {
            return Parsed::Stop(member_line::NO_GROUP_CSV.to_owned());
        }
        let columns = match &self.columns {
            Some(columns) => columns,
            None => match Columns::from_header(&fields, self.fields) {
                Some(Ok(columns)) => {
                    self.columns = Some(columns);
                    return Parsed::Skip;
                }
                Some(Err(what)) => return Parsed::Stop(what),
                None => match Columns::positional(self.fields) {
                    Some(columns) => self.columns.insert(columns),
                    None => {
                        return Parsed::Stop(
                            "a CSV file of profiles needs a header naming its columns (UserID,Nick,Gender,...)"
                                .to_owned(),
                        );
                    }
                },
            },
        };
        columns.record(&fields, self.fields)
    }
}

impl LineParser {
    /// One CSV record of a file of pairs (its first one may be the header).
    fn pair_csv(&mut self, fields: &[String]) -> Parsed {
        if let Some(columns) = &self.pair_columns {
            return columns.record(fields);
        }
        match PairColumns::from_header(fields) {
            Some(Ok(columns)) => {
                self.pair_columns = Some(columns);
                Parsed::Skip
            }
            Some(Err(what)) => Parsed::Stop(what),
            None => self
                .pair_columns
                .insert(PairColumns::positional())
                .record(fields),
        }
    }
}

fn not_an_object() -> String {
    "is not a JSON object; a JSON line must be an object with a \"UserID\"".to_owned()
}

/// A JSON line of a job that only needs the UserID.
#[derive(Deserialize)]
struct IdLine {
    #[serde(rename = "UserID")]
    user_id: String,
}

/// A JSON line of a message's recipient (`To_Account`, as the send APIs name it, or `UserID`).
#[derive(Deserialize)]
struct RecipientLine {
    #[serde(rename = "To_Account", alias = "UserID")]
    to: String,
}

/// A JSON line of an import.
#[derive(Deserialize)]
struct AccountLine {
    #[serde(rename = "UserID")]
    user_id: String,
    #[serde(rename = "Nick", default)]
    nick: Option<String>,
    #[serde(rename = "FaceUrl", default)]
    face_url: Option<String>,
}

/// Deserializes one JSON value filling the whole line; the error names the key at fault and the
/// column.
fn from_json<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = json_error(e.inner());
        if let Some(key) = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(key, _)| key)
        {
            format!("the JSON object has no \"{key}\"")
        } else if path == "." || path == "?" {
            format!("malformed JSON: {inner}")
        } else {
            format!("malformed JSON: \"{path}\": {inner}")
        }
    })?;
    de.end()
        .map_err(|e| format!("malformed JSON: {}", json_error(&e)))?;
    Ok(value)
}

/// serde_json's message with the column, without its "line 1" (the file line is given).
fn json_error(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let message = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    format!("{message} at column {}", err.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(format: Option<Format>, fields: Fields, text: &str) -> Parsed {
        LineParser::new(format, fields).parse(7, text)
    }

    fn record(user_id: &str, nick: Option<&str>, face_url: Option<&str>) -> Parsed {
        Parsed::Record(Record {
            user_id: user_id.into(),
            nick: nick.map(Into::into),
            face_url: face_url.map(Into::into),
            profile: None,
            pair: None,
            member: None,
            group: None,
        })
    }

    fn bad(parsed: Parsed) -> String {
        match parsed {
            Parsed::Bad(what) | Parsed::BadFields { why: what, .. } => what,
            other => panic!("not bad: {other:?}"),
        }
    }

    #[test]
    fn plain_lines() {
        let lines = Some(Format::Lines);
        assert_eq!(
            one(lines, Fields::Import, "  alice \r"),
            record("alice", None, None)
        );
        assert_eq!(one(lines, Fields::Import, "   "), Parsed::Skip);
        assert_eq!(one(lines, Fields::Import, "# comment"), Parsed::Skip);
        // Only ASCII whitespace is trimmed: a trailing no-break space is part of the UserID.
        assert_eq!(
            one(lines, Fields::Import, "alice\u{a0}"),
            record("alice\u{a0}", None, None)
        );
        // Numbers and words that happen to be JSON are UserIDs.
        assert_eq!(
            one(lines, Fields::Import, "12345"),
            record("12345", None, None)
        );
        assert_eq!(
            one(lines, Fields::Import, "null"),
            record("null", None, None)
        );
        // A comma in `lines` is part of the UserID (the job warns it is unconventional).
        assert_eq!(one(lines, Fields::Import, "a,b"), record("a,b", None, None));
        for text in ["[1,2,3]", "\"text\""] {
            assert!(bad(one(lines, Fields::Import, text)).contains("not a JSON object"));
        }
    }

    #[test]
    fn json_lines() {
        let jsonl = Some(Format::Jsonl);
        assert_eq!(
            one(
                jsonl,
                Fields::Import,
                r#"{"UserID":"bob","Nick":"Bob","FaceUrl":"http://x/b.png","Age":3}"#
            ),
            record("bob", Some("Bob"), Some("http://x/b.png"))
        );
        assert_eq!(
            one(jsonl, Fields::UserId, r#"{"UserID":"bob","Nick":5}"#),
            record("bob", None, None)
        );
        assert_eq!(
            one(jsonl, Fields::Import, r#"{"UserID":"bob","Nick":null}"#),
            record("bob", None, None)
        );
        let reason = |text| bad(one(jsonl, Fields::Import, text));
        assert!(reason(r#"{"UserID": "bob""#).starts_with("malformed JSON: "));
        assert_eq!(
            reason(r#"{"Nick":"x"}"#),
            "the JSON object has no \"UserID\""
        );
        assert_eq!(
            reason(r#"{"UserID": "bob""#),
            "malformed JSON: EOF while parsing an object at column 16"
        );
        assert!(reason(r#"{"UserID":1}"#).contains("\"UserID\": invalid type"));
        assert!(reason(r#"{"UserID":"a","Nick":1}"#).contains("\"Nick\": invalid type"));
        assert!(reason(r#"{"UserID":"a","UserID":"b"}"#).contains("duplicate field `UserID`"));
        assert!(reason(r#"{"UserID":"a"} trailing"#).contains("trailing characters"));
        assert!(reason("alice").contains("not a JSON object"));
        assert!(reason("[1,2,3]").contains("not a JSON object"));
        // In `lines`, an object line is JSON too, with the same rules.
        let lines = Some(Format::Lines);
        assert!(
            bad(one(lines, Fields::Import, r#"{"UserID":"a","UserID":"b"}"#)).contains("duplicate")
        );
    }

    #[test]
    fn csv_with_and_without_a_header() {
        let mut p = LineParser::new(Some(Format::Csv), Fields::Import);
        assert_eq!(p.parse(1, "userid, FaceUrl ,Email"), Parsed::Skip);
        assert_eq!(
            p.parse(2, "a,http://x/a.png,a@x"),
            record("a", None, Some("http://x/a.png"))
        );
        assert_eq!(p.parse(3, "\"b,c\",,"), record("b,c", None, None));
        assert!(bad(p.parse(4, ",http://x")).contains("no UserID"));
        assert!(bad(p.parse(5, "a,b,c,d")).contains("more than the 3 columns"));

        let mut p = LineParser::new(Some(Format::Csv), Fields::Import);
        assert_eq!(
            p.parse(1, "cr4,Nick Four"),
            record("cr4", Some("Nick Four"), None)
        );
        assert!(bad(p.parse(2, "a,b,c,d")).contains("more than the 3 columns"));
        let mut p = LineParser::new(Some(Format::Csv), Fields::UserId);
        assert_eq!(p.parse(1, "cr4,Nick Four"), record("cr4", None, None));

        let mut p = LineParser::new(Some(Format::Csv), Fields::Import);
        assert!(
            matches!(p.parse(1, "UserID,Nick,nick"), Parsed::Stop(m) if m.contains("column nick twice"))
        );
    }

    #[test]
    fn the_first_data_line_decides_the_format() {
        let mut p = LineParser::new(None, Fields::Import);
        assert_eq!(p.parse(1, "# users"), Parsed::Skip);
        assert_eq!(
            p.parse(2, "cr4,Nick Four"),
            record("cr4", Some("Nick Four"), None)
        );
        let mut p = LineParser::new(None, Fields::Import);
        assert_eq!(p.parse(1, "UserID,Nick"), Parsed::Skip);
        assert_eq!(p.parse(2, "a,A"), record("a", Some("A"), None));
        let mut p = LineParser::new(None, Fields::Import);
        assert_eq!(p.parse(1, r#"{"UserID":"a"}"#), record("a", None, None));
        assert!(bad(p.parse(2, "b")).contains("not a JSON object"));
        let mut p = LineParser::new(None, Fields::Import);
        assert_eq!(p.parse(1, "a"), record("a", None, None));
        assert_eq!(p.parse(2, r#"{"UserID":"b"}"#), record("b", None, None));
        assert_eq!(
            Format::from_path(Path::new("x/users.CSV")),
            Some(Format::Csv)
        );
        assert_eq!(
            Format::from_path(Path::new("users.ndjson")),
            Some(Format::Jsonl)
        );
        assert_eq!(Format::from_path(Path::new("users")), None);
    }

    proptest::proptest! {
        /// Whatever the lines, parsing never panics, and a UserID not from JSON never starts
        /// or ends with ASCII whitespace.
        #[test]
        fn any_line_parses_to_one_answer(
            lines in proptest::collection::vec(any_line(), 1..8),
            format in proptest::option::of(proptest::sample::select(vec![Format::Lines, Format::Jsonl, Format::Csv])),
        ) {
            let mut p = LineParser::new(format, Fields::Import);
            for (i, line) in lines.iter().enumerate() {
                if let Parsed::Record(r) = p.parse(i as u64 + 1, line) {
                    let from_json = line.trim_start_matches(['\u{feff}', ' ', '\t']).starts_with('{');
                    proptest::prop_assert!(from_json || r.user_id.trim_ascii() == r.user_id);
                }
            }
        }
    }

    fn any_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            any::<String>(),
            "[{}\\[\\]\",:a-z0-9 \t\u{feff}#]{0,40}",
            "\\{\"UserID\":\"[a-z\",]{0,6}\"(,\"Nick\":[0-9a-z\"]{0,4})?\\}",
        ]
    }

    #[test]
    fn profile_lines() {
        use im_proto::Gender;
        let profile = |parsed: Parsed| match parsed {
            Parsed::Record(Record {
                profile: Some(p), ..
            }) => *p,
            other => panic!("no profile: {other:?}"),
        };
        let jsonl = Some(Format::Jsonl);
        let p = profile(one(
            jsonl,
            Fields::Profile,
            r#"{"UserID":"a","Nick":"A","gender":"Gender_Type_Male","FaceUrl":"http://x","Tag_Profile_IM_Level":3,"Tag_Profile_Custom_Team":"red","Role":null}"#,
        ));
        assert_eq!(p.nick.as_deref(), Some("A"));
        assert_eq!(p.gender, Some(Gender::Male));
        assert_eq!(p.image.as_deref(), Some("http://x"));
        assert_eq!(p.level, Some(3));
        assert_eq!(p.role, None);
        assert_eq!(p.other["Tag_Profile_Custom_Team"], "red".into());
        let reason = |text| bad(one(jsonl, Fields::Profile, text));
        assert!(reason(r#"{"UserID":"a","Nik":"A"}"#).contains("unknown profile field \"Nik\""));
        assert!(
            reason(r#"{"UserID":"a","Nick":"A","Nick":"B"}"#).contains("duplicate field `Nick`")
        );
        assert!(
            reason(r#"{"UserID":"a","Level":-1}"#)
                .contains("neither a string nor an unsigned integer")
        );
        assert!(reason(r#"{"Nick":"A"}"#).contains("no \"UserID\""));
        // A value of the wrong type is kept for the job to refuse with its rule.
        let p = profile(one(
            jsonl,
            Fields::Profile,
            r#"{"UserID":"a","BirthDay":"1990"}"#,
        ));
        assert_eq!(p.other["Tag_Profile_IM_BirthDay"], "1990".into());

        let mut csv = LineParser::new(Some(Format::Csv), Fields::Profile);
        assert_eq!(
            csv.parse(1, "UserID,Nick,BirthDay,Tag_Profile_Custom_Id"),
            Parsed::Skip
        );
        let p = profile(csv.parse(2, "a,Alice,19900101,007"));
        assert_eq!(
            (p.nick.as_deref(), p.birthday),
            (Some("Alice"), Some(19_900_101))
        );
        assert_eq!(p.other["Tag_Profile_Custom_Id"], "007".into());
        let mut csv = LineParser::new(Some(Format::Csv), Fields::Profile);
        assert!(
            matches!(csv.parse(1, "UserID,Nik"), Parsed::Stop(m) if m.contains("unknown profile field"))
        );
        let mut csv = LineParser::new(Some(Format::Csv), Fields::Profile);
        assert!(matches!(csv.parse(1, "a,Alice"), Parsed::Stop(m) if m.contains("needs a header")));
    }

    #[test]
    fn csv_headers_we_do_not_know_and_json_lines_are_refused() {
        for header in ["user_id,nick", "User ID,Nickname", "id,name,email"] {
            let mut p = LineParser::new(Some(Format::Csv), Fields::Import);
            match p.parse(1, header) {
                Parsed::Stop(m) => {
                    assert!(m.contains("no UserID column"), "{m}");
                    assert!(m.contains("UserID, Nick, FaceUrl"), "{m}");
                }
                other => panic!("{header}: {other:?}"),
            }
        }
        let mut p = LineParser::new(Some(Format::Csv), Fields::Import);
        assert_eq!(
            p.parse(1, "alice,Alice"),
            record("alice", Some("Alice"), None)
        );
        assert!(bad(p.parse(2, r#"{"UserID":"bob"}"#)).contains("is a JSON object"));
    }

    #[test]
    fn csv_records_may_span_lines_and_must_balance_their_quotes() {
        let mut p = LineParser::new(Some(Format::Csv), Fields::Import);
        assert_eq!(p.parse(1, "UserID,Nick"), Parsed::Skip);
        assert_eq!(p.parse(2, "a,\"first"), Parsed::Continues);
        assert_eq!(p.record_start(), Some(2));
        // Inside the quotes, a blank line and a # line are part of the field.
        assert_eq!(p.parse(3, ""), Parsed::Continues);
        assert_eq!(
            p.parse(4, "# second\""),
            record("a", Some("first\n\n# second"), None)
        );
        assert_eq!(p.record_start(), None);
        assert!(bad(p.parse(5, "b,Bo\"b")).contains("quote inside the unquoted field 2"));
        assert_eq!(p.parse(6, "c,\"never closed"), Parsed::Continues);
        assert_eq!(p.parse(7, "d,D"), Parsed::Continues);
        let (line, parsed) = p.finish().unwrap();
        assert_eq!(line, 6);
        assert!(bad(parsed).contains("never closes"));
    }

    #[test]
    fn byte_order_marks() {
        let mut p = LineParser::new(None, Fields::Import);
        assert_eq!(p.parse(1, "\u{feff}alice"), record("alice", None, None));
        assert!(bad(p.parse(2, "\u{feff}bob")).contains("byte order mark"));
    }
}
