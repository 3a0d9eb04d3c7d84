//! Typed operations, one module per message API, and what they share: the message a send
//! carries ([`Message`]), the checks before anything is sent, the keys chosen for each
//! message, and the outcome of one recipient ([`ItemOutcome`], [`Delivery`]).

use std::sync::Arc;

use im_client::bulk::{Batch, EarlierSend, KeyFields, Rejected};
use im_client::{Error, Failure, InvalidInput};
use im_proto::UserId;
use im_proto::message::{MsgBody, MsgKey, OfflinePushInfo, SendMsgControl};

macro_rules! operations {
    ($($module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*

        /// The commands with a typed operation, each named after its command.
        #[cfg(test)]
        const COMMANDS: &[&str] = &[$(stringify!($module)),*];
    };
}

operations! {
    sendmsg,
    batchsendmsg,
    importmsg,
    admin_getroammsg,
    admin_msgwithdraw,
    admin_set_msg_read,
    get_c2c_unread_msg_num,
    modify_c2c_msg,
    delete_c2c_msg_ramble,
    c2c_msg_read_receipt,
    get_key_values,
    set_key_values,
    group_get_key_values,
    group_set_key_values,
}

/// The largest JSON body a message send or import takes: 12 KB (93000), as the sendmsg,
/// batchsendmsg and importmsg pages and the usage-limits page (269/9346) say; the global
/// error-code page's 8 KB (a 2023 copy) is not what these pages document.
pub const MAX_BODY_BYTES: usize = 12 * 1024;

/// The longest `MsgLifeTime`, seconds: 7 days (90026).
pub const MAX_LIFE_TIME_SECS: u32 = 604_800;

/// One requested account's outcome in a batch operation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The account.
    pub user_id: UserId,
    /// What happened to it.
    pub result: Result<T, Failure>,
}

impl<T> ItemOutcome<T> {
    /// Whether the account succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// Pairs each requested ID with its result, in request order.
fn zip<T>(ids: &[UserId], results: Vec<Result<T, Failure>>) -> Vec<ItemOutcome<T>> {
    ids.iter()
        .cloned()
        .zip(results)
        .map(|(user_id, result)| ItemOutcome { user_id, result })
        .collect()
}

/// A message to send, to one recipient ([`Client::send`](crate::Client::send)) or to many
/// ([`Client::batch_send`](crate::Client::batch_send), [`BatchSendMsg`]): its body and the
/// per-message options both sends share. The keys (`MsgSeq`, `MsgRandom`) are chosen for each
/// send, at random, never fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// `MsgBody`.
    pub body: MsgBody,
    /// `From_Account`: the sender the recipients see; `None`: the app admin of the client.
    pub from: Option<UserId>,
    /// `SyncOtherMachine`: `Some(true)` (1) also puts the message on the sender's devices and
    /// in its history, `Some(false)` (2) does not; `None` leaves the field out.
    pub sync_sender: Option<bool>,
    /// `MsgLifeTime`, seconds (at most [`MAX_LIFE_TIME_SECS`]; 0: online recipients only).
    pub life_time: Option<u32>,
    /// `CloudCustomData`.
    pub cloud_custom_data: Option<String>,
    /// `SendMsgControl`.
    pub control: Vec<SendMsgControl>,
    /// `OfflinePushInfo`.
    pub push: Option<OfflinePushInfo>,
    /// `IsNeedReadReceipt`.
    pub read_receipt: bool,
}

impl Message {
    /// A message with this body and no option set.
    pub fn new(body: MsgBody) -> Self {
        Message {
            body,
            ..Message::default()
        }
    }

    /// A message of one text element.
    pub fn text(text: impl Into<String>) -> Self {
        Message::new(MsgBody::text(text))
    }

    /// Sent as `from` (`From_Account`).
    #[must_use]
    pub fn from(mut self, from: UserId) -> Self {
        self.from = Some(from);
        self
    }

