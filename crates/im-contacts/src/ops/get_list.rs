//! `get_list`: an account's conversations, pinned first, as a stream over the four-field cursor.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::UserId;
use im_proto::recentcontact::get_list::{Request, SessionItem};

use crate::Client;

/// `AssistFlags` asking for everything (pins, conversations without a last message, the pinned
/// ones paged, and the marks): 63, as the current page says to send.
pub const ALL_FLAGS: i64 = 63;

impl Client {
    /// The pages of `from`'s conversation list (`get_list`) with `assist_flags` (63:
    /// [`ALL_FLAGS`]), from the four cursors at 0, each next page at the answer's `TimeStamp`,
    /// `StartIndex`, `TopTimeStamp` and `TopStartIndex`, until `CompleteFlag` 1.
    pub fn get_list(&self, from: &UserId, assist_flags: i64) -> Pages<Request> {
        self.pages(Request::new(from.clone(), 0, 0, 0, 0, assist_flags))
    }

    /// `from`'s conversations one by one, pinned first (`TopFlag` 1), read a page at a time
    /// with [`ALL_FLAGS`].
    pub fn conversations(
        &self,
        from: &UserId,
    ) -> impl Stream<Item = Result<SessionItem, Error>> + use<> {
        self.get_list(from, ALL_FLAGS).flat_map(|page| {
            let items: Vec<Result<SessionItem, Error>> = match page {
                Ok(page) => page
                    .session_item
                    .unwrap_or_default()
                    .into_iter()
                    .map(Ok)
                    .collect(),
                Err(err) => vec![Err(err)],
            };
            stream::iter(items)
        })
    }
}
