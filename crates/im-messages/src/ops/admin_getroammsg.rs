//! Reading a one-to-one conversation's history as a stream of messages, and looking for a
//! message by its keys (what a resumed bulk send checks before sending again).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::{Stream, StreamExt};
use im_client::{Error, Pages};
use im_proto::UserId;
use im_proto::message::MsgKey;
use im_proto::openim::admin_getroammsg::{Request, RoamMessage};

use crate::Client;

use super::MsgKeys;

/// How many messages each page asks for (`MaxCnt`; the page states no maximum, and an answer
/// holds at most 13 KB of messages whatever is asked).
pub const ROAM_PAGE: i64 = 100;

/// The messages of a conversation's history, page after page ([`Client::admin_getroammsg`]):
/// a [`Stream`] of each message in the order the pages give them (newest page first), ending
/// after the page whose `Complete` is 1, or after an error.
pub struct RoamMessages {
    pages: Pages<Request>,
    page: std::vec::IntoIter<RoamMessage>,
}

impl Stream for RoamMessages {
    type Item = Result<RoamMessage, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(message) = self.page.next() {
                return Poll::Ready(Some(Ok(message)));
            }
            match std::task::ready!(self.pages.poll_next_unpin(cx)) {
                None => return Poll::Ready(None),
                Some(Err(err)) => return Poll::Ready(Some(Err(err))),
                Some(Ok(page)) => self.page = page.msg_list.unwrap_or_default().into_iter(),
            }
        }
    }
}

impl std::fmt::Debug for RoamMessages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoamMessages")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The history of `request`'s conversation (`admin_getroammsg`), from its
    /// `Operator_Account`'s side, in its time range, as a [`Stream`] of messages: each next
    /// page is asked with `MaxTime` set to the answer's `LastMsgTime` and `LastMsgKey` to its
    /// `LastMsgKey` (the declared cursors), until `Complete` is 1.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: im_messages::Client) -> Result<(), im_client::Error> {
    /// use futures::StreamExt;
    /// use im_proto::UserId;
    ///
    /// let (me, peer) = (UserId::new("alice")?, UserId::new("bob")?);
    /// let mut history = client.history(&me, &peer, 0, 2_000_000_000);
    /// while let Some(message) = history.next().await {
    ///     let message = message?;
    ///     println!("{} {}: {:?}", message.msg_time_stamp, message.from_account, message.msg_body);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn admin_getroammsg(&self, request: Request) -> RoamMessages {
        RoamMessages {
            pages: self.pages(request),
            page: Vec::new().into_iter(),
        }
    }

    /// [`Client::admin_getroammsg`] of `operator`'s conversation with `peer` from `min_time`
    /// to `max_time` (Unix seconds), [`ROAM_PAGE`] messages a page.
    pub fn history(
        &self,
        operator: &UserId,
        peer: &UserId,
        min_time: i64,
        max_time: i64,
    ) -> RoamMessages {
        let request = Request::new(
            operator.clone(),
            peer.clone(),
            ROAM_PAGE,
            min_time,
            max_time,
        );
        self.admin_getroammsg(request)
    }
}

/// How far before its recorded time a message is looked for, and after now: the difference
/// between the recording's clock and the service's.
const CLOCK_MARGIN: Duration = Duration::from_secs(300);

/// Looks in `recipient`'s history of its conversation with `sender` for a message from
/// `sender` carrying one of `earlier`'s keys, from the earliest recorded time (less
/// [`CLOCK_MARGIN`]) to now (plus it): the key of the message found, `Some(None)` when it has
/// none that is valid, `None` when no such message is there.
pub(super) async fn find_in_history(
    client: &im_client::Client,
    recipient: &UserId,
    sender: &UserId,
    earlier: &[(MsgKeys, SystemTime)],
) -> Result<Option<Option<MsgKey>>, Error> {
    let secs = |at: SystemTime| {
        let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
        i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
    };
    let first = earlier.iter().map(|(_, at)| *at).min();
    let from = first.map_or(0, |at| {
        secs(at.checked_sub(CLOCK_MARGIN).unwrap_or(UNIX_EPOCH))
    });
    let until = secs(SystemTime::now().max(first.unwrap_or(UNIX_EPOCH)) + CLOCK_MARGIN);
    let request = Request::new(recipient.clone(), sender.clone(), ROAM_PAGE, from, until);
    let mut pages = client.pages(request);
    while let Some(page) = pages.next().await {
        let page = page?;
        let found = page.msg_list.iter().flatten().find(|m| {
            m.from_account == sender.as_str()
                && earlier
                    .iter()
                    .any(|(k, _)| k.seq == m.msg_seq && k.random == m.msg_random)
        });
        if let Some(message) = found {
            return Ok(Some(MsgKey::new(message.msg_key.as_str()).ok()));
        }
    }
    Ok(None)
}
