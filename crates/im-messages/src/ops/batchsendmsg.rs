//! Sending one message to up to 500 accounts, and the bulk send to any number: chunks of 500,
//! one outcome per recipient, resumed without delivering twice.

use im_client::bulk::{Batch, BulkOperation, KeyFields, Rejected};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::message::MsgKey;
use im_proto::openim::batchsendmsg::{FailedRecipient, Request, Response};
use im_proto::{Endpoint, Metadata, UserId};

use crate::Client;

use super::{
    Delivery, DeliveryKind, ItemOutcome, Message, MsgKeys, Recipient, Settled, check_size, msg_key,
    settle_earlier, zip,
};

/// What a batch send gave back: the keys it was sent with, the message's key, and one outcome
/// per recipient, in request order.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BatchSent {
    /// `MsgSeq` and `MsgRandom`, as sent.
    pub keys: MsgKeys,
    /// `MsgKey`, when answered.
    pub key: Option<MsgKey>,
    /// One outcome per recipient: the failed ones with their `ErrorList` code.
    pub recipients: Vec<ItemOutcome<()>>,
}

impl Message {
    /// The `batchsendmsg` request of this message to `to`, with `keys`.
    pub fn batchsendmsg_request(&self, to: Vec<UserId>, keys: MsgKeys) -> Request {
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
    /// Sends one message to up to 500 accounts (`batchsendmsg`); one outcome per recipient,
    /// in request order (`ErrorList` names only the recipients that failed). A request without
    /// `MsgSeq` gets one at random. Never resent after an attempt whose answer was lost (the
    /// service deduplicates only "within the same second"): such a call fails, and
    /// [`BatchSendMsg`] settles its recipients from their histories.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 500 recipients, a body a send refuses, a
    /// `MsgLifeTime` over 7 days or a request over 12 KB (nothing is sent); otherwise as
    /// [`call`](im_client::Client::call) (every recipient failed: the envelope's code).
    pub async fn batchsendmsg(&self, mut request: Request) -> Result<BatchSent, Error> {
        let seq = *request.msg_seq.get_or_insert_with(rand::random);
        request
            .msg_body
            .check_send()
            .map_err(|e| Error::InvalidInput(im_client::InvalidInput::Request(e)))?;
        super::check_life_time(request.msg_life_time)?;
        check_size(&request)?;
        let response = self.call(&request).await?;
        let recipients = zip(
            &request.to_account,
            map_recipients(&request.to_account, &response),
        );
        Ok(BatchSent {
            keys: MsgKeys {
                seq,
                random: request.msg_random,
            },
            key: msg_key(response.msg_key.as_ref()),
            recipients,
        })
    }

    /// Sends `message` to up to 500 accounts (`batchsendmsg`) with new keys chosen at random;
    /// for more, run [`BatchSendMsg`] through [`bulk`](im_client::Client::bulk).
    ///
    /// # Errors
    ///
    /// As [`Client::batchsendmsg`].
    pub async fn batch_send(&self, to: &[UserId], message: &Message) -> Result<BatchSent, Error> {
        message.check()?;
        let request = message.batchsendmsg_request(to.to_vec(), MsgKeys::random());
        self.batchsendmsg(request).await
    }
}

/// One outcome per recipient, as the declaration maps the answer (`ErrorList` holds only
/// failures, each with its code).
fn map_recipients(to: &[UserId], response: &Response) -> Vec<Result<(), Failure>> {
    fn read(f: &FailedRecipient) -> ItemResult<'_> {
        ItemResult::new(&f.to_account).with_code(f.error_code, "")
    }
    let failed = response.error_list.as_deref().unwrap_or_default();
    let keys = to.iter().map(UserId::as_str);
    results::map_with(
        results::declared(&Request::METADATA),
        keys,
        failed,
        read,
        |_| Ok(()),
    )
}

/// The bulk send of one message to any number of recipients: `batchsendmsg`, 500 recipients a
/// call (the declared maximum), under both declared quotas (200 calls a second, 12,000
/// recipients a minute: the client's limits, at a raised figure with
/// [`Quotas`](im_client::Quotas), shared in Redis with a rate store). Each chunk's `MsgSeq`
/// and `MsgRandom` are chosen at random before it leaves ([`BulkOperation::retry_key`]), so a
/// journal records them. A recipient an earlier run sent without learning the outcome
/// ([`BulkOptions::earlier_sends`](im_client::bulk::BulkOptions::earlier_sends)) is looked
/// for in its own history first: one that holds a message from the sender with a recorded
/// `MsgSeq` and `MsgRandom` is [`Delivery::AlreadyDelivered`], only the others are sent
/// again. A recipient whose outcome cannot be told (a message of `MsgLifeTime` 0, no key
/// recorded) fails without being sent again.
#[derive(Clone, Debug)]
pub struct BatchSendMsg {
    message: Message,
}

