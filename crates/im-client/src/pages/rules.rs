//! The next request of a paged read, from the declaration's [`Pagination`] alone (pure: the
//! caller sends). [`Pages`](super::Pages) and `imctl api --paginate` both follow these rules.
//!
//! After each answer: a declared done flag with its value ends; else, when the answer carries
//! any declared cursor, each one is copied into the next request (a `0` or `""` of a cursor
//! that ends so is the end; a cursor that comes back unchanged is an error, never a loop);
//! else, when an offset is declared, it advances by the length of the answer's list, ending on
//! an empty page, on a page shorter than the request's limit (when that is within the declared
//! maximum) or at the declared total; else the answer was the only page.

use im_proto::{Cursor, CursorKind, Offset, Pagination};
use serde_json::{Map, Value};

/// The declared rules of a paged read: [`Pagination`]'s (which only im-proto can build).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRules {
    cursors: &'static [Cursor],
    offset: Option<Offset>,
    limit: Option<(&'static str, u64)>,
    done_flag: Option<(&'static str, i64)>,
}

impl From<Pagination> for PageRules {
    fn from(pagination: Pagination) -> Self {
        PageRules {
            cursors: pagination.cursors,
            offset: pagination.offset,
            limit: pagination.limit,
            done_flag: pagination.done_flag,
        }
    }
}

impl PageRules {
    /// The request field bounding a page, and its declared maximum.
    pub fn limit(&self) -> Option<(&'static str, u64)> {
        self.limit
    }

    /// The request fields that hold the position of a page: the cursors', then the offset's.
    pub fn position_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        let cursors = self.cursors.iter().map(|cursor| cursor.request);
        cursors.chain(self.offset.map(|offset| offset.request))
    }
}

/// What follows a page.
// Exhaustive: a page is the last one or it is followed by another.
#[derive(Clone, Debug, PartialEq)]
pub enum PageStep {
    /// It was the last page.
    Done,
    /// The request of the next page.
    Next(Map<String, Value>),
}

/// Why paging cannot start or go on; `Display` names the field, its value and the rule.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// A request's offset is not a whole number.
    #[error("{field} is {value}, not a whole number: paging advances it from there")]
    OffsetNotWhole {
        /// The request field.
        field: &'static str,
        /// Its value.
        value: Value,
    },
    /// A cursor of the request (`in_answer` false) or of the answer does not have its declared
    /// type.
    #[error("{}{field} is {value}, not {expected} as declared", if *.in_answer { "the answer's " } else { "" })]
    CursorType {
        /// The field.
        field: &'static str,
        /// Its value.
        value: Value,
        /// The declared type (`an integer`, `a string`).
        expected: &'static str,
        /// Whether the value came in an answer.
        in_answer: bool,
    },
    /// The answer's cursors are those the page was asked with: asking again would loop.
    #[error("the answer's cursor did not move ({}, as this page was asked with): stopping rather than asking for the same page again", list_cursors(.cursors))]
    CursorDidNotMove {
        /// Each cursor of the answer, by its response field, with its value.
        cursors: Vec<(&'static str, Value)>,
    },
    /// The answer's list that advances the offset is not a list.
    #[error("the answer's {field} is {value}, not a list: cannot count the page")]
    NotAList {
        /// The response field.
        field: &'static str,
        /// Its value.
        value: Value,
    },
}

