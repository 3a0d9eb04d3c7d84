//! `import_topic`: a topic brought from another system, with its creation time.

use im_client::Error;
use im_proto::community::import_topic::Request;

use super::create_topic::missing_topic_id;
use crate::Client;

impl Client {
    /// Imports a topic into a community that supports topics (`import_topic`: no callbacks,
    /// no notifications; `CreateTime` kept); its `TopicId`. Served under
    /// `million_group_open_http_svc` (the current page; the INTL page says
    /// `group_open_http_svc`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking create_topic's rules (nothing is sent);
    /// [`Error::Decode`] for an `OK` answer without `TopicId`; otherwise as
    /// [`call`](im_client::Client::call): 11000 for a group without topics, 10021 for a custom
    /// ID used already, 10037 past the community's 200 topics.
    pub async fn import_topic(&self, request: &Request) -> Result<String, Error> {
        let response = self.call(request).await?;
        response
            .topic_id
            .ok_or_else(|| missing_topic_id("import_topic"))
    }
}
