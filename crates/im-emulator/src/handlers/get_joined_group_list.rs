//! `get_joined_group_list`: the groups an account is a member of, in the order joined, a page
//! of `Limit` (all when absent) from `Offset`, filtered by `GroupType`; `TotalCount` counts every
//! joined group of the filter. Each item is its `GroupId` plus the base fields
//! `GroupBaseInfoFilter` names and, with `SelfInfoFilter`, the account's own member fields.

use im_proto::group::get_joined_group_list::{JoinedGroup, Request, Response, SelfInfo};
use im_proto::group_types::{MuteUntil, OnOff};

use crate::exchange::{Answer, Route};
use crate::group_calls::time;
use crate::groups::{Group, Groups, Member};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let groups = shared.groups.lock();
    let account = groups.account(request.member_account.as_str());
    let slots = account.map_or(&[][..], |a| groups.joined(a));
    let kind = request.group_type.as_ref();
    let joined: Vec<&Group> = slots
        .iter()
        .filter_map(|&s| groups.at(s))
        .filter(|g| kind.is_none_or(|k| *k == g.kind))
        .collect();
    let offset = usize::try_from(request.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = request
        .limit
        .filter(|&l| l > 0)
        .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let rf = request.response_filter.as_ref();
    let base = rf
        .and_then(|f| f.group_base_info_filter.as_deref())
        .unwrap_or_default();
    let own = rf.and_then(|f| f.self_info_filter.as_deref());
    let list = joined
        .iter()
        .skip(offset)
        .take(limit)
        .map(|g| {
            let me = account.and_then(|a| g.member(a));
            item(&groups, g, base, own.zip(me))
        })
        .collect();
    ok::<Response>(|r| {
        r.total_count = Some(u64::try_from(joined.len()).unwrap_or(u64::MAX));
        r.group_id_list = Some(list);
    })
}

fn item(
    groups: &Groups,
    g: &Group,
    base: &[String],
    own: Option<(&[String], &Member)>,
) -> JoinedGroup {
    let want = |name: &str| base.iter().any(|n| n == name);
    let text = |name: &str, value: &str| want(name).then(|| value.to_owned());
    let mut i = JoinedGroup::new(&*g.id);
    i.type_ = want("Type").then(|| g.kind.clone());
    i.name = text("Name", &g.name);
    i.introduction = text("Introduction", &g.introduction);
    i.notification = text("Notification", &g.notification);
    i.face_url = text("FaceUrl", &g.face_url);
    i.owner_account =
        want("Owner_Account").then(|| g.owner.map_or("", |o| groups.name(o)).to_owned());
    i.create_time = want("CreateTime").then(|| time(g.create_time));
    i.info_seq = want("InfoSeq").then(|| u64::from(g.info_seq));
    i.last_info_time = want("LastInfoTime").then(|| time(g.last_info_time));
    i.last_msg_time = want("LastMsgTime").then(|| time(g.last_msg_time()));
    i.next_msg_seq = want("NextMsgSeq").then(|| u64::from(g.last_seq) + 1);
    i.member_num = want("MemberNum").then(|| u32::try_from(g.members.len()).unwrap_or(u32::MAX));
    i.max_member_num = want("MaxMemberNum").then_some(g.max_members);
    i.apply_join_option = g.apply_join.clone().filter(|_| want("ApplyJoinOption"));
    i.mute_all_member =
        want("MuteAllMember").then_some(if g.mute_all { OnOff::On } else { OnOff::Off });
    if let Some((fields, m)) = own {
        let want = |name: &str| fields.iter().any(|n| n == name);
        let mut s = SelfInfo::new();
        s.role = want("Role").then(|| m.role());
        s.join_time = want("JoinTime").then(|| time(m.join_time));
        s.msg_flag = want("MsgFlag").then(|| m.msg_flag());
        s.msg_seq = want("MsgSeq").then(|| u64::from(m.read_seq.min(g.last_seq)));
        s.shut_up_time = want("ShutUpTime").then(|| MuteUntil(u64::from(m.mute_until)));
        i.self_info = Some(s);
    }
    i
}