fn list_cursors(cursors: &[(&'static str, Value)]) -> String {
    let names: Vec<String> = cursors.iter().map(|(f, v)| format!("{f} {v}")).collect();
    names.join(", ")
}

/// Checks the page fields a first request gives: an offset is a whole number, a cursor has
/// its declared type.
///
/// # Errors
///
/// The field, its value and the rule.
pub fn check_start(rules: &PageRules, body: &Map<String, Value>) -> Result<(), PageError> {
    if let Some(offset) = rules.offset
        && let Some(value) = body.get(offset.request)
        && value.as_u64().is_none()
    {
        return Err(PageError::OffsetNotWhole {
            field: offset.request,
            value: value.clone(),
        });
    }
    for cursor in rules.cursors {
        if let Some(value) = body.get(cursor.request) {
            check_kind(cursor, cursor.request, value, false)?;
        }
    }
    Ok(())
}

/// The step after `answer`, the answer to `request`.
///
/// # Errors
///
/// Why paging cannot go on: a cursor that did not change or has the wrong type, a list that
/// is not a list.
pub fn next_page(
    rules: &PageRules,
    request: &Map<String, Value>,
    answer: &Value,
) -> Result<PageStep, PageError> {
    if let Some((field, done)) = rules.done_flag
        && answer.get(field).and_then(flag_value) == Some(done)
    {
        return Ok(PageStep::Done);
    }
    let present: Vec<(&Cursor, &Value)> = rules
        .cursors
        .iter()
        .filter_map(|cursor| {
            let value = answer.get(cursor.response).filter(|v| !v.is_null())?;
            Some((cursor, value))
        })
        .collect();
    if !present.is_empty() {
        return by_cursor(&present, request);
    }
    match rules.offset {
        Some(offset) => by_offset(offset, rules.limit, request, answer),
        None => Ok(PageStep::Done),
    }
}

/// A done flag's value: an integer, or a JSON boolean as 1 or 0 (cloud search's `IsFinish`).
fn flag_value(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_bool().map(i64::from))
}

/// The next request from the cursors the answer carries.
fn by_cursor(
    present: &[(&Cursor, &Value)],
    request: &Map<String, Value>,
) -> Result<PageStep, PageError> {
    let mut next = request.clone();
    let mut moved = false;
    for &(cursor, value) in present {
        check_kind(cursor, cursor.response, value, true)?;
        if cursor.zero_ends && is_zero(value) {
            return Ok(PageStep::Done);
        }
        moved |= request.get(cursor.request) != Some(value);
        next.insert(cursor.request.to_owned(), value.clone());
    }
    if !moved {
        let cursors = present
            .iter()
            .map(|(cursor, value)| (cursor.response, (*value).clone()))
            .collect();
        return Err(PageError::CursorDidNotMove { cursors });
    }
    Ok(PageStep::Next(next))
}

/// The next request with the offset advanced by the length of the answer's list.
fn by_offset(
    offset: Offset,
    limit: Option<(&str, u64)>,
    request: &Map<String, Value>,
    answer: &Value,
) -> Result<PageStep, PageError> {
    let count = match answer.get(offset.list) {
        None | Some(Value::Null) => 0,
        Some(Value::Array(items)) => items.len() as u64,
        Some(other) => {
            return Err(PageError::NotAList {
                field: offset.list,
                value: other.clone(),
            });
        }
    };
    if count == 0 {
        return Ok(PageStep::Done);
    }
    // check_start made sure the request's offset is a whole number (or absent: 0).
    let at = request
        .get(offset.request)
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .saturating_add(count);
    if let Some((field, max)) = limit
        && let Some(asked) = request.get(field).and_then(Value::as_u64)
        && asked <= max
        && count < asked
    {
        return Ok(PageStep::Done);
    }
    if let Some(total) = offset.total
        && let Some(total) = answer.get(total).and_then(Value::as_u64)
        && at >= total
    {
        return Ok(PageStep::Done);
    }
    let mut next = request.clone();
    next.insert(offset.request.to_owned(), Value::from(at));
    Ok(PageStep::Next(next))
}

/// Whether `value` (of `field`) has the cursor's declared type.
fn check_kind(
    cursor: &Cursor,
    field: &'static str,
    value: &Value,
    in_answer: bool,
) -> Result<(), PageError> {
    let ok = match cursor.kind {
        CursorKind::Integer => value.is_u64() || value.is_i64(),
        CursorKind::String => value.is_string(),
        // A kind this build does not know: passed on as it is.
        _ => true,
    };
    if ok {
        return Ok(());
    }
    Err(PageError::CursorType {
        field,
        value: value.clone(),
        expected: kind_name(cursor.kind),
        in_answer,
    })
}

fn kind_name(kind: CursorKind) -> &'static str {
    match kind {
        CursorKind::Integer => "an integer",
        CursorKind::String => "a string",
        _ => "of the declared type",
    }
}

/// A `0` or `""`.
fn is_zero(value: &Value) -> bool {
    value.as_u64() == Some(0) || value.as_i64() == Some(0) || value.as_str() == Some("")
}
#[cfg(test)]
mod tests {
    use super::*;
    use im_proto::Api;
    use serde_json::json;

