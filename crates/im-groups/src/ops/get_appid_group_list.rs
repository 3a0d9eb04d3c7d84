//! `get_appid_group_list`: every group of the app, a page at a time, as a stream that keeps
//! to the API's 1 call a second.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::group::get_appid_group_list::Request;
use im_proto::group_types::GroupType;

use crate::Client;

impl Client {
    /// The pages of the app's groups (`get_appid_group_list`), of `group_type` if given: `Next`
    /// 0 first, each next page at the answer's `Next` (a `u64`, copied exactly), until it is 0.
    /// Each page waits for the API's declared 1 call a second (the client's limiter for it,
    /// shared by every call of this client), so the service never answers 10006.
    /// [`Pages::with_page_size`] sets `Limit` (at most 10,000, the default).
    pub fn get_appid_group_list(&self, group_type: Option<GroupType>) -> Pages<Request> {
        let mut request = Request::new();
        request.next = Some(0);
        request.group_type = group_type;
        self.pages(request)
    }

    /// The IDs of the app's groups (of `group_type` if given), one by one, read a page at a
    /// time by [`Client::get_appid_group_list`].
    pub fn group_ids(
        &self,
        group_type: Option<GroupType>,
    ) -> impl Stream<Item = Result<String, Error>> + use<> {
        flatten(self.get_appid_group_list(group_type))
    }
}

/// Each page's IDs, one by one; a failed page is one error.
pub(crate) fn flatten(pages: Pages<Request>) -> impl Stream<Item = Result<String, Error>> {
    pages.flat_map(|page| {
        let items: Vec<Result<String, Error>> = match page {
            Ok(page) => page
                .group_id_list
                .unwrap_or_default()
                .into_iter()
                .map(|g| Ok(g.group_id))
                .collect(),
            Err(err) => vec![Err(err)],
        };
        stream::iter(items)
    })
}