    /// `SyncOtherMachine` 1 (`true`) or 2 (`false`).
    #[must_use]
    pub fn sync_sender(mut self, sync: bool) -> Self {
        self.sync_sender = Some(sync);
        self
    }

    /// `MsgLifeTime`, seconds.
    #[must_use]
    pub fn life_time(mut self, secs: u32) -> Self {
        self.life_time = Some(secs);
        self
    }

    /// The rules a send holds the message to, checked before anything is sent: the body's
    /// ([`MsgBody::check_send`]) and `MsgLifeTime` at most 7 days.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the field and the rule.
    pub fn check(&self) -> Result<(), Error> {
        self.body
            .check_send()
            .map_err(|e| Error::InvalidInput(InvalidInput::Request(e)))?;
        check_life_time(self.life_time)
    }

    /// Whether the message is stored in the recipients' histories, where a resumed job can
    /// look for it (not with `MsgLifeTime` 0: online recipients only).
    pub fn is_stored(&self) -> bool {
        self.life_time != Some(0)
    }

    /// `SyncOtherMachine` on the wire.
    fn sync_other_machine(&self) -> Option<u32> {
        self.sync_sender.map(|sync| if sync { 1 } else { 2 })
    }
}

/// `MsgLifeTime`, when given, is at most [`MAX_LIFE_TIME_SECS`].
fn check_life_time(life_time: Option<u32>) -> Result<(), Error> {
    match life_time {
        Some(secs) if secs > MAX_LIFE_TIME_SECS => Err(Error::invalid(format!(
            "MsgLifeTime: {secs} s is longer than the 7 days ({MAX_LIFE_TIME_SECS} s) the service keeps a message (90026)"
        ))),
        _ => Ok(()),
    }
}

/// The request's JSON body is at most [`MAX_BODY_BYTES`] (93000 otherwise).
fn check_size(request: &impl serde::Serialize) -> Result<(), Error> {
    let bytes = serde_json::to_vec(request)
        .map_err(|e| Error::invalid(format!("cannot encode the request: {e}")))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Error::invalid(format!(
            "the request is {} bytes of JSON, over the {MAX_BODY_BYTES} bytes (12 KB) a message may take (93000): shorten MsgBody or CloudCustomData",
            bytes.len()
        )));
    }
    Ok(())
}

/// A message's key parts, chosen for each message: `MsgSeq` and `MsgRandom` at random.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MsgKeys {
    /// `MsgSeq`.
    pub seq: u32,
    /// `MsgRandom`.
    pub random: u32,
}

impl MsgKeys {
    /// New keys, at random.
    pub fn random() -> Self {
        MsgKeys {
            seq: rand::random(),
            random: rand::random(),
        }
    }

    /// The keys of a request's key fields (`MsgSeq` and `MsgRandom`), when it has both.
    pub fn from_fields(fields: &KeyFields) -> Option<Self> {
        let read = |name: &str| u32::try_from(fields.get(name)?.as_u64()?).ok();
        Some(MsgKeys {
            seq: read("MsgSeq")?,
            random: read("MsgRandom")?,
        })
    }

    /// The key fields `MsgSeq` and `MsgRandom`.
    pub fn fields(self) -> KeyFields {
        let mut fields = KeyFields::new();
        fields.insert("MsgSeq".into(), self.seq.into());
        fields.insert("MsgRandom".into(), self.random.into());
        fields
    }
}

/// One recipient of a bulk send, as the caller gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recipient {
    /// An account by its raw UserID (checked by the engine), with a body of its own or the
    /// job's.
    Account {
        /// The UserID as given.
        user_id: String,
        /// Its own body (only [`SendMsg`] takes one).
        body: Option<Box<MsgBody>>,
    },
    /// An input the caller could not read; it is reported failed with this reason.
    Rejected {
        /// What identifies the input (`line 7`).
        label: String,
        /// Why it was rejected.
        reason: String,
    },
}

