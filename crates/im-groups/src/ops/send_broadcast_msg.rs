//! `send_broadcast_msg`: one message to every live (AVChatRoom) group of the app, its `Random`
//! chosen once and kept across resends, paced at the declared 1 call a second.

use im_client::{Error, InvalidInput};
use im_proto::group::send_broadcast_msg::Request;
use im_proto::message::MsgBody;

use super::send_group_msg::nonzero_random;
use crate::Client;

/// The largest broadcast body: 12 KB of `MsgBody` JSON (the page: merged elements up to 12 KB).
pub const MAX_BROADCAST_BYTES: usize = 12 * 1024;

/// What a broadcast gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BroadcastSent {
    /// `Random`, as sent (every resend carried it).
    pub random: u32,
    /// The broadcast's `MsgSeq`.
    pub msg_seq: Option<u32>,
}

impl Client {
    /// Broadcasts a message to every AVChatRoom group of the app (`send_broadcast_msg`). The
    /// client paces the calls at the declared 1 a second (with the margin of a one-a-second
    /// API: calls keep 1.1 s apart); merge elements into one body when that is not enough.
    /// A `Random` of 0 is replaced by one chosen at random, once; after a lost answer only the
    /// very same request is resent, within the 300 s the service deduplicates it in.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a body a send refuses or one over 12 KB
    /// ([`MAX_BROADCAST_BYTES`]); otherwise as [`call`](im_client::Client::call) (10007: the
    /// edition or the console switch lacks the broadcast).
    pub async fn send_broadcast_msg(&self, mut request: Request) -> Result<BroadcastSent, Error> {
        check_body(&request.msg_body)?;
        if request.random == 0 {
            request.random = nonzero_random();
        }
        let response = self.call(&request).await?;
        Ok(BroadcastSent {
            random: request.random,
            msg_seq: response.msg_seq,
        })
    }

    /// Broadcasts `body` to every live group as the App admin, with a new `Random`
    /// ([`Client::send_broadcast_msg`]).
    ///
    /// # Errors
    ///
    /// As [`Client::send_broadcast_msg`].
    pub async fn broadcast(&self, body: MsgBody) -> Result<BroadcastSent, Error> {
        self.send_broadcast_msg(Request::new(nonzero_random(), body))
            .await
    }
}

/// A body a send accepts, of at most [`MAX_BROADCAST_BYTES`] as JSON.
fn check_body(body: &MsgBody) -> Result<(), Error> {
    body.check_send()
        .map_err(|e| Error::InvalidInput(InvalidInput::Request(e)))?;
    let bytes = serde_json::to_vec(body).map_or(usize::MAX, |b| b.len());
    if bytes > MAX_BROADCAST_BYTES {
        return Err(Error::invalid(format!(
            "MsgBody: {bytes} bytes of JSON, more than the {MAX_BROADCAST_BYTES} a broadcast may hold (merge fewer elements)"
        )));
    }
    Ok(())
}
