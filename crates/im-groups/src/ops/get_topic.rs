//! `get_topic`: the profiles of a community's topics.

use im_client::Error;
use im_proto::UserId;
use im_proto::community::get_topic::{Request, TopicAndSelfInfo, TopicInfo};

use crate::Client;

impl Client {
    /// The topics a request asks for (`get_topic`), as answered: one item per topic, each
    /// with its own `ErrorCode` (110003: destroyed) and, for a member `From_Account`, its
    /// `SelfInfo`; without `TopicIdList`, every topic of the community.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call): 11000 for a group without topics, 10010 for no
    /// such group.
    pub async fn get_topic(&self, request: &Request) -> Result<Vec<TopicAndSelfInfo>, Error> {
        let response = self.call(request).await?;
        Ok(response.topic_and_self_info.unwrap_or_default())
    }

    /// Every topic of the community `group_id` in the service's order, read as `from_account`
    /// (`get_topic` without `TopicIdList`); an item the answer gives a failing code of its own
    /// is left out.
    ///
    /// # Errors
    ///
    /// As [`get_topic`](Client::get_topic).
    pub async fn topics(
        &self,
        group_id: &str,
        from_account: &UserId,
    ) -> Result<Vec<TopicInfo>, Error> {
        let request = Request::new(group_id, from_account.as_str());
        let items = self.get_topic(&request).await?;
        Ok(items
            .into_iter()
            .filter(|item| item.error_code.unwrap_or(0) == 0)
            .filter_map(|item| item.topic_info)
            .collect())
    }
}
