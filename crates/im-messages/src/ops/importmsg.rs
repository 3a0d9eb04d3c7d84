//! Importing one-to-one messages (history, or real-time during a migration), one per call, and
//! the bulk import of any number.

use im_client::bulk::{Batch, BulkOperation, KeyFields, Rejected};
use im_client::{Error, Failure, InvalidInput};
use im_proto::openim::importmsg::Request;
use im_proto::{Endpoint, Metadata, RetrySafety};

use crate::Client;

use super::check_size;

/// `SyncFromOldSystem` 2: a history import (not counted as unread, not pushed).
pub const IMPORT_HISTORY: u32 = 2;
/// `SyncFromOldSystem` 5: a real-time import during a migration (counted as unread, pushed).
pub const IMPORT_REALTIME: u32 = 5;

impl Client {
    /// Imports one message (`importmsg`). A request without `MsgSeq` gets one at random: the
    /// service deduplicates imports on `MsgSeq`, `MsgRandom` and `MsgTimeStamp` in the
    /// conversation, so that a resend after a lost answer (the client's, within its
    /// declaration's window) imports it once.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a `SyncFromOldSystem` other than 2 or 5, a body a send
    /// refuses or a request over 12 KB (nothing is sent); otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn importmsg(&self, mut request: Request) -> Result<(), Error> {
        request.msg_seq.get_or_insert_with(rand::random);
        check_import(&request)?;
        self.call(&request).await?;
        Ok(())
    }
}

/// The rules of an import, checked before anything leaves.
fn check_import(request: &Request) -> Result<(), Error> {
    let sync = request.sync_from_old_system;
    if sync != IMPORT_HISTORY && sync != IMPORT_REALTIME {
        return Err(Error::invalid(format!(
            "SyncFromOldSystem: {sync} is neither 2 (history) nor 5 (real-time during a migration) (90030)"
        )));
    }
    request
        .msg_body
        .check_send()
        .map_err(|e| Error::InvalidInput(InvalidInput::Request(e)))?;
    check_size(request)
}

/// One message of a bulk import, as the caller gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportItem {
    /// The message's request.
    Message(Box<Request>),
    /// An input the caller could not read; it is reported failed with this reason.
    Rejected {
        /// What identifies the input (`line 7`).
        label: String,
        /// Why it was rejected.
        reason: String,
    },
}

/// The bulk import: `importmsg`, one message a call. Its key fields (`From_Account`,
/// `To_Account`, `MsgSeq`, `MsgRandom`, `MsgTimeStamp`) are the message's own (a message
/// without `MsgSeq` gets one at random), recorded before it leaves; the service deduplicates
/// on them, so a resumed job sends a message an earlier run may have imported again with its
/// recorded key (within the declared window), and the service keeps one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportMsg;

/// `From_Account:To_Account:MsgTimeStamp`, what names an imported message in its outcome.
fn label(request: &Request) -> String {
    format!(
        "{}:{}:{}",
        request.from_account, request.to_account, request.msg_time_stamp
    )
}

impl BulkOperation for ImportMsg {
    type Input = ImportItem;
    type Item = Box<Request>;
    type Output = ();
    type Kind = &'static str;

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "import"
    }

    fn key<'a>(&self, _: &'a ImportItem) -> Option<&'a str> {
        None
    }

    fn check(&self, input: ImportItem) -> Result<Box<Request>, Rejected> {
        match input {
            ImportItem::Rejected { label, reason } => Err(Rejected::new(
                label,
                Failure::Invalid(InvalidInput::Rejected(reason)),
            )),
            ImportItem::Message(mut request) => {
                request.msg_seq.get_or_insert_with(rand::random);
                match check_import(&request) {
                    Ok(()) => Ok(request),
                    Err(Error::InvalidInput(why)) => {
                        Err(Rejected::new(label(&request), Failure::Invalid(why)))
                    }
                    Err(err) => Err(Rejected::new(
                        label(&request),
                        Failure::Request(std::sync::Arc::new(err)),
                    )),
                }
            }
        }
    }

    fn label(&self, item: Box<Request>) -> String {
        label(&item)
    }

    fn kind(&self, (): &()) -> &'static str {
        "imported"
    }

    fn retry_key(&self, items: &[Box<Request>]) -> Option<KeyFields> {
        // The declared key fields, as the message carries them.
        let RetrySafety::SameRequest { key: fields, .. } = Request::METADATA.retry else {
            return None;
        };
        let request = serde_json::to_value(items.first()?).ok()?;
        fields
            .iter()
            .map(|f| Some(((*f).to_owned(), request.get(*f)?.clone())))
            .collect()
    }

    async fn send(&self, batch: &Batch<'_, Box<Request>>) -> Vec<Result<(), Failure>> {
        let mut results = Vec::with_capacity(batch.items().len());
        for item in batch.items() {
            let mut request = (**item).clone();
            // The recorded key of an earlier run (the engine's), or the item's own.
            if let Some(key) = batch.key() {
                let read = |f: &str| key.get(f).and_then(serde_json::Value::as_u64);
                request.msg_seq = read("MsgSeq")
                    .and_then(|v| u32::try_from(v).ok())
                    .or(request.msg_seq);
                if let Some(random) = read("MsgRandom").and_then(|v| u32::try_from(v).ok()) {
                    request.msg_random = random;
                }
            }
            results.push(batch.call_one(&request).await.map(|_| ()));
        }
        results
    }
}
