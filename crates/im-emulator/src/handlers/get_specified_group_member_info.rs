//! `get_specified_group_member_info`: up to 50 named members of a group (an account that is
//! not a member gets no item), with the fields `MemberInfoFilter` names (all when absent), of
//! the roles `MemberRoleFilter` names, with the custom keys `AppDefinedDataFilter_GroupMember`
//! names. Not for AVChatRoom (10007); more than 50 accounts: 10005.

use im_proto::Api;
use im_proto::group::get_specified_group_member_info::{MemberItem, Request, Response};
use im_proto::group_types::{MuteUntil, NameCard};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, defined, interned, members_in, time};
use crate::groups::{Group, Groups, Member};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetSpecifiedGroupMemberInfo;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked(API, &request) {
        return answer;
    }
    let mut groups = shared.groups.lock();
    let ids = interned(&mut groups, &request.member_list_account);
    let g = match members_in(API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let roles = request.member_role_filter.as_deref();
    let list: Vec<MemberItem> = ids
        .iter()
        .filter_map(|&id| g.member(id))
        .filter(|m| roles.is_none_or(|r| r.contains(&m.role())))
        .map(|m| item(&groups, g, m, &request))
        .collect();
    ok::<Response>(|r| {
        r.group_id = Some(request.group_id.clone());
        r.member_list = Some(list);
    })
}

fn item(groups: &Groups, g: &Group, m: &Member, request: &Request) -> MemberItem {
    let fields = request.member_info_filter.as_deref();
    let want = |name: &str| fields.is_none_or(|f| f.iter().any(|n| n == name));
    let mut item = MemberItem::new(groups.name(m.account));
    item.role = want("Role").then(|| m.role());
    item.join_time = want("JoinTime").then(|| time(m.join_time));
    item.msg_seq = want("MsgSeq").then(|| u64::from(m.read_seq.min(g.last_seq)));
    item.msg_flag = want("MsgFlag").then(|| m.msg_flag());
    let last_send = m.extra.as_ref().map_or(0, |e| e.last_send);
    item.last_send_msg_time = want("LastSendMsgTime").then(|| time(last_send));
    item.mute_until = want("MuteUntil").then(|| MuteUntil(u64::from(m.mute_until)));
    item.name_card = want("NameCard")
        .then(|| NameCard::new(m.name_card()).ok())
        .flatten();
    let keys = request.app_defined_data_filter_group_member.as_deref();
    if !m.custom().is_empty() {
        item.app_member_defined_data = Some(defined(m.custom(), keys));
    }
    item
}
