//! Sending one message to one account, its keys chosen and kept across retries, and the bulk
//! send of a message of its own to each recipient.

use im_client::bulk::{Batch, BulkOperation, KeyFields, Rejected};
use im_client::{Error, Failure};
use im_proto::message::{MsgBody, MsgKey};
use im_proto::openim::sendmsg::{Request, Response};
use im_proto::{Endpoint, Metadata, UserId, ValidationError};

use crate::Client;

use super::{
    Delivery, DeliveryKind, Message, MsgKeys, Recipient, Settled, check_size, msg_key,
    settle_earlier,
};

/// What a send gave back: the keys it was sent with and the service's key and time.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sent {
    /// `MsgSeq` and `MsgRandom`, as sent.
    pub keys: MsgKeys,
    /// `MsgKey` (recall, modify, delete, receipts and extensions take it), when answered.
    pub key: Option<MsgKey>,
    /// `MsgTime`, Unix seconds, when answered.
    pub time: Option<i64>,
    /// `MsgId`, when answered.
    pub msg_id: Option<String>,
}

impl Message {
    /// The `sendmsg` request of this message to `to`, with `keys`.
    pub fn sendmsg_request(&self, to: UserId, keys: MsgKeys) -> Request {
        let mut request = Request::new(to, keys.random, self.body.clone());
        request.msg_seq = Some(keys.seq);
        request.from_account = self.from.clone();
        request.sync_other_machine = self.sync_other_machine();
        request.msg_life_time = self.life_time;
        request.cloud_custom_data = self.cloud_custom_data.clone();
        request.send_msg_control = (!self.control.is_empty()).then(|| self.control.clone());
        request.offline_push_info = self.push.clone();
        request.is_need_read_receipt = self.read_receipt.then_some(true);
        request
    }
}

impl Client {
    /// Sends one message to one account (`sendmsg`). A request without `MsgSeq` gets one at
    /// random, so that it is safe to resend: the service deduplicates a send on its sender,
    /// `MsgSeq`, `MsgRandom` and content for 120 s, and the client resends after a lost answer
    /// only the very same body, within those 120 s of its first attempt (its declaration's
    /// [`SameRequest`](im_proto::RetrySafety::SameRequest)); after them the call ends with the
    /// last error, as the message may have been stored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a body a send refuses ([`MsgBody::check_send`]), a
    /// `MsgLifeTime` over 7 days or a request over 12 KB (nothing is sent); otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn sendmsg(&self, mut request: Request) -> Result<Sent, Error> {
        let seq = *request.msg_seq.get_or_insert_with(rand::random);
        check_request(&request)?;
        let response = self.call(&request).await?;
        Ok(sent(
            MsgKeys {
                seq,
                random: request.msg_random,
            },
            response,
        ))
    }

    /// Sends `message` to `to` (`sendmsg`) with new keys chosen at random for it.
    ///
    /// # Errors
    ///
    /// As [`Client::sendmsg`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_messages::Client) -> Result<(), im_client::Error> {
    /// use im_messages::Message;
    /// use im_proto::UserId;
    ///
    /// let sent = client.send(&UserId::new("bob")?, &Message::text("hello").sync_sender(true)).await?;
    /// println!("sent as {:?} at {:?}", sent.key, sent.time);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(&self, to: &UserId, message: &Message) -> Result<Sent, Error> {
        message.check()?;
        let request = message.sendmsg_request(to.clone(), MsgKeys::random());
        self.sendmsg(request).await
    }
}

/// The checks of a send before anything leaves.
fn check_request(request: &Request) -> Result<(), Error> {
    request
        .msg_body
        .check_send()
        .map_err(|e| Error::InvalidInput(im_client::InvalidInput::Request(e)))?;
    super::check_life_time(request.msg_life_time)?;
    check_size(request)
}

fn sent(keys: MsgKeys, response: Response) -> Sent {
    Sent {
        keys,
        key: msg_key(response.msg_key.as_ref()),
        time: response.msg_time,
        msg_id: response.msg_id,
    }
}

/// The bulk send of one message per recipient, each by `sendmsg` (one call each): a
/// recipient's own body ([`Recipient::with_body`]) or the job's message's. Its key fields
/// (`MsgSeq`, `MsgRandom`, `MsgBody`) are chosen before it leaves, so a journal records them;
/// a recipient an earlier run sent without learning the outcome is sent again with the
/// recorded key while the service's 120 s still hold (the engine's doing), and after them is
/// first looked for in its history (as [`BatchSendMsg`](super::BatchSendMsg) does) and sent
/// again only when it lacks the message.
#[derive(Clone, Debug)]
pub struct SendMsg {
    message: Message,
    /// Why the default body cannot be sent, checked once for the job.
    default_body: Result<(), ValidationError>,
}

