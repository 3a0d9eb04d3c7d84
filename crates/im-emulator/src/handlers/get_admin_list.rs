//! `get_admin_list`: a live group's admins, in the order made, with their nicknames and
//! avatars. Ultimate or Enterprise (10007 otherwise); 10007 for a group that is not an
//! AVChatRoom.

use im_proto::Api;
use im_proto::live_group::get_admin_list::{Admin, Request, Response};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, live_group, nick_and_face};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetAdminList;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let names = match admins(shared, &request) {
        Ok(names) => names,
        Err(answer) => return answer,
    };
    let list: Vec<Admin> = names
        .into_iter()
        .map(|name| {
            let (nick, face) = nick_and_face(shared, &name);
            let mut admin = Admin::new(name);
            admin.nick_name = Some(nick);
            admin.avatar = Some(face);
            admin
        })
        .collect();
    ok::<Response>(|r| r.admin_list = Some(list))
}

fn admins(shared: &Shared, request: &Request) -> Result<Vec<String>, Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let g = live_group(shared, (API, true), &mut groups, &request.group_id)?;
    let ids = g
        .live
        .as_ref()
        .map(|l| l.admins.clone())
        .unwrap_or_default();
    Ok(ids
        .into_iter()
        .map(|id| groups.name(id).to_owned())
        .collect())
}