impl BatchSendMsg {
    /// Sends `message` to every recipient of the job.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when the message breaks a rule of a send (checked once here).
    pub fn new(message: Message) -> Result<Self, Error> {
        message.check()?;
        Ok(BatchSendMsg { message })
    }

    /// The message sent.
    pub fn message(&self) -> &Message {
        &self.message
    }
}

impl BulkOperation for BatchSendMsg {
    type Input = Recipient;
    type Item = UserId;
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

    fn check(&self, input: Recipient) -> Result<UserId, Rejected> {
        match input.check()? {
            (id, None) => Ok(id),
            (id, Some(_)) => {
                let why = "a recipient with a body of its own is sent by sendmsg (SendMsg)";
                let why = Failure::Invalid(im_client::InvalidInput::Other(why.into()));
                Err(Rejected::new(id.into_string(), why))
            }
        }
    }

    fn label(&self, item: UserId) -> String {
        item.into_string()
    }

    fn kind(&self, output: &Delivery) -> DeliveryKind {
        output.kind()
    }

    fn retry_key(&self, _: &[UserId]) -> Option<KeyFields> {
        Some(MsgKeys::random().fields())
    }

    async fn send(&self, batch: &Batch<'_, UserId>) -> Vec<Result<Delivery, Failure>> {
        let keys = batch.key().and_then(MsgKeys::from_fields);
        let keys = keys.unwrap_or_else(MsgKeys::random);
        let sender = self.message.from.as_ref().unwrap_or(batch.client().admin());
        let stored = self.message.is_stored();
        let settled = settle_earlier(batch, |id| id, sender, stored).await;
        let mut results: Vec<Option<Result<Delivery, Failure>>> = Vec::new();
        let mut to = Vec::new();
        for (i, settled) in settled.into_iter().enumerate() {
            match settled {
                Some(Settled::Done(done)) => results.push(Some(done)),
                None | Some(Settled::Send) => {
                    to.push(batch.items()[i].clone());
                    results.push(None);
                }
            }
        }
        if to.is_empty() {
            return results.into_iter().flatten().collect();
        }
        let sent = self.send_to(batch, to, keys).await;
        let mut sent = sent.into_iter();
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| sent.next().unwrap_or(Err(Failure::NoResult))))
            .collect()
    }
}

impl BatchSendMsg {
    /// Sends the message to `to` in one request: one result per recipient.
    async fn send_to(
        &self,
        batch: &Batch<'_, UserId>,
        to: Vec<UserId>,
        keys: MsgKeys,
    ) -> Vec<Result<Delivery, Failure>> {
        let request = self.message.batchsendmsg_request(to, keys);
        if let Err(err) = check_size(&request) {
            let failure = Failure::Request(std::sync::Arc::new(err));
            return vec![Err(failure); request.to_account.len()];
        }
        let response = match batch.call(&request).await {
            (Ok(response), _) => response,
            (Err(failure), _) => return vec![Err(failure); request.to_account.len()],
        };
        let key = msg_key(response.msg_key.as_ref());
        map_recipients(&request.to_account, &response)
            .into_iter()
            .map(|r| r.map(|()| Delivery::Sent { key: key.clone() }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use im_proto::ErrorCode;

    use super::*;

    #[test]
    fn error_list_holds_only_failures() {
        let to: Vec<UserId> = ["a", "b", "c"].map(|n| UserId::new(n).unwrap()).into();
        let mut response = Response::default();
        response.error_list = Some(vec![FailedRecipient::new(
            "b",
            ErrorCode::ACCOUNT_NOT_FOUND,
        )]);
        let out = map_recipients(&to, &response);
        assert!(out[0].is_ok() && out[2].is_ok());
        assert_eq!(
            out[1].as_ref().unwrap_err().code(),
            Some(ErrorCode::ACCOUNT_NOT_FOUND)
        );
        assert!(
            map_recipients(&to, &Response::default())
                .iter()
                .all(Result::is_ok)
        );
    }
}
