//! `follow_get`: one page of `From_Account`'s followers (`FollowType` 1), followings (2) or
//! mutual follows (3), newest first, at most `WantNum` (1 to 1000): `StartCursor` "" first,
//! then the answer's `NextCursor`, "" after the last page. The cursor is the emulator's own
//! (a position as decimal text); a cursor it did not give is refused with 30001.

use im_proto::follow::follow_get::{FollowItem, Request, Response};
use im_proto::{Api, ErrorCode, FollowList};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{follow_refused, from_account, ok};
use crate::relations::Id;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::FollowGet;
    if let Some(refused) = follow_refused(api, shared) {
        return refused;
    }
    let start = match request.start_cursor.as_str() {
        "" => Some(0),
        text => text.parse::<usize>().ok(),
    };
    let (Some(start), Ok(want @ 1..=1000)) = (start, usize::try_from(request.want_num)) else {
        let info = format!(
            "StartCursor {:?} must be \"\" or a NextCursor, WantNum {} 1 to 1000",
            request.start_cursor, request.want_num
        );
        return Answer::fail_for(api, ErrorCode::FOLLOW_INVALID_PARAMETERS, info);
    };
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let Some(owner) = relations.owner(from) else {
        return ok::<Response>(|r| {
            r.follow_item = Some(Vec::new());
            r.next_cursor = Some(String::new());
        });
    };
    let list: Vec<(Id, u32)> = match request.follow_type {
        FollowList::Followers => owner.followers.iter().rev().copied().collect(),
        FollowList::Following => owner.following.iter().rev().copied().collect(),
        FollowList::Mutual => owner
            .following
            .iter()
            .rev()
            .filter(|(to, _)| relations.follows(*to, from))
            .copied()
            .collect(),
        other => {
            let info = format!("FollowType {} must be 1, 2 or 3", other.as_i64());
            return Answer::fail_for(api, ErrorCode::FOLLOW_INVALID_PARAMETERS, info);
        }
    };
    let page: Vec<FollowItem> = list
        .iter()
        .skip(start)
        .take(want)
        .map(|&(id, when)| FollowItem::new(relations.name(id), i64::from(when)))
        .collect();
    let end = start.saturating_add(want);
    let next = if end >= list.len() {
        String::new()
    } else {
        end.to_string()
    };
    ok::<Response>(|r| {
        r.follow_item = Some(page);
        r.next_cursor = Some(next);
    })
}
