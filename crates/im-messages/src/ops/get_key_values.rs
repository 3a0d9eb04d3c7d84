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
        let mut read = Extensions::default();
        let mut request = Request::new(to.clone(), key.as_str());
        request.from_account = from.cloned();
        for _ in 0..MAX_PAGES {
            let page = self.call(&request).await?;
            read.latest_seq = page.latest_seq.or(read.latest_seq);
            read.clear_seq = page.clear_seq.or(read.clear_seq);
            let list = page.extension_list.unwrap_or_default();
            let last = list.iter().map(|e| e.seq).max();
            for extension in list {
                let slot = read.values.entry(extension.key.clone());
                let slot = slot.or_insert_with(|| extension.clone());
                if extension.seq >= slot.seq {
                    *slot = extension;
                }
            }
            let done = page.complete_flag != Some(false);
            match last {
                Some(seq) if !done && Some(seq) > request.start_seq => {
                    request.start_seq = Some(seq);
                }
                _ if done => return Ok(read),
                _ => break,
            }
        }
        let why = "get_key_values: CompleteFlag stayed 0 while the pages' Seq did not move on";
        Err(Error::Decode(im_client::DecodeError::finding(why, b"")))
    }
}
