//! `destroy_topic`: topics of a community destroyed, one outcome per topic.

use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::community::destroy_topic::{DestroyResult, Request};
use im_proto::{ErrorCode, ResultMapping};

use super::{ItemOutcome, coded, zip};
use crate::Client;

/// How `DestroyResultItem` answers the topics: one item per topic, by `TopicId`.
const BY_TOPIC: ResultMapping = ResultMapping::ByKey {
    list: "DestroyResultItem",
    key: "TopicId",
};

impl Client {
    /// Destroys topics of the community `group_id` (`destroy_topic`, irreversible): one outcome
    /// per topic in request order, `Ok` when destroyed, else its own failure (110003: already
    /// destroyed, the state wanted; 110002: not destroyed).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) for the whole call: 11000 for a group without
    /// topics, 10010/10015 for no such group.
    pub async fn destroy_topic(
        &self,
        group_id: &str,
        topic_ids: &[String],
    ) -> Result<Vec<ItemOutcome<()>>, Error> {
        let request = Request::new(group_id, topic_ids.to_vec());
        let response = self.call(&request).await?;
        let items = response.destroy_result_item.as_deref().unwrap_or_default();
        let read = coded(|r: &DestroyResult| {
            let code = ErrorCode::new(r.error_code.unwrap_or(0));
            let info = r.error_info.as_deref().unwrap_or_default();
            ItemResult::new(r.topic_id.as_deref().unwrap_or_default()).with_code(code, info)
        });
        let keys = topic_ids.iter().map(String::as_str);
        let mapped = results::map_with(BY_TOPIC, keys, items, read, |_| Ok::<(), Failure>(()));
        Ok(zip(topic_ids.iter().cloned(), mapped))
    }
}