    fn pages_of(api: Api) -> PageRules {
        api.metadata().pagination.expect("a paged API").into()
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn an_integer_cursor_beyond_32_bits_is_copied_exactly_and_zero_ends() {
        let pages = pages_of(Api::GetAppidGroupList);
        let request = object(json!({"Limit": 2}));
        let big = (1u64 << 40) + 7;
        let answer = json!({"ActionStatus": "OK", "GroupIdList": [{}, {}], "Next": big});
        assert_eq!(
            next_page(&pages, &request, &answer).unwrap(),
            PageStep::Next(object(json!({"Limit": 2, "Next": big})))
        );
        let huge = u64::MAX - 1;
        let answer = json!({"Next": huge});
        let PageStep::Next(asked) = next_page(&pages, &request, &answer).unwrap() else {
            panic!("a next page");
        };
        assert_eq!(asked["Next"].as_u64(), Some(huge));
        let last = json!({"GroupIdList": [{}], "Next": 0});
        assert_eq!(next_page(&pages, &request, &last).unwrap(), PageStep::Done);
        // No cursor and no offset declared: the only page.
        assert_eq!(
            next_page(&pages, &request, &json!({})).unwrap(),
            PageStep::Done
        );
    }

    #[test]
    fn a_cursor_that_does_not_move_or_has_the_wrong_type_stops() {
        let pages = pages_of(Api::GetAppidGroupList);
        let request = object(json!({"Next": 5}));
        let err = next_page(&pages, &request, &json!({"Next": 5}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not move (Next 5"), "{err}");
        let err = next_page(&pages, &request, &json!({"Next": "6"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Next is \"6\", not an integer"), "{err}");
        let err = check_start(&pages, &object(json!({"Next": "x"})))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Next is \"x\", not an integer"), "{err}");
    }

    #[test]
    fn an_offset_advances_by_the_page_and_ends_short_or_empty() {
        let pages = pages_of(Api::GetGroupMemberInfo);
        let request = object(json!({"GroupId": "g", "Limit": 2}));
        let full = json!({"MemberList": [{}, {}], "MemberNum": 5});
        assert_eq!(
            next_page(&pages, &request, &full).unwrap(),
            PageStep::Next(object(json!({"GroupId": "g", "Limit": 2, "Offset": 2})))
        );
        let request = object(json!({"GroupId": "g", "Limit": 2, "Offset": 4}));
        let short = json!({"MemberList": [{}]});
        assert_eq!(next_page(&pages, &request, &short).unwrap(), PageStep::Done);
        let empty = json!({"MemberList": []});
        assert_eq!(next_page(&pages, &request, &empty).unwrap(), PageStep::Done);
        // Without a limit, only an empty page ends.
        let request = object(json!({"GroupId": "g", "Offset": 4}));
        assert_eq!(
            next_page(&pages, &request, &short).unwrap(),
            PageStep::Next(object(json!({"GroupId": "g", "Offset": 5})))
        );
        // A limit above the declared maximum may be cut by the service: a short page is not
        // the end then.
        let request = object(json!({"GroupId": "g", "Limit": 100_000}));
        assert!(matches!(
            next_page(&pages, &request, &full).unwrap(),
            PageStep::Next(_)
        ));
        let err = next_page(&pages, &request, &json!({"MemberList": 3}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("MemberList is 3, not a list"), "{err}");
        let err = check_start(&pages, &object(json!({"Offset": -1})))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Offset is -1, not a whole number"), "{err}");
    }

    #[test]
    fn a_string_cursor_wins_over_the_offset_and_empty_ends() {
        let pages = pages_of(Api::GetGroupMemberInfo);
        let request = object(json!({"GroupId": "@TGS#_c", "Limit": 2, "Next": ""}));
        let answer = json!({"MemberList": [{}, {}], "Next": "page2"});
        assert_eq!(
            next_page(&pages, &request, &answer).unwrap(),
            PageStep::Next(object(
                json!({"GroupId": "@TGS#_c", "Limit": 2, "Next": "page2"})
            ))
        );
        let last = json!({"MemberList": [{}, {}], "Next": ""});
        assert_eq!(next_page(&pages, &request, &last).unwrap(), PageStep::Done);
    }

    #[test]
    fn a_done_flag_ends() {
        static CURSORS: [Cursor; 1] = [Cursor::new("Cursor", "Cursor", CursorKind::String, false)];
        let pagination = PageRules {
            cursors: &CURSORS,
            offset: None,
            limit: None,
            done_flag: Some(("CompleteFlag", 1)),
        };
        let request = Map::new();
        let answer = json!({"Cursor": "b", "CompleteFlag": 1});
        assert_eq!(
            next_page(&pagination, &request, &answer).unwrap(),
            PageStep::Done
        );
        let answer = json!({"Cursor": "b", "CompleteFlag": 0});
        assert!(matches!(
            next_page(&pagination, &request, &answer).unwrap(),
            PageStep::Next(_)
        ));
    }

    #[test]
    fn a_boolean_done_flag_ends_when_true() {
        static CURSORS: [Cursor; 1] = [Cursor::new("Cursor", "Cursor", CursorKind::String, false)];
        let pagination = PageRules {
            cursors: &CURSORS,
            offset: None,
            limit: None,
            done_flag: Some(("IsFinish", 1)),
        };
        let request = Map::new();
        let answer = json!({"Cursor": "b", "IsFinish": true});
        assert_eq!(
            next_page(&pagination, &request, &answer).unwrap(),
            PageStep::Done
        );
        let answer = json!({"Cursor": "b", "IsFinish": false});
        assert!(matches!(
            next_page(&pagination, &request, &answer).unwrap(),
            PageStep::Next(_)
        ));
    }
}
