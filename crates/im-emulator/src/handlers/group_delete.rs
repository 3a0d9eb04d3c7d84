//! `group_delete`: removes friend lists; their friends stay friends, out of those lists. A name
//! that is not a list of `From_Account` fails the whole call with 30001, before any removal.

use im_proto::sns::group_delete::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{from_account, ok};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::GroupDelete;
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let lists = relations.owner(from).map_or(&[][..], |o| &o.lists[..]);
    if let Some(name) = request.group_name.iter().find(|n| !lists.contains(n)) {
        let info = format!("friend list {name:?} does not exist");
        return Answer::fail_for(api, ErrorCode::SNS_INVALID_PARAMETERS, info);
    }
    for name in &request.group_name {
        relations.delete_list(from, name);
    }
    let seq = relations.owner(from).map_or(0, |o| o.list_seq);
    ok::<Response>(|r| r.current_sequence = Some(seq))
}
