//! `modify_topic`: changes the named fields of a topic (the request's own rules first: 10004);
//! 11000 for a group without topics, 10010 for a topic that does not exist (destroyed), 10007
//! when `From_Account` is given and is not a member, 10004 for a `MuteAllMember` other than
//! `On` or `Off`. Sends `Group.CallbackAfterTopicInfoChanged` (page 1047/49466: a REST call
//! triggers it; only the name, introduction, notice and picture URL do) with those of them the
//! request gave, `Operator_Account` being `From_Account` or the admin that signed the call, and
//! `TopicId` (not in the page's example, which cannot otherwise name the topic).

use im_callback::group::{AfterTopicInfoChanged, GroupType};
use im_proto::community::modify_topic::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, community, community_mut, member_operator, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ModifyTopic;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match modify(shared, &request) {
        Ok(()) => {
            changed(shared, &request, route);
            ok::<Response>(|_| {})
        }
        Err(answer) => answer,
    }
}

/// `Group.CallbackAfterTopicInfoChanged` with the profile fields given, if any.
fn changed(shared: &Shared, request: &Request, route: Route) {
    let fields = [
        &request.topic_name,
        &request.introduction,
        &request.notification,
        &request.face_url,
    ];
    if !shared.callbacks.enabled() || fields.iter().all(|f| f.is_none()) {
        return;
    }
    let mut event = AfterTopicInfoChanged::default();
    event.group_id.clone_from(&request.group_id);
    event.topic_id = Some(request.topic_id.clone());
    event.group_type = Some(GroupType::from("Community"));
    let operator = match request.from_account.as_deref() {
        Some(from) => from.to_owned(),
        None => super::sender(shared, None, route).to_owned(),
    };
    event.operator_account = Some(operator);
    event.name.clone_from(&request.topic_name);
    event.introduction.clone_from(&request.introduction);
    event.notification.clone_from(&request.notification);
    event.face_url.clone_from(&request.face_url);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}

fn modify(shared: &Shared, request: &Request) -> Result<(), Answer> {
    checked(API, request)?;
    let mute_all = match request.mute_all_member.as_deref() {
        None => None,
        Some("On") => Some(true),
        Some("Off") => Some(false),
        Some(other) => {
            let info = format!("MuteAllMember {other:?} is neither On nor Off");
            return Err(refuse(API, ErrorCode::COMMUNITY_INVALID_PARAMETERS, info));
        }
    };
    let mut groups = shared.groups.lock();
    let group = community(API, &groups, &request.group_id)?;
    member_operator(API, &groups, group, request.from_account.as_deref())?;
    let group = community_mut(API, &mut groups, &request.group_id)?;
    let topics = group.topics.as_deref_mut().expect("checked by community");
    let Some(topic) = topics.get_mut(&request.topic_id) else {
        let info = format!("topic {:?} does not exist (destroyed)", request.topic_id);
        return Err(refuse(API, ErrorCode::COMMUNITY_NOT_FOUND, info));
    };
    let texts = [
        (&mut topic.name, &request.topic_name),
        (&mut topic.introduction, &request.introduction),
        (&mut topic.notification, &request.notification),
        (&mut topic.face_url, &request.face_url),
        (&mut topic.custom_string, &request.custom_string),
    ];
    for (field, value) in texts {
        if let Some(value) = value {
            *field = value.as_str().into();
        }
    }
    if let Some(mute_all) = mute_all {
        topic.mute_all = mute_all;
    }
    Ok(())
}