impl Recipient {
    /// A recipient by UserID, for the job's message.
    pub fn account(user_id: impl Into<String>) -> Self {
        Recipient::Account {
            user_id: user_id.into(),
            body: None,
        }
    }

    /// A recipient with a body of its own.
    pub fn with_body(user_id: impl Into<String>, body: MsgBody) -> Self {
        Recipient::Account {
            user_id: user_id.into(),
            body: Some(Box::new(body)),
        }
    }

    /// An input that could not be read.
    pub fn rejected(label: impl Into<String>, reason: impl Into<String>) -> Self {
        Recipient::Rejected {
            label: label.into(),
            reason: reason.into(),
        }
    }

    /// The UserID as given (not for a rejected input).
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Recipient::Account { user_id, .. } => Some(user_id),
            Recipient::Rejected { .. } => None,
        }
    }

    /// The recipient checked: its UserID and own body (checked too); its label and the rule
    /// broken otherwise.
    fn check(self) -> Result<(UserId, Option<Box<MsgBody>>), Rejected> {
        let invalid = |label: String, why| Rejected::new(label, Failure::Invalid(why));
        match self {
            Recipient::Rejected { label, reason } => {
                Err(invalid(label, InvalidInput::Rejected(reason)))
            }
            Recipient::Account { user_id, body } => {
                let id = UserId::new(user_id)
                    .map_err(|e| invalid(e.value().to_owned(), InvalidInput::UserId(e)))?;
                if let Some(body) = &body
                    && let Err(e) = body.check_send()
                {
                    return Err(invalid(id.into_string(), InvalidInput::Request(e)));
                }
                Ok((id, body))
            }
        }
    }
}

impl From<&str> for Recipient {
    fn from(user_id: &str) -> Self {
        Recipient::account(user_id)
    }
}

impl From<String> for Recipient {
    fn from(user_id: String) -> Self {
        Recipient::account(user_id)
    }
}

/// What a bulk send did for one recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// Sent now; the message's key when the answer gave one.
    Sent {
        /// `MsgKey`.
        key: Option<MsgKey>,
    },
    /// Found in the recipient's history: an earlier run of the job delivered it (its answer
    /// was never seen), so it was not sent again.
    AlreadyDelivered {
        /// The key of the message found.
        key: Option<MsgKey>,
    },
}

/// What kind of [`Delivery`] an outcome is: the key reports count by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DeliveryKind {
    /// Sent now.
    Sent,
    /// Delivered by an earlier run.
    AlreadyDelivered,
}

impl Delivery {
    /// Its kind.
    pub fn kind(&self) -> DeliveryKind {
        match self {
            Delivery::Sent { .. } => DeliveryKind::Sent,
            Delivery::AlreadyDelivered { .. } => DeliveryKind::AlreadyDelivered,
        }
    }
}

impl std::fmt::Display for DeliveryKind {
    /// `sent`, `already delivered`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DeliveryKind::Sent => "sent",
            DeliveryKind::AlreadyDelivered => "already delivered",
        })
    }
}

/// A key read from an answer, when it is a valid one.
fn msg_key(key: Option<&String>) -> Option<MsgKey> {
    key.and_then(|k| MsgKey::new(k.as_str()).ok())
}

/// What to do with an item an earlier run sent without learning the outcome.
enum Settled {
    /// Send it (again): no earlier send of it is in its history.
    Send,
    /// Done: the outcome.
    Done(Result<Delivery, Failure>),
}

/// The keys of the messages an earlier run sent an item with, oldest first: every earlier
/// send must have recorded `MsgSeq` and `MsgRandom`, or the item cannot be looked for.
fn earlier_keys(earlier: &[EarlierSend]) -> Result<Vec<(MsgKeys, std::time::SystemTime)>, Failure> {
    earlier
        .iter()
        .map(|send| {
            let keys = send.key.as_ref().and_then(MsgKeys::from_fields);
            keys.map(|keys| (keys, send.at)).ok_or_else(|| {
                unknown_outcome("an earlier run sent it without recording its MsgSeq and MsgRandom")
            })
        })
        .collect()
}

