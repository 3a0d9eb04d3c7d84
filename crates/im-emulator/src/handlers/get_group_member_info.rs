//! `get_group_member_info`: a page of a group's members in the order they joined, with the
//! fields `MemberInfoFilter` names (all when absent), of the roles `MemberRoleFilter` names,
//! with the custom keys `AppDefinedDataFilter_GroupMember` names. Work, Public and Meeting
//! groups page by `Offset`/`Limit` (at most 6,000 a page, the field table's maximum; absent:
//! as many); communities by a string `Next` (`""` first, then the answer's, until it is `""`;
//! `Limit` at most 100). `MemberNum` counts the whole group. Not for AVChatRoom (10007).

use im_proto::group::get_group_member_info::{MemberItem, Request, Response};
use im_proto::group_types::{GroupType, MuteUntil, NameCard};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{defined, members_in, refuse, time};
use crate::groups::{Group, Groups, Member};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetGroupMemberInfo;

/// The most members a page holds: communities, the others.
const MAX_COMMUNITY_PAGE: u64 = 100;
const MAX_PAGE: u64 = 6_000;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let groups = shared.groups.lock();
    let g = match members_in(API, &groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let community = g.kind == GroupType::Community;
    let (start, max) = if community {
        let next = request.next.as_deref().unwrap_or("");
        match next.parse::<usize>() {
            Ok(n) => (n, MAX_COMMUNITY_PAGE),
            Err(_) if next.is_empty() => (0, MAX_COMMUNITY_PAGE),
            Err(_) => {
                let info = format!("Next {next:?} is not a cursor this group gave");
                return refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info);
            }
        }
    } else {
        (
            usize::try_from(request.offset.unwrap_or(0)).unwrap_or(usize::MAX),
            MAX_PAGE,
        )
    };
    let limit = request.limit.filter(|&l| l > 0).unwrap_or(max).min(max);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let roles = request.member_role_filter.as_deref();
    let selected: Vec<&Member> = g
        .members
        .iter()
        .filter(|m| roles.is_none_or(|r| r.contains(&m.role())))
        .collect();
    let page: Vec<MemberItem> = selected
        .iter()
        .skip(start)
        .take(limit)
        .map(|m| item(&groups, g, m, &request))
        .collect();
    let end = start.saturating_add(limit);
    let next = if end < selected.len() {
        end.to_string()
    } else {
        String::new()
    };
    let total = u64::try_from(g.members.len()).unwrap_or(u64::MAX);
    ok::<Response>(|r| {
        r.member_num = Some(total);
        r.member_list = Some(page);
        r.next = community.then_some(next);
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
