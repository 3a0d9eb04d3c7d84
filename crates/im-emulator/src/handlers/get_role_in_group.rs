//! `get_role_in_group`: each listed account's role in the group (`Owner`, `Admin`, `Member`,
//! or `NotMember`), in the order asked. Not for AVChatRoom (10007).

use im_proto::Api;
use im_proto::group::get_role_in_group::{Request, Response, RoleItem};
use im_proto::group_types::{MemberRole, RoleInGroup};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, group, stores_members};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetRoleInGroup;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked(API, &request) {
        return answer;
    }
    let groups = shared.groups.lock();
    let g = match group(API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    if let Err(answer) = stores_members(API, g) {
        return answer;
    }
    let list = request
        .user_account
        .iter()
        .map(|a| {
            let role = groups.account(a.as_str()).and_then(|id| g.role(id));
            let role = match role {
                Some(MemberRole::Owner) => RoleInGroup::Owner,
                Some(MemberRole::Admin) => RoleInGroup::Admin,
                Some(_) => RoleInGroup::Member,
                None => RoleInGroup::NotMember,
            };
            RoleItem::new(a.as_str(), role)
        })
        .collect();
    ok::<Response>(|r| r.user_id_list = Some(list))
}
