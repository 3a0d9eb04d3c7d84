//! `get_group_info`: up to 50 groups' profiles, members and custom fields, each with its own
//! `ErrorCode` (10015 for an ID no group can have, 10010 for one that does not exist). Without
//! `ResponseFilter` every base field, every member with every field and every custom field come
//! back; with it, only the base fields, member fields (`Account` is the member's ID) and custom
//! keys it names, and no member list unless `MemberInfoFilter` is given. An AVChatRoom answers
//! its profile only: no member count and no member list.

use im_proto::ErrorCode;
use im_proto::group::get_group_info::{GroupInfoItem, MemberItem, Request, Response};
use im_proto::group_types::{GroupId, MuteUntil, NameCard, OnOff};

use crate::exchange::{Answer, Route};
use crate::group_calls::{defined, time};
use crate::groups::{Group, Groups, Member};
use crate::relation_calls::ok;
use crate::shared::Shared;

/// What the request asks for: `None` means everything of that kind.
struct Filter<'a> {
    filtered: bool,
    base: Option<&'a [String]>,
    member: Option<&'a [String]>,
    group_keys: Option<&'a [String]>,
    member_keys: Option<&'a [String]>,
}

impl Filter<'_> {
    /// Whether `name` of a list (`None`: the list is absent) is wanted.
    fn wants(&self, list: Option<&[String]>, name: &str) -> bool {
        match list {
            None => !self.filtered,
            Some(names) => names.iter().any(|n| n == name),
        }
    }
}

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let rf = request.response_filter.as_ref();
    let filter = Filter {
        filtered: rf.is_some(),
        base: rf.and_then(|f| f.group_base_info_filter.as_deref()),
        member: rf.and_then(|f| f.member_info_filter.as_deref()),
        group_keys: rf.and_then(|f| f.app_defined_data_filter_group.as_deref()),
        member_keys: rf.and_then(|f| f.app_defined_data_filter_group_member.as_deref()),
    };
    let groups = shared.groups.lock();
    let items = request
        .group_id_list
        .iter()
        .map(|id| match (GroupId::new(id.as_str()), groups.get(id)) {
            (Err(err), _) => GroupInfoItem::new(id, ErrorCode::GROUP_ID_INVALID, err.to_string()),
            (Ok(_), None) => {
                GroupInfoItem::new(id, ErrorCode::GROUP_NOT_FOUND, "the group does not exist")
            }
            (Ok(_), Some(group)) => info(shared, &groups, group, &filter),
        })
        .collect();
    ok::<Response>(|r| r.group_info = Some(items))
}

fn info(shared: &Shared, groups: &Groups, g: &Group, f: &Filter<'_>) -> GroupInfoItem {
    let mut i = GroupInfoItem::new(&*g.id, ErrorCode::OK, "");
    let want = |name: &str| f.wants(f.base, name);
    let text = |name: &str, value: &str| want(name).then(|| value.to_owned());
    i.type_ = want("Type").then(|| g.kind.clone());
    i.name = text("Name", &g.name);
    i.appid = want("Appid").then(|| i64::try_from(shared.sdkappid).unwrap_or(0));
    i.introduction = text("Introduction", &g.introduction);
    i.notification = text("Notification", &g.notification);
    i.face_url = text("FaceUrl", &g.face_url);
    i.owner_account = g
        .owner
        .filter(|_| want("Owner_Account"))
        .map(|o| groups.name(o).to_owned());
    i.create_time = want("CreateTime").then(|| time(g.create_time));
    i.info_seq = want("InfoSeq").then(|| u64::from(g.info_seq));
    i.last_info_time = want("LastInfoTime").then(|| time(g.last_info_time));
    i.last_msg_time = want("LastMsgTime").then(|| time(g.last_msg_time()));
    i.next_msg_seq = want("NextMsgSeq").then(|| u64::from(g.last_seq) + 1);
    i.max_member_num = want("MaxMemberNum").then_some(g.max_members);
    i.apply_join_option = g.apply_join.clone().filter(|_| want("ApplyJoinOption"));
    i.invite_join_option = g.invite_join.clone().filter(|_| want("InviteJoinOption"));
    i.mute_all_member =
        want("MuteAllMember").then_some(if g.mute_all { OnOff::On } else { OnOff::Off });
    if f.group_keys.is_some() || !f.filtered {
        i.app_defined_data = Some(defined(&g.custom, f.group_keys));
    }
    if g.kind.stores_members() {
        i.member_num =
            want("MemberNum").then(|| u32::try_from(g.members.len()).unwrap_or(u32::MAX));
        if f.member.is_some() || !f.filtered {
            let list = g.members.iter().map(|m| member(groups, g, m, f)).collect();
            i.member_list = Some(list);
        }
    }
    i
}

fn member(groups: &Groups, g: &Group, m: &Member, f: &Filter<'_>) -> MemberItem {
    let want = |name: &str| f.wants(f.member, name);
    let mut item = MemberItem::new(groups.name(m.account));
    item.role = want("Role").then(|| m.role());
    item.join_time = want("JoinTime").then(|| time(m.join_time));
    item.msg_seq = want("MsgSeq").then(|| u64::from(m.read_seq.min(g.last_seq)));
    item.msg_flag = want("MsgFlag").then(|| m.msg_flag());
    let last_send = m.extra.as_ref().map_or(0, |e| e.last_send);
    item.last_send_msg_time = want("LastSendMsgTime").then(|| time(last_send));
    item.mute_until = want("MuteUntil").then(|| MuteUntil(u64::from(m.mute_until)));
    if want("NameCard") && !m.name_card().is_empty() {
        item.name_card = NameCard::new(m.name_card()).ok();
    }
    if (f.member_keys.is_some() || !f.filtered) && !m.custom().is_empty() {
        item.app_member_defined_data = Some(defined(m.custom(), f.member_keys));
    }
    item
}
