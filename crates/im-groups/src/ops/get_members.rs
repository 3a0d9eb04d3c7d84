//! `get_members`: a live group's online members, newest joiner first, a page at a time by the
//! join-time cursor, as a stream. Below the Ultimate edition the service answers only the last
//! 30 joiners, in one page.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::live_group::get_members::{OnlineMember, Request};

use crate::Client;

impl Client {
    /// The pages of `group_id`'s online list (`get_members`), those with `mark` when given:
    /// `Timestamp` 0, each next page at the answer's `NextTimestamp`, until it is 0.
    pub fn get_members(&self, group_id: &str, mark: Option<i64>) -> Pages<Request> {
        let mut request = Request::new(group_id, 0);
        request.mark = mark;
        self.pages(request)
    }

    /// `group_id`'s online members (those with `mark` when given), one by one, newest joiner
    /// first, read a page at a time (`get_members`; 10007 for a group that is not an
    /// AVChatRoom).
    pub fn live_members(
        &self,
        group_id: &str,
        mark: Option<i64>,
    ) -> impl Stream<Item = Result<OnlineMember, Error>> + use<> {
        self.get_members(group_id, mark).flat_map(|page| {
            let items: Vec<Result<OnlineMember, Error>> = match page {
                Ok(page) => page
                    .member_list
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
