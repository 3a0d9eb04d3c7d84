//! `send_group_msg`: a message to a group, its `Random` chosen once and kept across resends.

use im_client::Error;
use im_proto::group::send_group_msg::Request;
use im_proto::message::MsgBody;

use super::group_msg_get_simple::check_topic;
use crate::Client;

/// What a group send gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupSent {
    /// `Random`, as sent (every resend of the message carried it).
    pub random: u32,
    /// `MsgSeq`: the message's place in the group's history (recall, modify and clear take it).
    pub msg_seq: Option<u32>,
    /// `MsgTime`, Unix seconds.
    pub msg_time: Option<i64>,
}

impl Client {
    /// Sends a message to a group (`send_group_msg`). After a lost answer the client resends
    /// only the very same request (its `GroupId`, `Random` and `MsgBody`), and only within the
    /// 300 s the service deduplicates it in (the declaration's
    /// [`SameRequest`](im_proto::RetrySafety::SameRequest)): the group holds the message once.
    /// A `Random` of 0 is replaced by one chosen at random, once, before the first attempt.
    /// With `TopicId` the message goes to that topic of a community, in its own history.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules (a body a send refuses, more
    /// than 50 `To_Account`, more than 30 @, a `TopicId` that is not a topic of the group);
    /// otherwise as [`call`](im_client::Client::call)
    /// (10007 from a non-member, 10017 a muted sender, 10023 the group's 41st message in a
    /// second, 80002 a body over 12 KB).
    pub async fn send_group_msg(&self, mut request: Request) -> Result<GroupSent, Error> {
        if request.random == 0 {
            request.random = nonzero_random();
        }
        check_topic(&request.group_id, request.topic_id.as_deref())?;
        request
            .msg_body
            .check_send()
            .map_err(|e| Error::InvalidInput(im_client::InvalidInput::Request(e)))?;
        let response = self.call(&request).await?;
        Ok(GroupSent {
            random: request.random,
            msg_seq: response.msg_seq,
            msg_time: response.msg_time,
        })
    }

    /// Sends `body` to the group `group_id` as the App admin, with a new `Random`
    /// ([`Client::send_group_msg`]).
    ///
    /// # Errors
    ///
    /// As [`Client::send_group_msg`].
    pub async fn send_to_group(&self, group_id: &str, body: MsgBody) -> Result<GroupSent, Error> {
        self.send_group_msg(Request::new(group_id, nonzero_random(), body))
            .await
    }
}

/// A `Random` chosen at random, never 0 (0 stands for "choose one").
pub(crate) fn nonzero_random() -> u32 {
    rand::random::<u32>().max(1)
}
