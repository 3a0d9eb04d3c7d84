//! `get_group_msg_receipt`: how many members have and have not read each of some messages.

use im_client::{Error, Failure};
use im_proto::group::get_group_msg_receipt::{MsgSeqItem, Request, Response};

use super::{ItemOutcome, zip};
use crate::Client;

/// A message's read counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadCounts {
    /// How many members have read it (`ReadNum`).
    pub read: u32,
    /// How many have not (`UnreadNum`).
    pub unread: u32,
}

impl Client {
    /// The read counts of the messages `seqs` of `group_id` (`get_group_msg_receipt`): one
    /// outcome per `MsgSeq` (its key, in decimal), in order, the counts or the message's own
    /// failure (10062: no read receipt information: no such message, or not sent with
    /// `NeedReadReceipt` 1).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for no message; otherwise as [`call`](im_client::Client::call)
    /// (10007: an edition or a group type without read receipts).
    pub async fn get_group_msg_receipt(
        &self,
        group_id: &str,
        seqs: &[u32],
    ) -> Result<Vec<ItemOutcome<ReadCounts>>, Error> {
        if seqs.is_empty() {
            return Err(Error::invalid("MsgSeqList: name at least one message"));
        }
        let items = seqs.iter().map(|&s| MsgSeqItem::new(s)).collect();
        let response = self.call(&Request::new(group_id, items)).await?;
        Ok(zip(
            seqs.iter().map(u32::to_string),
            map_counts(seqs, &response),
        ))
    }
}

/// Each requested `MsgSeq`'s result: the first naming it, its `Code` 0 a success.
fn map_counts(seqs: &[u32], response: &Response) -> Vec<Result<ReadCounts, Failure>> {
    let results = response
        .group_msg_receipt_list
        .as_deref()
        .unwrap_or_default();
    seqs.iter()
        .map(|seq| match results.iter().find(|r| r.msg_seq == *seq) {
            None => Err(Failure::NoResult),
            Some(r) if r.code.get() == 0 => Ok(ReadCounts {
                read: r.read_num.unwrap_or_default(),
                unread: r.unread_num.unwrap_or_default(),
            }),
            Some(r) => Err(Failure::service(r.code, "")),
        })
        .collect()
}
