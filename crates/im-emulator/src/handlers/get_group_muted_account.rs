//! `get_group_muted_account` (and its older name `get_group_shutted_uin`): the members muted
//! now, each with the end of its mute, in the order they joined. The older command answers
//! with its own names, `ShuttedUinList[]` and `ShuttedUntil`.

use im_proto::group::get_group_muted_account::{MutedAccount, Request, Response};
use im_proto::group_types::MuteUntil;
use im_proto::{Api, ErrorCode};
use serde_json::{Value, json};

use crate::exchange::{Answer, Route};
use crate::group_calls::group;
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetGroupMutedAccount;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let now = shared.clock.now();
    let groups = shared.groups.lock();
    let g = match group(API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let muted: Vec<(&str, u64)> = g
        .members
        .iter()
        .filter(|m| m.is_muted_at(now))
        .map(|m| (groups.name(m.account), u64::from(m.mute_until)))
        .collect();
    if route.legacy {
        let list: Vec<Value> = muted
            .iter()
            .map(|(a, until)| json!({"Member_Account": a, "ShuttedUntil": until}))
            .collect();
        let body = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "GroupId": g.id, "ShuttedUinList": list});
        return Answer::json(ErrorCode::OK, &body);
    }
    let list = muted
        .into_iter()
        .map(|(a, until)| MutedAccount::new(a, MuteUntil(until)))
        .collect();
    ok::<Response>(|r| {
        r.group_id = Some(g.id.to_string());
        r.muted_account_list = Some(list);
    })
}
