//! `group_msg_receipt`: a member's read receipts for messages of a group, sent by the admin,
//! 50 a call, any number in chunks of 50.

use im_client::Error;
use im_proto::UserId;
use im_proto::group::group_msg_receipt::{MsgSeqItem, Request};

use crate::Client;

/// The most messages one `group_msg_receipt` call names (the declared `MsgSeqList` maximum).
pub const RECEIPT_CHUNK: usize = 50;

impl Client {
    /// Sends `reader`'s read receipts for the messages `seqs` of `group_id`
    /// (`group_msg_receipt`), in calls of [`RECEIPT_CHUNK`], stopping at the first refused
    /// call (the calls before it were kept; a resend is harmless: a message read stays read).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for no message; otherwise as [`call`](im_client::Client::call)
    /// (10007: `reader` is not a member, or no read receipts for the edition or group type;
    /// 10062: a message without read receipt information).
    pub async fn group_msg_receipt(
        &self,
        group_id: &str,
        reader: &UserId,
        seqs: &[u32],
    ) -> Result<(), Error> {
        if seqs.is_empty() {
            return Err(Error::invalid("MsgSeqList: name at least one message"));
        }
        for chunk in seqs.chunks(RECEIPT_CHUNK) {
            let items = chunk.iter().map(|&s| MsgSeqItem::new(s)).collect();
            self.call(&Request::new(group_id, reader.clone(), items))
                .await?;
        }
        Ok(())
    }
}
