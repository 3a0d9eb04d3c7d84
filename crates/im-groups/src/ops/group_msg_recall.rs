//! `group_msg_recall`: group messages recalled by `MsgSeq`, 10 a call, and any number in
//! chunks of 10.

use std::sync::Arc;

use im_client::{Error, Failure};
use im_proto::group::group_msg_recall::{MsgSeqItem, Request, Response};

use super::group_msg_get_simple::check_topic;
use super::{ItemOutcome, zip};
use crate::Client;

/// The most messages one `group_msg_recall` call recalls (the declared `MsgSeqList` maximum).
pub const RECALL_CHUNK: usize = 10;

impl Client {
    /// Recalls up to 10 messages of a group (`group_msg_recall`): one outcome per `MsgSeq`
    /// (its key, in decimal), `Ok(())` (a message already recalled too) or its own failure
    /// (10030 no such message).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 10 messages; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn group_msg_recall(&self, request: &Request) -> Result<Vec<ItemOutcome<()>>, Error> {
        let response = self.call(request).await?;
        let seqs: Vec<u32> = request.msg_seq_list.iter().map(|m| m.msg_seq).collect();
        Ok(zip(
            seqs.iter().map(u32::to_string),
            map_recall(&seqs, &response),
        ))
    }

    /// Recalls the messages `seqs` of `group_id` in chunks of [`RECALL_CHUNK`]: one outcome
    /// per `MsgSeq`, in order; a chunk's refused call fails each of its messages.
    pub async fn recall_group_msgs(&self, group_id: &str, seqs: &[u32]) -> Vec<ItemOutcome<()>> {
        self.recall_group_msgs_in(group_id, None, seqs).await
    }

    /// [`Client::recall_group_msgs`] in the topic `topic` of the community `group_id` (its own
    /// `MsgSeq`s), or in the group's own history without one. A topic ID that is not one of
    /// `group_id`'s fails every message with [`Error::InvalidInput`] before anything is sent.
    pub async fn recall_group_msgs_in(
        &self,
        group_id: &str,
        topic: Option<&str>,
        seqs: &[u32],
    ) -> Vec<ItemOutcome<()>> {
        let mut out = Vec::with_capacity(seqs.len());
        if let Err(err) = check_topic(group_id, topic) {
            let failure = Failure::Request(Arc::new(err));
            let failed = seqs.iter().map(|_| Err(failure.clone())).collect();
            return zip(seqs.iter().map(u32::to_string), failed);
        }
        for chunk in seqs.chunks(RECALL_CHUNK) {
            let items = chunk.iter().map(|&s| MsgSeqItem::new(s)).collect();
            let mut request = Request::new(group_id, items);
            request.topic_id = topic.map(str::to_owned);
            match self.group_msg_recall(&request).await {
                Ok(outcomes) => out.extend(outcomes),
                Err(err) => {
                    let failure = Failure::Request(Arc::new(err));
                    let failed = chunk.iter().map(|_| Err(failure.clone())).collect();
                    out.extend(zip(chunk.iter().map(u32::to_string), failed));
                }
            }
        }
        out
    }
}

/// Each requested `MsgSeq`'s result: the first naming it, its `RetCode` 0 a success.
fn map_recall(seqs: &[u32], response: &Response) -> Vec<Result<(), Failure>> {
    let results = response.recall_ret_list.as_deref().unwrap_or_default();
    seqs.iter()
        .map(|seq| match results.iter().find(|r| r.msg_seq == *seq) {
            None => Err(Failure::NoResult),
            Some(r) if r.ret_code.get() == 0 => Ok(()),
            Some(r) => Err(Failure::service(r.ret_code, "")),
        })
        .collect()
}
