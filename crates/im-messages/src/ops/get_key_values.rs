//! Reading a one-to-one message's extension key/values, every page of them.

use std::collections::BTreeMap;

use im_client::Error;
use im_proto::UserId;
use im_proto::message::MsgKey;
use im_proto::msgext::get_key_values::{Extension, Request};

use crate::Client;

/// A message's extensions as read: each key's latest key/value, and the service's sequences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Extensions {
    /// The key/values by key (the one of the highest `Seq` when a key came twice).
    pub values: BTreeMap<String, Extension>,
    /// `LatestSeq`: the highest `Seq` of all key/values.
    pub latest_seq: Option<i64>,
    /// `ClearSeq`: a client deletes every key/value whose `Seq` is at most this.
    pub clear_seq: Option<i64>,
}

/// At most this many pages are read: 300 key/values a message, 200 an answer; more means the
/// answers do not move on.
const MAX_PAGES: usize = 16;

impl Client {
    /// Every extension key/value of the message `key` sent to `to` (by `from`, when given)
    /// (`get_key_values`), page after page: while `CompleteFlag` is 0 the next page starts at
    /// the last key/value's `Seq` (several may share one: kept by key, the highest `Seq`
    /// winning).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call); [`Error::Decode`] when the pages do not move on.
    pub async fn get_key_values(
        &self,
        from: Option<&UserId>,
        to: &UserId,
        key: &MsgKey,
    ) -> Result<Extensions, Error> {
        let mut request = Request::new(to.clone(), key.as_str());
        request.from_account = from.cloned();
        read_pages("get_key_values", |start_seq| {
            let mut request = request.clone();
            request.start_seq = start_seq;
            async move {
                let page = self.call(&request).await?;
                Ok(Page {
                    list: page.extension_list.unwrap_or_default(),
                    latest_seq: page.latest_seq,
                    clear_seq: page.clear_seq,
                    complete: page.complete_flag != Some(false),
                })
            }
        })
        .await
    }
}

/// One answer of an extension read, one-to-one or group.
pub(crate) struct Page {
    pub(crate) list: Vec<Extension>,
    pub(crate) latest_seq: Option<i64>,
    pub(crate) clear_seq: Option<i64>,
    /// `CompleteFlag` was not 0.
    pub(crate) complete: bool,
}

/// Every key/value of a message, `fetch`ing the page from a `StartSeq` (`None` first): while
/// a page is not complete the next starts at its last key/value's `Seq` (several may share
/// one: kept by key, the highest `Seq` winning). `command` names the API in the error of pages
/// that do not move on.
pub(crate) async fn read_pages<F, Fut>(command: &str, mut fetch: F) -> Result<Extensions, Error>
where
    F: FnMut(Option<i64>) -> Fut,
    Fut: Future<Output = Result<Page, Error>>,
{
    let mut read = Extensions::default();
    let mut start_seq = None;
    for _ in 0..MAX_PAGES {
        let page = fetch(start_seq).await?;
        read.latest_seq = page.latest_seq.or(read.latest_seq);
        read.clear_seq = page.clear_seq.or(read.clear_seq);
        let last = page.list.iter().map(|e| e.seq).max();
        for extension in page.list {
            let slot = read.values.entry(extension.key.clone());
            let slot = slot.or_insert_with(|| extension.clone());
            if extension.seq >= slot.seq {
                *slot = extension;
            }
        }
        match last {
            Some(seq) if !page.complete && Some(seq) > start_seq => start_seq = Some(seq),
            _ if page.complete => return Ok(read),
            _ => break,
        }
    }
    let why = format!("{command}: CompleteFlag stayed 0 while the pages' Seq did not move on");
    Err(Error::Decode(im_client::DecodeError::finding(&why, b"")))
}
