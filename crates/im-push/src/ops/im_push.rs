//! `im_push`: a push to every user, or to those holding tags or attributes, and the [`Push`]
//! builder of its request.

use im_client::Error;
use im_proto::UserId;
use im_proto::all_member_push::im_push::{Condition, Request};
use im_proto::message::MsgBody;

use crate::Client;

impl Client {
    /// Sends one push (`im_push`); its `TaskId`.
    ///
    /// Before anything is sent: the request's rules (`MsgLifeTime` at most 604800 s, the
    /// condition's tag and attribute rules), then the declared quotas: the day's 100 pushes
    /// (the 101st is refused with [`QuotaError::Exhausted`](im_client::QuotaError), naming
    /// the quota and the midnight at UTC+8 it resets at) and one push a second (paced 1.1 s
    /// apart). A push that failed ambiguously is sent again with the same `MsgRandom` only
    /// within the 7 days the service deduplicates it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules, [`Error::Quota`] when the
    /// day's pushes are used up; otherwise as [`call`](im_client::Client::call) (90045: push
    /// to all users is not enabled for the app).
    pub async fn im_push(&self, request: &Request) -> Result<Option<String>, Error> {
        Ok(self.call(request).await?.task_id)
    }
}

/// A push request being built: its message, sender, offline lifetime and condition.
///
/// # Examples
///
/// ```
/// use im_push::Push;
///
/// let request = Push::text("hi").tags_and(["gold", "sz"]).life_time(3600).build();
/// assert_eq!(request.msg_life_time, Some(3600));
/// assert_eq!(request.condition.unwrap().tags_and.unwrap(), ["gold", "sz"]);
/// ```
#[derive(Clone, Debug)]
pub struct Push {
    request: Request,
}

impl Push {
    /// A push of `body` to every user, from the admin, with a random `MsgRandom`, kept for
    /// online users only (`MsgLifeTime` absent: 0).
    pub fn new(body: MsgBody) -> Self {
        Push {
            request: Request::new(rand::random(), body),
        }
    }

    /// A push of one text element.
    pub fn text(text: impl Into<String>) -> Self {
        Push::new(MsgBody::text(text))
    }

    /// The sender the recipients see (`From_Account`).
    pub fn from(mut self, account: UserId) -> Self {
        self.request.from_account = Some(account);
        self
    }

    /// The `MsgRandom` naming the push task (the same within 7 days is the same task).
    pub fn msg_random(mut self, random: u32) -> Self {
        self.request.msg_random = random;
        self
    }

    /// How long the message is kept offline, in seconds (at most 604800; 0: online users only).
    pub fn life_time(mut self, seconds: u32) -> Self {
        self.request.msg_life_time = Some(seconds);
        self
    }

    /// Users holding any of `tags`.
    pub fn tags_or<T: Into<String>>(self, tags: impl IntoIterator<Item = T>) -> Self {
        self.condition(|c| c.tags_or = Some(tags.into_iter().map(Into::into).collect()))
    }

    /// Users holding all of `tags`.
    pub fn tags_and<T: Into<String>>(self, tags: impl IntoIterator<Item = T>) -> Self {
        self.condition(|c| c.tags_and = Some(tags.into_iter().map(Into::into).collect()))
    }

    /// Users holding any of these attribute values (name, value).
    pub fn attrs_or<K: Into<String>, V: Into<String>>(
        self,
        attrs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map = attrs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.condition(|c| c.attrs_or = Some(map))
    }

    /// Users holding all of these attribute values (name, value).
    pub fn attrs_and<K: Into<String>, V: Into<String>>(
        self,
        attrs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map = attrs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.condition(|c| c.attrs_and = Some(map))
    }

    fn condition(mut self, set: impl FnOnce(&mut Condition)) -> Self {
        set(self
            .request
            .condition
            .get_or_insert_with(Condition::default));
        self
    }

    /// The request (checked when sent).
    pub fn build(self) -> Request {
        self.request
    }
}
