//! `modify_topic`: a topic's profile changed.

use im_client::Error;
use im_proto::community::modify_topic::Request;

use crate::Client;

impl Client {
    /// Changes the fields a request names of a topic (`modify_topic`): name, introduction,
    /// notice, picture, custom string, `MuteAllMember` `On`/`Off`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules (the topic limits, a `TopicId`
    /// not of the community; nothing is sent); otherwise as
    /// [`call`](im_client::Client::call): 11000 for a group without topics, 10010 for a topic
    /// that no longer exists.
    pub async fn modify_topic(&self, request: &Request) -> Result<(), Error> {
        self.call(request).await.map(|_| ())
    }
}
