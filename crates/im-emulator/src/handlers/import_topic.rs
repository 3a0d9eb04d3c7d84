//! `import_topic`: a topic as it was elsewhere, its `CreateTime` kept (absent: now), without
//! callbacks. The same rules as create_topic (10004 for the request's own, 11000 for a group
//! without topics, 10037 beyond 200 topics), a `Type` other than `Community` answers 10004, a
//! custom `TopicId` already used 10021 (the page's code), and a `CreateTime` in the future or
//! before the community's creation 10004.

use im_proto::community::import_topic::{Request, Response};
use im_proto::group_types::MAX_TOPICS_PER_COMMUNITY;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, community, community_mut, member_operator, refuse};
use crate::groups::{Topic, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ImportTopic;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match import(shared, &request) {
        Ok(id) => ok::<Response>(|r| r.topic_id = Some(id)),
        Err(answer) => answer,
    }
}

fn import(shared: &Shared, request: &Request) -> Result<String, Answer> {
    checked(API, request)?;
    if let Some(kind) = request.type_.as_deref().filter(|t| *t != "Community") {
        let info = format!("Type {kind:?}: topics are imported into a Community");
        return Err(refuse(API, ErrorCode::COMMUNITY_INVALID_PARAMETERS, info));
    }
    let now = clamp_time(shared.clock.now());
    let mut groups = shared.groups.lock();
    let group = community(API, &groups, &request.group_id)?;
    member_operator(API, &groups, group, request.from_account.as_deref())?;
    let created = created_at(request.create_time, group.create_time, now)?;
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
            return Err(refuse(API, ErrorCode::COMMUNITY_ID_TAKEN, info));
        }
        Some(id) => id.to_owned(),
        None => topics.generate_id(&request.group_id),
    };
    let mut topic = Topic::new(&id, &request.topic_name, created);
    topic.introduction = request.introduction.as_deref().unwrap_or_default().into();
    topic.notification = request.notification.as_deref().unwrap_or_default().into();
    topic.face_url = request.face_url.as_deref().unwrap_or_default().into();
    topic.custom_string = request.custom_string.as_deref().unwrap_or_default().into();
    topics.list.push(topic);
    Ok(id)
}

/// The topic's creation time: `asked` (now when absent), not in the future nor before the
/// community's creation (10004).
fn created_at(asked: Option<i64>, community: u32, now: u32) -> Result<u32, Answer> {
    let Some(asked) = asked else { return Ok(now) };
    match u32::try_from(asked) {
        Ok(t) if (community..=now).contains(&t) => Ok(t),
        _ => {
            let info = format!(
                "CreateTime {asked} is not between the community's creation ({community}) and now ({now})"
            );
            Err(refuse(API, ErrorCode::COMMUNITY_INVALID_PARAMETERS, info))
        }
    }
}
