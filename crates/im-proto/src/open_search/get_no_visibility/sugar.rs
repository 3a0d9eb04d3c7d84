//! `get_no_visibility`'s sugar: whether a page is the last.

use super::Response;

impl Response {
    /// Whether this is the last page (`IsFinish` true or 1; absent: the cursor decides, see
    /// [`Response::next_cursor`]).
    pub fn is_finished(&self) -> bool {
        self.is_finish.as_ref().is_some_and(crate::flag::truthy)
    }

    /// The next page's cursor: `None` when this page is the last (`IsFinish`, or an empty or
    /// absent `Cursor`).
    pub fn next_cursor(&self) -> Option<&str> {
        if self.is_finished() {
            return None;
        }
        self.cursor.as_deref().filter(|cursor| !cursor.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(mut body: serde_json::Value) -> Response {
        body["ActionStatus"] = "OK".into();
        body["ErrorCode"] = 0.into();
        body["ErrorInfo"] = "".into();
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn the_last_page_is_told_by_is_finish_or_an_empty_cursor() {
        let more = page(serde_json::json!({"IsFinish": false, "Cursor": "c2"}));
        assert_eq!(more.next_cursor(), Some("c2"));
        let done = page(serde_json::json!({"IsFinish": true, "Cursor": "c2"}));
        assert!(done.is_finished());
        assert_eq!(done.next_cursor(), None);
        assert!(page(serde_json::json!({"IsFinish": 1})).is_finished());
        assert_eq!(page(serde_json::json!({"Cursor": ""})).next_cursor(), None);
    }
}
