//! `get_no_visibility`: the objects `set_visibility` hid from one search (`SetType` 1 users,
//! 2 groups, 3 group members), sorted by group then user, `Count` a page (absent: all the
//! rest; the page states no maximum) after the string `Cursor` (empty first), with `IsFinish`
//! true and an empty `Cursor` on the last page. 27003 (the service's code, as the page's own
//! codes were not reached) for a `SetType` other than 1-3, a `Count` below 1 or a cursor this
//! emulator did not give.

use im_proto::ErrorCode;
use im_proto::open_search::get_no_visibility::{HiddenObject, Request, Response};

use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::search::{Hidden, SearchKind};
use crate::shared::Shared;

const INVALID: ErrorCode = ErrorCode::OPEN_SEARCH_INVALID_PARAMETERS;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let Some(kind) = SearchKind::from_set_type(request.set_type) else {
        let info = format!("SetType {} is not 1, 2 or 3", request.set_type);
        return Answer::fail(INVALID, info);
    };
    let count = match request.count.map(usize::try_from) {
        None => None,
        Some(Ok(count)) if count > 0 => Some(count),
        Some(_) => {
            let info = format!("Count {} is not at least 1", request.count.unwrap_or(0));
            return Answer::fail(INVALID, info);
        }
    };
    let cursor = request.cursor.as_deref().unwrap_or("");
    let page = match shared.hidden_from_search.lock().page(kind, cursor, count) {
        Ok(page) => page,
        Err(info) => return Answer::fail(INVALID, info),
    };
    let data: Vec<HiddenObject> = page.items.iter().map(object).collect();
    ok::<Response>(|r| {
        r.is_finish = Some(serde_json::Value::Bool(page.next.is_none()));
        r.total_count = Some(i64::try_from(page.total).unwrap_or(i64::MAX));
        r.no_visible_data = Some(data);
        r.cursor = Some(page.next.unwrap_or_default());
    })
}

/// The answer's row of a hidden object: its `UserID` and `GroupID` where it has them.
fn object(hidden: &Hidden) -> HiddenObject {
    let mut row = HiddenObject::new();
    row.user_id = (!hidden.user.is_empty()).then(|| hidden.user.clone());
    row.group_id = (!hidden.group.is_empty()).then(|| hidden.group.clone());
    row
}
