//! `follow_get`: an account's followers, followings or mutual follows, a page at a time, as a
//! stream.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::follow::follow_get::{FollowItem, Request};
use im_proto::{FollowList, UserId};

use crate::Client;

/// The most users `follow_get` answers per page (`WantNum`).
pub const FOLLOW_PAGE: i64 = 1000;

impl Client {
    /// The pages of `from`'s `list` (`follow_get`), 1000 users a page: `StartCursor` "", each
    /// next one at the answer's `NextCursor`, until it is "".
    pub fn follow_get(&self, from: &UserId, list: FollowList) -> Pages<Request> {
        self.pages(Request::new(from.clone(), list, "", FOLLOW_PAGE))
    }

    /// The users of `from`'s `list`, one by one, read a page at a time.
    pub fn follow_list(
        &self,
        from: &UserId,
        list: FollowList,
    ) -> impl Stream<Item = Result<FollowItem, Error>> + use<> {
        self.follow_get(from, list).flat_map(|page| {
            let items: Vec<Result<FollowItem, Error>> = match page {
                Ok(page) => page
                    .follow_item
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
