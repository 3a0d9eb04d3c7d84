//! `create_topic`: a topic in a community created with `SupportTopic` 1 (any other group:
//! 11000). The request's own rules first (10004: `TopicName` 30 bytes and the other limits, a
//! custom `TopicId` of this community); `From_Account`, when given, must be a member (10007);
//! a custom `TopicId` already used answers 10025; a community holds at most 200 topics (10037).
//! Without a custom ID the topic gets `<GroupId>@TOPIC#_@TOPIC#c...`.
//!
//! Callbacks (pages 1047/49463 and 49464, both name the REST call as a trigger):
//! `Group.CallbackBeforeCreateTopic` once the request passed its checks, before anything is
//! stored (a refusal with `ErrorCode` 1 answers 10016, a code in [10100, 10200] answers that
//! code; the checks are made again after the answer, as the group store is not locked
//! meanwhile), `Group.CallbackAfterCreateTopic` once the topic exists. `Operator_Account` is
//! `From_Account`, or the admin that signed the call.

use im_callback::group::{AfterCreateTopic, BeforeCreateTopic, GroupType};
use im_proto::community::create_topic::{Request, Response};
use im_proto::group_types::MAX_TOPICS_PER_COMMUNITY;
use im_proto::{Api, ErrorCode};

use super::sender;
use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, community, community_mut, member_operator, refuse};
use crate::groups::{Groups, Topic, clamp_time};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::CreateTopic;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    let operator = operator(shared, &request, route);
    let created =
        before_create(shared, &request, &operator).and_then(|()| create(shared, &request));
    match created {
        Ok((id, owner)) => {
            after_create(shared, &request, (&operator, owner), &id);
            ok::<Response>(|r| r.topic_id = Some(id))
        }
        Err(answer) => answer,
    }
}

/// Who creates the topic: `From_Account`, or the admin that signed the call.
fn operator(shared: &Shared, request: &Request, route: Route) -> String {
    match request.from_account.as_deref() {
        Some(from) => from.to_owned(),
        None => sender(shared, None, route).to_owned(),
    }
}

/// `Group.CallbackBeforeCreateTopic` for a request that passes its checks: the app's answer
/// (refusal with `ErrorCode` 1: 10016).
fn before_create(shared: &Shared, request: &Request, operator: &str) -> Result<(), Answer> {
    if !shared.callbacks.enabled() {
        return Ok(());
    }
    checked(API, request)?;
    admitted(&shared.groups.lock(), request)?;
    let mut event = BeforeCreateTopic::default();
    event.group_id = Some(request.group_id.clone());
    event.operator_account = Some(operator.to_owned());
    event.group_type = Some(GroupType::from("Community"));
    event.name = Some(request.topic_name.clone());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared
        .callbacks
        .before(event, &Origin::rest())
        .outcome(ErrorCode::COMMUNITY_CALLBACK_REFUSED)
        .map_err(|(code, info)| refuse(API, code, info))
}

/// `Group.CallbackAfterCreateTopic` for the topic `id` just created by `operator` in a
/// community owned by `owner`.
fn after_create(shared: &Shared, request: &Request, who: (&str, Option<String>), id: &str) {
    if !shared.callbacks.enabled() {
        return;
    }
    let (operator, owner) = who;
    let mut event = AfterCreateTopic::default();
    event.group_id.clone_from(&request.group_id);
    event.topic_id = id.to_owned();
    event.operator_account = Some(operator.to_owned());
    event.owner_account = owner;
    event.group_type = Some(GroupType::from("Community"));
    event.name = Some(request.topic_name.clone());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}

/// What the store decides before a topic is created: the community, the operator's
/// membership, the topic limit and a custom ID's use.
fn admitted(groups: &Groups, request: &Request) -> Result<(), Answer> {
    let group = community(API, groups, &request.group_id)?;
    member_operator(API, groups, group, request.from_account.as_deref())?;
    let topics = group.topics.as_deref().expect("checked by community");
    if topics.list.len() >= MAX_TOPICS_PER_COMMUNITY {
        let info = format!(
            "the community holds {} topics, the most it may",
            topics.list.len()
        );
        return Err(refuse(API, ErrorCode::COMMUNITY_TOPIC_LIMIT, info));
    }
    match request.topic_id.as_deref() {
        Some(id) if topics.get(id).is_some() => {
            let info = format!("TopicId {id:?} is already used");
            Err(refuse(API, ErrorCode::COMMUNITY_ID_ALREADY_USED, info))
        }
        _ => Ok(()),
    }
}

/// Creates the topic; its ID and the community's owner.
fn create(shared: &Shared, request: &Request) -> Result<(String, Option<String>), Answer> {
    checked(API, request)?;
    let now = clamp_time(shared.clock.now());
    let mut groups = shared.groups.lock();
    admitted(&groups, request)?;
    let owner = community(API, &groups, &request.group_id)?.owner;
    let owner = owner.map(|o| groups.name(o).to_owned());
    let group = community_mut(API, &mut groups, &request.group_id)?;
    let topics = group.topics.as_deref_mut().expect("checked by community");
    let id = match request.topic_id.as_deref() {
        Some(id) => id.to_owned(),
        None => topics.generate_id(&request.group_id),
    };
    let mut topic = Topic::new(&id, &request.topic_name, now);
    topic.introduction = request.introduction.as_deref().unwrap_or_default().into();
    topic.notification = request.notification.as_deref().unwrap_or_default().into();
    topic.face_url = request.face_url.as_deref().unwrap_or_default().into();
    topic.custom_string = request.custom_string.as_deref().unwrap_or_default().into();
    topics.list.push(topic);
    Ok((id, owner))
}
