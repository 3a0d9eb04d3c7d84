//! `friend_get`: one page of `From_Account`'s friends with every standard and custom field, in
//! the order they were added, 100 a page: `StartIndex` 0, then the answer's `NextStartIndex`,
//! which is 0 with `CompleteFlag` 1 on the last page. `StandardSequence` / `CustomSequence` are
//! the versions of the two kinds of data: a request sending the current value gets no fields
//! of that kind.

use im_proto::sns::friend_get::{Request, Response, UserDataItem, ValueItem};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{friend_values, from_account, ok};
use crate::shared::Shared;

/// Friends per page (the page states none).
const PAGE: usize = 100;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(
        Api::FriendGet,
        &store,
        &mut relations,
        &request.from_account,
    ) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let Ok(start) = usize::try_from(request.start_index) else {
        let info = format!("StartIndex {} must not be negative", request.start_index);
        return Answer::fail_for(Api::FriendGet, ErrorCode::SNS_INVALID_PARAMETERS, info);
    };
    let (standard, custom) = relations
        .owner(from)
        .map_or((0, 0), |o| (o.standard_seq, o.custom_seq));
    let skip_standard = request.standard_sequence == Some(standard) && standard != 0;
    let skip_custom = request.custom_sequence == Some(custom) && custom != 0;
    let friends = relations.owner(from).map_or(&[][..], |o| &o.friends[..]);
    let total = friends.len();
    let page: Vec<UserDataItem> = friends
        .iter()
        .skip(start)
        .take(PAGE)
        .map(|friend| {
            let values = friend_values(&relations, from, friend)
                .into_iter()
                .filter(|(tag, _)| {
                    let is_custom = tag.starts_with(im_proto::CUSTOM_SNS_TAG_PREFIX);
                    !(is_custom && skip_custom || !is_custom && skip_standard)
                })
                .map(|(tag, value)| ValueItem::new(tag, value))
                .collect();
            UserDataItem::new(relations.name(friend.to), values)
        })
        .collect();
    let end = start.saturating_add(PAGE);
    let complete = end >= total;
    ok::<Response>(|r| {
        r.user_data_item = Some(page);
        r.standard_sequence = Some(standard);
        r.custom_sequence = Some(custom);
        r.friend_num = i64::try_from(total).ok();
        r.complete_flag = Some(i64::from(complete));
        r.next_start_index = Some(if complete {
            0
        } else {
            i64::try_from(end).unwrap_or(0)
        });
    })
}
