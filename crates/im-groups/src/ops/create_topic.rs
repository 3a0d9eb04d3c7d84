//! `create_topic`: a topic in a community created with `SupportTopic` 1.

use im_client::{DecodeError, Error};
use im_proto::community::create_topic::Request;

use crate::Client;

impl Client {
    /// Creates a topic in a community that supports topics (`create_topic`); its `TopicId`,
    /// the custom one asked for or the one the service assigned
    /// (`<GroupId>@TOPIC#_@TOPIC#...`).
    ///
    /// Not resent after an ambiguous failure (the API is declared `never`: without a custom
    /// `TopicId` a resend would create a second topic); with a custom ID a resend that answers
    /// 10025 most likely found the first call's topic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules (`TopicName` over 30 bytes,
    /// `Introduction` 240, `Notification` 300, `FaceUrl` 100, `CustomString` 3000, a custom
    /// `TopicId` not of this community; nothing is sent); [`Error::Decode`] for an `OK` answer
    /// without `TopicId`; otherwise as [`call`](im_client::Client::call): 11000 for a group
    /// without topics, 10010 for no such group, 10025 for a custom ID used already, 10037 past
    /// the community's 200 topics.
    pub async fn create_topic(&self, request: &Request) -> Result<String, Error> {
        let response = self.call(request).await?;
        response
            .topic_id
            .ok_or_else(|| missing_topic_id("create_topic"))
    }
}

/// The error of an `OK` answer of `command` without its `TopicId`.
pub(crate) fn missing_topic_id(command: &str) -> Error {
    Error::Decode(DecodeError::finding(
        format!("{command} answered OK without a TopicId"),
        b"",
    ))
}
