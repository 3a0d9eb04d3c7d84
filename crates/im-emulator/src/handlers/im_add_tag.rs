//! `im_add_tag`: adds tags to up to 100 users (90018 past that): at most 10 for a user in one
//! request (90032), each 1 to 50 bytes (90040, 90020), and no user past 100 tags in all (90032),
//! checked for every user before any tag is added.

use std::collections::BTreeSet;

use im_proto::all_member_push::im_add_tag::{Request, Response};
use im_proto::{Api, ErrorCode, MAX_PUSH_TAGS, MAX_PUSH_VALUE_BYTES};

use crate::exchange::{Answer, Route};
use crate::push::MAX_USER_TAGS;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImAddTag;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Some(answer) = super::too_many(API, request.user_tags.len()) {
        return answer;
    }
    let mut push = shared.push.lock();
    for item in &request.user_tags {
        let user = &item.to_account;
        let refusal = if item.tags.len() > MAX_PUSH_TAGS {
            Some((
                ErrorCode::PUSH_TOO_MANY_TAGS,
                format!("{user}: over {MAX_PUSH_TAGS} tags in one request"),
            ))
        } else if item.tags.iter().any(String::is_empty) {
            Some((ErrorCode::PUSH_TAG_EMPTY, format!("{user}: an empty tag")))
        } else if let Some(long) = item.tags.iter().find(|t| t.len() > MAX_PUSH_VALUE_BYTES) {
            Some((
                ErrorCode::PUSH_TAG_TOO_LONG,
                format!("{user}: tag {long:?} is over 50 bytes"),
            ))
        } else {
            let held = push.tags.get(user.as_str());
            let mut all: BTreeSet<&String> = held.map(|t| t.iter().collect()).unwrap_or_default();
            all.extend(&item.tags);
            (all.len() > MAX_USER_TAGS).then(|| {
                let info = format!("{user} would hold {} tags, over {MAX_USER_TAGS}", all.len());
                (ErrorCode::PUSH_TOO_MANY_TAGS, info)
            })
        };
        if let Some((code, info)) = refusal {
            return Answer::fail_for(API, code, info);
        }
    }
    for item in request.user_tags {
        push.tags
            .entry(item.to_account.into())
            .or_default()
            .extend(item.tags);
    }
    ok::<Response>(|_| {})
}
