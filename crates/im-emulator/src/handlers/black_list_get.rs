//! `black_list_get`: one page of `From_Account`'s blocklist, in the order blocked, at most
//! `MaxLimited` (1 to 1000) entries from `StartIndex`; the answer's `StartIndex` is where the
//! next page starts, 0 after the last. The version is sent as `CurruentSequence` (sic), as the
//! English pages and trtc.io's example spell it.

use im_proto::sns::black_list_get::{BlackListItem, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::BlackListGet;
    let (Ok(start), Ok(limit @ 1..=1000)) = (
        usize::try_from(request.start_index),
        usize::try_from(request.max_limited),
    ) else {
        let info = format!(
            "StartIndex {} must not be negative and MaxLimited {} must be 1 to 1000",
            request.start_index, request.max_limited
        );
        return Answer::fail_for(api, ErrorCode::SNS_INVALID_PARAMETERS, info);
    };
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let (blocked, seq) = relations
        .owner(from)
        .map_or((&[][..], 0), |o| (&o.blocked[..], o.black_seq));
    let page: Vec<BlackListItem> = blocked
        .iter()
        .skip(start)
        .take(limit)
        .map(|&(id, when)| BlackListItem::new(relations.name(id), i64::from(when)))
        .collect();
    let end = start.saturating_add(limit);
    let next = if end >= blocked.len() {
        0
    } else {
        i64::try_from(end).unwrap_or(0)
    };
    ok::<Response>(|r| {
        r.black_list_item = Some(page);
        r.start_index = Some(next);
        r.curruent_sequence = Some(seq);
    })
}
