//! `create_topic`: a topic in a community created with `SupportTopic` 1 (any other group:
//! 11000). The request's own rules first (10004: `TopicName` 30 bytes and the other limits, a
//! custom `TopicId` of this community); `From_Account`, when given, must be a member (10007);
//! a custom `TopicId` already used answers 10025; a community holds at most 200 topics (10037).
//! Without a custom ID the topic gets `<GroupId>@TOPIC#_@TOPIC#c...`.

use im_proto::community::create_topic::{Request, Response};
use im_proto::group_types::MAX_TOPICS_PER_COMMUNITY;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, community, community_mut, member_operator, refuse};
use crate::groups::{Topic, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::CreateTopic;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match create(shared, &request) {
        Ok(id) => ok::<Response>(|r| r.topic_id = Some(id)),
        Err(answer) => answer,
    }
}

fn create(shared: &Shared, request: &Request) -> Result<String, Answer> {
    checked(API, request)?;
    let now = clamp_time(shared.clock.now());
    let mut groups = shared.groups.lock();
    let group = community(API, &groups, &request.group_id)?;
    member_operator(API, &groups, group, request.from_account.as_deref())?;
    let group = community_mut(API, &mut groups, &request.group_id)?;
    let topics = group.topics.as_deref_mut().expect("checked by community");
    if topics.list.len() >= MAX_TOPICS_PER_COMMUNITY {
        let info = format!(
            "the community holds {} topics, the most it may",
            topics.list.len()
        );
        return Err(refuse(API, ErrorCode::COMMUNITY_TOPIC_LIMIT, info));
    }
    let id = match request.topic_id.as_deref() {
        Some(id) if topics.get(id).is_some() => {
            let info = format!("TopicId {id:?} is already used");
            return Err(refuse(API, ErrorCode::COMMUNITY_ID_ALREADY_USED, info));
        }
        Some(id) => id.to_owned(),
        None => topics.generate_id(&request.group_id),
    };
    let mut topic = Topic::new(&id, &request.topic_name, now);
    topic.introduction = request.introduction.as_deref().unwrap_or_default().into();
    topic.notification = request.notification.as_deref().unwrap_or_default().into();
    topic.face_url = request.face_url.as_deref().unwrap_or_default().into();
    topic.custom_string = request.custom_string.as_deref().unwrap_or_default().into();
    topics.list.push(topic);
    Ok(id)
}
