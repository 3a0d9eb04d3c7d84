//! A relationship pair read from a line: a JSON object with `From_Account` and `To_Account`
//! (and the optional `AddSource`, `Remark`, `GroupName`, `AddWording`, `AddTime`), or a CSV
//! record under a header naming those columns (without a header: `From_Account,To_Account`).

use im_relations::Pair;
use serde::Deserialize;

use super::parsed::{Parsed, Record};

/// What one CSV column of pairs holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    From,
    To,
    AddSource,
    Remark,
    GroupName,
    AddWording,
    AddTime,
    Ignored,
}

/// The names of the columns, as the APIs name the fields.
const NAMES: [(&str, Column); 7] = [
    ("From_Account", Column::From),
    ("To_Account", Column::To),
    ("AddSource", Column::AddSource),
    ("Remark", Column::Remark),
    ("GroupName", Column::GroupName),
    ("AddWording", Column::AddWording),
    ("AddTime", Column::AddTime),
];

/// Where the columns of a CSV file of pairs are.
#[derive(Clone, Debug)]
pub(super) struct PairColumns(Vec<Column>);

impl PairColumns {
    /// Without a header: `From_Account,To_Account`.
    pub(super) fn positional() -> Self {
        PairColumns(vec![Column::From, Column::To])
    }

    /// The columns a header names; `None` when `fields` names no `From_Account` (data); an
    /// error for a header without `To_Account` or naming a column twice.
    pub(super) fn from_header(fields: &[String]) -> Option<Result<Self, String>> {
        let named = |name: &str| fields.iter().any(|f| f.eq_ignore_ascii_case(name));
        if !named("From_Account") {
            return None;
        }
        if !named("To_Account") {
            return Some(Err(
                "the CSV header names From_Account but no To_Account column".to_owned(),
            ));
        }
        let mut columns = Vec::with_capacity(fields.len());
        for field in fields {
            let column = NAMES
                .iter()
                .find(|(name, _)| field.eq_ignore_ascii_case(name))
                .map_or(Column::Ignored, |(_, column)| *column);
            if column != Column::Ignored && columns.contains(&column) {
                return Some(Err(format!(
                    "the CSV header names the column {field} twice"
                )));
            }
            columns.push(column);
        }
        Some(Ok(PairColumns(columns)))
    }

    /// One record of these columns.
    pub(super) fn record(&self, fields: &[String]) -> Parsed {
        if fields.len() > self.0.len() {
            return Parsed::Bad(format!(
                "has {} CSV fields, more than the {} columns (From_Account,To_Account without a header)",
                fields.len(),
                self.0.len()
            ));
        }
        let mut pair = Pair::default();
        for (column, value) in self.0.iter().zip(fields).filter(|(_, v)| !v.is_empty()) {
            let value = value.clone();
            match column {
                Column::From => pair.from = value,
                Column::To => pair.to = value,
                Column::AddSource => pair.add_source = Some(value),
                Column::Remark => pair.remark = Some(value),
                Column::GroupName => pair.group_name.push(value),
                Column::AddWording => pair.add_wording = Some(value),
                Column::AddTime => match value.parse() {
                    Ok(t) => pair.add_time = Some(t),
                    Err(_) => {
                        return Parsed::Bad(format!(
                            "AddTime {value:?} is not a number of seconds"
                        ));
                    }
                },
                Column::Ignored => {}
            }
        }
        record(pair)
    }
}

/// The record of a pair; a bad line when one side is missing.
fn record(pair: Pair) -> Parsed {
    if pair.from.is_empty() || pair.to.is_empty() {
        return Parsed::Bad("needs both From_Account and To_Account".to_owned());
    }
    let mut record = Record::id(format!("{},{}", pair.from, pair.to));
    record.pair = Some(Box::new(pair));
    Parsed::Record(record)
}

/// `GroupName`: one name, or a list of names (friend_import takes several).
#[derive(Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

/// A JSON line of pairs.
#[derive(Deserialize)]
pub(super) struct PairLine {
    #[serde(rename = "From_Account")]
    from: String,
    #[serde(rename = "To_Account")]
    to: String,
    #[serde(rename = "AddSource", default)]
    add_source: Option<String>,
    #[serde(rename = "Remark", default)]
    remark: Option<String>,
    #[serde(rename = "GroupName", default)]
    group_name: Option<Names>,
    #[serde(rename = "AddWording", default)]
    add_wording: Option<String>,
    #[serde(rename = "AddTime", default)]
    add_time: Option<i64>,
}

/// A JSON line as a pair, by `parse` (the shared reader of JSON lines, naming the key at
/// fault).
pub(super) fn json(parsed: Result<PairLine, String>) -> Parsed {
    let line = match parsed {
        Ok(line) => line,
        Err(why) => return Parsed::Bad(why),
    };
    let mut pair = Pair::new(line.from, line.to);
    pair.add_source = line.add_source;
    pair.remark = line.remark;
    pair.add_wording = line.add_wording;
    pair.add_time = line.add_time;
    pair.group_name = match line.group_name {
        None => Vec::new(),
        Some(Names::One(name)) => vec![name],
        Some(Names::Many(names)) => names,
    };
    record(pair)
}

#[cfg(test)]
mod tests {
    use super::super::format::LineParser;
    use super::super::parsed::Fields;
    use super::*;

    fn pair(parsed: Parsed) -> Pair {
        match parsed {
            Parsed::Record(record) => *record.pair.expect("a pair"),
            other => panic!("not a pair: {other:?}"),
        }
    }

    #[test]
    fn a_csv_header_names_the_columns_in_any_order() {
        let mut parser = LineParser::new(None, Fields::Pair);
        assert_eq!(
            parser.parse(1, "Remark,to_account,From_Account,Other"),
            Parsed::Skip
        );
        let read = pair(parser.parse(2, "hi,b,a,x"));
        assert_eq!((read.from.as_str(), read.to.as_str()), ("a", "b"));
        assert_eq!(read.remark.as_deref(), Some("hi"));
        assert!(matches!(parser.parse(3, ",b,,"), Parsed::Bad(why) if why.contains("both")));
    }

    #[test]
    fn without_a_header_the_two_first_columns_and_a_header_needs_to_account() {
        let mut parser = LineParser::new(None, Fields::Pair);
        let read = pair(parser.parse(1, "a,b"));
        assert_eq!((read.from.as_str(), read.to.as_str()), ("a", "b"));
        let mut parser = LineParser::new(None, Fields::Pair);
        assert!(
            matches!(parser.parse(1, "From_Account,Remark"), Parsed::Stop(why) if why.contains("To_Account"))
        );
    }

    #[test]
    fn json_lines_take_one_or_several_group_names() {
        let mut parser = LineParser::new(None, Fields::Pair);
        let one = pair(parser.parse(
            1,
            r#"{"From_Account":"a","To_Account":"b","GroupName":"x"}"#,
        ));
        assert_eq!(one.group_name, ["x"]);
        let many = pair(parser.parse(
            2,
            r#"{"From_Account":"a","To_Account":"c","GroupName":["x","y"],"AddTime":5}"#,
        ));
        assert_eq!((many.group_name.len(), many.add_time), (2, Some(5)));
        assert!(
            matches!(parser.parse(3, r#"{"From_Account":"a"}"#), Parsed::Bad(why) if why.contains("To_Account"))
        );
        assert!(matches!(parser.parse(4, "a b"), Parsed::Bad(_)));
    }
}
