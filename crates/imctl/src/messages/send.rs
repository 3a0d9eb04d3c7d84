//! `imctl messages send`: im-messages' [`BatchSendMsg`] on the shared job runner, and its dry
//! run, which checks without sending.

use std::fmt;

use futures::Stream;
use im_accounts::bulk::BulkItem;
use im_client::Failure;
use im_client::RateLimits;
use im_client::bulk::{Batch, BulkOperation, BulkOptions, BulkRun, KeyFields, Rejected};
use im_messages::{BatchSendMsg, Delivery, DeliveryKind, Recipient};
use im_proto::openim::batchsendmsg;
use im_proto::{Endpoint, Metadata, UserId};

use crate::bulk::{DryRun, Fields, InputReport, JobOperation, Shows, argument_item, rate_of};

/// What `messages send` runs: the send, or (`--dry-run`) a check of every recipient that
/// sends nothing.
#[derive(Clone, Debug)]
pub(crate) struct SendJob {
    op: BatchSendMsg,
    dry: bool,
}

impl SendJob {
    /// The send of `op`'s message.
    pub(crate) fn new(op: BatchSendMsg) -> Self {
        SendJob { op, dry: false }
    }
}

/// What a recipient's success shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SendOutput {
    /// Sent, or found delivered by an earlier run.
    Delivered(Delivery),
    /// A dry run's: it would be sent.
    WouldSend,
}

/// What the summary counts successes by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SendKind {
    /// Sent or already delivered.
    Delivered(DeliveryKind),
    /// Would be sent.
    WouldSend,
}

impl SendOutput {
    fn kind(&self) -> SendKind {
        match self {
            SendOutput::Delivered(delivery) => SendKind::Delivered(delivery.kind()),
            SendOutput::WouldSend => SendKind::WouldSend,
        }
    }
}

impl SendKind {
    /// `sent`, `already_delivered`, `would_send`.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            SendKind::Delivered(DeliveryKind::Sent) => "sent",
            SendKind::Delivered(_) => "already_delivered",
            SendKind::WouldSend => "would_send",
        }
    }
}

impl fmt::Display for SendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Shows for SendOutput {
    fn status(&self) -> &str {
        self.kind().as_str()
    }
}

/// A line of the recipients file as the message operations take it.
fn recipient(item: BulkItem) -> Recipient {
    match item {
        BulkItem::Rejected { label, reason } => Recipient::rejected(label, reason),
        other => match other.into_account() {
            Ok((user_id, _)) => Recipient::account(user_id),
            Err(other) => Recipient::rejected(format!("{other:?}"), "not a recipient"),
        },
    }
}

impl JobOperation for SendJob {
    type Input = BulkItem;
    type Output = SendOutput;
    type Kind = SendKind;

    fn name(&self) -> &'static str {
        "send"
    }

    fn key_name(&self) -> &'static str {
        "To_Account"
    }

    fn noun(&self) -> &'static str {
        "recipients"
    }

    fn fields(&self) -> Fields {
        Fields::Recipient
    }

    fn argument(&self, report: &InputReport, strict: bool, i: usize, value: String) -> BulkItem {
        argument_item(report, strict, i, value)
    }

    fn rate_limits(&self, rate: u32) -> RateLimits {
        rate_of(&batchsendmsg::Request::METADATA, rate)
    }

    fn writes(&self) -> bool {
        !self.dry
    }

    fn shows_every_item(&self) -> bool {
        self.dry
    }

    fn dry_run(&self) -> Option<DryRun<Self>> {
        let op = SendJob {
            op: self.op.clone(),
            dry: true,
        };
        Some(DryRun {
            op,
            relabel: |_| "would_send",
        })
    }

    fn start<S>(
        &self,
        client: &im_client::Client,
        items: S,
        options: BulkOptions,
    ) -> BulkRun<SendOutput, SendKind>
    where
        S: Stream<Item = BulkItem> + Send + 'static,
    {
        client.bulk(OnRunner(self.clone()), items, options)
    }
}

/// The job's operation on the engine: the recipients file's items in, [`SendOutput`]s out.
struct OnRunner(SendJob);

impl BulkOperation for OnRunner {
    type Input = BulkItem;
    type Item = UserId;
    type Output = SendOutput;
    type Kind = SendKind;

    fn metadata(&self) -> &'static Metadata {
        const { &batchsendmsg::Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "send"
    }

    fn key<'a>(&self, input: &'a BulkItem) -> Option<&'a str> {
        input.user_id()
    }

    fn check(&self, input: BulkItem) -> Result<UserId, Rejected> {
        self.0.op.check(recipient(input))
    }

    fn label(&self, item: UserId) -> String {
        item.into_string()
    }

    fn kind(&self, output: &SendOutput) -> SendKind {
        output.kind()
    }

    fn retry_key(&self, items: &[UserId]) -> Option<KeyFields> {
        (!self.0.dry).then(|| self.0.op.retry_key(items)).flatten()
    }

    async fn send(&self, batch: &Batch<'_, UserId>) -> Vec<Result<SendOutput, Failure>> {
        if self.0.dry {
            return batch
                .items()
                .iter()
                .map(|_| Ok(SendOutput::WouldSend))
                .collect();
        }
        let results = self.0.op.send(batch).await;
        results
            .into_iter()
            .map(|r| r.map(SendOutput::Delivered))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use im_messages::Message;

    use super::*;

    #[test]
    fn a_send_is_journaled_its_dry_run_is_not_and_both_key_recipients_as_to_account() {
        let job = SendJob::new(BatchSendMsg::new(Message::text("hi")).unwrap());
        assert!(job.writes() && !job.shows_every_item());
        assert_eq!(
            (job.key_name(), job.fields()),
            ("To_Account", Fields::Recipient)
        );
        let dry = job.dry_run().expect("a send has a dry run");
        assert!(!dry.op.writes() && dry.op.shows_every_item());
        assert_eq!((dry.relabel)("anything"), "would_send");
        let sent = SendOutput::Delivered(Delivery::AlreadyDelivered { key: None });
        assert_eq!(
            (sent.status(), sent.kind().to_string()),
            ("already_delivered", "already_delivered".into())
        );
        // A dry run chooses no key (nothing is recorded as sent).
        let items = [UserId::new("a").unwrap()];
        assert!(OnRunner(dry.op).retry_key(&items).is_none());
        assert!(OnRunner(job).retry_key(&items).is_some());
    }

    #[test]
    fn each_line_of_the_recipients_file_is_a_recipient() {
        let account = recipient(BulkItem::account("bob"));
        assert_eq!(account.user_id(), Some("bob"));
        let bad = recipient(BulkItem::rejected("line 3", "no To_Account"));
        assert_eq!(bad, Recipient::rejected("line 3", "no To_Account"));
    }
}