impl SendMsg {
    /// Sends `message` (its body the default of recipients without one).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when the message breaks a rule of a send.
    pub fn new(message: Message) -> Result<Self, Error> {
        super::check_life_time(message.life_time)?;
        let default_body = message.body.check_send();
        Ok(SendMsg {
            message,
            default_body,
        })
    }
}

/// A recipient checked for [`SendMsg`]: its UserID and own body, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendItem {
    to: UserId,
    body: Option<Box<MsgBody>>,
}

impl SendItem {
    /// The recipient.
    pub fn user_id(&self) -> &UserId {
        &self.to
    }
}

impl BulkOperation for SendMsg {
    type Input = Recipient;
    type Item = SendItem;
    type Output = Delivery;
    type Kind = DeliveryKind;

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "send"
    }

    fn key<'a>(&self, input: &'a Recipient) -> Option<&'a str> {
        input.user_id()
    }

    fn check(&self, input: Recipient) -> Result<SendItem, Rejected> {
        let (to, body) = input.check()?;
        if body.is_none()
            && let Err(e) = &self.default_body
        {
            let why = Failure::Invalid(im_client::InvalidInput::Request(e.clone()));
            return Err(Rejected::new(to.into_string(), why));
        }
        Ok(SendItem { to, body })
    }

    fn label(&self, item: SendItem) -> String {
        item.to.into_string()
    }

    fn kind(&self, output: &Delivery) -> DeliveryKind {
        output.kind()
    }

    fn retry_key(&self, items: &[SendItem]) -> Option<KeyFields> {
        let body = items.first()?.body.as_deref().unwrap_or(&self.message.body);
        let mut fields = MsgKeys::random().fields();
        fields.insert("MsgBody".into(), serde_json::to_value(body).ok()?);
        Some(fields)
    }

    async fn send(&self, batch: &Batch<'_, SendItem>) -> Vec<Result<Delivery, Failure>> {
        let mut results = Vec::with_capacity(batch.items().len());
        for (i, item) in batch.items().iter().enumerate() {
            results.push(self.send_one(batch, i, item).await);
        }
        results
    }
}

impl SendMsg {
    /// Sends the chunk's item `i` (a chunk of `sendmsg` holds one).
    async fn send_one(
        &self,
        batch: &Batch<'_, SendItem>,
        i: usize,
        item: &SendItem,
    ) -> Result<Delivery, Failure> {
        let fields = batch.key().ok_or_else(|| no_key(self))?;
        let keys = MsgKeys::from_fields(fields).ok_or_else(|| no_key(self))?;
        let body: MsgBody = fields
            .get("MsgBody")
            .and_then(|b| serde_json::from_value(b.clone()).ok())
            .ok_or_else(|| no_key(self))?;
        // A resend with the recorded key (inside the window) is the same request to the
        // service; any other item sent before is looked for first.
        let resent = batch.earlier_sends(i).last().and_then(|s| s.key.as_ref()) == Some(fields);
        if batch.sent_before(i) && !resent {
            let sender = self.message.from.as_ref().unwrap_or(batch.client().admin());
            let stored = self.message.is_stored();
            let settled = settle_earlier(batch, |item| &item.to, sender, stored).await;
            if let Some(Some(Settled::Done(done))) = settled.into_iter().nth(i) {
                return done;
            }
        }
        let mut message = self.message.clone();
        message.body = body;
        let request = message.sendmsg_request(item.to.clone(), keys);
        if let Err(err) = check_size(&request) {
            return Err(Failure::Request(std::sync::Arc::new(err)));
        }
        let (response, _) = batch.call(&request).await;
        let response = response?;
        Ok(Delivery::Sent {
            key: msg_key(response.msg_key.as_ref()),
        })
    }
}

/// The chunk came without the key fields the operation chose: a bug, never a send.
fn no_key(op: &SendMsg) -> Failure {
    let what = format!(
        "the {} chunk came without its MsgSeq, MsgRandom and MsgBody",
        op.name()
    );
    Failure::Request(std::sync::Arc::new(Error::internal(what)))
}
