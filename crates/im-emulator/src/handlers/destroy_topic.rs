//! `destroy_topic`: removes topics of a community that supports them (11000 otherwise), one
//! `DestroyResultItem` per listed topic: 0 for a topic removed, 110003 for one already destroyed
//! (or never there). An empty `TopicIdList` answers 10004. Sends
//! `Group.CallbackAfterTopicDestroyed` (page 1047/49465, which names the REST call as a trigger)
//! with the topics this call removed, when it removed any.

use im_callback::group::{AfterTopicDestroyed, GroupType};
use im_proto::community::destroy_topic::{DestroyResult, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::callbacks::Origin;
use crate::exchange::{Answer, Route};
use crate::group_calls::{community_mut, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DestroyTopic;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if request.topic_id_list.is_empty() {
        let info = "TopicIdList names no topic";
        return refuse(API, ErrorCode::COMMUNITY_INVALID_PARAMETERS, info);
    }
    let mut groups = shared.groups.lock();
    let group = match community_mut(API, &mut groups, &request.group_id) {
        Ok(group) => group,
        Err(answer) => return answer,
    };
    let topics = group
        .topics
        .as_deref_mut()
        .expect("checked by community_mut");
    let mut removed = Vec::new();
    let results: Vec<DestroyResult> = request
        .topic_id_list
        .iter()
        .map(|id| {
            let (code, info) = if topics.remove(id) {
                removed.push(id.clone());
                (ErrorCode::OK, "ok")
            } else {
                (
                    ErrorCode::COMMUNITY_TOPIC_DESTROYED,
                    "the topic was already destroyed",
                )
            };
            let mut result = DestroyResult::default();
            result.error_code = Some(code.get());
            result.error_info = Some(info.to_owned());
            result.topic_id = Some(id.clone());
            result
        })
        .collect();
    drop(groups);
    destroyed(shared, &request.group_id, removed);
    ok::<Response>(|r| r.destroy_result_item = Some(results))
}

/// `Group.CallbackAfterTopicDestroyed` for the topics `removed` from `group_id`, if any.
fn destroyed(shared: &Shared, group_id: &str, removed: Vec<String>) {
    if !shared.callbacks.enabled() || removed.is_empty() {
        return;
    }
    let mut event = AfterTopicDestroyed::default();
    event.group_id = group_id.to_owned();
    event.group_type = Some(GroupType::from("Community"));
    event.topic_id_list = Some(removed);
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared.callbacks.after(event, Origin::rest());
}