/// The failure of an item an earlier run may have delivered and that cannot be told: not sent
/// again, so never delivered twice.
fn unknown_outcome(why: &str) -> Failure {
    Failure::Request(Arc::new(Error::invalid(format!(
        "the outcome of an earlier send is unknown and cannot be checked ({why}); not sent again, so as not to deliver it twice"
    ))))
}

/// Settles, for each item of `batch` an earlier run sent without learning the outcome, whether
/// it holds the message in its history (from its own side: `admin_getroammsg` with the item as
/// `Operator_Account` and the sender as `Peer_Account`, a message of `MsgSeq` and `MsgRandom`
/// of an earlier send, from its recorded time less five minutes to now plus five): `None` for
/// items never sent before.
async fn settle_earlier<I: Sync>(
    batch: &Batch<'_, I>,
    recipient: impl Fn(&I) -> &UserId + Sync,
    sender: &UserId,
    stored: bool,
) -> Vec<Option<Settled>> {
    use futures::StreamExt;

    let recipient = &recipient;
    let checks = (0..batch.items().len()).map(|i| async move {
        if !batch.sent_before(i) {
            return None;
        }
        if !stored {
            let why = "MsgLifeTime 0: the message is not kept in any history to look for";
            return Some(Settled::Done(Err(unknown_outcome(why))));
        }
        let earlier = match earlier_keys(&batch.earlier_sends(i)) {
            Ok(keys) if !keys.is_empty() => keys,
            Ok(_) => return Some(Settled::Done(Err(unknown_outcome("no key was recorded")))),
            Err(failure) => return Some(Settled::Done(Err(failure))),
        };
        let recipient = recipient(&batch.items()[i]);
        let found = find_in_history(batch.client(), recipient, sender, &earlier).await;
        Some(match found {
            Ok(Some(key)) => Settled::Done(Ok(Delivery::AlreadyDelivered { key })),
            Ok(None) => Settled::Send,
            Err(err) => Settled::Done(Err(Failure::Request(Arc::new(err)))),
        })
    });
    futures::stream::iter(checks).buffered(8).collect().await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation is listed in the crate docs' table and the README under its command,
    /// linking the method of the same name (rustdoc checks the link resolves).
    #[test]
    fn the_crate_docs_list_every_operation_under_its_command() {
        let docs = include_str!("lib.rs");
        let readme = include_str!("../README.md");
        for command in COMMANDS {
            let row = format!("//! | `{command}` | [`{command}`](Client::{command})");
            assert!(docs.contains(&row), "lib.rs: no operation row {row:?}");
            let row = format!("| `{command}` | `Client::{command}`");
            assert!(readme.contains(&row), "README.md: no operation row {row:?}");
        }
        assert_eq!(COMMANDS.len(), 14);
    }

    #[test]
    fn keys_read_back_from_their_fields_and_differ_per_message() {
        let keys = MsgKeys::random();
        assert_eq!(MsgKeys::from_fields(&keys.fields()), Some(keys));
        assert_ne!(MsgKeys::random(), MsgKeys::random());
        let mut fields = keys.fields();
        fields.insert("MsgSeq".into(), (u64::from(u32::MAX) + 1).into());
        assert_eq!(MsgKeys::from_fields(&fields), None);
    }

    #[test]
    fn recipients_are_checked_by_userid_and_body() {
        let bad = Recipient::account("").check().unwrap_err();
        assert!(matches!(
            bad.failure,
            Failure::Invalid(InvalidInput::UserId(_))
        ));
        let empty = Recipient::with_body("a", MsgBody::default())
            .check()
            .unwrap_err();
        assert_eq!(empty.label, "a");
        let line = Recipient::rejected("line 3", "not JSON")
            .check()
            .unwrap_err();
        assert_eq!(
            (line.label.as_str(), line.failure.to_string().as_str()),
            ("line 3", "not JSON")
        );
    }
}
