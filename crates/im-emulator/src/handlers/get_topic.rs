//! `get_topic`: the profiles of a community's topics, all of them or those of `TopicIdList`
//! (a listed topic that does not exist has its own 110003 and no `TopicInfo`); 11000 for a group
//! without topics. `ResponseFilter` keeps only the `TopicInfo` fields it names (`TopicId` and
//! `GroupID` always, as the page's filtered example). `SelfInfo` is `From_Account`'s own in the
//! community (`ShutUpTime`, `MsgSeq`, `MsgFlag`) when it is a member, absent otherwise. A topic
//! has no messages of its own in the emulator: `NextMsgSeq` 1, `LastMsgTime` 0.

use im_proto::community::get_topic::{Request, Response, TopicAndSelfInfo, TopicInfo};
use im_proto::{Api, ErrorCode};
use serde_json::{Value, json};

use crate::exchange::{Answer, Route};
use crate::group_calls::community;
use crate::groups::{Group, Groups, Topic};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetTopic;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let groups = shared.groups.lock();
    let group = match community(API, &groups, &request.group_id) {
        Ok(group) => group,
        Err(answer) => return answer,
    };
    let topics = group.topics.as_deref().expect("checked by community");
    let self_info = self_info(&groups, group, &request.from_account);
    let filter = request.response_filter.as_deref();
    let items: Vec<TopicAndSelfInfo> = match &request.topic_id_list {
        None => topics
            .list
            .iter()
            .map(|t| found(group, t, filter, &self_info))
            .collect(),
        Some(ids) => ids
            .iter()
            .map(|id| match topics.get(id) {
                Some(t) => found(group, t, filter, &self_info),
                None => missing(),
            })
            .collect(),
    };
    ok::<Response>(|r| r.topic_and_self_info = Some(items))
}

fn found(
    group: &Group,
    topic: &Topic,
    filter: Option<&[String]>,
    self_info: &Option<Value>,
) -> TopicAndSelfInfo {
    let mut item = TopicAndSelfInfo::default();
    item.error_code = Some(0);
    item.error_info = Some("ok".to_owned());
    item.self_info = self_info.clone();
    item.topic_info = Some(topic_info(group, topic, filter));
    item
}

fn missing() -> TopicAndSelfInfo {
    let mut item = TopicAndSelfInfo::default();
    item.error_code = Some(ErrorCode::COMMUNITY_TOPIC_DESTROYED.get());
    item.error_info = Some("the topic does not exist (destroyed)".to_owned());
    item
}

fn topic_info(group: &Group, topic: &Topic, filter: Option<&[String]>) -> TopicInfo {
    let wanted = |field: &str| filter.is_none_or(|f| f.iter().any(|w| w == field));
    let text = |field: &str, value: &str| wanted(field).then(|| value.to_owned());
    let mut info = TopicInfo::default();
    info.topic_id = Some(topic.id.to_string());
    info.group_id = Some(group.id.to_string());
    info.topic_name = text("TopicName", &topic.name);
    info.face_url = text("FaceUrl", &topic.face_url);
    info.notification = text("Notification", &topic.notification);
    info.introduction = text("Introduction", &topic.introduction);
    info.custom_string = text("CustomString", &topic.custom_string);
    info.next_msg_seq = wanted("NextMsgSeq").then_some(1);
    info.create_time = wanted("CreateTime").then_some(i64::from(topic.create_time));
    info.last_msg_time = wanted("LastMsgTime").then_some(0);
    let mute = if topic.mute_all { "On" } else { "Off" };
    info.mute_all_member = text("MuteAllMember", mute);
    info
}

/// `account`'s own information in the community, when it is a member.
fn self_info(groups: &Groups, group: &Group, account: &str) -> Option<Value> {
    let member = group.member(groups.account(account)?)?;
    Some(json!({
        "ShutUpTime": member.mute_until,
        "MsgSeq": member.read_seq,
        "MsgFlag": member.msg_flag().as_str(),
    }))
}
